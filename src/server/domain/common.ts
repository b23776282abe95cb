// Shared pieces of the domain handlers: cached prepared statements, ids, time, permissions,
// cursors and the usual refusals.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Permission } from '../../contract/define.js';
import type { FieldError } from '../../contract/problems.js';
import { type HandlerContext, JsonText, type Principal, ProblemError } from '../context.js';
import { createIdGenerator, type IdGenerator, pooledRandomBytes } from '../ids.js';

/** The part of a handler context the domain functions need (batch items reuse it). */
export type Ctx = Pick<HandlerContext, 'db' | 'clock' | 'principal' | 'baseUrl' | 'ip'>;

const statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** A prepared statement, compiled once per database and reused by every request. */
export function prep(db: DatabaseSync, sql: string): StatementSync {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statement.setAllowUnknownNamedParameters(true);
    cache.set(sql, statement);
  }
  return statement;
}

interface IdState {
  clock: () => Date;
  next: IdGenerator;
}
const idStates = new WeakMap<DatabaseSync, IdState>();

/**
 * A new time-sortable id. One generator per database keeps ids made within one millisecond in
 * creation order across requests (lists are ordered by id).
 */
export function newId(ctx: Pick<Ctx, 'db' | 'clock'>, prefix: string): string {
  let state = idStates.get(ctx.db);
  if (!state) {
    const created: IdState = { clock: ctx.clock, next: createIdGenerator(() => created.clock()) };
    state = created;
    idStates.set(ctx.db, state);
  }
  state.clock = ctx.clock;
  return state.next(prefix);
}

/** A random, URL-safe secret for invite and shared links. */
export function newToken(): string {
  return pooledRandomBytes(18).toString('base64url');
}

// The last time written, by its millisecond: a create writes the time five or six times (its row,
// invitation, note, audit entry), and toISOString costs about a microsecond each.
let lastIsoMs = Number.NaN;
let lastIso = '';

export function nowIso(ctx: Pick<Ctx, 'clock'>): string {
  const now = ctx.clock();
  const ms = now.getTime();
  if (ms !== lastIsoMs) {
    lastIso = now.toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return (
    principal.isAdmin || principal.permissions.includes('administrator') || principal.permissions.includes(permission)
  );
}

export function isAdmin(principal: Principal): boolean {
  return principal.isAdmin || principal.permissions.includes('administrator');
}

/** Whether the caller may see records of this service provider. */
export function canSeeProvider(principal: Principal, providerId: string): boolean {
  return isAdmin(principal) || principal.providerId === providerId;
}

export function forbidden(permission: Permission, what: string): ProblemError {
  return new ProblemError(403, 'forbidden', 'Forbidden', `${what} needs the ${permission} permission`, {
    missingPermission: permission,
  });
}

export function notFound(detail: string): ProblemError {
  return new ProblemError(404, 'not-found', 'Not found', detail);
}

export function validation(errors: FieldError[], detail?: string): ProblemError {
  return new ProblemError(
    422,
    'validation',
    'Validation failed',
    detail ?? errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    { errors },
  );
}

// Cursors are opaque to clients: base64url of the last id of the previous page.
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]{2}_[0-9a-z]{1,60}$/.test(id)) {
    throw validation([{ path: 'cursor', message: 'is not a cursor this portal issued; start again without it' }]);
  }
  return id;
}

// Lists kept in insertion order (audit log, outbox) page by position: `sq_` and the base-36 seq.
const SEQ_PREFIX = 'sq_';

export function decodeSeqCursor(cursor: string | undefined): number | undefined {
  const decoded = decodeCursor(cursor);
  if (decoded === undefined) return undefined;
  const seq = decoded.startsWith(SEQ_PREFIX) ? Number.parseInt(decoded.slice(SEQ_PREFIX.length), 36) : Number.NaN;
  if (!Number.isSafeInteger(seq)) {
    throw validation([{ path: 'cursor', message: 'is not a cursor of this list; start again without it' }]);
  }
  return seq;
}

/** Splits `limit + 1` fetched rows into one page and the cursor of the next (after the last id). */
export function page<Row extends { id: string }, Item>(
  rows: Row[],
  limit: number,
  map: (row: Row) => Item,
): { data: Item[]; nextCursor: string | null } {
  return pageBy(rows, limit, map, (row) => encodeCursor(row.id));
}

/**
 * As page, for rows that are JSON text already (CLIENT_JSON_SQL): the page's own JSON text, the
 * same bytes JSON.stringify would write for it.
 */
export function jsonPage<Item>(
  rows: Array<{ id: string; json: string }>,
  limit: number,
): JsonText<{ data: Item[]; nextCursor: string | null }> {
  const slice = rows.length > limit ? rows.slice(0, limit) : rows;
  const last = slice.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(last.id) : null;
  return new JsonText(
    `{"data":[${slice.map((row) => row.json).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`,
  );
}

/** As page, for rows ordered by seq. */
export function seqPage<Row extends { seq: number }, Item>(
  rows: Row[],
  limit: number,
  map: (row: Row) => Item,
): { data: Item[]; nextCursor: string | null } {
  return pageBy(rows, limit, map, (row) => encodeCursor(`${SEQ_PREFIX}${row.seq.toString(36)}`));
}

function pageBy<Row, Item>(
  rows: Row[],
  limit: number,
  map: (row: Row) => Item,
  cursorAfter: (row: Row) => string,
): { data: Item[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  const last = slice.at(-1);
  return { data: slice.map(map), nextCursor: more && last !== undefined ? cursorAfter(last) : null };
}

export function parseJsonArray<T = string>(text: string | null | undefined): T[] {
  if (!text || text === '[]') return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as T[]) : [];
}

/** node:sqlite rows are untyped records; this names the shape a query returns. */
export function getRow<T>(statement: StatementSync, ...params: SQLInputValue[]): T | undefined {
  return statement.get(...params) as T | undefined;
}

export function allRows<T>(statement: StatementSync, ...params: SQLInputValue[]): T[] {
  return statement.all(...params) as unknown as T[];
}
