// Bearer-token authentication and permission checks. Tokens are looked up by their SHA-256 hash
// and compared in constant time; the token itself is never stored or logged.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Permission } from '../../api/define.js';
import { type Principal, ProblemError } from '../context.js';
import { transaction } from '../db.js';
import { hashToken, tokensMatch } from '../tokens.js';

interface TokenRow {
  token_hash: string;
  token_name: string;
  staff_id: string;
  provider_id: string;
  group_id: string;
  permissions: string;
}

/** The principal, plus the name of the token used (GET /v1/me shows it). */
export type AuthenticatedPrincipal = Principal & { tokenName: string };

export type Authenticator = (authorization: string | undefined) => AuthenticatedPrincipal | null;

/** Extracts the token of an `Authorization: Bearer <token>` header (null when absent or malformed). */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const space = authorization.indexOf(' ');
  if (space < 0 || authorization.slice(0, space).toLowerCase() !== 'bearer') return null;
  const token = authorization.slice(space + 1).trim();
  return token.length > 0 && token.length <= 500 ? token : null;
}

/**
 * Looks tokens up by hash. A found principal is remembered for `cacheMs` (default one second), so
 * a client's burst of requests costs one query; unknown tokens are never remembered.
 */
export function createAuthenticator(db: DatabaseSync, cacheMs = 1000): Authenticator {
  const cache = new Map<string, { principal: AuthenticatedPrincipal; until: number }>();
  const lookup: StatementSync = db.prepare(
    `SELECT t.token_hash, t.name AS token_name, s.id AS staff_id, s.provider_id, p.group_id, s.permissions
       FROM api_tokens t
       JOIN staff s ON s.id = t.staff_id
       JOIN providers p ON p.id = s.provider_id
      WHERE t.token_hash = ?`,
  );
  return (authorization) => {
    const token = bearerToken(authorization);
    if (token === null) return null;
    const hash = hashToken(token);
    const now = Date.now();
    const cached = cache.get(hash);
    if (cached && cached.until > now) return cached.principal;
    const row = lookup.get(hash) as TokenRow | undefined;
    if (!row || !tokensMatch(hash, row.token_hash)) return null;
    let permissions: Permission[];
    try {
      permissions = JSON.parse(row.permissions) as Permission[];
    } catch {
      permissions = [];
    }
    const principal: AuthenticatedPrincipal = {
      staffId: row.staff_id,
      providerId: row.provider_id,
      groupId: row.group_id,
      permissions,
      isAdmin: permissions.includes('administrator'),
      tokenName: row.token_name,
    };
    if (cacheMs > 0) {
      if (cache.size >= 10_000) cache.clear();
      Object.freeze(principal.permissions);
      cache.set(hash, { principal: Object.freeze(principal), until: now + cacheMs });
    }
    return principal;
  };
}

export function unauthenticated(hasHeader: boolean): ProblemError {
  return new ProblemError(
    401,
    'unauthenticated',
    'Authentication required',
    hasHeader ? 'The bearer token is not valid.' : 'Send an API token as `Authorization: Bearer <token>`.',
    { hint: 'Check the token (portalctl whoami shows which one is used), or log in again (portalctl login).' },
  );
}

/** The first permission of `required` the principal lacks (administrators lack none). */
export function missingPermission(principal: Principal, required: readonly Permission[]): Permission | null {
  if (principal.isAdmin) return null;
  for (const permission of required) {
    if (!principal.permissions.includes(permission)) return permission;
  }
  return null;
}

export function forbidden(permission: Permission): ProblemError {
  return new ProblemError(403, 'forbidden', 'Permission denied', `This token lacks the \`${permission}\` permission.`, {
    missingPermission: permission,
    hint: `Ask a portal administrator to grant the \`${permission}\` permission, or use another token.`,
  });
}

export const LOCAL_ADMIN = {
  groupId: 'gr_localadmin',
  providerId: 'sp_localadmin',
  staffId: 'st_localadmin',
  name: 'Local administrator',
  email: 'local-administrator@portal.invalid',
} as const;

/**
 * Makes `token` an administrator's token: a "Local administrator" group, provider and staff member
 * (created once, fixed ids, so a restart does not duplicate them) and the token's hash.
 */
export function ensureAdminToken(db: DatabaseSync, token: string, now: Date): void {
  const hash = hashToken(token);
  transaction(db, () => {
    db.prepare('INSERT OR IGNORE INTO provider_groups (id, name) VALUES (?, ?)').run(
      LOCAL_ADMIN.groupId,
      LOCAL_ADMIN.name,
    );
    db.prepare('INSERT OR IGNORE INTO providers (id, name, group_id) VALUES (?, ?, ?)').run(
      LOCAL_ADMIN.providerId,
      LOCAL_ADMIN.name,
      LOCAL_ADMIN.groupId,
    );
    db.prepare('INSERT OR IGNORE INTO staff (id, provider_id, name, email, permissions) VALUES (?, ?, ?, ?, ?)').run(
      LOCAL_ADMIN.staffId,
      LOCAL_ADMIN.providerId,
      LOCAL_ADMIN.name,
      LOCAL_ADMIN.email,
      JSON.stringify(['administrator']),
    );
    db.prepare('INSERT OR IGNORE INTO api_tokens (token_hash, staff_id, name, created_at) VALUES (?, ?, ?, ?)').run(
      hash,
      LOCAL_ADMIN.staffId,
      'server admin token',
      now.toISOString(),
    );
  });
}
