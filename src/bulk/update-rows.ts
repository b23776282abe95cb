// One row of `clients update --from-file`: who it is in the portal, by the import's rules of the
// same person (the same email and the same name after the duplicate check's normalisation, or the
// same CaMS Client Reference Number or CA number), and what it would change there, field by field.
// A row that could be someone else is never applied: an email held by another person, a CaMS or
// CA number held at another provider, a name match with another email: reported, nothing changed.
import type { ApiClient } from '../api/client.js';
import { valueAt } from '../contract/paths.js';
import {
  type Assessment,
  CAMS_OWNED_FIELDS,
  type CamsClient,
  type Client,
  type ClientCreate,
  type ClientUpdate,
} from '../contract/schemas.js';
import { CliError } from '../errors.js';
// The duplicate check's own normalisation (the local portal's), as the import's dry run uses it.
import { normaliseName } from '../server/domain/normalise.js';
import { columnSpec, type FieldKey } from './columns.js';

/** The fields a file can change (the rest of a row identifies the client, or is ignored). */
export const UPDATE_FIELDS: readonly FieldKey[] = [
  'firstName',
  'lastName',
  'preferredName',
  'pronouns',
  'email',
  'phone',
  'address',
  'dateOfBirth',
  'selfIdentification',
  'targetOccupations',
  'serviceNeeds',
  'transportation',
  'communication.channel',
  'communication.jobPostUpdates',
  'communication.frequency',
  'referral.source',
  'referral.referenceNumber',
  'referral.reasons',
];

const CAMS_OWNED = new Set<string>(CAMS_OWNED_FIELDS);

export interface FieldChange {
  field: FieldKey;
  from: unknown;
  to: unknown;
}

/** Who the row is: a client, or why nobody (messages hold no names or values: they go to the journal). */
export type RowMatch =
  | { kind: 'client'; client: Client }
  | { kind: 'unmatched' | 'refused'; code: string; message: string; id?: string };

function notFound(error: unknown): boolean {
  return error instanceof CliError && error.kind === 'not-found';
}

async function byCams(api: ApiClient, ref: string): Promise<RowMatch> {
  let cams: CamsClient;
  try {
    cams = await api.call('lookupCams', { params: { ref } });
  } catch (error) {
    if (!notFound(error)) throw error;
    return { kind: 'unmatched', code: 'cams-not-found', message: 'CaMS has no client with this reference number' };
  }
  if (cams.linkedClientId) {
    return { kind: 'client', client: await api.call('getClient', { params: { id: cams.linkedClientId } }) };
  }
  if (cams.linkedElsewhere) {
    return {
      kind: 'unmatched',
      code: 'cams-linked-elsewhere',
      message: 'the CaMS client is linked to a client at another service provider',
    };
  }
  return { kind: 'unmatched', code: 'no-match', message: 'no client is linked to this CaMS Client Reference Number' };
}

async function byAssessment(api: ApiClient, caNumber: string): Promise<RowMatch> {
  let ca: Assessment;
  try {
    ca = await api.call('lookupAssessment', { params: { caNumber } });
  } catch (error) {
    if (!notFound(error)) throw error;
    return { kind: 'unmatched', code: 'ca-not-found', message: 'no Common Assessment has this CA number' };
  }
  if (ca.imported && ca.importedClientId) {
    return { kind: 'client', client: await api.call('getClient', { params: { id: ca.importedClientId } }) };
  }
  if (ca.imported) {
    return {
      kind: 'unmatched',
      code: 'ca-elsewhere',
      message: 'the Common Assessment is in use at another service provider',
    };
  }
  return { kind: 'unmatched', code: 'no-match', message: 'no client was imported from this Common Assessment' };
}

async function byEmailAndName(api: ApiClient, body: ClientCreate): Promise<RowMatch> {
  const found = await api.call('findDuplicates', {
    query: { email: body.email!, firstName: body.firstName!, lastName: body.lastName! },
  });
  const byEmail = found.data.find((match) => match.reason === 'email');
  // The duplicate check's copy may be partial (withheld fields): the client is read whole.
  if (byEmail?.samePerson && !byEmail.withheld) {
    return { kind: 'client', client: await api.call('getClient', { params: { id: byEmail.client.id } }) };
  }
  if (byEmail && !byEmail.withheld) {
    const id = byEmail.client.id;
    return {
      kind: 'refused',
      code: 'email-of-another-person',
      id,
      message: `the email belongs to ${id}, under another name: not the same person, nothing changed`,
    };
  }
  // Another provider's client: a conflict that names no one.
  if (byEmail || found.emailInUseElsewhere) {
    return { kind: 'refused', code: 'email-of-another-person', message: 'the email is in use at another provider' };
  }
  const byName = found.data.find((match) => match.reason === 'name' && !match.elsewhere);
  if (byName) {
    const id = byName.client.id;
    return {
      kind: 'unmatched',
      code: 'no-match',
      id,
      message: `no client has this email; ${id} has a matching name and another email: if it is the same person, change the email with portalctl clients edit ${id} --email`,
    };
  }
  return { kind: 'unmatched', code: 'no-match', message: 'no client has this email' };
}

/** The client the row is, by its CaMS or CA number, else by its email and name. */
export function matchRow(api: ApiClient, body: ClientCreate): Promise<RowMatch> {
  const link = body.link;
  if (link && 'camsClientReferenceNumber' in link) return byCams(api, link.camsClientReferenceNumber);
  if (link && 'caNumber' in link) return byAssessment(api, link.caNumber);
  return byEmailAndName(api, body);
}

/**
 * The row's name is the client's as the duplicate check compares names (case, accents, spaces,
 * punctuation, however the words split): not a change. An export that lost accents or capitals
 * never overwrites them; such a correction is made with clients edit.
 */
function sameNames(body: ClientCreate, client: Client): boolean {
  const first = body.firstName ?? client.firstName;
  const last = body.lastName ?? client.lastName;
  return (
    normaliseName(first) + normaliseName(last) === normaliseName(client.firstName) + normaliseName(client.lastName)
  );
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * What the row changes: each field the row holds (an empty cell holds nothing) whose value differs.
 * An email equal to the current one, or to the change already pending, changes nothing (sending
 * the current email would cancel a pending change).
 */
export function changesOf(body: ClientCreate, client: Client): FieldChange[] {
  const changes: FieldChange[] = [];
  const keepNames = sameNames(body, client);
  for (const field of UPDATE_FIELDS) {
    const to = valueAt(body, field);
    if (to === undefined) continue;
    if (keepNames && (field === 'firstName' || field === 'lastName')) continue;
    if (
      field === 'preferredName' &&
      client.preferredName &&
      normaliseName(String(to)) === normaliseName(client.preferredName)
    ) {
      continue;
    }
    if (field === 'email') {
      const email = String(to).toLowerCase();
      if (email === client.email.toLowerCase() || email === client.pendingEmail?.toLowerCase()) continue;
      changes.push({ field, from: client.email, to });
      continue;
    }
    const from = valueAt(client, field) ?? null;
    if (!same(from, to)) changes.push({ field, from, to });
  }
  return changes;
}

/**
 * A new email that another client holds, or awaits as a pending change: the portal refuses the row
 * (409 email-taken). A dry run asks the duplicate check first, so that it says so instead of
 * "to update". Answers why, naming the other client when the caller may see them.
 */
export async function emailTakenBy(
  api: ApiClient,
  changes: FieldChange[],
  client: Client,
): Promise<string | undefined> {
  const change = changes.find((c) => c.field === 'email');
  if (!change || typeof change.to !== 'string') return undefined;
  const found = await api.call('findDuplicates', { query: { email: change.to } });
  const other = found.data.find((match) => match.reason === 'email' && match.client.id !== client.id);
  if (other) return `the new email is already the email of ${other.client.id}: every client needs their own`;
  if (found.emailInUseElsewhere) return 'the new email is in use at another service provider';
  return undefined;
}

/** The CaMS-owned fields a change would touch on a client linked to CaMS (refused there). */
export function camsOwnedChanges(changes: FieldChange[], client: Client): FieldChange[] {
  return client.link.type === 'cams' ? changes.filter((c) => CAMS_OWNED.has(c.field)) : [];
}

/** The PATCH body of the changes. */
export function updateBody(changes: FieldChange[]): ClientUpdate {
  const body: Record<string, unknown> = {};
  for (const { field, to } of changes) {
    const dot = field.indexOf('.');
    if (dot === -1) body[field] = to;
    else {
      const outer = field.slice(0, dot);
      body[outer] = { ...((body[outer] as object | undefined) ?? {}), [field.slice(dot + 1)]: to };
    }
  }
  return body as ClientUpdate;
}

/** A field's column name, as the template writes it. */
export const fieldName = (field: FieldKey): string => columnSpec(field).header;

/** A value as a person reads it: lists with the separator, yes/no, "(empty)". */
export function shown(value: unknown, separator: string): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (Array.isArray(value)) return value.length ? value.join(` ${separator} `) : '(empty)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value).replace(/\r?\n/g, ' / ');
}

/** "Phone: 416-555-0100 → 416-555-0199; Email: a@x → b@x (pending until the client confirms)". */
export function describeChanges(changes: FieldChange[], separator: string): string {
  return changes
    .map(
      (c) =>
        `${fieldName(c.field)}: ${shown(c.from, separator)} → ${shown(c.to, separator)}${c.field === 'email' ? ' (pending until the client confirms)' : ''}`,
    )
    .join('; ');
}

/** The refusal of a row touching CaMS-owned fields, naming them. */
export function camsRefusal(owned: FieldChange[], client: Client): string {
  const names = owned.map((c) => fieldName(c.field)).join(', ');
  return `${names} ${owned.length === 1 ? 'comes' : 'come'} from CaMS while ${client.id} is linked to CaMS: update this in CaMS (nothing in this row was changed; leave ${owned.length === 1 ? 'this cell' : 'these cells'} empty to apply the rest)`;
}
