// The CaMS directory and Common Assessments: lookups, and linking a portal client to CaMS.
//
// Identifier formats (as seeded and documented in fixtures/seed.json):
// - CaMS Client Reference Number: 9 digits, e.g. 100234567 (spaces are ignored).
// - CaMS Case Reference Number: "C-" and 8 digits, e.g. C-20451234. Looking one up is "no match",
//   with a hint that the Client Reference Number is needed.
// - Common Assessment number: "CA-" and 7 digits, e.g. CA-3001001.

import { CAMS_ACTOR_ID } from '../../contract/audit-actions.js';
import {
  type Assessment,
  CAMS_OWNED_FIELDS,
  type CamsClient,
  type CamsFieldChange,
  type CamsLinkPreview,
  type Client,
} from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { ProblemError } from '../context.js';
import { type ClientRow, loadClient, rowToClient, saveClient, setNames } from './client-store.js';
import { allRows, type Ctx, canSeeProvider, getRow, nowIso, parseJsonArray, prep } from './common.js';
import { nameMatches, nameWords, normaliseName } from './normalise.js';
import { withReason } from './reasons.js';

export interface CamsRow {
  client_reference_number: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  date_of_birth: string | null;
  self_identification: string;
}

export interface AssessmentRow {
  ca_number: string;
  status: 'submitted' | 'in-progress';
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  submitted_at: string | null;
}

const CLIENT_REF = /^\d{9}$/;
const CASE_REF = /^C-?\d{8}$/;
const CA_NUMBER = /^CA-\d{7}$/;

export function normaliseCamsRef(ref: string): string {
  return ref.trim().replace(/\s+/g, '').toUpperCase();
}

/** The CaMS client with this Client Reference Number, or the "no match" refusal (with the Case hint). */
export function resolveCams(ctx: Pick<Ctx, 'db'>, ref: string): CamsRow {
  const normalised = normaliseCamsRef(ref);
  if (CLIENT_REF.test(normalised)) {
    const row = getRow<CamsRow>(
      prep(ctx.db, 'SELECT * FROM cams_clients WHERE client_reference_number = ?'),
      normalised,
    );
    if (row) return row;
  } else if (
    CASE_REF.test(normalised) ||
    getRow(prep(ctx.db, 'SELECT 1 AS found FROM cams_cases WHERE case_reference_number = ?'), normalised)
  ) {
    throw new ProblemError(
      404,
      'cams-case-reference',
      'No match in CaMS',
      `no CaMS client matches ${ref.trim()}: that is a CaMS Case Reference Number, not a Client Reference Number`,
      { hint: "use the client's Client Reference Number (9 digits), shown on their client record in CaMS" },
    );
  }
  // The detail says what was wrong (no such client, or not the shape of a number), the hint what to do.
  throw new ProblemError(
    404,
    'cams-not-found',
    'No match in CaMS',
    CLIENT_REF.test(normalised)
      ? `no CaMS client has the Client Reference Number ${ref.trim()}`
      : `no CaMS client matches ${ref.trim()}: a Client Reference Number has 9 digits`,
    { hint: "check the number against the client's record in CaMS" },
  );
}

/** The portal client already linked to this CaMS client, if any. */
export function linkedClientOf(ctx: Pick<Ctx, 'db'>, ref: string): { id: string; provider_id: string } | undefined {
  return getRow<{ id: string; provider_id: string }>(
    prep(ctx.db, 'SELECT id, provider_id FROM clients WHERE cams_ref = ?'),
    ref,
  );
}

export function assertCamsFree(ctx: Pick<Ctx, 'db' | 'principal'>, ref: string, exceptClientId: string | null): void {
  const holder = linkedClientOf(ctx, ref);
  if (holder && holder.id !== exceptClientId && !canSeeProvider(ctx.principal, holder.provider_id)) {
    // Another provider's client does not exist for this caller: say the link is taken, not by whom.
    throw new ProblemError(
      409,
      'cams-already-linked',
      'CaMS client already linked',
      `CaMS client ${ref} is already linked to a client at another service provider; a CaMS client links to one portal client only`,
      {
        hint: 'if this is the same person, ask a group administrator (sp-group-admin) to refer that client to your provider',
      },
    );
  }
  if (holder && holder.id !== exceptClientId) {
    throw new ProblemError(
      409,
      'cams-already-linked',
      'CaMS client already linked',
      `CaMS client ${ref} is already linked to portal client ${holder.id}; a CaMS client links to one portal client only`,
      { existingClientId: holder.id },
    );
  }
}

/** A submitted Common Assessment, or "no match" (404): unknown, or still in progress. */
export function resolveAssessment(ctx: Pick<Ctx, 'db'>, caNumber: string): AssessmentRow {
  const normalised = caNumber.trim().toUpperCase();
  const row = getRow<AssessmentRow>(prep(ctx.db, 'SELECT * FROM assessments WHERE ca_number = ?'), normalised);
  if (!row) {
    throw new ProblemError(
      404,
      'ca-not-found',
      'No match',
      CA_NUMBER.test(normalised)
        ? `no Common Assessment has the number ${caNumber.trim()}`
        : `no Common Assessment has the number ${caNumber.trim()}: a CA number is CA- and 7 digits`,
      { hint: 'check the number against the Common Assessment' },
    );
  }
  if (row.status !== 'submitted') {
    throw new ProblemError(
      404,
      'ca-in-progress',
      'Assessment not submitted',
      'no match: only submitted assessments can be imported',
      { hint: `Common Assessment ${row.ca_number} is still in progress; import it once it is submitted` },
    );
  }
  return row;
}

/** Copies the CaMS-owned fields from the CaMS record onto the client (CaMS is their source). */
export function applyCams(row: ClientRow, cams: CamsRow): void {
  setNames(row, cams.first_name, cams.last_name, row.preferred_name);
  row.phone = cams.phone;
  row.address = cams.address;
  row.date_of_birth = cams.date_of_birth;
  row.self_identification = cams.self_identification;
}

function camsToApi(ctx: Ctx, row: CamsRow): CamsClient {
  return {
    clientReferenceNumber: row.client_reference_number,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    dateOfBirth: row.date_of_birth,
    selfIdentification: parseJsonArray(row.self_identification),
    ...linkFor(ctx, row.client_reference_number),
  };
}

/** Which portal client has this CaMS client, as far as the caller may know. */
function linkFor(ctx: Ctx, ref: string): { linkedClientId: string | null; linkedElsewhere: boolean } {
  const holder = linkedClientOf(ctx, ref);
  if (!holder) return { linkedClientId: null, linkedElsewhere: false };
  return canSeeProvider(ctx.principal, holder.provider_id)
    ? { linkedClientId: holder.id, linkedElsewhere: false }
    : { linkedClientId: null, linkedElsewhere: true };
}

export function lookupCams(ctx: Ctx, ref: string): CamsClient {
  return camsToApi(ctx, resolveCams(ctx, ref));
}

interface AssessmentHolder {
  id: string;
  provider_id: string;
  first_name: string;
  last_name: string;
}

/**
 * The client a Common Assessment was copied to. `clients.ca_number` keeps the number after a CaMS
 * link takes the place of the import, so an assessment stays used once copied.
 */
function assessmentHolder(ctx: Pick<Ctx, 'db'>, caNumber: string): AssessmentHolder | undefined {
  return getRow<AssessmentHolder>(
    prep(ctx.db, 'SELECT id, provider_id, first_name, last_name FROM clients WHERE ca_number = ? ORDER BY id LIMIT 1'),
    caNumber,
  );
}

/**
 * A Common Assessment is copied once: a second import is refused, naming the client who has it
 * when the caller may see that client, and only "in use at another provider" otherwise.
 */
export function assertAssessmentFree(ctx: Pick<Ctx, 'db' | 'principal'>, caNumber: string): void {
  const holder = assessmentHolder(ctx, caNumber);
  if (!holder) return;
  if (canSeeProvider(ctx.principal, holder.provider_id)) {
    throw new ProblemError(
      409,
      'ca-already-imported',
      'Common Assessment already imported',
      `Common Assessment ${caNumber} was already imported for client ${holder.id} (${holder.first_name} ${holder.last_name}); a Common Assessment is copied once`,
      {
        existingClientId: holder.id,
        hint: `if this is the same person, work with client ${holder.id}; otherwise check the CA number`,
      },
    );
  }
  throw new ProblemError(
    409,
    'ca-already-imported',
    'Common Assessment already imported',
    `Common Assessment ${caNumber} is in use at another provider: it was already imported for a client there; a Common Assessment is copied once`,
    { hint: 'check the CA number; if it is right, the person is a client of another provider' },
  );
}

export function lookupAssessment(ctx: Ctx, caNumber: string): Assessment {
  const row = resolveAssessment(ctx, caNumber);
  const holder = assessmentHolder(ctx, row.ca_number);
  return {
    caNumber: row.ca_number,
    status: row.status,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    submittedAt: row.submitted_at,
    imported: holder !== undefined,
    importedClientId: holder && canSeeProvider(ctx.principal, holder.provider_id) ? holder.id : null,
  };
}

type FieldValue = CamsFieldChange['from'];

function portalValues(row: ClientRow): Record<CamsFieldChange['field'], FieldValue> {
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    address: row.address,
    dateOfBirth: row.date_of_birth,
    selfIdentification: parseJsonArray(row.self_identification),
  };
}

function camsValues(cams: CamsRow): Record<CamsFieldChange['field'], FieldValue> {
  return {
    firstName: cams.first_name,
    lastName: cams.last_name,
    phone: cams.phone,
    address: cams.address,
    dateOfBirth: cams.date_of_birth,
    selfIdentification: parseJsonArray(cams.self_identification),
  };
}

/** The CaMS-owned fields whose portal value the CaMS value would replace, with both values. */
function camsChanges(row: ClientRow, cams: CamsRow): CamsFieldChange[] {
  const from = portalValues(row);
  const to = camsValues(cams);
  const empty = (v: FieldValue) => v === null || v === '' || (Array.isArray(v) && v.length === 0);
  return CAMS_OWNED_FIELDS.filter(
    (field) => !(empty(from[field]) && empty(to[field])) && JSON.stringify(from[field]) !== JSON.stringify(to[field]),
  ).map((field) => ({ field, from: from[field], to: to[field] }));
}

/** One name part matches another when either is a prefix of the other or of one of its words. */
function partMatches(a: string, b: string): boolean {
  const normA = normaliseName(a);
  const normB = normaliseName(b);
  return nameMatches(normA, normB, nameWords(b)) || nameMatches(normB, normA, nameWords(a));
}

/**
 * Whether the portal client and the CaMS client can be the same person by name, with the duplicate
 * check's normalisation: the whole names are equal however the words split between first and last
 * name, or first and last names each match (partially: "Em" = "Emma", "Wang" = "Wang-Li"). The
 * preferred name counts as a first name.
 */
export function namesAgree(row: ClientRow, cams: CamsRow): boolean {
  if (normaliseName(row.first_name + row.last_name) === normaliseName(cams.first_name + cams.last_name)) return true;
  if (!partMatches(row.last_name, cams.last_name)) return false;
  return (
    partMatches(row.first_name, cams.first_name) ||
    (row.preferred_name !== null && partMatches(row.preferred_name, cams.first_name))
  );
}

interface LinkPlan {
  row: ClientRow;
  cams: CamsRow;
  alreadyLinked: boolean;
  changes: CamsFieldChange[];
  nameMismatch: boolean;
}

/**
 * What linking would do, with the refusals that no flag overrides: the client is linked to
 * another CaMS client, or the CaMS client to another portal client.
 */
function planLink(ctx: Ctx, clientId: string, ref: string): LinkPlan {
  const row = loadClient(ctx, clientId);
  const cams = resolveCams(ctx, ref);
  const camsRef = cams.client_reference_number;
  if (row.link_type === 'cams') {
    if (row.cams_ref === camsRef) return { row, cams, alreadyLinked: true, changes: [], nameMismatch: false };
    throw new ProblemError(
      409,
      'already-linked',
      'Already linked',
      `client ${row.id} is already linked to CaMS client ${row.cams_ref}; remove that link first`,
      { hint: 'remove the current link first (portalctl cams unlink)' },
    );
  }
  assertCamsFree(ctx, camsRef, row.id);
  return { row, cams, alreadyLinked: false, changes: camsChanges(row, cams), nameMismatch: !namesAgree(row, cams) };
}

export function previewCamsLink(ctx: Ctx, clientId: string, ref: string): CamsLinkPreview {
  const plan = planLink(ctx, clientId, ref);
  return {
    clientId: plan.row.id,
    camsClient: camsToApi(ctx, plan.cams),
    alreadyLinked: plan.alreadyLinked,
    changes: plan.changes,
    nameMismatch: plan.nameMismatch,
    replaces: plan.row.link_type === 'ca' && plan.row.ca_number ? { type: 'ca', caNumber: plan.row.ca_number } : null,
  };
}

/**
 * Links a client to CaMS: the CaMS values replace the CaMS-owned fields, and the audit entry keeps
 * the old and new value of each replaced field. Names that clearly differ (probably a wrong
 * reference number) are refused unless `force`. Linking again to the same CaMS client changes
 * nothing; a client linked to another CaMS client must be unlinked first. A Common Assessment
 * import is replaced by the link (once the person is in CaMS, CaMS is the source); the CA number
 * stays recorded, so the assessment is not imported again.
 */
export function linkCams(ctx: Ctx, clientId: string, ref: string, force = false): Client {
  const { row, cams, alreadyLinked, changes, nameMismatch } = planLink(ctx, clientId, ref);
  if (alreadyLinked) return rowToClient(row, ctx.baseUrl);
  const camsRef = cams.client_reference_number;
  if (nameMismatch && !force) {
    throw new ProblemError(
      409,
      'cams-name-mismatch',
      'Names differ',
      `the names differ: client ${row.id} is ${row.first_name} ${row.last_name}, CaMS client ${camsRef} is ${cams.first_name} ${cams.last_name}; nothing was linked`,
      {
        hint: `the Client Reference Number may be wrong: check ${camsRef} against the client in CaMS; if this is the same person, link with force`,
        errors: [{ path: 'clientReferenceNumber', message: 'belongs to a CaMS client with another name' }],
      },
    );
  }
  const replacedLink = row.link_type === 'ca' ? { type: 'ca', caNumber: row.ca_number } : null;
  const now = nowIso(ctx);
  applyCams(row, cams);
  row.link_type = 'cams';
  row.cams_ref = camsRef;
  row.link_at = now;
  row.cams_refreshed_at = now;
  row.updated_at = now;
  saveClient(ctx.db, row);
  // The replaced values cannot be found anywhere else: the audit keeps them.
  recordAudit(ctx, {
    action: 'client.cams.link',
    entityType: 'client',
    entityId: row.id,
    detail: {
      clientReferenceNumber: camsRef,
      changes,
      ...(nameMismatch ? { nameMismatch: true, forced: true } : {}),
      ...(replacedLink ? { replacedLink } : {}),
    },
  });
  return rowToClient(row, ctx.baseUrl);
}

/** Removes the CaMS link: the field values stay, and become editable in the portal. */
export function unlinkCams(ctx: Ctx, clientId: string, reason?: string): Client {
  const row = loadClient(ctx, clientId);
  if (row.link_type !== 'cams') {
    throw new ProblemError(409, 'not-linked', 'Not linked', `client ${row.id} is not linked to CaMS`);
  }
  const previous = row.cams_ref;
  const now = nowIso(ctx);
  row.link_type = 'none';
  row.cams_ref = null;
  row.link_at = null;
  row.cams_refreshed_at = null;
  row.updated_at = now;
  saveClient(ctx.db, row);
  recordAudit(ctx, {
    action: 'client.cams.unlink',
    entityType: 'client',
    entityId: row.id,
    // The values are not changed back: they stay as CaMS last gave them, now edited in the portal.
    detail: withReason({ clientReferenceNumber: previous, valuesKept: [...CAMS_OWNED_FIELDS] }, reason),
  });
  return rowToClient(row, ctx.baseUrl);
}

/** A change CaMS makes to one of its client records (the local portal's stand-in for CaMS). */
export interface CamsRecordChange {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  address?: string | null | undefined;
  dateOfBirth?: string | null | undefined;
  selfIdentification?: string[] | undefined;
}

/**
 * CaMS changes one of its records: the local CaMS directory takes the change, and every portal
 * client linked to that record takes the new CaMS-owned values in the same transaction.
 */
export function changeCamsRecord(ctx: Ctx, ref: string, change: CamsRecordChange): CamsClient {
  const cams = { ...resolveCams(ctx, ref) };
  if (change.firstName !== undefined) cams.first_name = change.firstName;
  if (change.lastName !== undefined) cams.last_name = change.lastName;
  if (change.email !== undefined) cams.email = change.email || null;
  if (change.phone !== undefined) cams.phone = change.phone || null;
  if (change.address !== undefined) cams.address = change.address || null;
  if (change.dateOfBirth !== undefined) cams.date_of_birth = change.dateOfBirth || null;
  if (change.selfIdentification !== undefined) cams.self_identification = JSON.stringify(change.selfIdentification);
  prep(
    ctx.db,
    `UPDATE cams_clients SET first_name = ?, last_name = ?, email = ?, phone = ?, address = ?, date_of_birth = ?,
       self_identification = ? WHERE client_reference_number = ?`,
  ).run(
    cams.first_name,
    cams.last_name,
    cams.email,
    cams.phone,
    cams.address,
    cams.date_of_birth,
    cams.self_identification,
    cams.client_reference_number,
  );
  refreshFromCams(ctx, cams);
  return camsToApi(ctx, cams);
}

/**
 * Applies a CaMS record to every client linked to it (CaMS sends a change; the portal applies it
 * at once). Each client whose CaMS-owned values change gets an audit entry made by CaMS, with the
 * old and new value of each field, as a staff member's edit has; the refresh time moves in any case.
 */
export function refreshFromCams(ctx: Ctx, cams: CamsRow): void {
  const linked = allRows<ClientRow>(
    prep(ctx.db, "SELECT * FROM clients WHERE link_type = 'cams' AND cams_ref = ? ORDER BY id"),
    cams.client_reference_number,
  );
  const now = nowIso(ctx);
  for (const row of linked) {
    const changes = camsChanges(row, cams);
    row.cams_refreshed_at = now;
    if (changes.length > 0) {
      applyCams(row, cams);
      row.updated_at = now;
    }
    saveClient(ctx.db, row);
    if (changes.length === 0) continue;
    recordAudit(ctx, {
      action: 'client.update',
      entityType: 'client',
      entityId: row.id,
      actorId: CAMS_ACTOR_ID,
      detail: {
        clientReferenceNumber: cams.client_reference_number,
        fields: changes.map((c) => c.field),
        changes: Object.fromEntries(changes.map((c) => [c.field, { from: c.from, to: c.to }])),
      },
    });
  }
}
