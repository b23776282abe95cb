// The duplicate check before adding a client: by last name (optionally with first name), matched
// case-, accent-, spacing- and punctuation-insensitively and partially (see normalise.ts), and by
// exact email (always a duplicate, reason 'email').
//
// Scope: name matches come from the clients the caller can see. An email match is reported across
// the whole portal, because email is unique portal-wide and adding that client would be refused
// (409) anyway; a match in another provider shows only who holds the email (id, provider, names,
// email, status), with that provider's profile details withheld. Archived clients are included: a
// duplicate is a duplicate.
import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import type { DuplicateMatchSchema } from '../../api/schemas.js';
import { type ClientRow, rowToClient } from './client-store.js';
import { allRows, type Ctx, canSeeProvider, isAdmin, prep, validation } from './common.js';
import { nameMatches, normaliseEmail, normaliseName } from './normalise.js';

const registered = new WeakSet<DatabaseSync>();

/** The matching rule of normalise.ts, callable from SQL as name_matches(query, norm, words). */
function registerNameMatch(db: DatabaseSync): void {
  if (registered.has(db)) return;
  db.function('name_matches', { deterministic: true }, (query, norm, words) =>
    nameMatches(String(query), String(norm), String(words)) ? 1 : 0,
  );
  registered.add(db);
}

type DuplicateMatch = z.output<typeof DuplicateMatchSchema>;

const MAX_MATCHES = 50;

export interface DuplicateQuery {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
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
  };
}

export function findDuplicates(ctx: Ctx, query: DuplicateQuery): { data: DuplicateMatch[] } {
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

  const matches: DuplicateMatch[] = [];
  const seen = new Set<string>();
  if (email) {
    const rows = allRows<ClientRow>(
      prep(ctx.db, 'SELECT * FROM clients WHERE email_lower = ? OR pending_email_lower = ? ORDER BY id'),
      email,
      email,
    );
    for (const row of rows) {
      seen.add(row.id);
      matches.push({
        reason: 'email',
        client: canSeeProvider(ctx.principal, row.provider_id) ? rowToClient(row, ctx.baseUrl) : withheld(ctx, row),
      });
    }
  }
  if (last) {
    registerNameMatch(ctx.db);
    const where = ['name_matches(?, last_norm, last_words)'];
    const params: string[] = [last];
    if (first) {
      where.push('name_matches(?, first_norm, first_words)');
      params.push(first);
    }
    if (!isAdmin(ctx.principal)) {
      where.push('provider_id = ?');
      params.push(ctx.principal.providerId);
    }
    const sql = `SELECT * FROM clients WHERE ${where.join(' AND ')} ORDER BY last_norm, first_norm, id LIMIT ${MAX_MATCHES}`;
    for (const row of allRows<ClientRow>(prep(ctx.db, sql), ...params)) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      matches.push({ reason: 'name', client: rowToClient(row, ctx.baseUrl) });
    }
  }
  return { data: matches.slice(0, MAX_MATCHES) };
}
