// The local portal's API tokens as their owner administers them, on the database file itself:
// list (never a token, never its hash), create (the token is returned once), revoke. `portalctl
// server tokens` runs these, with or without a server running on the file; a running server sees
// a revocation at its next request (platform/auth.ts).
import { existsSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import type { AuditAction } from '../contract/audit-actions.js';
import { recordAudit } from './audit.js';
import { DatabaseVersionError, openDatabase, transaction } from './db.js';
import { OperatorError, operatorUsage } from './operator-error.js';
import { portalAdministrator } from './platform/auth.js';
import { generateToken, hashToken } from './tokens.js';

export type TokenKind = 'staff' | 'server' | 'session';
/** revoked: by `tokens revoke`; replaced: a server token a later start superseded. */
export type TokenStatus = 'active' | 'revoked' | 'replaced' | 'expired';

export interface TokenRecord {
  id: string;
  label: string;
  kind: TokenKind;
  status: TokenStatus;
  staffId: string;
  staffName: string;
  permissions: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

interface Row {
  id: string;
  name: string;
  kind: TokenKind;
  staff_id: string;
  staff_name: string;
  permissions: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  revoked_reason: 'revoked' | 'replaced' | null;
}

const SELECT = `SELECT t.id, t.name, t.kind, t.staff_id, s.name AS staff_name, s.permissions, t.created_at,
                       t.expires_at, t.revoked_at, t.revoked_reason
                  FROM api_tokens t JOIN staff s ON s.id = t.staff_id`;

/** The owner of the database file acts as the portal's administrator in the audit log. */
function audit(db: DatabaseSync, now: Date, action: AuditAction, record: TokenRecord): void {
  const principal = { ...portalAdministrator(db), permissions: ['administrator' as const], isAdmin: true };
  recordAudit(
    { db, clock: () => now, principal },
    { action, entityType: 'token', entityId: record.id, detail: { staffId: record.staffId, kind: record.kind } },
  );
}

function toRecord(row: Row, now: Date): TokenRecord {
  let permissions: string[] = [];
  try {
    permissions = JSON.parse(row.permissions) as string[];
  } catch {
    // a damaged row lists no permission, as the server grants none
  }
  const status: TokenStatus =
    row.revoked_at !== null
      ? (row.revoked_reason ?? 'revoked')
      : row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()
        ? 'expired'
        : 'active';
  return {
    id: row.id,
    label: row.name,
    kind: row.kind,
    status,
    staffId: row.staff_id,
    staffName: row.staff_name,
    permissions,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Opens the database of a local portal that exists: tokens are not administered on a database
 * that would be created empty by asking, nor on one that lives in another process's memory.
 */
export function openPortalDatabase(file: string): DatabaseSync {
  if (file === ':memory:') {
    throw operatorUsage(
      'a database in memory lives only inside its server',
      'pass the --db file the server uses; a server on :memory: takes a new token at each start',
    );
  }
  if (!existsSync(file)) {
    throw operatorUsage(`there is no portal database at ${file}`, 'pass the --db file the server uses');
  }
  try {
    return openDatabase(file);
  } catch (error) {
    if (error instanceof DatabaseVersionError) {
      throw operatorUsage(error.message, 'run the portalctl that created this database');
    }
    throw operatorUsage(
      `cannot open the database ${file}: ${(error as Error).message}`,
      'check the path given to --db',
    );
  }
}

/** Every token, newest first; without `all`, only those that still give access. */
export function listTokens(db: DatabaseSync, now: Date, options: { all?: boolean } = {}): TokenRecord[] {
  const rows = db.prepare(`${SELECT} ORDER BY t.created_at DESC, t.id`).all() as unknown as Row[];
  const records = rows.map((row) => toRecord(row, now));
  return options.all ? records : records.filter((record) => record.status === 'active');
}

export interface CreateTokenInput {
  /** Staff id (st_…) or email; default: the portal's administrator. */
  staff?: string | undefined;
  label: string;
  expiresAt?: Date | null | undefined;
}

/** Creates a staff token; the token itself is in the answer and nowhere else. */
export function createToken(
  db: DatabaseSync,
  input: CreateTokenInput,
  now: Date,
): { token: string; record: TokenRecord } {
  const token = generateToken();
  const id = transaction(db, () => {
    let staffId: string;
    if (input.staff === undefined) staffId = portalAdministrator(db).staffId;
    else {
      const staff = db
        .prepare('SELECT id FROM staff WHERE id = ? OR lower(email) = lower(?)')
        .get(input.staff, input.staff) as { id: string } | undefined;
      if (!staff) {
        throw new OperatorError(
          'not-found',
          `there is no staff member ${input.staff} in this portal`,
          "give a staff id (st_…) or email, or leave --staff out for the portal's administrator",
        );
      }
      staffId = staff.id;
    }
    const row = db
      .prepare(
        `INSERT INTO api_tokens (token_hash, staff_id, name, kind, created_at, expires_at)
         VALUES (?, ?, ?, 'staff', ?, ?) RETURNING id`,
      )
      .get(hashToken(token), staffId, input.label, now.toISOString(), input.expiresAt?.toISOString() ?? null) as {
      id: string;
    };
    audit(db, now, 'token.create', getToken(db, row.id, now)!);
    return row.id;
  });
  return { token, record: getToken(db, id, now)! };
}

function getToken(db: DatabaseSync, id: string, now: Date): TokenRecord | undefined {
  const row = db.prepare(`${SELECT} WHERE t.id = ?`).get(id) as Row | undefined;
  return row ? toRecord(row, now) : undefined;
}

/**
 * Revokes tokens by id: from then on each answers 401 token-revoked, and a server token revoked so
 * is refused if a start is given it again. All or none: an unknown id revokes nothing. `changed`
 * is false for a token that was already revoked; with `dryRun`, what would change, unchanged.
 */
export function revokeTokens(
  db: DatabaseSync,
  ids: readonly string[],
  now: Date,
  options: { dryRun?: boolean } = {},
): { record: TokenRecord; changed: boolean }[] {
  return transaction(db, () => {
    const unknown = ids.filter((id) => !getToken(db, id, now));
    if (unknown.length > 0) {
      throw new OperatorError(
        'not-found',
        `there is no token ${unknown.join(', ')} in this portal; nothing was revoked`,
        'see portalctl server tokens list --all',
      );
    }
    const revoke = db.prepare(
      `UPDATE api_tokens SET revoked_at = ?, revoked_reason = 'revoked'
        WHERE id = ? AND (revoked_at IS NULL OR revoked_reason = 'replaced')`,
    );
    return ids.map((id) => {
      const before = getToken(db, id, now)!;
      const revocable = before.status !== 'revoked';
      if (options.dryRun || !revocable) return { record: before, changed: revocable };
      revoke.run(now.toISOString(), id);
      const record = getToken(db, id, now)!;
      audit(db, now, 'token.revoke', record);
      return { record, changed: true };
    });
  });
}

/** A record as `tokens list` and `create` show it: the permissions its staff member holds. */
export function describeToken(record: TokenRecord): string {
  const expiry = record.expiresAt ? `, expires ${record.expiresAt}` : ', no expiry';
  return `${record.id} "${record.label}" of ${record.staffName} (${record.permissions.join(', ') || 'no permission'}${expiry})`;
}
