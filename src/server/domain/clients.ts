// Clients: add (with CaMS link or Common Assessment import), list, read, edit, archive / restore,
// staff assignment, referral to another provider, safety flags.
import type { DatabaseSync } from 'node:sqlite';
import { MESSAGE_SUBJECTS } from '../../contract/messages.js';
import { valueAt } from '../../contract/paths.js';
import type { FieldError } from '../../contract/problems.js';
import { CAMS_OWNED_FIELDS, type Client, type ClientCreate, type ClientUpdate } from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { JsonText, ProblemError } from '../context.js';
import { assertAssessmentFree, assertCamsFree, resolveAssessment, resolveCams } from './cams.js';
import {
  assertEmailFree,
  CLIENT_JSON_SQL,
  type ClientRow,
  findClientJson,
  insertClient,
  inviteLink,
  inviteLinkPrefix,
  loadClient,
  rowToClient,
  saveClient,
  setNames,
} from './client-store.js';
import {
  allRows,
  type Ctx,
  canSeeProvider,
  decodeCursor,
  forbidden,
  getRow,
  hasPermission,
  isAdmin,
  jsonPage,
  newId,
  notFound,
  nowIso,
  parseJsonArray,
  prep,
  validation,
} from './common.js';
import { findDuplicates, hasNameMatchAt } from './duplicates.js';
import { endInviteToken, issueEmailConfirmation, newInviteToken } from './link-tokens.js';
import { normaliseEmail, normaliseName } from './normalise.js';
import { addNote } from './notes.js';
import { sendMessage } from './outbox.js';
import { withReason } from './reasons.js';
import { withSamePerson } from './same-person.js';

export interface ProviderRow {
  id: string;
  name: string;
  group_id: string;
}

/** A batch's lookups of providers, made once for all its items (see batchCreateClients). */
type ProviderMemo = { providers?: Map<string, ProviderRow | undefined> };

export function findProvider(ctx: Pick<Ctx, 'db'> & ProviderMemo, id: string): ProviderRow | undefined {
  const memo = ctx.providers;
  if (memo?.has(id)) return memo.get(id);
  const provider = getRow<ProviderRow>(prep(ctx.db, 'SELECT id, name, group_id FROM providers WHERE id = ?'), id);
  memo?.set(id, provider);
  return provider;
}

/**
 * The provider a new client will live at: the caller's own, or another one (sp-group-admin, within
 * the caller's group; administrators anywhere). The duplicate check searches the same provider.
 */
export function targetProvider(
  ctx: Pick<Ctx, 'db' | 'principal'> & ProviderMemo,
  providerId: string | undefined,
): ProviderRow {
  const { principal } = ctx;
  if (!providerId || providerId === principal.providerId) {
    return (
      findProvider(ctx, principal.providerId) ?? { id: principal.providerId, name: '', group_id: principal.groupId }
    );
  }
  if (!hasPermission(principal, 'sp-group-admin')) throw forbidden('sp-group-admin', 'setting the service provider');
  const provider = findProvider(ctx, providerId);
  if (!provider) throw validation([{ path: 'providerId', message: `no service provider ${providerId}` }]);
  if (!isAdmin(principal) && provider.group_id !== principal.groupId) {
    throw new ProblemError(
      409,
      'provider-not-in-group',
      'Provider not in your group',
      `service provider ${provider.id} is not in your service-provider group`,
    );
  }
  return provider;
}

interface StaffRow {
  id: string;
  name: string;
  provider_id: string;
  permissions: string;
}

/**
 * Caseworkers are staff of the client's provider who hold the `clients` permission (an
 * administrator holds every one). Every place that assigns caseworkers (add, batch and import
 * rows, assign-staff, the seed) refuses the others through this check, with a 422 naming each
 * staff member and why.
 */
export function caseworkerRefusals(
  db: DatabaseSync,
  staffIds: readonly string[],
  providerId: string,
): Array<{ id: string; reason: 'not-in-provider' | 'lacks-clients'; message: string }> {
  const statement = prep(db, 'SELECT id, name, provider_id, permissions FROM staff WHERE id = ?');
  const refusals: Array<{ id: string; reason: 'not-in-provider' | 'lacks-clients'; message: string }> = [];
  for (const id of staffIds) {
    const staff = getRow<StaffRow>(statement, id);
    if (!staff || staff.provider_id !== providerId) {
      const who = staff ? `${staff.id} (${staff.name})` : id;
      refusals.push({ id, reason: 'not-in-provider', message: `${who} is not staff of ${providerId}` });
      continue;
    }
    const permissions = parseJsonArray(staff.permissions);
    if (!permissions.includes('clients') && !permissions.includes('administrator')) {
      refusals.push({
        id,
        reason: 'lacks-clients',
        message: `${staff.id} (${staff.name}) lacks the clients permission a caseworker needs`,
      });
    }
  }
  return refusals;
}

export function assertCaseworkers(
  ctx: Pick<Ctx, 'db'>,
  staffIds: readonly string[],
  providerId: string,
  path: (id: string) => string,
): void {
  const refusals = caseworkerRefusals(ctx.db, staffIds, providerId);
  if (refusals.length === 0) return;
  const outside = refusals.some((r) => r.reason === 'not-in-provider');
  throw new ProblemError(
    422,
    outside ? 'staff-not-in-provider' : 'staff-not-caseworker',
    outside ? 'Staff not in the service provider' : 'Staff cannot be a caseworker',
    `${refusals.map((r) => r.message).join('; ')}: a caseworker is staff of the client's service provider with the clients permission`,
    { errors: refusals.map((r) => ({ path: path(r.id), message: r.message })) },
  );
}

/** Issues a fresh invitation (new link, the previous one stops working) and puts it in the outbox. */
export function issueInvite(ctx: Pick<Ctx, 'db' | 'clock' | 'baseUrl'>, row: ClientRow): string {
  // The replaced link's page says it was replaced (not "not found").
  if (row.invite_token) endInviteToken(ctx, row.id, row.invite_token, row.invite_sent_at, 'replaced');
  const token = newInviteToken(row.id);
  const now = nowIso(ctx);
  row.invite_status = 'pending';
  row.invite_token = token;
  row.invite_sent_at = now;
  row.invite_sent_to = row.email;
  const link = inviteLink(ctx.baseUrl, token);
  sendMessage(ctx, {
    to: row.email,
    kind: 'invitation',
    subject: MESSAGE_SUBJECTS.invitation,
    link,
    clientId: row.id,
    providerId: row.provider_id,
  });
  return link;
}

/**
 * Adds a client exactly as POST /v1/clients does (the batch endpoint calls it per item). Field
 * rules: caseworkers need sp-admin; another provider needs sp-group-admin (and the same group).
 * A CaMS link supplies names, phone, address, date of birth and self-identification (they override
 * the body: CaMS is their source); a Common Assessment fills names, email, phone and address only
 * where the body left them empty, and only for one client (one-time copy).
 *
 * An email already in the portal is refused (409 email-taken, saying whether its holder is the same
 * person); with `refuseNameMatch` (?nameMatch=refuse), so is a name the duplicate check matches at
 * the provider the client will live at.
 */
export function createClientCore(
  ctx: Ctx & ProviderMemo,
  body: ClientCreate,
  options: { refuseNameMatch?: boolean; reason?: string | undefined } = {},
): Client {
  return writeNewClient(ctx, checkNewClient(ctx, body, options));
}

/** A client that passed every check of createClientCore, not yet written. */
export interface NewClient {
  row: ClientRow;
  invite: boolean;
  audit: Record<string, unknown>;
}

/**
 * The checks of createClientCore, and the row they allow: writes nothing, so a refusal (a
 * ProblemError) leaves nothing to undo. The batch endpoint relies on that: its items need no
 * savepoint of their own.
 */
export function checkNewClient(
  ctx: Ctx & ProviderMemo,
  body: ClientCreate,
  options: { refuseNameMatch?: boolean; reason?: string | undefined } = {},
): NewClient {
  const { principal } = ctx;
  // The caller's own provider needs no lookup: its id is all a new client takes from it.
  const ownProvider = !body.providerId || body.providerId === principal.providerId;
  const providerId = ownProvider ? principal.providerId : targetProvider(ctx, body.providerId).id;
  const caseworkerIds = [...new Set(body.caseworkerIds ?? [])];
  if (caseworkerIds.length > 0) {
    if (!hasPermission(principal, 'sp-admin')) throw forbidden('sp-admin', 'setting caseworkers');
    assertCaseworkers(ctx, caseworkerIds, providerId, (id) => `caseworkerIds.${caseworkerIds.indexOf(id)}`);
  }

  const now = nowIso(ctx);
  let firstName = body.firstName;
  let lastName = body.lastName;
  let email = body.email;
  let phone = body.phone ?? null;
  let address = body.address ?? null;
  let dateOfBirth = body.dateOfBirth ?? null;
  let selfIdentification = body.selfIdentification ?? [];
  let linkType: ClientRow['link_type'] = 'none';
  let camsRef: string | null = null;
  let caNumber: string | null = null;
  const link = body.link;
  if (link && 'camsClientReferenceNumber' in link) {
    const cams = resolveCams(ctx, link.camsClientReferenceNumber);
    assertCamsFree(ctx, cams.client_reference_number, null);
    firstName = cams.first_name;
    lastName = cams.last_name;
    email ??= cams.email ?? undefined;
    phone = cams.phone;
    address = cams.address;
    dateOfBirth = cams.date_of_birth;
    selfIdentification = parseJsonArray(cams.self_identification);
    linkType = 'cams';
    camsRef = cams.client_reference_number;
  } else if (link && 'caNumber' in link) {
    const ca = resolveAssessment(ctx, link.caNumber);
    assertAssessmentFree(ctx, ca.ca_number);
    firstName ??= ca.first_name;
    lastName ??= ca.last_name;
    email ??= ca.email ?? undefined;
    phone ??= ca.phone;
    address ??= ca.address;
    linkType = 'ca';
    caNumber = ca.ca_number;
  }

  const missing: FieldError[] = [];
  if (!firstName) missing.push({ path: 'firstName', message: 'is required' });
  if (!lastName) missing.push({ path: 'lastName', message: 'is required' });
  if (!email) missing.push({ path: 'email', message: 'is required' });
  if (!firstName || !lastName || !email) {
    throw validation(missing, `missing required ${missing.map((e) => e.path).join(', ')}`);
  }
  try {
    assertEmailFree(ctx, email, null);
  } catch (error) {
    throw withSamePerson(ctx, error, { firstName, lastName, camsRef, caNumber });
  }
  if (options.refuseNameMatch) assertNoNameMatch(ctx, firstName, lastName, providerId);

  const row: ClientRow = {
    id: newId(ctx, 'cl'),
    provider_id: providerId,
    caseworker_ids: JSON.stringify(caseworkerIds),
    first_name: '',
    last_name: '',
    first_norm: '',
    last_norm: '',
    first_words: '',
    last_words: '',
    preferred_name: null,
    pronouns: body.pronouns || null,
    email,
    email_lower: normaliseEmail(email),
    pending_email: null,
    pending_email_lower: null,
    phone,
    address,
    date_of_birth: dateOfBirth,
    self_identification: JSON.stringify(selfIdentification),
    target_occupations: JSON.stringify(body.targetOccupations ?? []),
    referral_source: body.referral?.source ?? null,
    referral_reference: body.referral?.referenceNumber ?? null,
    referral_reasons: body.referral?.reasons || null,
    service_needs: JSON.stringify(body.serviceNeeds ?? []),
    transportation: body.transportation ?? null,
    comm_channel: body.communication?.channel ?? null,
    comm_job_post_updates:
      body.communication?.jobPostUpdates === undefined ? null : Number(body.communication.jobPostUpdates),
    comm_frequency: body.communication?.frequency ?? null,
    link_type: linkType,
    cams_ref: camsRef,
    ca_number: caNumber,
    link_at: linkType === 'none' ? null : now,
    cams_refreshed_at: linkType === 'cams' ? now : null,
    invite_status: 'none',
    invite_token: null,
    invite_sent_at: null,
    invite_sent_to: null,
    invite_declined_at: null,
    last_login_at: null,
    safety_flags: '[]',
    archived: 0,
    created_at: now,
    updated_at: now,
  };
  setNames(row, firstName, lastName, body.preferredName || null);
  const invite = body.sendInvite !== false;
  return {
    row,
    invite,
    audit: {
      providerId,
      caseworkerIds,
      link: linkType === 'cams' ? { type: 'cams', clientReferenceNumber: camsRef } : { type: linkType, caNumber },
      invited: invite,
      ...(options.reason ? { reason: options.reason } : {}),
    },
  };
}

/** Writes a checked client: its row, invitation, case note and audit entry. Refuses nothing. */
export function writeNewClient(ctx: Ctx, { row, invite, audit }: NewClient): Client {
  if (invite) issueInvite(ctx, row);
  insertClient(ctx.db, row);
  if (row.referral_reasons) addNote(ctx, row.id, 'referral-reasons', row.referral_reasons);
  recordAudit(ctx, { action: 'client.create', entityType: 'client', entityId: row.id, detail: audit });
  return rowToClient(row, ctx.baseUrl);
}

/** The name rule of the duplicate check (`clients add` asks before adding such a client). */
function assertNoNameMatch(ctx: Ctx, firstName: string, lastName: string, providerId: string): void {
  // Nearly every client added has no match: that is answered by one query that stops at the first
  // match at the provider, and only a match runs the whole check, for its message.
  if (!hasNameMatchAt(ctx.db, firstName, lastName, providerId)) return;
  // As clients add: matches elsewhere in the group are told of, not refused (a referral is the way).
  const matches = findDuplicates(ctx, { firstName, lastName, providerId }).data.filter(
    (m) => m.reason === 'name' && !m.elsewhere,
  );
  const [first] = matches;
  if (!first) return;
  const names = matches
    .slice(0, 3)
    .map((m) => `${m.client.id} (${m.client.firstName} ${m.client.lastName})`)
    .join(', ');
  const more = matches.length > 3 ? ` and ${matches.length - 3} more` : '';
  throw new ProblemError(
    409,
    'duplicate-name',
    'Possible duplicate',
    `${firstName} ${lastName} matches the name of ${matches.length === 1 ? 'an existing client' : `${matches.length} existing clients`}: ${names}${more}`,
    {
      existingClientId: first.client.id,
      hint: 'check whether this is the same person; if not, add the client without nameMatch=refuse',
    },
  );
}

export function getClient(ctx: Ctx, id: string): JsonText<Client> {
  const found = findClientJson(ctx.db, id, ctx.baseUrl);
  if (!found || !canSeeProvider(ctx.principal, found.provider_id)) throw notFound(`no client ${id}`);
  return new JsonText(found.json);
}

export interface ClientListQuery {
  limit: number;
  cursor?: string | undefined;
  status?: Client['status'] | undefined;
  archived?: boolean | undefined;
  search?: string | undefined;
  email?: string | undefined;
  caseworkerId?: string | undefined;
  providerId?: string | undefined;
  invite?: Client['invite']['status'] | undefined;
  inviteSentBefore?: string | undefined;
  sort?: 'oldest' | 'newest' | undefined;
}

/**
 * Ordered by id (creation order), oldest first unless sort=newest. Archived clients are left out unless archived=true, which lists
 * only them. `search` matches a part of the normalised name ("first last" or "last first") or of
 * the email.
 */
export function listClients(ctx: Ctx, query: ClientListQuery): JsonText<{ data: Client[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (query.providerId && !canSeeProvider(ctx.principal, query.providerId)) {
    // Another provider's clients do not exist for its staff: asking for them is refused, not an empty list.
    throw new ProblemError(
      403,
      'forbidden',
      'Forbidden',
      `listing the clients of service provider ${query.providerId}: staff see the clients of their own provider only`,
      {
        missingPermission: 'administrator',
        hint: 'leave out the provider to list your own; an administrator sees every provider',
      },
    );
  }
  if (!isAdmin(ctx.principal)) {
    where.push('provider_id = ?');
    params.push(ctx.principal.providerId);
  }
  if (query.providerId) {
    where.push('provider_id = ?');
    params.push(query.providerId);
  }
  const newest = query.sort === 'newest';
  const after = decodeCursor(query.cursor);
  if (after) {
    where.push(newest ? 'id < ?' : 'id > ?');
    params.push(after);
  }
  where.push('archived = ?');
  params.push(query.archived ? 1 : 0);
  if (query.status) where.push(query.status === 'client' ? "caseworker_ids <> '[]'" : "caseworker_ids = '[]'");
  if (query.invite) {
    where.push('invite_status = ?');
    params.push(query.invite);
  }
  if (query.inviteSentBefore) {
    // Stored as ISO strings in UTC; the query's instant is compared in the same form.
    where.push('invite_sent_at IS NOT NULL AND invite_sent_at < ?');
    params.push(new Date(query.inviteSentBefore).toISOString());
  }
  if (query.caseworkerId) {
    where.push('EXISTS (SELECT 1 FROM json_each(clients.caseworker_ids) WHERE value = ?)');
    params.push(query.caseworkerId);
  }
  if (query.email) {
    where.push('email_lower = ?');
    params.push(normaliseEmail(query.email));
  }
  const search = query.search?.trim();
  if (search) {
    const name = normaliseName(search);
    if (name) {
      where.push(
        '(instr(first_norm || last_norm, ?) > 0 OR instr(last_norm || first_norm, ?) > 0 OR instr(email_lower, ?) > 0)',
      );
      params.push(name, name, search.toLowerCase());
    } else {
      where.push('instr(email_lower, ?) > 0');
      params.push(search.toLowerCase());
    }
  }
  const sql = `SELECT id, ${CLIENT_JSON_SQL} AS json FROM clients WHERE ${where.join(' AND ')} ORDER BY id ${newest ? 'DESC' : ''} LIMIT ?`;
  const rows = allRows<{ id: string; json: string }>(
    prep(ctx.db, sql),
    inviteLinkPrefix(ctx.baseUrl),
    ...params,
    query.limit + 1,
  );
  return jsonPage<Client>(rows, query.limit);
}

function sameJson(a: unknown, stored: string): boolean {
  return JSON.stringify(a) === stored;
}

/**
 * Edits a client. While linked to CaMS, a CaMS-owned field given with a different value is refused
 * (409 cams-owned-field naming each field); the same value is accepted, so an unchanged record can
 * be sent back as is. A new email stays pending (and is confirmed by the client) while the current
 * one stays in use; giving the current email again cancels a pending change. New reasons for
 * referral add a case note.
 */
export function updateClient(ctx: Ctx, id: string, body: ClientUpdate): Client {
  const row = loadClient(ctx, id);
  const before = { ...row };

  if (row.link_type === 'cams') {
    const unchanged: Record<(typeof CAMS_OWNED_FIELDS)[number], boolean> = {
      firstName: body.firstName === undefined || body.firstName === row.first_name,
      lastName: body.lastName === undefined || body.lastName === row.last_name,
      phone: body.phone === undefined || body.phone === row.phone,
      address: body.address === undefined || body.address === row.address,
      dateOfBirth: body.dateOfBirth === undefined || body.dateOfBirth === row.date_of_birth,
      selfIdentification:
        body.selfIdentification === undefined || sameJson(body.selfIdentification, row.self_identification),
    };
    const refused = CAMS_OWNED_FIELDS.filter((field) => !unchanged[field]);
    if (refused.length) {
      throw new ProblemError(
        409,
        'cams-owned-field',
        'Field owned by CaMS',
        `${refused.join(', ')} ${refused.length === 1 ? 'comes' : 'come'} from CaMS while the client is linked: update this in CaMS`,
        {
          errors: refused.map((field) => ({ path: field, message: 'comes from CaMS; update this in CaMS' })),
          hint: 'leave out the fields named in errors to change the others; to edit them in the portal, remove the CaMS link first (portalctl cams unlink)',
        },
      );
    }
  }

  const changed: string[] = [];
  const note = (field: string, differs: boolean) => {
    if (differs) changed.push(field);
  };

  if (body.firstName !== undefined || body.lastName !== undefined || body.preferredName !== undefined) {
    const first = body.firstName ?? row.first_name;
    const last = body.lastName ?? row.last_name;
    const preferred = body.preferredName === undefined ? row.preferred_name : body.preferredName || null;
    note('firstName', first !== row.first_name);
    note('lastName', last !== row.last_name);
    note('preferredName', preferred !== row.preferred_name);
    setNames(row, first, last, preferred);
  }
  if (body.pronouns !== undefined) {
    const value = body.pronouns || null;
    note('pronouns', value !== row.pronouns);
    row.pronouns = value;
  }
  if (body.phone !== undefined) {
    note('phone', body.phone !== row.phone);
    row.phone = body.phone;
  }
  if (body.address !== undefined) {
    const value = body.address || null;
    note('address', value !== row.address);
    row.address = value;
  }
  if (body.dateOfBirth !== undefined) {
    note('dateOfBirth', body.dateOfBirth !== row.date_of_birth);
    row.date_of_birth = body.dateOfBirth;
  }
  const lists = [
    ['selfIdentification', 'self_identification'],
    ['targetOccupations', 'target_occupations'],
    ['serviceNeeds', 'service_needs'],
  ] as const;
  for (const [field, column] of lists) {
    const value = body[field];
    if (value === undefined) continue;
    note(field, !sameJson(value, row[column]));
    row[column] = JSON.stringify(value);
  }
  if (body.transportation !== undefined) {
    note('transportation', body.transportation !== row.transportation);
    row.transportation = body.transportation;
  }
  if (body.communication) {
    const c = body.communication;
    if (c.channel !== undefined) {
      note('communication.channel', c.channel !== row.comm_channel);
      row.comm_channel = c.channel;
    }
    if (c.jobPostUpdates !== undefined) {
      const value = Number(c.jobPostUpdates);
      note('communication.jobPostUpdates', value !== row.comm_job_post_updates);
      row.comm_job_post_updates = value;
    }
    if (c.frequency !== undefined) {
      note('communication.frequency', c.frequency !== row.comm_frequency);
      row.comm_frequency = c.frequency;
    }
  }
  let reasonsNote: string | null = null;
  if (body.referral) {
    const r = body.referral;
    if (r.source !== undefined) {
      const value = r.source || null;
      note('referral.source', value !== row.referral_source);
      row.referral_source = value;
    }
    if (r.referenceNumber !== undefined) {
      const value = r.referenceNumber || null;
      note('referral.referenceNumber', value !== row.referral_reference);
      row.referral_reference = value;
    }
    if (r.reasons !== undefined) {
      const value = r.reasons || null;
      if (value !== row.referral_reasons) {
        changed.push('referral.reasons');
        reasonsNote = value;
      }
      row.referral_reasons = value;
    }
  }

  let emailPending = false;
  if (body.email !== undefined) {
    const lower = normaliseEmail(body.email);
    if (lower === row.email_lower) {
      if (row.pending_email !== null) {
        row.pending_email = null;
        row.pending_email_lower = null;
        changed.push('pendingEmail');
      }
    } else if (lower !== row.pending_email_lower) {
      assertEmailFree(ctx, body.email, row.id);
      row.pending_email = body.email;
      row.pending_email_lower = lower;
      changed.push('pendingEmail');
      emailPending = true;
    }
  }

  if (changed.length === 0) return rowToClient(before, ctx.baseUrl);
  row.updated_at = nowIso(ctx);
  saveClient(ctx.db, row);
  if (reasonsNote) addNote(ctx, row.id, 'referral-reasons', reasonsNote);
  if (emailPending && row.pending_email) {
    sendMessage(ctx, {
      to: row.pending_email,
      kind: 'email-confirmation',
      subject: 'Confirm your new email address for the Jobs Portal',
      link: issueEmailConfirmation(ctx, row.id, row.pending_email),
      clientId: row.id,
      providerId: row.provider_id,
    });
  }
  const was = rowToClient(before, ctx.baseUrl);
  const now = rowToClient(row, ctx.baseUrl);
  const changes = Object.fromEntries(
    changed.map((path) => [path, { from: valueAt(was, path) ?? null, to: valueAt(now, path) ?? null }]),
  );
  recordAudit(ctx, {
    action: 'client.update',
    entityType: 'client',
    entityId: row.id,
    detail: { fields: changed, changes },
  });
  return rowToClient(row, ctx.baseUrl);
}

export function archiveClient(ctx: Ctx, id: string, reason?: string): Client {
  const row = loadClient(ctx, id);
  if (row.archived) throw new ProblemError(409, 'archived', 'Already archived', `client ${row.id} is already archived`);
  row.archived = 1;
  row.updated_at = nowIso(ctx);
  saveClient(ctx.db, row);
  recordAudit(ctx, {
    action: 'client.archive',
    entityType: 'client',
    entityId: row.id,
    detail: withReason(null, reason),
  });
  return rowToClient(row, ctx.baseUrl);
}

export function restoreClient(ctx: Ctx, id: string): Client {
  const row = loadClient(ctx, id);
  if (!row.archived) throw new ProblemError(409, 'not-archived', 'Not archived', `client ${row.id} is not archived`);
  row.archived = 0;
  row.updated_at = nowIso(ctx);
  saveClient(ctx.db, row);
  recordAudit(ctx, { action: 'client.restore', entityType: 'client', entityId: row.id });
  return rowToClient(row, ctx.baseUrl);
}

/** Assigning someone already assigned changes nothing (and is not an error: retries are safe). */
export function assignStaff(ctx: Ctx, id: string, staffId: string): Client {
  const row = loadClient(ctx, id);
  const ids = parseJsonArray(row.caseworker_ids);
  if (ids.includes(staffId)) return rowToClient(row, ctx.baseUrl);
  assertCaseworkers(ctx, [staffId], row.provider_id, () => 'staffId');
  ids.push(staffId);
  row.caseworker_ids = JSON.stringify(ids);
  row.updated_at = nowIso(ctx);
  saveClient(ctx.db, row);
  recordAudit(ctx, { action: 'client.staff.assign', entityType: 'client', entityId: row.id, detail: { staffId } });
  return rowToClient(row, ctx.baseUrl);
}

/** Removing someone not assigned changes nothing (DELETE is idempotent). */
export function unassignStaff(ctx: Ctx, id: string, staffId: string, reason?: string): Client {
  const row = loadClient(ctx, id);
  const ids = parseJsonArray(row.caseworker_ids);
  if (!ids.includes(staffId)) return rowToClient(row, ctx.baseUrl);
  row.caseworker_ids = JSON.stringify(ids.filter((s) => s !== staffId));
  row.updated_at = nowIso(ctx);
  saveClient(ctx.db, row);
  recordAudit(ctx, {
    action: 'client.staff.unassign',
    entityType: 'client',
    entityId: row.id,
    detail: withReason({ staffId }, reason),
  });
  return rowToClient(row, ctx.baseUrl);
}

/**
 * Refers the client to another provider of the same group. The caseworkers are removed (they are
 * staff of the old provider; the new one assigns its own), so the client becomes a referral there.
 * A reason is saved as the new reasons for referral, with its case note.
 */
export function referClient(ctx: Ctx, id: string, providerId: string, reason: string | undefined): Client {
  const row = loadClient(ctx, id);
  const target = findProvider(ctx, providerId);
  if (!target) throw validation([{ path: 'providerId', message: `no service provider ${providerId}` }]);
  if (target.id === row.provider_id) {
    throw validation([{ path: 'providerId', message: `the client is already with ${target.id}` }]);
  }
  const current = findProvider(ctx, row.provider_id);
  if (!current || current.group_id !== target.group_id) {
    throw new ProblemError(
      409,
      'provider-not-in-group',
      'Provider not in the group',
      `service provider ${target.id} is not in the same service-provider group as ${row.provider_id}`,
    );
  }
  const from = row.provider_id;
  const now = nowIso(ctx);
  row.provider_id = target.id;
  row.caseworker_ids = '[]';
  const reasons = reason?.trim();
  if (reasons) row.referral_reasons = reasons;
  row.updated_at = now;
  saveClient(ctx.db, row);
  if (reasons) addNote(ctx, row.id, 'referral-reasons', reasons);
  recordAudit(ctx, {
    action: 'client.refer',
    entityType: 'client',
    entityId: row.id,
    detail: { fromProviderId: from, toProviderId: target.id },
  });
  return rowToClient(row, ctx.baseUrl);
}
