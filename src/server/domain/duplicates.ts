// The duplicate check before adding a client: by last name (optionally with first name), matched
// case-, accent-, spacing- and punctuation-insensitively and partially (see normalise.ts), and by
// exact email (always a duplicate, reason 'email').
//
// Scope: the check looks where the client will live, the target provider (the caller's own unless
// providerId names another, with the rights adding there needs). Group administrators are also
// told of name matches at the other providers of that provider's group, administrators of those
// anywhere in the portal (`elsewhere`). A client the caller may not see shows only who it is (id,
// provider, names, email, status), its profile withheld, link and timestamps included. An email is unique portal-wide: held
// where the caller is told of no match (another provider's client, which does not exist for the
// caller), it is reported only as that fact, emailInUseElsewhere, naming no one. Archived
// clients are included: a duplicate is a duplicate.
import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import type { DuplicateMatchSchema } from '../../contract/schemas.js';
import { type ClientRow, rowToClient } from './client-store.js';
import { targetProvider } from './clients.js';
import { allRows, type Ctx, canSeeProvider, getRow, hasPermission, isAdmin, prep, validation } from './common.js';
import { type NameSplit, nameMatches, nameSplits, normaliseEmail, normaliseName } from './normalise.js';
import { isSamePerson } from './same-person.js';

const registered = new WeakSet<DatabaseSync>();

// The splits of the query being run, keyed by their JSON (the SQL parameter), parsed once per query.
let splitsKey = '';
let splitsOfKey: NameSplit[] = [];

function matchesSplits(key: string, firstNorm: string, firstWords: string, lastNorm: string, lastWords: string) {
  if (key !== splitsKey) {
    splitsOfKey = JSON.parse(key) as NameSplit[];
    splitsKey = key;
  }
  for (const [first, last] of splitsOfKey) {
    if ((!first || nameMatches(first, firstNorm, firstWords)) && (!last || nameMatches(last, lastNorm, lastWords))) {
      return true;
    }
  }
  return false;
}

/**
 * The matching rule of normalise.ts, callable from SQL as
 * name_matches(splitsJson, first_norm, first_words, last_norm, last_words).
 */
function registerNameMatch(db: DatabaseSync): void {
  if (registered.has(db)) return;
  db.function('name_matches', { deterministic: true }, (key, firstNorm, firstWords, lastNorm, lastWords) =>
    matchesSplits(String(key), String(firstNorm), String(firstWords), String(lastNorm), String(lastWords)) ? 1 : 0,
  );
  registered.add(db);
}

type DuplicateMatch = z.output<ReturnType<typeof DuplicateMatchSchema>>;

const MAX_MATCHES = 50;

export interface DuplicateQuery {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
  /** The provider the client would be added to (default: the caller's). */
  providerId?: string | undefined;
}

function withheld(ctx: Ctx, row: ClientRow): DuplicateMatch['client'] {
  const client = rowToClient(row, ctx.baseUrl);
  return {
    ...client,
    caseworkerIds: [],
    preferredName: null,
    pronouns: null,
    pendingEmail: null,
    phone: null,
    address: null,
    dateOfBirth: null,
    selfIdentification: [],
    targetOccupations: [],
    referral: { source: null, referenceNumber: null, reasons: null },
    serviceNeeds: [],
    transportation: null,
    communication: { channel: null, jobPostUpdates: null, frequency: null },
    invite: {
      status: client.invite.status,
      link: null,
      sentAt: null,
      sentTo: null,
      declinedAt: null,
      lastLoginAt: null,
    },
    safetyFlags: [],
    // The CaMS or CA number and the record's times would let the caller trace the person further.
    link: null,
    createdAt: null,
    updatedAt: null,
    consent: { shareWithEmployers: null, recordedAt: null, recordedBy: null },
  };
}

/** The client as the caller may see it: whole, or withheld when at a provider the caller may not see. */
function shown(ctx: Ctx, row: ClientRow): Pick<DuplicateMatch, 'client' | 'withheld'> {
  return canSeeProvider(ctx.principal, row.provider_id)
    ? { client: rowToClient(row, ctx.baseUrl), withheld: false }
    : { client: withheld(ctx, row), withheld: true };
}

/** Matches at `providerId` are told to the caller: the target, its group for group administrators, any for administrators. */
function toldOf(ctx: Ctx, providerId: string, target: { id: string; group_id: string }): boolean {
  if (isAdmin(ctx.principal) || canSeeProvider(ctx.principal, providerId) || providerId === target.id) return true;
  if (!hasPermission(ctx.principal, 'sp-group-admin')) return false;
  const provider = prep(ctx.db, 'SELECT group_id FROM providers WHERE id = ?').get(providerId) as
    | { group_id: string }
    | undefined;
  return provider?.group_id === target.group_id;
}

const FEW = 200;

/**
 * Where to look for the clients a split may match, in client_name_keys (migration 9): the keys of
 * one of its parts that start with it. The first name, unless FEW or more clients' first names
 * start with it (then the last): a bounded number to test, however many share the last name.
 */
function candidateRange(db: DatabaseSync, [first, last]: NameSplit): ['f' | 'l', string] {
  if (!first) return ['l', last];
  if (!last) return ['f', first];
  const many = getRow(
    prep(db, `SELECT 1 FROM client_name_keys WHERE part = 'f' AND key >= ? AND key < ? LIMIT 1 OFFSET ${FEW - 1}`),
    first,
    `${first}\u{10FFFF}`,
  );
  return many ? ['l', last] : ['f', first];
}

/** The clause of the candidate rows: the name keys in the ranges of the splits (see candidateRange). */
function candidates(db: DatabaseSync, splits: readonly NameSplit[]): { sql: string; params: string[] } {
  const ranges = new Map(splits.map((split) => candidateRange(db, split)).map((r) => [r.join('|'), r]));
  return {
    sql: `id IN (SELECT client_id FROM client_name_keys WHERE ${[...ranges.values()]
      .map(() => '(part = ? AND key >= ? AND key < ?)')
      .join(' OR ')})`,
    params: [...ranges.values()].flatMap(([part, key]) => [part, key, `${key}\u{10FFFF}`]),
  };
}

/**
 * Whether findDuplicates would find a name match at `providerId` itself (not elsewhere in its
 * group): the same candidates and rule, stopping at the first match.
 */
export function hasNameMatchAt(db: DatabaseSync, firstName: string, lastName: string, providerId: string): boolean {
  // A name findDuplicates would refuse (no letter or digit) is left to it, to refuse alike.
  if (!normaliseName(lastName)) return true;
  registerNameMatch(db);
  const splits = nameSplits(firstName.trim() && normaliseName(firstName) ? firstName : undefined, lastName);
  const { sql, params } = candidates(db, splits);
  const found = getRow(
    prep(
      db,
      `SELECT 1 FROM clients WHERE ${sql} AND provider_id = ?
        AND name_matches(?, first_norm, first_words, last_norm, last_words) LIMIT 1`,
    ),
    ...params,
    providerId,
    JSON.stringify(splits),
  );
  return found !== undefined;
}

export function findDuplicates(
  ctx: Ctx,
  query: DuplicateQuery,
): { data: DuplicateMatch[]; emailInUseElsewhere: boolean } {
  const first = query.firstName?.trim() ? normaliseName(query.firstName) : '';
  const last = query.lastName?.trim() ? normaliseName(query.lastName) : '';
  const email = query.email?.trim() ? normaliseEmail(query.email) : '';
  if (query.firstName?.trim() && !query.lastName?.trim() && !email) {
    throw validation([{ path: 'lastName', message: 'is required to search by name (first name alone is too broad)' }]);
  }
  if (!last && !email) {
    const message = query.lastName?.trim() ? 'must contain letters or digits' : 'give a last name or an email';
    throw validation(
      [{ path: 'lastName', message }],
      'give lastName (optionally with firstName) or email to search for duplicates',
    );
  }
  const target = targetProvider(ctx, query.providerId);

  const matches: DuplicateMatch[] = [];
  const seen = new Set<string>();
  let emailInUseElsewhere = false;
  if (email) {
    const named = Boolean(query.firstName?.trim() && query.lastName?.trim());
    const rows = allRows<ClientRow>(
      prep(ctx.db, 'SELECT * FROM clients WHERE email_lower = ? OR pending_email_lower = ? ORDER BY id'),
      email,
      email,
    );
    for (const row of rows) {
      if (!toldOf(ctx, row.provider_id, target)) {
        emailInUseElsewhere = true;
        continue;
      }
      seen.add(row.id);
      matches.push({
        reason: 'email',
        elsewhere: row.provider_id !== target.id,
        ...shown(ctx, row),
        // The import's dry run counts a row as existing only for the same person.
        ...(named && canSeeProvider(ctx.principal, row.provider_id) ? { samePerson: isSamePerson(row, query) } : {}),
      });
    }
  }
  if (last) {
    registerNameMatch(ctx.db);
    const splits = nameSplits(first ? query.firstName : undefined, query.lastName);
    // Matches elsewhere are for those who act beyond the target provider: group administrators
    // across its group, administrators (who see every provider) across the portal. They come after
    // the target's own.
    // Candidates come from the name keys starting with each split (ranges of an index), and
    // name_matches() then applies the rule itself to those few.
    const named = candidates(ctx.db, splits);
    const where = [named.sql];
    const params: string[] = named.params;
    if (!isAdmin(ctx.principal)) {
      const groupWide = hasPermission(ctx.principal, 'sp-group-admin');
      where.push(groupWide ? 'provider_id IN (SELECT id FROM providers WHERE group_id = ?)' : 'provider_id = ?');
      params.push(groupWide ? target.group_id : target.id);
    }
    where.push('name_matches(?, first_norm, first_words, last_norm, last_words)');
    params.push(JSON.stringify(splits), target.id);
    const sql = `SELECT * FROM clients WHERE ${where.join(' AND ')}
      ORDER BY provider_id <> ?, last_norm, first_norm, id LIMIT ${MAX_MATCHES}`;
    for (const row of allRows<ClientRow>(prep(ctx.db, sql), ...params)) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      matches.push({ reason: 'name', elsewhere: row.provider_id !== target.id, ...shown(ctx, row) });
    }
  }
  return { data: matches.slice(0, MAX_MATCHES), emailInUseElsewhere };
}
