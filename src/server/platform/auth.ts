// Bearer-token authentication and permission checks. Tokens are looked up by their SHA-256 hash
// and compared in constant time; the token itself is never stored or logged.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Permission } from '../../contract/define.js';
import { recordAudit } from '../audit.js';
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
  expires_at: string | null;
  revoked_at: string | null;
}

/** The principal, plus the name of the token used (GET /v1/me shows it). */
export type AuthenticatedPrincipal = Principal & { tokenName: string };

/** Why a request has no principal: no token, an unknown one, or one that no longer counts. */
export type Refusal = 'missing' | 'invalid' | 'revoked' | 'expired';

export type Authentication = { principal: AuthenticatedPrincipal } | { refused: Refusal };

export type Authenticator = (authorization: string | undefined) => Authentication;

/** Extracts the token of an `Authorization: Bearer <token>` header (null when absent or malformed). */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const space = authorization.indexOf(' ');
  if (space < 0 || authorization.slice(0, space).toLowerCase() !== 'bearer') return null;
  const token = authorization.slice(space + 1).trim();
  return token.length > 0 && token.length <= 500 ? token : null;
}

export interface AuthenticatorOptions {
  /** How long a found principal is remembered (default one second). */
  cacheMs?: number;
  /** The time a token's expiry is judged by (the app's clock); read only for tokens that expire. */
  clock?: () => Date;
}

/**
 * Looks tokens up by hash. A found principal is remembered for `cacheMs`, so a client's burst of
 * requests costs one query; the memory is dropped whenever another connection has committed to
 * the database (PRAGMA data_version), so a revocation by `portalctl server tokens revoke` counts at
 * the next request. An expiring token is checked against the clock at every request. Refused
 * tokens are never remembered.
 */
export function createAuthenticator(db: DatabaseSync, options: AuthenticatorOptions = {}): Authenticator {
  const cacheMs = options.cacheMs ?? 1000;
  const clock = options.clock ?? (() => new Date());
  const cache = new Map<string, { principal: AuthenticatedPrincipal; until: number; expiresMs: number | null }>();
  const lookup: StatementSync = db.prepare(
    `SELECT t.token_hash, t.name AS token_name, s.id AS staff_id, s.provider_id, p.group_id, s.permissions,
            t.expires_at, t.revoked_at
       FROM api_tokens t
       JOIN staff s ON s.id = t.staff_id
       JOIN providers p ON p.id = s.provider_id
      WHERE t.token_hash = ?`,
  );
  const dataVersion: StatementSync = db.prepare('PRAGMA data_version');
  let seenVersion: unknown;
  const expired = (expiresMs: number | null) => expiresMs !== null && expiresMs <= clock().getTime();
  return (authorization) => {
    if (authorization === undefined) return { refused: 'missing' };
    const token = bearerToken(authorization);
    if (token === null) return { refused: 'invalid' };
    const hash = hashToken(token);
    const now = Date.now();
    const version = (dataVersion.get() as { data_version: unknown }).data_version;
    if (version !== seenVersion) {
      cache.clear();
      seenVersion = version;
    }
    const cached = cache.get(hash);
    if (cached && cached.until > now) {
      if (expired(cached.expiresMs)) return { refused: 'expired' };
      return { principal: cached.principal };
    }
    const row = lookup.get(hash) as TokenRow | undefined;
    if (!row || !tokensMatch(hash, row.token_hash)) return { refused: 'invalid' };
    if (row.revoked_at !== null) return { refused: 'revoked' };
    const expiresMs = row.expires_at === null ? null : Date.parse(row.expires_at);
    if (expired(expiresMs)) return { refused: 'expired' };
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
      cache.set(hash, { principal: Object.freeze(principal), until: now + cacheMs, expiresMs });
    }
    return { principal };
  };
}

/** The 401 for a refusal, and its WWW-Authenticate challenge (RFC 6750). */
export function unauthenticated(refusal: Refusal): { problem: ProblemError; challenge: string } {
  const realm = 'Bearer realm="jobs-portal"';
  const login = 'Ask a portal administrator for a new token, then log in with it (portalctl login).';
  switch (refusal) {
    case 'missing':
      return {
        problem: new ProblemError(
          401,
          'unauthenticated',
          'Authentication required',
          'Send an API token as `Authorization: Bearer <token>`.',
          { hint: 'Log in (portalctl login), or set PORTALCTL_TOKEN.' },
        ),
        challenge: realm,
      };
    case 'invalid':
      return {
        problem: new ProblemError(401, 'unauthenticated', 'Authentication required', 'The bearer token is not valid.', {
          hint: 'Check the token (portalctl whoami shows which one is used), or log in again (portalctl login).',
        }),
        challenge: `${realm}, error="invalid_token", error_description="The token is not valid"`,
      };
    case 'revoked':
      return {
        problem: new ProblemError(401, 'token-revoked', 'Token revoked', 'This token was revoked.', { hint: login }),
        challenge: `${realm}, error="invalid_token", error_description="The token was revoked"`,
      };
    case 'expired':
      return {
        problem: new ProblemError(401, 'token-expired', 'Token expired', 'This token has expired.', { hint: login }),
        challenge: `${realm}, error="invalid_token", error_description="The token has expired"`,
      };
  }
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

/** The staff member an administrator token of this portal acts as. */
export interface PortalAdministrator {
  staffId: string;
  providerId: string;
  groupId: string;
}

/**
 * The staff member the portal's administrator token acts as, so that lists and the audit log show
 * a person of a real provider: the first administrator of the portal's staff (the seed's). Only a
 * portal with no administrator of its own gets the "Local administrator" group, provider and staff.
 */
export function portalAdministrator(db: DatabaseSync): PortalAdministrator {
  const row = db
    .prepare(
      `SELECT s.id AS staffId, s.provider_id AS providerId, p.group_id AS groupId
         FROM staff s JOIN providers p ON p.id = s.provider_id
        WHERE s.id <> ? AND EXISTS (SELECT 1 FROM json_each(s.permissions) WHERE value = 'administrator')
        ORDER BY s.id LIMIT 1`,
    )
    .get(LOCAL_ADMIN.staffId) as PortalAdministrator | undefined;
  if (row) return { staffId: row.staffId, providerId: row.providerId, groupId: row.groupId };
  ensureLocalAdmin(db);
  return { staffId: LOCAL_ADMIN.staffId, providerId: LOCAL_ADMIN.providerId, groupId: LOCAL_ADMIN.groupId };
}

/** The "Local administrator" group, provider and staff member (fixed ids: created once). */
export function ensureLocalAdmin(db: DatabaseSync): void {
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
}

/**
 * 'server': the administrator token of `portalctl server`; each start replaces the previous one.
 * 'session': the built-in local portal's token for one command, alongside any other.
 */
export type AdminTokenKind = 'server' | 'session';

/** The administrator token given to a start cannot be used (revoked, or already another kind). */
export class AdminTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminTokenError';
  }
}

const ADMIN_TOKEN_LABEL: Record<AdminTokenKind, string> = {
  server: 'server admin token',
  session: 'local portal session',
};

/**
 * Makes `token` an administrator token, acting as the portal's administrator (portalAdministrator). A server token replaces the previous start's: every
 * other server token is revoked (reason 'replaced'), and a replaced token given again is restored.
 * A token revoked on purpose, or already held as another kind, is refused (AdminTokenError).
 */
export function ensureAdminToken(db: DatabaseSync, token: string, now: Date, kind: AdminTokenKind = 'server'): void {
  const hash = hashToken(token);
  const at = now.toISOString();
  transaction(db, () => {
    const admin = portalAdministrator(db);
    const existing = db
      .prepare('SELECT kind, revoked_at, revoked_reason FROM api_tokens WHERE token_hash = ?')
      .get(hash) as { kind: string; revoked_at: string | null; revoked_reason: string | null } | undefined;
    if (!existing) {
      db.prepare('INSERT INTO api_tokens (token_hash, staff_id, name, kind, created_at) VALUES (?, ?, ?, ?, ?)').run(
        hash,
        admin.staffId,
        ADMIN_TOKEN_LABEL[kind],
        kind,
        at,
      );
    } else if (existing.kind !== kind) {
      throw new AdminTokenError('this token is already a token of this portal; choose a new administrator token');
    } else if (existing.revoked_at !== null) {
      if (existing.revoked_reason !== 'replaced') {
        throw new AdminTokenError(
          `this administrator token was revoked on ${existing.revoked_at}; choose a new administrator token`,
        );
      }
      db.prepare('UPDATE api_tokens SET revoked_at = NULL, revoked_reason = NULL WHERE token_hash = ?').run(hash);
    }
    // A token given again acts as today's administrator (a database of an older version bound it to
    // the "Local administrator").
    db.prepare('UPDATE api_tokens SET staff_id = ? WHERE token_hash = ?').run(admin.staffId, hash);
    if (kind === 'server') {
      const replaced = db
        .prepare(
          `UPDATE api_tokens SET revoked_at = ?, revoked_reason = 'replaced'
            WHERE kind = 'server' AND token_hash <> ? AND revoked_at IS NULL RETURNING id`,
        )
        .all(at, hash) as { id: string }[];
      const principal = { ...admin, permissions: ['administrator' as const], isAdmin: true };
      for (const { id } of replaced) {
        recordAudit(
          { db, clock: () => now, principal },
          { action: 'token.replace', entityType: 'token', entityId: id, detail: { staffId: admin.staffId } },
        );
      }
    }
  });
}
