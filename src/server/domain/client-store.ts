// How a client is stored (one row of `clients`) and turned into the API's Client shape, plus the
// lookups every client route needs: provider scope and email uniqueness.
import type { DatabaseSync } from 'node:sqlite';
import type { Client } from '../../contract/schemas.js';
import { ProblemError } from '../context.js';
import { type Ctx, canSeeProvider, getRow, notFound, parseJsonArray, prep } from './common.js';
import { activeFlags } from './flag-store.js';
import { nameWords, normaliseName } from './normalise.js';

export interface ClientRow {
  id: string;
  provider_id: string;
  caseworker_ids: string;
  first_name: string;
  last_name: string;
  first_norm: string;
  last_norm: string;
  first_words: string;
  last_words: string;
  preferred_name: string | null;
  pronouns: string | null;
  email: string;
  email_lower: string;
  pending_email: string | null;
  pending_email_lower: string | null;
  phone: string | null;
  address: string | null;
  date_of_birth: string | null;
  self_identification: string;
  target_occupations: string;
  referral_source: string | null;
  referral_reference: string | null;
  referral_reasons: string | null;
  service_needs: string;
  transportation: Client['transportation'];
  comm_channel: Client['communication']['channel'];
  comm_job_post_updates: number | null;
  comm_frequency: Client['communication']['frequency'];
  link_type: 'none' | 'cams' | 'ca';
  cams_ref: string | null;
  ca_number: string | null;
  link_at: string | null;
  cams_refreshed_at: string | null;
  invite_status: Client['invite']['status'];
  invite_token: string | null;
  invite_sent_at: string | null;
  invite_sent_to: string | null;
  invite_declined_at: string | null;
  last_login_at: string | null;
  safety_flags: string;
  archived: number;
  created_at: string;
  updated_at: string;
  /** Consent to being put forward to employers (migration 15; set only by setClientConsent). */
  share_consent?: number | null;
  share_consent_at?: string | null;
  share_consent_by?: string | null;
}

const COLUMNS: Array<keyof ClientRow> = [
  'id',
  'provider_id',
  'caseworker_ids',
  'first_name',
  'last_name',
  'first_norm',
  'last_norm',
  'first_words',
  'last_words',
  'preferred_name',
  'pronouns',
  'email',
  'email_lower',
  'pending_email',
  'pending_email_lower',
  'phone',
  'address',
  'date_of_birth',
  'self_identification',
  'target_occupations',
  'referral_source',
  'referral_reference',
  'referral_reasons',
  'service_needs',
  'transportation',
  'comm_channel',
  'comm_job_post_updates',
  'comm_frequency',
  'link_type',
  'cams_ref',
  'ca_number',
  'link_at',
  'cams_refreshed_at',
  'invite_status',
  'invite_token',
  'invite_sent_at',
  'invite_sent_to',
  'invite_declined_at',
  'last_login_at',
  'safety_flags',
  'archived',
  'created_at',
  'updated_at',
];

// Positional parameters: binding 42 named ones costs several times more than the INSERT itself.
const INSERT_SQL = `INSERT INTO clients (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const INSERT_OR_IGNORE_SQL = INSERT_SQL.replace('INSERT INTO', 'INSERT OR IGNORE INTO');
const UPDATED_COLUMNS = COLUMNS.filter((c) => c !== 'id' && c !== 'created_at');
const UPDATE_SQL = `UPDATE clients SET ${UPDATED_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`;

type Bindable = string | number | null;

export function insertClient(db: DatabaseSync, row: ClientRow, orIgnore = false): boolean {
  const values = COLUMNS.map((c) => row[c] as Bindable);
  const inserted = prep(db, orIgnore ? INSERT_OR_IGNORE_SQL : INSERT_SQL).run(...values).changes > 0;
  if (inserted) insertNameKeys(db, row);
  return inserted;
}

/**
 * A new client's keys in client_name_keys (migration 9), written here rather than by a trigger:
 * a trigger splitting the words in SQL nearly doubled the cost of adding a client. Triggers keep
 * them in step when names change, which is rare. All of a client's keys go in one statement.
 */
function insertNameKeys(db: DatabaseSync, row: ClientRow): void {
  const values: string[] = [];
  for (const [part, norm, words] of [
    ['f', row.first_norm, row.first_words],
    ['l', row.last_norm, row.last_words],
  ] as const) {
    if (norm) values.push(part, norm, row.id);
    // A word the whole name starts with (its first, nearly always) needs no key of its own: every
    // query that is a prefix of it is a prefix of the whole name, whose key finds the client.
    for (const word of words.split(' ')) if (word && !norm.startsWith(word)) values.push(part, word, row.id);
  }
  if (values.length > 0) prep(db, nameKeysSql(values.length / 3)).run(...values);
}

const nameKeysSqls: string[] = [];
/** INSERT OR IGNORE of `count` name keys (a repeated word is ignored, as one statement each would). */
function nameKeysSql(count: number): string {
  let sql = nameKeysSqls[count];
  if (sql === undefined) {
    sql = `INSERT OR IGNORE INTO client_name_keys (part, key, client_id) VALUES ${Array(count).fill('(?, ?, ?)').join(', ')}`;
    nameKeysSqls[count] = sql;
  }
  return sql;
}

export function saveClient(db: DatabaseSync, row: ClientRow): void {
  const values = UPDATED_COLUMNS.map((c) => row[c] as Bindable);
  prep(db, UPDATE_SQL).run(...values, row.id);
}

/** Sets the names and their normalised forms (used by the duplicate check and search). */
export function setNames(row: ClientRow, firstName: string, lastName: string, preferredName: string | null): void {
  row.first_name = firstName;
  row.last_name = lastName;
  row.preferred_name = preferredName;
  row.first_norm = normaliseName(firstName);
  row.last_norm = normaliseName(lastName);
  row.first_words = nameWords(firstName, preferredName);
  row.last_words = nameWords(lastName);
}

export function inviteLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/invite/${token}`;
}

export function rowToClient(row: ClientRow, baseUrl: string): Client {
  const caseworkerIds = parseJsonArray(row.caseworker_ids);
  let link: Client['link'];
  if (row.link_type === 'cams' && row.cams_ref) {
    const linkedAt = row.link_at ?? row.created_at;
    link = {
      type: 'cams',
      clientReferenceNumber: row.cams_ref,
      linkedAt,
      refreshedAt: row.cams_refreshed_at ?? linkedAt,
    };
  } else if (row.link_type === 'ca' && row.ca_number) {
    link = { type: 'ca', caNumber: row.ca_number, importedAt: row.link_at ?? row.created_at };
  } else {
    link = { type: 'none' };
  }
  return {
    id: row.id,
    status: caseworkerIds.length > 0 ? 'client' : 'referral',
    archived: row.archived === 1,
    providerId: row.provider_id,
    caseworkerIds,
    firstName: row.first_name,
    lastName: row.last_name,
    preferredName: row.preferred_name,
    pronouns: row.pronouns,
    email: row.email,
    pendingEmail: row.pending_email,
    phone: row.phone,
    address: row.address,
    dateOfBirth: row.date_of_birth,
    selfIdentification: parseJsonArray(row.self_identification),
    targetOccupations: parseJsonArray(row.target_occupations),
    referral: {
      source: row.referral_source,
      referenceNumber: row.referral_reference,
      reasons: row.referral_reasons,
    },
    serviceNeeds: parseJsonArray(row.service_needs),
    transportation: row.transportation,
    communication: {
      channel: row.comm_channel,
      jobPostUpdates: row.comm_job_post_updates === null ? null : row.comm_job_post_updates === 1,
      frequency: row.comm_frequency,
    },
    link,
    invite: {
      status: row.invite_status,
      link: row.invite_status === 'pending' && row.invite_token ? inviteLink(baseUrl, row.invite_token) : null,
      sentAt: row.invite_sent_at,
      sentTo: row.invite_sent_to,
      declinedAt: row.invite_declined_at,
      lastLoginAt: row.last_login_at,
    },
    safetyFlags: activeFlags(row.safety_flags, row.id),
    consent: {
      shareWithEmployers:
        row.share_consent === null || row.share_consent === undefined ? null : row.share_consent === 1,
      recordedAt: row.share_consent_at ?? null,
      recordedBy: row.share_consent_by ?? null,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** SQL for a JSON boolean from a 0/1 column (NULL stays null). */
const jsonBoolean = (column: string) =>
  `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} = 1 THEN json('true') ELSE json('false') END`;

/**
 * The API's Client as JSON text, written by SQLite from a row of `clients`: the same bytes as
 * JSON.stringify(rowToClient(row, baseUrl)) (test/server/domain/client-json.test.ts holds the two
 * to each other). Reads use it: reading the row's 46 columns into an object, mapping it and
 * serialising that again cost a list page several times what this does. Its one parameter comes
 * first in any statement using it: the invite links' prefix, inviteLinkPrefix(baseUrl).
 */
export const CLIENT_JSON_SQL = `json_object(
  'id', clients.id,
  'status', CASE WHEN caseworker_ids <> '[]' THEN 'client' ELSE 'referral' END,
  'archived', ${jsonBoolean('archived')},
  'providerId', provider_id,
  'caseworkerIds', json(caseworker_ids),
  'firstName', first_name,
  'lastName', last_name,
  'preferredName', preferred_name,
  'pronouns', pronouns,
  'email', email,
  'pendingEmail', pending_email,
  'phone', phone,
  'address', address,
  'dateOfBirth', date_of_birth,
  'selfIdentification', json(self_identification),
  'targetOccupations', json(target_occupations),
  'referral', json_object('source', referral_source, 'referenceNumber', referral_reference, 'reasons', referral_reasons),
  'serviceNeeds', json(service_needs),
  'transportation', transportation,
  'communication', json_object(
    'channel', comm_channel, 'jobPostUpdates', ${jsonBoolean('comm_job_post_updates')}, 'frequency', comm_frequency),
  'link', CASE
    WHEN link_type = 'cams' AND cams_ref <> '' THEN json_object('type', 'cams', 'clientReferenceNumber', cams_ref,
      'linkedAt', coalesce(link_at, created_at), 'refreshedAt', coalesce(cams_refreshed_at, link_at, created_at))
    WHEN link_type = 'ca' AND ca_number <> '' THEN json_object('type', 'ca', 'caNumber', ca_number,
      'importedAt', coalesce(link_at, created_at))
    ELSE json_object('type', 'none') END,
  'invite', json_object(
    'status', invite_status,
    'link', CASE WHEN invite_status = 'pending' AND invite_token <> '' THEN ? || invite_token END,
    'sentAt', invite_sent_at, 'sentTo', invite_sent_to, 'declinedAt', invite_declined_at, 'lastLoginAt', last_login_at),
  'safetyFlags', CASE WHEN safety_flags = '[]' THEN json('[]') ELSE (
    SELECT json_group_array(json_object(
        'id', coalesce(nullif(flag.value ->> 'id', ''), 'sf_' || substr(clients.id, 4) || printf('%02d', flag.key + 1)),
        'reason', flag.value ->> 'reason', 'createdAt', flag.value ->> 'createdAt', 'createdBy', flag.value ->> 'createdBy'
      ) ORDER BY flag.key)
      FROM json_each(clients.safety_flags) AS flag WHERE coalesce(flag.value ->> 'removedAt', '') = '') END,
  'consent', json_object(
    'shareWithEmployers', ${jsonBoolean('share_consent')}, 'recordedAt', share_consent_at, 'recordedBy', share_consent_by),
  'createdAt', created_at,
  'updatedAt', updated_at)`;

/** The parameter of CLIENT_JSON_SQL: what an invite link is before its token. */
export function inviteLinkPrefix(baseUrl: string): string {
  return inviteLink(baseUrl, '');
}

/** The client as JSON text (CLIENT_JSON_SQL), with its provider, if it exists. */
export function findClientJson(
  db: DatabaseSync,
  id: string,
  baseUrl: string,
): { provider_id: string; json: string } | undefined {
  return getRow(
    prep(db, `SELECT ${CLIENT_JSON_SQL} AS json, provider_id FROM clients WHERE id = ?`),
    inviteLinkPrefix(baseUrl),
    id,
  );
}

export function findClientRow(db: DatabaseSync, id: string): ClientRow | undefined {
  return getRow<ClientRow>(prep(db, 'SELECT * FROM clients WHERE id = ?'), id);
}

/**
 * The client, if the caller may see it. Another provider's client is a 404 like a missing one,
 * so that its existence does not leak.
 */
export function loadClient(ctx: Pick<Ctx, 'db' | 'principal'>, id: string): ClientRow {
  const row = findClientRow(ctx.db, id);
  if (!row || !canSeeProvider(ctx.principal, row.provider_id)) throw notFound(`no client ${id}`);
  return row;
}

interface Holder {
  id: string;
  provider_id: string;
  first_name: string;
  last_name: string;
}

/**
 * Emails are unique across the whole portal, case-insensitively, counting the pending (not yet
 * confirmed) email of every client too. Refuses with 409 naming the client that holds it, when
 * the caller may see that client; another provider's client does not exist for the caller, so
 * then the answer says only that the email is in use at another provider.
 */
export function assertEmailFree(
  ctx: Pick<Ctx, 'db' | 'principal'>,
  email: string,
  exceptClientId: string | null,
): void {
  const lower = email.toLowerCase();
  const holder = getRow<Holder>(
    prep(
      ctx.db,
      'SELECT id, provider_id, first_name, last_name FROM clients WHERE (email_lower = ? OR pending_email_lower = ?) AND id IS NOT ? LIMIT 1',
    ),
    lower,
    lower,
    exceptClientId,
  );
  if (!holder) return;
  if (!canSeeProvider(ctx.principal, holder.provider_id)) {
    throw new ProblemError(
      409,
      'email-taken',
      'Email already in use',
      `${email} is in use at another service provider`,
      {
        errors: [{ path: 'email', message: 'is in use at another service provider' }],
        hint: 'every client needs their own email address; if this is the same person, ask a group administrator (sp-group-admin) to have that client referred to your provider',
      },
    );
  }
  throw new ProblemError(
    409,
    'email-taken',
    'Email already in use',
    `${email} already belongs to client ${holder.id} (${holder.first_name} ${holder.last_name})`,
    {
      existingClientId: holder.id,
      errors: [{ path: 'email', message: `already belongs to client ${holder.id}` }],
    },
  );
}
