// The CaMS directory and Common Assessments: lookups, and linking a portal client to CaMS.
//
// Identifier formats (as seeded and documented in fixtures/seed.json):
// - CaMS Client Reference Number: 9 digits, e.g. 100234567 (spaces are ignored).
// - CaMS Case Reference Number: "C-" and 8 digits, e.g. C-20451234. Looking one up is "no match",
//   with a hint that the Client Reference Number is needed.
// - Common Assessment number: "CA-" and 7 digits, e.g. CA-3001001.
import type { Assessment, CamsClient, Client } from '../../api/schemas.js';
import { recordAudit } from '../audit.js';
import { ProblemError } from '../context.js';
import { type ClientRow, loadClient, rowToClient, saveClient, setNames } from './client-store.js';
import { type Ctx, getRow, nowIso, parseJsonArray, prep } from './common.js';

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
      `no CaMS client matches ${ref.trim()}: that is a CaMS Case Reference Number`,
      { hint: 'that is a CaMS Case Reference Number; use the Client Reference Number' },
    );
  }
  throw new ProblemError(
    404,
    'cams-not-found',
    'No match in CaMS',
    `no CaMS client has the Client Reference Number ${ref.trim()}`,
    {
      hint: CLIENT_REF.test(normalised)
        ? 'check the number against the client in CaMS'
        : 'a CaMS Client Reference Number has 9 digits',
    },
  );
}

/** The portal client already linked to this CaMS client, if any. */
export function linkedClientOf(ctx: Pick<Ctx, 'db'>, ref: string): { id: string } | undefined {
  return getRow<{ id: string }>(prep(ctx.db, 'SELECT id FROM clients WHERE cams_ref = ?'), ref);
}

export function assertCamsFree(ctx: Pick<Ctx, 'db'>, ref: string, exceptClientId: string | null): void {
  const holder = linkedClientOf(ctx, ref);
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

/** A submitted Common Assessment, or the refusal (unknown: 404; in progress: 422). */
export function resolveAssessment(ctx: Pick<Ctx, 'db'>, caNumber: string): AssessmentRow {
  const normalised = caNumber.trim().toUpperCase();
  const row = getRow<AssessmentRow>(prep(ctx.db, 'SELECT * FROM assessments WHERE ca_number = ?'), normalised);
  if (!row) {
    throw new ProblemError(404, 'ca-not-found', 'No match', `no Common Assessment has the number ${caNumber.trim()}`);
  }
  if (row.status !== 'submitted') {
    throw new ProblemError(
      422,
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
    linkedClientId: linkedClientOf(ctx, row.client_reference_number)?.id ?? null,
  };
}

export function lookupCams(ctx: Ctx, ref: string): CamsClient {
  return camsToApi(ctx, resolveCams(ctx, ref));
}

export function lookupAssessment(ctx: Ctx, caNumber: string): Assessment {
  const row = resolveAssessment(ctx, caNumber);
  return {
    caNumber: row.ca_number,
    status: row.status,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    submittedAt: row.submitted_at,
  };
}

/**
 * Links a client to CaMS. Linking again to the same CaMS client changes nothing; a client linked
 * to another CaMS client must be unlinked first. A Common Assessment import is replaced by the
 * link (once the person is in CaMS, CaMS is the source).
 */
export function linkCams(ctx: Ctx, clientId: string, ref: string): Client {
  const row = loadClient(ctx, clientId);
  const cams = resolveCams(ctx, ref);
  const camsRef = cams.client_reference_number;
  if (row.link_type === 'cams') {
    if (row.cams_ref === camsRef) return rowToClient(row, ctx.baseUrl);
    throw new ProblemError(
      409,
      'already-linked',
      'Already linked',
      `client ${row.id} is already linked to CaMS client ${row.cams_ref}; remove that link first`,
      { hint: 'remove the current link first (portalctl cams unlink)' },
    );
  }
  assertCamsFree(ctx, camsRef, row.id);
  const now = nowIso(ctx);
  applyCams(row, cams);
  row.link_type = 'cams';
  row.cams_ref = camsRef;
  row.ca_number = null;
  row.link_at = now;
  row.updated_at = now;
  saveClient(ctx.db, row);
  recordAudit(ctx, {
    action: 'client.cams.link',
    entityType: 'client',
    entityId: row.id,
    detail: { clientReferenceNumber: camsRef },
  });
  return rowToClient(row, ctx.baseUrl);
}

/** Removes the CaMS link: the field values stay, and become editable in the portal. */
export function unlinkCams(ctx: Ctx, clientId: string): Client {
  const row = loadClient(ctx, clientId);
  if (row.link_type !== 'cams') {
    throw new ProblemError(409, 'not-linked', 'Not linked', `client ${row.id} is not linked to CaMS`);
  }
  const previous = row.cams_ref;
  const now = nowIso(ctx);
  row.link_type = 'none';
  row.cams_ref = null;
  row.link_at = null;
  row.updated_at = now;
  saveClient(ctx.db, row);
  recordAudit(ctx, {
    action: 'client.cams.unlink',
    entityType: 'client',
    entityId: row.id,
    detail: { clientReferenceNumber: previous },
  });
  return rowToClient(row, ctx.baseUrl);
}
