// Idempotency keys: the first answer to a keyed request (2xx or 4xx) is stored for 24 hours and
// replayed byte for byte; the same key with another body or route is refused, and a key whose
// first request is still running answers 409. A 5xx releases the key so a retry runs. A crashed
// server must not wedge a key: a 'running' row names the process that holds it, and a server
// starting on the database releases those of processes that are gone; a 'running' row older than
// a minute (held on another machine, or by an older portalctl) is taken to be abandoned too.
// The batch endpoint uses the same primitives per item, inside its own transaction.
import { hash } from 'node:crypto';
import { hostname } from 'node:os';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { transaction } from './db.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_RUNNING_TIMEOUT_MS = 60 * 1000;

export type BeginResult =
  | { kind: 'miss' }
  | { kind: 'replay'; status: number; response: unknown /** The stored JSON text, as first sent. */; body: string }
  | { kind: 'mismatch' }
  | { kind: 'running' };

interface KeyRow {
  method: string;
  path: string;
  body_hash: string;
  state: 'running' | 'done';
  status: number | null;
  response: string | null;
  created_at: string;
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` hash alike. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + stableJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${stableJson(field)}`;
  }
  return `${out}}`;
}

/** SHA-256 of the request body's stable JSON (key order independent). */
export function bodyHash(value: unknown): string {
  return hash('sha256', stableJson(value), 'hex');
}

/** This process, as a 'running' key records its holder: pid@host. */
const OWNER = `${process.pid}@${hostname()}`;

interface Statements {
  select: StatementSync;
  claim: StatementSync;
  complete: StatementSync;
  abandon: StatementSync;
  purge: StatementSync;
  record: StatementSync;
}

// Prepared once per database: they run on every keyed request.
const statementCache = new WeakMap<DatabaseSync, Statements>();

function statements(db: DatabaseSync): Statements {
  let cached = statementCache.get(db);
  if (!cached) {
    cached = {
      select: db.prepare(
        'SELECT method, path, body_hash, state, status, response, created_at FROM idempotency_keys WHERE principal_id = ? AND key = ?',
      ),
      // OR REPLACE (not an upsert): a key taken over gets a new rowid, so rows stay in the order
      // of their created_at and the purge can stop at the first one still fresh.
      claim: db.prepare(
        `INSERT OR REPLACE INTO idempotency_keys (principal_id, key, method, path, body_hash, state, status, response, created_at, owner)
         VALUES (?, ?, ?, ?, ?, 'running', NULL, NULL, ?, ?)`,
      ),
      complete: db.prepare(
        "UPDATE idempotency_keys SET state = 'done', status = ?, response = ? WHERE principal_id = ? AND key = ?",
      ),
      abandon: db.prepare("DELETE FROM idempotency_keys WHERE principal_id = ? AND key = ? AND state = 'running'"),
      // Everything before the oldest key still fresh: a scan from the first rowid that stops there,
      // so a purge costs what it deletes (no index on created_at for every request to maintain).
      purge: db.prepare(
        `DELETE FROM idempotency_keys WHERE rowid < ifnull(
           (SELECT rowid FROM idempotency_keys WHERE created_at >= ? ORDER BY rowid LIMIT 1),
           9223372036854775807)`,
      ),
      record: db.prepare(
        `INSERT OR REPLACE INTO idempotency_keys (principal_id, key, method, path, body_hash, state, status, response, created_at)
         VALUES (?, ?, ?, ?, ?, 'done', ?, ?, ?)`,
      ),
    };
    statementCache.set(db, cached);
  }
  return cached;
}

function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  return db.isTransaction ? fn() : transaction(db, fn);
}

/**
 * What is known of `key`, without claiming it: a miss here writes nothing. For callers that run
 * the request and record its answer (recordIdempotent) in the same transaction, where no one can
 * see a claim anyway.
 */
export function lookupIdempotent(
  db: DatabaseSync,
  principalId: string,
  key: string,
  method: string,
  path: string,
  hash: string,
  now: Date,
): BeginResult {
  const row = statements(db).select.get(principalId, key) as KeyRow | undefined;
  if (!row) return { kind: 'miss' };
  const age = now.getTime() - Date.parse(row.created_at);
  const expired = age >= IDEMPOTENCY_TTL_MS;
  const abandoned = row.state === 'running' && age >= IDEMPOTENCY_RUNNING_TIMEOUT_MS;
  if (expired || abandoned) return { kind: 'miss' };
  if (row.method !== method || row.path !== path || row.body_hash !== hash) return { kind: 'mismatch' };
  if (row.state === 'running') return { kind: 'running' };
  const body = row.response ?? '';
  return { kind: 'replay', status: row.status ?? 200, response: body === '' ? null : JSON.parse(body), body };
}

/**
 * Claims `key` for this request. A miss inserts a 'running' row (committed at once, unless called
 * inside a transaction) that completeIdempotent or abandonIdempotent must settle.
 */
export function beginIdempotent(
  db: DatabaseSync,
  principalId: string,
  key: string,
  method: string,
  path: string,
  hash: string,
  now: Date,
): BeginResult {
  return inTransaction(db, () => {
    const found = lookupIdempotent(db, principalId, key, method, path, hash, now);
    if (found.kind === 'miss') statements(db).claim.run(principalId, key, method, path, hash, now.toISOString(), OWNER);
    return found;
  });
}

/** Records the answer to an unclaimed key in one write (see lookupIdempotent). */
export function recordIdempotent(
  db: DatabaseSync,
  principalId: string,
  key: string,
  request: { method: string; path: string; hash: string; now: Date },
  status: number,
  text: string,
): void {
  statements(db).record.run(
    principalId,
    key,
    request.method,
    request.path,
    request.hash,
    status,
    text,
    request.now.toISOString(),
  );
}

/** Stores the first answer (JSON-serialised) for replay. */
export function completeIdempotent(
  db: DatabaseSync,
  principalId: string,
  key: string,
  status: number,
  response: unknown,
): void {
  completeIdempotentText(db, principalId, key, status, response === undefined ? 'null' : JSON.stringify(response));
}

/** As completeIdempotent, with the exact JSON text that is sent. */
export function completeIdempotentText(
  db: DatabaseSync,
  principalId: string,
  key: string,
  status: number,
  text: string,
): void {
  statements(db).complete.run(status, text, principalId, key);
}

/** Releases a key whose request failed on the server's side, so a retry runs afresh. */
export function abandonIdempotent(db: DatabaseSync, principalId: string, key: string): void {
  statements(db).abandon.run(principalId, key);
}

/**
 * Releases the 'running' keys of server processes on this machine that no longer exist (killed,
 * crashed): their requests will never finish, and a client retrying them must not wait for the
 * minute after which a running key counts as abandoned. Called when a server starts on the
 * database; keys held by live processes (another server on the same file) are left alone.
 */
export function releaseOrphanedIdempotency(db: DatabaseSync, isAlive: (pid: number) => boolean = processAlive): number {
  const owners = db
    .prepare("SELECT DISTINCT owner FROM idempotency_keys WHERE state = 'running' AND owner IS NOT NULL")
    .all() as { owner: string }[];
  const release = db.prepare("DELETE FROM idempotency_keys WHERE state = 'running' AND owner = ?");
  let released = 0;
  for (const { owner } of owners) {
    const at = owner.indexOf('@');
    const pid = Number(owner.slice(0, at));
    if (owner.slice(at + 1) !== hostname() || !Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    released += Number(release.run(owner).changes);
  }
  return released;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes keys older than 24 hours (beginIdempotent already ignores them). Keys are taken in rowid
 * order and the purge stops at the first fresh one; should the clock have stepped back, an expired
 * key after it waits for a later purge, never the other way round.
 */
export function purgeExpiredIdempotency(db: DatabaseSync, now: Date): number {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString();
  return Number(statements(db).purge.run(cutoff).changes);
}
