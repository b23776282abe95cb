// What the API document says besides the shapes: what each operation does, who may call it, its
// rules and side effects, what each refusal means and what to do about it, and examples taken from
// the seed data. openapi.ts joins it to the schemas of routes.ts and schemas.ts; a test
// (test/server/platform/openapi-coverage.test.ts) fails when an operation, schema, property or
// parameter has no text here, or when an example does not match its schema.
import type { ProblemCode } from './problems.js';
import type { RouteName } from './routes.js';

/** Error statuses whose problem codes depend on the operation. */
export type DomainStatus = 403 | 404 | 409 | 422;

export interface OperationText {
  /** What it does, its rules and side effects (emails, case notes, audit), in Markdown. */
  description: string;
  /** Problem codes the operation's own rules answer, by status (the platform's are added). */
  refusals?: Partial<Record<DomainStatus, ProblemCode[]>>;
  /** A request body an integrator would send. */
  requestExample?: unknown;
  /** The success answer, when the schema's own example does not fit. */
  responseExample?: unknown;
}

// ── Problem codes ─────────────────────────────────────────────────────────────────────────────

export interface ProblemText {
  title: string;
  /** A typical detail, as the portal writes it. */
  detail: string;
  /** What the caller should do. */
  action: string;
}

export const PROBLEM_TEXT: Record<ProblemCode, ProblemText> = {
  unauthenticated: {
    title: 'Authentication required',
    detail: 'Send an API token as `Authorization: Bearer <token>`.',
    action: 'Send a valid bearer token; ask a portal administrator for one.',
  },
  'token-revoked': {
    title: 'Token revoked',
    detail: 'This token was revoked.',
    action: 'Stop using this token; ask a portal administrator for a new one.',
  },
  'token-expired': {
    title: 'Token expired',
    detail: 'This token has expired.',
    action: 'Ask a portal administrator for a new token.',
  },
  forbidden: {
    title: 'Permission denied',
    detail: 'This token lacks the `clients` permission.',
    action: 'The permission is named in `missingPermission`: ask an administrator to grant it; retrying will not help.',
  },
  'not-found': {
    title: 'Not found',
    detail: 'no client cl_000999',
    action:
      "Check the id. Records of another service provider do not exist for a provider's staff, so they are not found either.",
  },
  validation: {
    title: 'Validation failed',
    detail: 'Invalid fields: email.',
    action: 'Fix the fields named in `errors[]` (each with a message) and send again.',
  },
  'unknown-fields': {
    title: 'Unknown fields',
    detail: 'The request has fields the API does not know: colour.',
    action: 'Remove the fields named in `errors[]`; request bodies and queries accept only the documented fields.',
  },
  'email-taken': {
    title: 'Email already in use',
    detail: 'maryann.obrien1@example.org is already the email of client cl_000001',
    action:
      'Open the client in `existingClientId` instead of adding one; `samePerson` tells whether it is the same person. An email held at another provider is said to be "in use at another provider" without naming the client.',
  },
  'duplicate-name': {
    title: 'Possible duplicate',
    detail: 'a client named Mary-Ann O’Brien already exists at sp_northstar (cl_000001)',
    action: 'Check the clients named (GET /v1/clients/duplicates); add anyway without `nameMatch=refuse`.',
  },
  'cams-case-reference': {
    title: 'No match in CaMS',
    detail: 'no CaMS client matches C-24100037: that is a CaMS Case Reference Number, not a Client Reference Number',
    action: 'Use the CaMS Client Reference Number (9 digits), not the Case Reference Number.',
  },
  'cams-not-found': {
    title: 'No match in CaMS',
    detail: 'no CaMS client has the Client Reference Number 149999999',
    action: 'Check the number against the client in CaMS, or add the client without a link.',
  },
  'cams-already-linked': {
    title: 'CaMS client already linked',
    detail:
      'CaMS client 140007919 is already linked to portal client cl_000001; a CaMS client links to one portal client only',
    action:
      'Open the client in `existingClientId`. Linked at another provider (not named): ask a group administrator to refer that client.',
  },
  'cams-name-mismatch': {
    title: 'Names differ',
    detail: 'the client is named José Côté, CaMS client 140007919 is Mary-Ann O’Brien',
    action:
      'Check GET …/cams-link/preview: if it is the same person, send the link again with `force: true`; otherwise use the right number.',
  },
  'cams-owned-field': {
    title: 'Field owned by CaMS',
    detail: 'phone comes from CaMS while the client is linked: update this in CaMS',
    action: 'Update the fields named in `errors[]` in CaMS, or remove the CaMS link first.',
  },
  'not-linked': {
    title: 'Not linked',
    detail: 'client cl_000002 is not linked to CaMS',
    action: 'Nothing to remove: the client has no CaMS link.',
  },
  'already-linked': {
    title: 'Already linked',
    detail: 'client cl_000001 is already linked to CaMS client 140007919; remove that link first',
    action: 'Remove the current link (DELETE …/cams-link) before linking to another CaMS client.',
  },
  'ca-in-progress': {
    title: 'Assessment not submitted',
    detail: 'no match: only submitted assessments can be imported',
    action: 'Wait until the Common Assessment is submitted, then import it.',
  },
  'ca-not-found': {
    title: 'No match',
    detail: 'no Common Assessment has the number CA-3999999',
    action: 'Check the Common Assessment number.',
  },
  'ca-already-imported': {
    title: 'Assessment already imported',
    detail: 'Common Assessment CA-3001002 was already imported for client cl_000002',
    action: 'A Common Assessment is copied once: open the client in `existingClientId` (when you may see it).',
  },
  'already-logged-in': {
    title: 'Client has logged in',
    detail: 'client cl_000002 has already logged in, so the invitation cannot be resent',
    action: 'Send a password reset instead (POST /v1/clients/{id}/password-reset).',
  },
  'invite-declined': {
    title: 'Invitation declined',
    detail: 'client cl_000005 declined the invitation',
    action: 'Invite again only if the client asks for it, with `reinvite: true`.',
  },
  'resend-cooldown': {
    title: 'Invitation sent recently',
    detail:
      'client cl_000001 was sent an invitation at 2026-11-23T10:15:00.000Z; another one within 10 minutes is refused',
    action:
      'The client was emailed an invitation minutes ago (`lastSentAt`): wait for the seconds in Retry-After (until `retryAt`), or send it anyway with `force: true`, which the audit log records.',
  },
  'no-invite': {
    title: 'No invitation',
    detail: 'client cl_000007 has not logged in yet, so has no password to reset',
    action:
      'Read `detail`: for a password reset, the client has not logged in yet (send the invitation instead); on an invitation page, there is no invitation to accept or it was answered already.',
  },
  'representative-exists': {
    title: 'Already a representative',
    detail:
      'grace.nwosu@example.org is already a representative of client cl_000001 (rp_0mwt3hblk0000360f6613, invitation pending)',
    action:
      'One record per email and client: act on the representative in `existingRepresentativeId` (resend while pending; re-invite with `reinvite: true` after a decline), as `hint` says.',
  },
  'representative-is-client': {
    title: 'The client’s own email',
    detail: 'ada.okafor@example.org is the email of client cl_000001: a client is not their own representative',
    action: 'Invite the client themselves (POST /v1/clients/{id}/invitations), or give the representative’s own email.',
  },
  'representative-accepted': {
    title: 'Invitation accepted',
    detail:
      'representative rp_0mwt3hblk0000360f6613 has accepted the invitation already: there is no invitation to send',
    action: 'Nothing to send or decline: they sign in with their own password. To end their access, remove them.',
  },
  'invite-link-invalid': {
    title: 'Invitation link not valid',
    detail: 'this invitation link was replaced by a newer one',
    action: 'Use the newest invitation link (resend the invitation for a fresh one).',
  },
  'not-note-author': {
    title: 'Forbidden',
    detail: "only the note's author (st_cwa004) may edit it",
    action: "Ask the note's author or an administrator; to add to it, add a new note.",
  },
  'note-referral-reasons': {
    title: 'Reasons for referral keep their history',
    detail: 'note nt_000004 holds reasons for referral, whose history is kept: it cannot be edited',
    action: 'Give the new reasons as a change to the client (`referral.reasons`): they are added as a new note.',
  },
  archived: {
    title: 'Client archived',
    detail: 'client cl_000003 is archived: archived clients cannot be invited',
    action: 'Restore the client first (POST /v1/clients/{id}/restore).',
  },
  'not-archived': {
    title: 'Not archived',
    detail: 'client cl_000001 is not archived',
    action: 'Nothing to restore: the client is not archived.',
  },
  'provider-not-in-group': {
    title: 'Provider not in your group',
    detail: 'service provider sp_rideau is not in your service-provider group',
    action: 'Choose a service provider of the same service-provider group.',
  },
  'staff-not-in-provider': {
    title: 'Staff not in the service provider',
    detail: "st_lake01 is not staff of sp_northstar: a caseworker is staff of the client's service provider",
    action: "Choose staff of the client's service provider (GET /v1/staff).",
  },
  'staff-not-caseworker': {
    title: 'Staff cannot be a caseworker',
    detail: 'st_portal01 (Sam Lee) lacks the clients permission a caseworker needs',
    action: 'Choose staff who hold the `clients` permission.',
  },
  'portal-user-inactive': {
    title: 'Portal user deactivated',
    detail: 'portal user pu_000003 is deactivated (since 2026-09-01T12:00:00.000Z): a deactivated user is sent no link',
    action:
      'Reactivate them if they need access again (POST /v1/portal-users/{id}/reactivate): the same record, history kept. They are not invited a second time.',
  },
  'link-expired': {
    title: 'Link expired',
    detail: 'shared link ln_000002 has expired',
    action: 'Send the user a new link by inviting them again.',
  },
  'unsupported-file-type': {
    title: 'Not a PDF or Word document',
    detail: 'the file is neither a PDF nor a Word document; the portal takes PDF or Word (.docx, .doc) documents only',
    action: 'Save the document as PDF or Word and upload that.',
  },
  'file-exists': {
    title: 'File already uploaded',
    detail: 'client cl_000001 already has this file (fl_0mwt3h3vs0000406aef26, the same content)',
    action: 'Nothing to do: the client has it (`existingFileId`).',
  },
  'consent-required': {
    title: 'Consent not recorded',
    detail: 'client cl_000004 has not consented to being shared with employers',
    action:
      'Ask the client; once they agree, record it (PUT /v1/clients/{id}/consent with `shareWithEmployers: true`, or `portalctl clients consent CLIENT --share-with-employers yes`) and send again.',
  },
  'already-candidate': {
    title: 'Already a candidate',
    detail: 'client cl_000001 is already a candidate for job jb_maple002 (cd_000001)',
    action: 'Nothing to add: the candidate is there (`existingCandidateId`).',
  },
  'client-is-candidate': {
    title: 'Client is a candidate on client portals',
    detail: 'client cl_000001 is a candidate on Maple Logistics hiring portal (Forklift operator)',
    action: 'Withdrawing consent takes them off those portals: send again with `removeCandidates: true`.',
  },
  'job-has-candidates': {
    title: 'Job has candidates',
    detail: 'job jb_maple002 has 1 candidate on the portal',
    action: 'Take the candidates off first, or send again with `withCandidates: true` to take them off with the job.',
  },
  'job-only-access': {
    title: "Job is a user's only access",
    detail: 'job jb_maple002 is the only job portal user pu_000002 has access to',
    action: "Change that user's access first (PUT /v1/portal-users/{id}/access), then remove the job.",
  },
  'job-title-taken': {
    title: 'Job title in use',
    detail: 'portal po_northstar01 already has a job "Forklift operator" (jb_maple002)',
    action: 'Job titles name jobs in a portal: choose another title.',
  },
  'idempotency-key-reused': {
    title: 'Idempotency key reused',
    detail: 'This Idempotency-Key was already used for a different request (another body, method or path).',
    action: 'Use a fresh Idempotency-Key for each distinct request; reuse a key only to retry the same request.',
  },
  'idempotency-key-in-flight': {
    title: 'Request in progress',
    detail: 'A request with this Idempotency-Key is still being processed.',
    action: 'Retry the same request after Retry-After seconds to receive its answer.',
  },
  'rate-limited': {
    title: 'Too many requests',
    detail: 'This portal allows 10 requests per second per token.',
    action: 'Wait for the seconds in Retry-After, then retry; RateLimit-* headers show the quota.',
  },
  'payload-too-large': {
    title: 'Request body too large',
    detail: 'Request bodies are limited to 1048576 bytes.',
    action: 'Send a smaller body (split a batch into several).',
  },
  'uri-too-long': {
    title: 'URI too long',
    detail: 'The request URI is longer than this portal accepts.',
    action: 'Shorten the query (fewer or shorter filters).',
  },
  'headers-too-large': {
    title: 'Request header fields too large',
    detail: 'The request headers are larger than this portal accepts.',
    action: 'Send fewer or shorter headers.',
  },
  'method-not-allowed': {
    title: 'Method not allowed',
    detail: 'PUT is not allowed on /v1/clients.',
    action: 'Use one of the methods in the Allow header.',
  },
  internal: {
    title: 'Internal server error',
    detail: 'The portal failed to handle the request.',
    action:
      'Retry later; a request sent with an Idempotency-Key can be retried with the same key safely. Report it if it persists.',
  },
  unavailable: {
    title: 'Service unavailable',
    detail: 'The portal is unavailable for now.',
    action: 'Retry after Retry-After seconds (with the same Idempotency-Key, if any).',
  },
};

// ── Examples from the seed data ───────────────────────────────────────────────────────────────

const AT = '2026-11-23T10:15:00.000Z';

const CLIENT_EXAMPLE = {
  id: 'cl_000001',
  status: 'referral',
  archived: false,
  providerId: 'sp_northstar',
  caseworkerIds: [],
  firstName: 'Mary-Ann',
  lastName: "O'Brien",
  preferredName: null,
  pronouns: 'they/them',
  email: 'maryann.obrien1@example.org',
  pendingEmail: null,
  phone: '437-555-0101',
  address: '1489 Main St N, North York, ON M2N 8M4',
  dateOfBirth: '1979-08-05',
  selfIdentification: ['Person with a disability'],
  targetOccupations: ['Electrician apprentice'],
  referral: {
    source: 'Settlement agency',
    referenceNumber: null,
    reasons: 'Interested in trades training (pre-apprenticeship).',
  },
  serviceNeeds: ['Digital skills'],
  transportation: 'public-transit',
  communication: { channel: 'phone', jobPostUpdates: true, frequency: 'weekly' },
  link: {
    type: 'cams',
    clientReferenceNumber: '140007919',
    linkedAt: '2025-09-05T13:46:41.351Z',
    refreshedAt: '2026-11-20T15:02:11.000Z',
  },
  invite: {
    status: 'pending',
    link: 'https://portal.example.org/invite/cl_000001.gM-VcU3Pe_HViJB9m9SduzXa',
    sentAt: '2025-09-05T13:47:41.351Z',
    sentTo: 'maryann.obrien1@example.org',
    declinedAt: null,
    lastLoginAt: null,
  },
  safetyFlags: [],
  consent: { shareWithEmployers: true, recordedAt: '2025-10-02T15:00:00.000Z', recordedBy: 'st_cwa001' },
  createdAt: '2025-09-05T13:46:41.351Z',
  updatedAt: '2025-10-05T13:46:41.351Z',
};

const NEW_CLIENT_EXAMPLE = {
  ...CLIENT_EXAMPLE,
  id: 'cl_0mwt3h6yw00009ed08ca0',
  firstName: 'Amara',
  lastName: 'Nwosu',
  pronouns: null,
  email: 'amara.nwosu@example.org',
  phone: '416-555-0142',
  address: null,
  dateOfBirth: null,
  selfIdentification: [],
  targetOccupations: ['Warehouse associate'],
  referral: { source: 'Walk-in', referenceNumber: null, reasons: 'Looking for warehouse work near transit.' },
  serviceNeeds: [],
  communication: { channel: 'email', jobPostUpdates: true, frequency: 'weekly' },
  link: { type: 'none' },
  invite: {
    status: 'pending',
    link: 'https://portal.example.org/invite/cl_0mwt3h6yw00009ed08ca0.0hXyxm_KIKdJLmdZcoVp20iW',
    sentAt: AT,
    sentTo: 'amara.nwosu@example.org',
    declinedAt: null,
    lastLoginAt: null,
  },
  createdAt: AT,
  updatedAt: AT,
};

const PROVIDER_EXAMPLE = {
  id: 'sp_northstar',
  name: 'Northstar Employment Services',
  groupId: 'grp_gta',
  groupName: 'Greater Toronto Employment Network',
};
const STAFF_EXAMPLE = {
  id: 'st_clients01',
  name: 'Daniel Okafor',
  email: 'daniel.okafor@northstar.example.org',
  providerId: 'sp_northstar',
  permissions: ['clients'],
};
const CAMS_CLIENT_EXAMPLE = {
  clientReferenceNumber: '210314187',
  firstName: 'Santiago',
  lastName: 'Rodríguez',
  email: null,
  phone: '289-555-0103',
  address: '385 Hurontario St, Brampton, ON L6T 8A2',
  dateOfBirth: '1993-01-13',
  selfIdentification: [],
  linkedClientId: null,
  linkedElsewhere: false,
};
const SHARED_LINK_EXAMPLE = {
  id: 'ln_000001',
  portalUserId: 'pu_000001',
  url: 'https://portal.example.org/p/jp-iJPSIpgGvGxToZ-tr-Elg',
  status: 'active',
  sentAt: '2026-06-02T14:00:00.000Z',
  lastUsedAt: '2026-10-28T16:42:10.000Z',
  lastUsedIp: '203.0.113.24',
  expiredAt: null,
};
const PORTAL_USER_EXAMPLE = {
  id: 'pu_000001',
  portalId: 'po_northstar01',
  email: 'rebecca.hughes@maple-logistics.example.com',
  firstName: 'Rebecca',
  lastName: 'Hughes',
  access: { type: 'all-jobs' },
  status: 'active',
  invitedAt: '2026-06-02T14:00:00.000Z',
  deactivatedAt: null,
};
const OUTBOX_EXAMPLE = {
  id: 'ob_0mwt3hd540000d30d5fd9',
  to: 'amara.nwosu@example.org',
  kind: 'invitation',
  subject: 'You are invited to the Jobs Portal',
  link: 'https://portal.example.org/invite/cl_0mwt3h6yw00009ed08ca0.Vi8w8a5hnwbEWFl_FIYuZDTs',
  clientId: 'cl_0mwt3h6yw00009ed08ca0',
  portalUserId: null,
  createdAt: AT,
};
const CLIENT_CREATE_EXAMPLE = {
  firstName: 'Amara',
  lastName: 'Nwosu',
  email: 'amara.nwosu@example.org',
  phone: '416-555-0142',
  targetOccupations: ['Warehouse associate'],
  referral: { source: 'Walk-in', reasons: 'Looking for warehouse work near transit.' },
  communication: { channel: 'email', jobPostUpdates: true, frequency: 'weekly' },
};

// ── Schemas and their properties ──────────────────────────────────────────────────────────────

export interface SchemaText {
  description: string;
  example?: unknown;
  /** Descriptions of this schema's properties, by dotted path (array items add no segment). */
  properties?: Record<string, string>;
}

/** Properties that mean the same wherever they are; a schema's own text wins. */
export const COMMON_PROPERTIES: Record<string, string> = {
  createdAt: 'When it was created.',
  updatedAt: 'When it last changed.',
  clientId: 'The client it belongs to.',
  providerId: 'The service provider.',
  firstName: 'First (given) name.',
  lastName: 'Last (family) name.',
  email: 'Email address.',
  phone: 'Phone number, as written (e.g. `416-555-0123`).',
  address: 'Primary address; may span lines.',
  dateOfBirth: 'Date of birth (`YYYY-MM-DD`).',
  selfIdentification: 'Self-identification, as the person chose to give it (free tags).',
  preferredName: 'The name the person prefers to be called.',
  pronouns: 'Pronouns, e.g. `she/her`.',
  targetOccupations: 'Occupations the person is looking for work in.',
  serviceNeeds: 'Services the person needs (free tags, e.g. `Childcare`).',
  transportation: 'Access to transportation.',
  communication: 'Communication preferences.',
  'communication.channel': "The caseworker's channel of communication with the client.",
  'communication.jobPostUpdates': 'Whether the client gets job-post updates.',
  'communication.frequency': 'How often the client gets job-post updates.',
  referral: 'The referral: where it came from and why.',
  'referral.source': 'Who referred the person (e.g. `Settlement agency`).',
  'referral.referenceNumber': "The referrer's own reference number.",
  'referral.reasons':
    'Reasons for referral. Saved as a case note of kind `referral-reasons`; a change adds a new note (the history is kept).',
  data: 'The items of this page (or of the whole list).',
  nextCursor: 'Pass as `cursor` to get the next page; `null` on the last page.',
  id: 'Its id.',
  status: 'Its status.',
  caNumber: 'Common Assessment number, e.g. `CA-3001002`.',
  clientReferenceNumber: 'CaMS Client Reference Number (9 digits), not a Case Reference Number.',
  portalId: 'The client portal.',
  portalUserId: 'The external portal user.',
};

const PROFILE_FIELDS: Record<string, string> = {
  firstName: 'First (given) name: 1 to 100 characters with a letter, on one line.',
  lastName: 'Last (family) name: 1 to 100 characters with a letter, on one line.',
  email: 'Email address, unique across the portal (case-insensitive).',
  preferredName: 'The name the person prefers to be called; an empty string clears it.',
  pronouns: 'Pronouns, e.g. `she/her`; an empty string clears them.',
  phone: 'Phone number: 7 to 20 digits, spaces, `+ ( ) - .`.',
  address: 'Primary address: at most 300 characters, may span lines.',
  dateOfBirth: 'Date of birth (`YYYY-MM-DD`): on or after 1900-01-01, not in the future.',
  selfIdentification: 'Self-identification tags (at most 50, each at most 100 characters); replaces the list.',
  targetOccupations: 'Occupations looked for (at most 50 tags); replaces the list.',
  serviceNeeds: 'Services needed (at most 50 tags); replaces the list.',
  transportation: 'Access to transportation.',
  communication: 'Communication preferences; only the fields given change.',
  referral: 'The referral; only the fields given change.',
  'referral.reasons':
    'Reasons for referral (free text, at most 10,000 characters). Also saved as a case note; a change adds a new note.',
};

const CREATE_FIELDS: Record<string, string> = {
  ...PROFILE_FIELDS,
  providerId:
    "The service provider the client is added to (default: the caller's); another one needs `sp-group-admin` and must be in the caller's group.",
  caseworkerIds:
    "Caseworkers to assign (at most 20; needs `sp-admin`): staff of the client's provider with the `clients` permission. With one, the client is a `client`, not a `referral`.",
  sendInvite: 'Send the portal invitation email (default `true`); the answer carries the link either way.',
  link: 'Link to CaMS, or import from a submitted Common Assessment; leave out for no link.',
  'link.camsClientReferenceNumber': 'CaMS Client Reference Number (9 digits) of the person.',
  'link.caNumber': 'Number of a submitted Common Assessment, e.g. `CA-3001002`.',
};

const OUTBOX_FIELDS: Record<string, string> = {
  id: 'Message id.',
  to: 'The address it was sent to.',
  kind: 'What it is: invitation, email confirmation, password reset, representative or portal-user invitation, referral, portal update (a notice of what changed on a client portal).',
  subject: 'Its subject.',
  link: 'The link it carries, if any.',
  clientId: 'The client it is about, if any.',
  portalUserId: 'The portal user it is about, if any.',
  createdAt: 'When it was sent.',
};

const CANDIDATE_EXAMPLE = {
  id: 'cd_000001',
  portalId: 'po_northstar01',
  jobId: 'jb_maple002',
  clientId: 'cl_000001',
  firstName: 'Mary-Ann',
  lastName: "O'Brien",
  summary: 'Forklift certified (2024); two years in a distribution centre; available for day shifts.',
  documents: [{ id: 'fl_0mwt3h3vs0000406aef26', name: 'resume.pdf', kind: 'pdf' }],
  addedAt: AT,
  addedBy: 'st_allperm01',
  removedAt: null,
  removedBy: null,
};
const CANDIDATE_FIELDS: Record<string, string> = {
  id: 'Candidate id.',
  portalId: 'The client portal.',
  jobId: 'The job of the portal they are put forward for.',
  clientId: 'The client (the jobseeker).',
  firstName: "The client's first name, as the portal shows it.",
  lastName: "The client's last name.",
  summary: 'The executive summary: a client-facing note about the candidate, shown in its own column on the portal.',
  documents: "Documents from the client's files shown with the candidate.",
  'documents.id': "The file's id (GET /v1/clients/{id}/files).",
  'documents.name': "The file's name.",
  'documents.kind': '`pdf`, `docx` or `doc`.',
  addedAt: 'When they were put forward.',
  addedBy: 'The staff member who put them forward.',
  removedAt: 'When they were taken off the portal (only in the answer to a removal).',
  removedBy: 'Who took them off.',
};
const PORTAL_JOB_EXAMPLE = { id: 'jb_maple005', title: 'Dispatcher (nights)', portalId: 'po_northstar01' };

const ACCESS = {
  access: 'What the user may see on the portal: all its jobs, or selected jobs.',
  'access.type': '`all-jobs`, or `selected-jobs` with `jobIds`.',
  'access.jobIds': 'The jobs of the portal the user may see (with `selected-jobs`).',
};

const CLIENT_PROPERTIES: Record<string, string> = {
  id: 'Client id.',
  status: '`referral` (no caseworker yet) or `client` (at least one caseworker).',
  archived: 'Archived clients are hidden from the default list (`archived=true` lists them) and can be restored.',
  providerId: 'The service provider the client belongs to.',
  caseworkerIds: "Staff assigned as caseworkers (staff of the client's provider with the `clients` permission).",
  email: 'Email address, unique across the portal; the portal invitation goes there.',
  pendingEmail: 'A new email awaiting confirmation by the client (the change is pending until then); otherwise null.',
  link: 'How the client is linked to EOIS services: CaMS, a Common Assessment import, or none.',
  invite: 'The portal invitation.',
  safetyFlags: 'Safety flags in force, oldest first (removed ones: GET …/flags).',
  consent: "The client's consents as staff recorded them (PUT …/consent).",
  'safetyFlags.id': 'Safety flag id.',
  'safetyFlags.reason': 'Why the flag was added.',
  'safetyFlags.createdAt': 'When it was added.',
  'safetyFlags.createdBy': 'The staff member who added it.',
};

export const SCHEMA_TEXT: Record<string, SchemaText> = {
  Problem: {
    description:
      'RFC 9457 problem details: the one error shape of the API, sent as `application/problem+json`. Act on `status` and `code`; `title` and `detail` are for people. More members may be added: ignore those you do not know.',
    example: {
      type: 'https://jobs-portal.example/problems/email-taken',
      title: 'Email already in use',
      status: 409,
      detail: 'maryann.obrien1@example.org is already the email of client cl_000001',
      code: 'email-taken',
      existingClientId: 'cl_000001',
      samePerson: false,
    },
    properties: {
      type: 'A URI naming the problem type (`https://jobs-portal.example/problems/<code>`).',
      title: 'A short summary of the problem type, for people.',
      status: 'The HTTP status of the answer.',
      detail: 'What went wrong with this request, for people.',
      instance: 'A URI reference naming this occurrence.',
      code: "The rule that refused the request; see the list in this API's description. An open set: a newer portal may answer codes not listed here, so treat an unknown code by its `status`.",
      errors: 'Field-level errors (422, and some 409): one per field, each with its path and a message.',
      'errors.path':
        'Dotted path of the field, e.g. `communication.frequency`; `query.`/`path.` prefixes name parameters.',
      'errors.message': 'What is wrong with the field, for people.',
      missingPermission: '403: the permission the token lacks.',
      existingClientId:
        '409 `email-taken`, `cams-already-linked`, `ca-already-imported`: the client already holding it (absent when the caller may not see that client).',
      samePerson:
        '409 `email-taken`: whether the client holding the email is the person being added (names match after normalisation, or the CaMS Client Reference Number or CA number does). Absent when the caller may not see that client.',
      existingFileId: "409 `file-exists`: the client's file with the same content.",
      lastSentAt: '409 `resend-cooldown`: when the previous invitation was sent.',
      retryAt: '409 `resend-cooldown`: from when another invitation is accepted without `force`.',
      existingCandidateId: '409 `already-candidate`: the candidate already on the portal for that job.',
      existingRepresentativeId: "409 `representative-exists`: the client's representative who has that email.",
      hint: 'A short suggestion of what to do next, for people.',
    },
  },
  FieldError: {
    description: 'One field-level error.',
  },
  Me: {
    description: 'The staff member a token belongs to.',
    example: { ...STAFF_EXAMPLE, provider: PROVIDER_EXAMPLE, tokenName: 'demo token' },
    properties: {
      id: 'Staff id.',
      name: 'Full name.',
      email: 'Work email.',
      providerId: 'The service provider that employs them.',
      permissions: 'Their permissions; `administrator` implies every other one and sees every provider.',
      provider: 'Their service provider, with its group.',
      tokenName: 'The name given to this token when it was made.',
    },
  },
  PortalSettings: {
    description:
      "The guardrails the portal's operator chose for actions that email someone or remove access. Read them to refuse an action before any of it is done, rather than part-way.",
    example: { requireReason: true, resendCooldownSeconds: 600 },
    properties: {
      requireReason:
        'Whether every action that emails someone or removes access needs a `reason` (`portalctl server --require-reason`); without one it is 422 `validation` naming `reason`.',
      resendCooldownSeconds:
        'A second invitation to the same person within this many seconds is refused (409 `resend-cooldown`) unless forced; 0: no cooldown.',
    },
  },
  ServiceProvider: {
    description: 'An employment service provider, in a service-provider group.',
    example: PROVIDER_EXAMPLE,
    properties: {
      id: 'Service provider id.',
      name: 'Its name.',
      groupId: 'Its service-provider group.',
      groupName: "The group's name.",
    },
  },
  Staff: {
    description: 'A staff member of a service provider.',
    example: STAFF_EXAMPLE,
    properties: {
      id: 'Staff id.',
      name: 'Full name.',
      email: 'Work email.',
      providerId: 'The service provider that employs them.',
      permissions:
        'Their permissions: `clients` (add, view, edit, invite, link clients), `sp-admin` (set caseworkers), `sp-group-admin` (set the provider, refer), `portal-users`, `administrator` (everything).',
    },
  },
  Client: {
    description:
      'A jobseeker of a service provider: a `referral` until a caseworker is assigned, then a `client`. While linked to CaMS, `firstName`, `lastName`, `phone`, `address`, `dateOfBirth` and `selfIdentification` come from CaMS and are read-only here.',
    example: CLIENT_EXAMPLE,
    properties: CLIENT_PROPERTIES,
  },
  ClientLink: {
    description:
      'How a client is linked to EOIS services: `cams` (live link by CaMS Client Reference Number), `ca` (a one-time copy of a submitted Common Assessment) or `none`.',
    example: {
      type: 'cams',
      clientReferenceNumber: '140007919',
      linkedAt: '2025-09-05T13:46:41.351Z',
      refreshedAt: '2026-11-20T15:02:11.000Z',
    },
    properties: {
      type: '`cams`, `ca` or `none`.',
      linkedAt: 'When the CaMS link was made.',
      refreshedAt:
        'When the CaMS-owned fields last took the CaMS values: when the link was made, then each time CaMS changed its record (each change is in the audit log, actor `cams`).',
      importedAt: 'When the Common Assessment was imported.',
    },
  },
  InviteState: {
    description: "The client's portal invitation.",
    example: CLIENT_EXAMPLE.invite,
    properties: {
      status: '`none` (never invited), `pending`, `accepted` (the client set a password) or `declined`.',
      link: 'The current invitation link, while the invitation is pending; staff may copy it and send it by hand.',
      sentAt: 'When the current invitation was sent.',
      sentTo: 'The address it was sent to.',
      declinedAt: 'When the client declined.',
      lastLoginAt: 'When the client last logged in; once set, the invitation cannot be resent.',
    },
  },
  DuplicateCheck: {
    description:
      "The duplicate check's answer: the matches the caller may see, and whether the email is held by a client the caller cannot see.",
    example: {
      data: [{ reason: 'email', elsewhere: false, client: CLIENT_EXAMPLE, withheld: false, samePerson: true }],
      emailInUseElsewhere: false,
    },
    properties: {
      data: 'Matching clients, email matches first.',
      emailInUseElsewhere:
        'The email is in use at another provider; that client is not shown to this caller (adding the email is refused).',
    },
  },
  DuplicateClient: {
    description:
      'A matching client. At a provider the caller may not see (`withheld` on the match), only who it is: `id`, `providerId`, names, `email`, `status`, `archived` and `invite.status`; the CaMS or CA link and the timestamps are null, the rest of the profile empty.',
    example: CLIENT_EXAMPLE,
    properties: {
      ...CLIENT_PROPERTIES,
      link: 'How the client is linked to EOIS services; null when the profile is withheld.',
      createdAt: 'When the client was added; null when the profile is withheld.',
      updatedAt: 'When the client was last changed; null when the profile is withheld.',
    },
  },
  DuplicateMatch: {
    description: 'One possible duplicate.',
    example: { reason: 'name', elsewhere: false, client: CLIENT_EXAMPLE, withheld: false },
    properties: {
      reason: '`email` (exact email match: always a duplicate) or `name` (normalised, partial name match).',
      elsewhere:
        'The client is at another service provider than the one searched (told to administrators and group administrators).',
      client: 'The matching client.',
      withheld:
        'The client is at a provider the caller may not see: the profile is withheld, link and timestamps included (see DuplicateClient).',
      samePerson:
        'An email match, when the query gives both names and the caller may see the client: whether it is the same person.',
    },
  },
  ClientCreate: {
    example: CLIENT_CREATE_EXAMPLE,
    description:
      'A new client, in one of three forms: with no link (names and email required), linked to CaMS by Client Reference Number (names and the other CaMS-owned fields come from CaMS; email too, when CaMS has one), or imported from a submitted Common Assessment (names, email, phone and address come from it when not given).',
  },
  ClientCreateManual: {
    description: 'A client added by hand, with no link: `firstName`, `lastName` and `email` are required.',
    example: CLIENT_CREATE_EXAMPLE,
    properties: CREATE_FIELDS,
  },
  ClientCreateFromCams: {
    description:
      'A client linked to CaMS: names, phone, address, date of birth and self-identification come from the CaMS client (values given for them are replaced). `email` is required when the CaMS client has none.',
    example: { link: { camsClientReferenceNumber: '210314187' }, email: 'santiago.rodriguez@example.org' },
    properties: {
      ...CREATE_FIELDS,
      firstName: 'Replaced by the CaMS value.',
      lastName: 'Replaced by the CaMS value.',
      email: 'Required when the CaMS client has no email; otherwise the CaMS email is used when this is left out.',
    },
  },
  ClientCreateFromAssessment: {
    description:
      'A client imported from a submitted Common Assessment: names, email, phone and address are copied once from it when not given (no live connection). A Common Assessment is imported once.',
    example: { link: { caNumber: 'CA-3005002' }, sendInvite: false },
    properties: CREATE_FIELDS,
  },
  ClientCreateCommon: {
    description: 'Fields of a new client, whatever its link.',
  },
  ClientUpdate: {
    description:
      'Changes to a client: only the fields given change. While the client is linked to CaMS, changing a CaMS-owned field is refused (409 `cams-owned-field`). A new email is pending until the client confirms it.',
    example: { pronouns: 'she/her', communication: { frequency: 'daily' } },
    properties: {
      ...PROFILE_FIELDS,
      email:
        'A new email: pending until the client confirms it (a confirmation is sent there); unique across the portal.',
    },
  },
  BatchCreate: {
    description: 'Up to 100 clients to add, each with its own idempotency key.',
    example: { items: [{ idempotencyKey: 'intake-2026-11-23-row-1', client: CLIENT_CREATE_EXAMPLE }] },
    properties: {
      items: 'The clients to add, in order (1 to 100).',
      'items.idempotencyKey':
        "The item's idempotency key (8 to 200 characters): a repeat replays that item's first result.",
      'items.client': 'The client to add.',
    },
  },
  BatchResult: {
    description: 'One result per item of a batch, in the order sent.',
    example: {
      results: [
        { index: 0, status: 201, replayed: false, clientId: NEW_CLIENT_EXAMPLE.id, client: NEW_CLIENT_EXAMPLE },
      ],
    },
    properties: {
      results: 'One result per item, in the order sent.',
      'results.index': 'The position of the item in `items` (from 0).',
      'results.status': 'The status the item would have had alone: 201 added, or the status of `problem`.',
      'results.replayed': "The item's idempotency key was seen before: this is its first result again.",
      'results.clientId': 'The id of the client added (or added earlier, when replayed), on every success.',
      'results.client': 'The client itself, unless the request said `Prefer: return=minimal`.',
      'results.problem': 'Why this item was refused (the others are not affected).',
    },
  },
  StaffAssign: {
    description: 'The staff member to assign as a caseworker.',
    example: { staffId: 'st_spadmin01' },
    properties: { staffId: "Staff of the client's provider who hold the `clients` permission." },
  },
  Refer: {
    description: 'Where to refer the client, and why.',
    example: { providerId: 'sp_lakeshore', reason: 'Moved to Mississauga; closer to Lakeshore Career Centre.' },
    properties: {
      providerId: "Another service provider of the client's group.",
      reason: 'Why: saved as the new reasons for referral, with its case note.',
    },
  },
  FlagCreate: {
    description: 'A safety flag to add.',
    example: { reason: 'Do not contact at home address; use phone only.' },
    properties: { reason: 'Why the flag is added (1 to 200 characters, one line).' },
  },
  FlagRemove: {
    description: 'Why a safety flag no longer applies: kept with the flag, and in the audit log.',
    example: { reason: 'Resolved at the case review.' },
    properties: { reason: 'Why the flag is removed (1 to 200 characters, one line).' },
  },
  SafetyFlagRecord: {
    description:
      'A safety flag with its history. A removed flag is kept, with who removed it, when and why; the client lists only the flags in force.',
    example: {
      id: 'sf_00000501',
      reason: 'Meet in the office only; do not schedule home visits.',
      createdAt: AT,
      createdBy: 'st_clients01',
      clientId: 'cl_000005',
      status: 'removed',
      removedAt: AT,
      removedBy: 'st_spadmin01',
      removalReason: 'Resolved at the case review.',
    },
    properties: {
      id: 'Safety flag id.',
      reason: 'Why the flag was added.',
      createdBy: 'The staff member who added it.',
      status: '`active` (in force) or `removed`.',
      removedAt: 'When it was removed; null while in force.',
      removedBy: 'The staff member who removed it; null while in force.',
      removalReason: 'Why it was removed; null while in force.',
    },
  },
  Task: {
    description: 'A task about a client, for the staff member who made it or assigned to the client.',
    example: {
      id: 'tk_0mwt3ha200000d51fb962',
      clientId: 'cl_000001',
      title: 'Call about resume',
      dueDate: '2026-12-01',
      assignee: 'self',
      createdBy: 'st_clients01',
      createdAt: AT,
      status: 'open',
      completedAt: null,
      completedBy: null,
    },
    properties: {
      id: 'Task id.',
      title: 'What to do.',
      dueDate: 'When it is due (`YYYY-MM-DD`), if set.',
      assignee: '`self` (the staff member who made it) or `client`.',
      createdBy: 'The staff member who made it.',
      status: '`open` until marked done; `done` until reopened.',
      completedAt: 'When it was marked done; null while open.',
      completedBy: 'The staff member who marked it done; null while open.',
    },
  },
  TaskCreate: {
    description: 'A task to create.',
    example: { title: 'Call about resume', dueDate: '2026-12-01', assignee: 'self' },
    properties: {
      title: 'What to do (1 to 200 characters, one line).',
      dueDate: 'When it is due (`YYYY-MM-DD`).',
      assignee: '`self` (default) or `client`.',
    },
  },
  Note: {
    description:
      'A case note. A general note may be edited or deleted by its author or an administrator (the audit log keeps each previous text; a deleted note is no longer listed and is kept for the audit); reasons for referral keep their history and are neither edited nor deleted.',
    example: {
      id: 'nt_0mwt3h6yw0002478c351d',
      clientId: 'cl_000001',
      kind: 'general',
      text: 'Met at the drop-in; brought a draft resume.',
      createdAt: AT,
      createdBy: 'st_clients01',
      updatedAt: null,
      updatedBy: null,
      deletedAt: null,
      deletedBy: null,
    },
    properties: {
      id: 'Note id.',
      kind: '`general`, or `referral-reasons` (saved from the reasons for referral).',
      text: 'The note (free text).',
      createdBy: 'The staff member who wrote it; null when the portal wrote it (e.g. a seed or an import).',
      updatedAt: 'When the text was last edited; null if never.',
      updatedBy: 'The staff member who last edited it; null if never.',
      deletedAt: 'When it was deleted: set only in the answer to the delete (deleted notes are not listed).',
      deletedBy: 'The staff member who deleted it (in the answer to the delete).',
    },
  },
  ClientFile: {
    description: "A document on a client's Files tab: a PDF or Word file, checked by its content.",
    example: {
      id: 'fl_0mwt3h3vs0000406aef26',
      clientId: 'cl_000001',
      name: 'resume.pdf',
      kind: 'pdf',
      mediaType: 'application/pdf',
      size: 48213,
      sha256: 'fa5c439e19666609f548c80f24b3834b2e76e1ae430849080658c788304954e9',
      uploadedAt: AT,
      uploadedBy: 'st_clients01',
    },
    properties: {
      id: 'File id.',
      name: 'The file name it was uploaded with (one path segment).',
      kind: 'What the content is: `pdf`, `docx` (Word) or `doc` (Word 97-2003).',
      mediaType: 'The media type it is served as.',
      size: 'Size in bytes (at most 10 MiB).',
      sha256: 'SHA-256 of the content, hex: a client has one file of each content.',
      uploadedAt: 'When it was uploaded.',
      uploadedBy: 'The staff member who uploaded it.',
    },
  },
  CamsEap: {
    description:
      "A client's Employment Action Plan as CaMS holds it (read-only in the portal): the case, employment goals, outcomes, sub-goals and plan items.",
    example: {
      clientId: 'cl_000001',
      clientReferenceNumber: '140007919',
      case: {
        caseReferenceNumber: 'C-24100037',
        status: 'open',
        program: 'Employment Services',
        office: 'Scarborough',
        caseworker: 'M. Tremblay',
        openedOn: '2025-11-01',
        closedOn: null,
      },
      employmentGoals: [
        {
          id: 'EG-1',
          description: 'Full-time work as retail salesperson',
          occupation: 'Retail salesperson',
          targetDate: '2026-05-30',
          status: 'active',
        },
      ],
      outcomes: [],
      subGoals: [
        {
          id: 'SG-1.1',
          goalId: 'EG-1',
          description: 'Practise interviews with a job coach',
          targetDate: '2025-12-21',
          status: 'not-started',
        },
      ],
      planItems: [
        {
          id: 'PI-1.1',
          subGoalId: 'SG-1.1',
          type: 'Job search workshop',
          provider: 'Employment Services',
          startDate: '2025-11-22',
          endDate: '2026-01-04',
          status: 'in-progress',
        },
      ],
      updatedAt: AT,
    },
    properties: {
      clientReferenceNumber: 'The CaMS Client Reference Number the client is linked to.',
      case: 'The CaMS case the plan belongs to.',
      'case.caseReferenceNumber': 'The CaMS Case Reference Number.',
      'case.status': '`open` or `closed`.',
      'case.program': 'The program the case is under.',
      'case.office': 'The CaMS office holding the case.',
      'case.caseworker': "The CaMS caseworker's name, as CaMS shows it.",
      'case.openedOn': 'When the case was opened.',
      'case.closedOn': 'When the case was closed; null while open.',
      employmentGoals: 'The employment goals of the plan.',
      'employmentGoals.id': 'Goal id in CaMS.',
      'employmentGoals.description': 'The goal.',
      'employmentGoals.occupation': 'The occupation aimed at.',
      'employmentGoals.targetDate': 'When the goal should be met.',
      'employmentGoals.status': '`active`, `achieved` or `not-achieved`.',
      outcomes: 'What came of the plan (employment, training), once known.',
      'outcomes.type': 'The outcome: employed full- or part-time, self-employed, in training, unemployed.',
      'outcomes.date': 'When it was recorded.',
      'outcomes.occupation': 'The occupation, if employed.',
      'outcomes.employer': 'The employer, if known.',
      subGoals: 'Steps towards the goals.',
      'subGoals.id': 'Sub-goal id in CaMS.',
      'subGoals.goalId': 'The goal it serves.',
      'subGoals.description': 'The step.',
      'subGoals.targetDate': 'When it should be done.',
      'subGoals.status': '`not-started`, `in-progress` or `completed`.',
      planItems: 'Services and supports planned for the sub-goals.',
      'planItems.id': 'Plan item id in CaMS.',
      'planItems.subGoalId': 'The sub-goal it serves, if any.',
      'planItems.type': 'The service or support.',
      'planItems.provider': 'Who provides it.',
      'planItems.startDate': 'When it starts.',
      'planItems.endDate': 'When it ends, if set.',
      'planItems.status': '`planned`, `in-progress`, `completed` or `cancelled`.',
      updatedAt: 'When CaMS last changed the plan.',
    },
  },
  NoteCreate: {
    description: 'A case note to add.',
    example: { text: 'Met at the drop-in; brought a draft resume.' },
    properties: { text: 'The note: 1 to 10,000 characters; tabs and line breaks allowed.' },
  },
  NoteUpdate: {
    description: "A case note's new text.",
    example: { text: 'Met at the drop-in; brought a draft resume and two references.' },
    properties: { text: 'The new text: 1 to 10,000 characters; tabs and line breaks allowed.' },
  },
  Representative: {
    description: 'A client representative, invited to the portal for the client.',
    example: {
      id: 'rp_0mwt3hblk0000360f6613',
      clientId: 'cl_000001',
      firstName: 'Grace',
      lastName: 'Nwosu',
      email: 'grace.nwosu@example.org',
      invitedAt: AT,
      status: 'pending',
      respondedAt: null,
      removedAt: null,
    },
    properties: {
      id: 'Representative id.',
      invitedAt:
        'When the latest invitation was sent; null for someone recorded as declining before any invitation was sent.',
      status:
        'Where the invitation stands: `pending`, `accepted` (on the invitation page, with a password set) or `declined` (on the page, or recorded by staff).',
      respondedAt: 'When the representative answered (or staff recorded the decline).',
      removedAt: 'When the representative was removed (they are then no longer listed); null otherwise.',
    },
  },
  RepresentativeCreate: {
    description: 'A representative to invite, or to record as having declined before any invitation.',
    example: { firstName: 'Grace', lastName: 'Nwosu', email: 'grace.nwosu@example.org' },
    properties: {
      declined:
        '`true`: record that this person declined the invitation before one was sent; nothing is sent. Inviting them later needs `reinvite`.',
      reason:
        'Why the invitation is sent (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons, unless `declined` (nothing is sent).',
    },
  },
  RepresentativeInviteSend: {
    description: "Options of sending a representative's invitation again. The body may be left out.",
    example: { reinvite: true },
    properties: {
      reinvite: 'Required (`true`) to invite again a representative who declined.',
      force:
        '`true` sends even within the resend cooldown (409 `resend-cooldown` otherwise); the audit entry records the override and when the previous invitation went out.',
      reason:
        'Why (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons.',
    },
  },
  RepresentativeInviteResult: {
    description: "A representative's invitation sent again.",
    example: {
      representative: {
        id: 'rp_0mwt3hblk0000360f6613',
        clientId: 'cl_000001',
        firstName: 'Grace',
        lastName: 'Nwosu',
        email: 'grace.nwosu@example.org',
        invitedAt: AT,
        status: 'pending',
        respondedAt: null,
        removedAt: null,
      },
      link: 'http://127.0.0.1:4010/invite/q7Yc0m3vZb1TnL2kR8sWx4Ea',
      sentTo: 'grace.nwosu@example.org',
      sentAt: AT,
    },
    properties: {
      representative: 'The representative, with the invitation pending again.',
      link: 'The fresh invitation link (the previous one stops working).',
      sentTo: 'The address it was sent to.',
      sentAt: 'When it was sent.',
    },
  },
  ActionReason: {
    description:
      'Why an action that emails someone or removes access is taken: kept in the audit entry. The body may be left out, unless the portal requires reasons.',
    example: { reason: 'Asked for a new link by phone' },
    properties: {
      reason:
        'Why (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons (`portalctl server --require-reason`).',
    },
  },
  InviteSend: {
    description: 'Options of (re)sending the invitation. The body may be left out.',
    example: { reinvite: true },
    properties: {
      reinvite: 'Required (`true`) to invite again a client who declined.',
      reason:
        'Why (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons.',
      force:
        '`true` sends even within the resend cooldown (409 `resend-cooldown` otherwise); the audit entry records the override and when the previous invitation went out.',
    },
  },
  InviteResult: {
    description: 'The invitation sent.',
    example: {
      client: NEW_CLIENT_EXAMPLE,
      link: NEW_CLIENT_EXAMPLE.invite.link,
      sentTo: 'amara.nwosu@example.org',
      sentAt: AT,
    },
    properties: {
      client: 'The client, with its new invitation state.',
      link: 'The fresh invitation link (the previous one stops working); staff may copy it and send it by hand.',
      sentTo: 'The address it was sent to.',
      sentAt: 'When it was sent.',
    },
  },
  CamsClient: {
    description: 'A client in CaMS, the provincial case-management system.',
    example: CAMS_CLIENT_EXAMPLE,
    properties: {
      email: 'Email in CaMS, if any.',
      linkedClientId: 'The portal client linked to this CaMS client, if any and if the caller may see it.',
      linkedElsewhere: 'Linked to a client of a service provider the caller may not see (who is not said).',
    },
  },
  CamsLink: {
    description: 'The CaMS client to link to.',
    example: { clientReferenceNumber: '210314187' },
    properties: { force: 'Link although the names clearly differ (otherwise 409 `cams-name-mismatch`).' },
  },
  CamsFieldChange: {
    description: 'One CaMS-owned field whose portal value linking replaces with the CaMS value.',
    example: { field: 'phone', from: '289-555-0199', to: '289-555-0103' },
    properties: {
      field: 'The field.',
      from: 'The portal value now.',
      to: 'The CaMS value that replaces it.',
    },
  },
  CamsLinkPreview: {
    description: 'What linking a client to a CaMS client would do; nothing is changed.',
    example: {
      clientId: 'cl_000004',
      camsClient: CAMS_CLIENT_EXAMPLE,
      alreadyLinked: false,
      changes: [{ field: 'phone', from: '289-555-0199', to: '289-555-0103' }],
      nameMismatch: false,
      replaces: null,
    },
    properties: {
      camsClient: 'The CaMS client.',
      alreadyLinked: 'The client is linked to this CaMS client already: linking changes nothing.',
      changes: 'The fields whose value the CaMS value replaces (unchanged ones are left out).',
      nameMismatch: 'The names clearly differ (not the same person after normalisation): linking needs `force`.',
      replaces: 'The Common Assessment import the link takes the place of, if any.',
      'replaces.type': 'Always `ca`.',
      'replaces.caNumber': 'The Common Assessment number of that import.',
    },
  },
  Assessment: {
    description:
      'A Common Assessment. Only a submitted one can be imported, once; an in-progress one is "no match" (404 `ca-in-progress`).',
    example: {
      caNumber: 'CA-3001002',
      status: 'submitted',
      firstName: 'José',
      lastName: 'Côté',
      email: 'jose.cote2@example.com',
      phone: '647-555-0102',
      address: '682 Finch Ave E, Scarborough, ON M1B 2J3',
      submittedAt: '2025-09-05T10:28:00.832Z',
      imported: true,
      importedClientId: 'cl_000002',
    },
    properties: {
      status: '`submitted` or `in-progress`.',
      email: 'Email in the assessment, if any.',
      phone: 'Phone in the assessment, if any.',
      address: 'Address in the assessment, if any.',
      submittedAt: 'When it was submitted.',
      imported: 'Already imported for a client: a Common Assessment is copied once.',
      importedClientId: "The client it was imported for; null when unused, or when that client is another provider's.",
    },
  },
  Portal: {
    description: "A client portal (an employer's jobs), shared with external users through links.",
    example: {
      id: 'po_northstar01',
      name: 'Maple Logistics hiring portal',
      providerId: 'sp_northstar',
      jobs: [
        { id: 'jb_maple001', title: 'Warehouse associate (days)' },
        { id: 'jb_maple002', title: 'Forklift operator' },
      ],
    },
    properties: {
      id: 'Portal id.',
      name: 'Its name.',
      providerId: 'The service provider that runs it.',
      jobs: 'Its jobs.',
      'jobs.id': 'Job id.',
      'jobs.title': 'Job title.',
    },
  },
  ClientConsent: {
    description: "The client's consents, as staff recorded them.",
    example: { shareWithEmployers: true, recordedAt: '2025-10-02T15:00:00.000Z', recordedBy: 'st_cwa001' },
    properties: {
      shareWithEmployers:
        "May be put forward to employers' client portals (as a candidate, with an executive summary and documents): `true`, `false`, or `null` when never recorded.",
      recordedAt: 'When staff last recorded it.',
      recordedBy: 'The staff member who recorded it.',
    },
  },
  ClientConsentUpdate: {
    description: "The client's answer, as staff record it.",
    example: { shareWithEmployers: true, reason: 'Agreed at the intake meeting' },
    properties: {
      shareWithEmployers:
        "`true`: the client agrees to be put forward to employers' client portals; `false`: they do not.",
      removeCandidates:
        'Withdrawing consent from a client who is a candidate on client portals: take them off (otherwise 409 `client-is-candidate`).',
      reason: 'Why, kept in the audit log.',
    },
  },
  ClientConsentResult: {
    description: 'The client with their consent, and the candidacies withdrawing it ended.',
    example: { client: CLIENT_EXAMPLE, removedCandidates: [] },
    properties: {
      client: 'The client.',
      removedCandidates: 'The candidacies taken off client portals because consent was withdrawn.',
    },
  },
  PortalJob: {
    description: 'A job (a position) of a client portal.',
    example: PORTAL_JOB_EXAMPLE,
    properties: { id: 'Job id.', title: 'Its title: it names the job in the portal.', portalId: 'Its client portal.' },
  },
  JobCreate: {
    description: 'A job to add to a client portal.',
    example: { title: 'Dispatcher (nights)', position: 2 },
    properties: {
      title: 'Its title, unique in the portal (case-insensitive).',
      position: "Where it shows in the portal's order, 1 first (default: last).",
    },
  },
  JobRemove: {
    description: 'Removing a job from a client portal.',
    example: { withCandidates: true, reason: 'Position filled' },
    properties: {
      withCandidates:
        'Take its candidates off the portal too (otherwise a job with candidates is 409 `job-has-candidates`).',
      reason:
        'Why (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons.',
    },
  },
  JobRemoved: {
    description: 'The job removed, the candidates taken off with it, and the users whose selected jobs lost it.',
    example: { job: PORTAL_JOB_EXAMPLE, removedCandidates: [], accessChanged: ['pu_000002'] },
    properties: {
      job: 'The job removed.',
      removedCandidates: 'Its candidates, taken off the portal with it.',
      accessChanged: 'Users with selected-jobs access that included it (it is gone from their list, in their history).',
    },
  },
  Candidate: {
    description:
      "A client (a jobseeker) put forward for a job of a client portal, with an executive summary and documents from the client's files.",
    example: CANDIDATE_EXAMPLE,
    properties: CANDIDATE_FIELDS,
  },
  CandidateCreate: {
    description: 'A client to put forward for a job of the portal.',
    example: {
      jobId: 'jb_maple002',
      clientId: 'cl_000001',
      summary: 'Forklift certified (2024); two years in a distribution centre; available for day shifts.',
      documentIds: ['fl_0mwt3h3vs0000406aef26'],
    },
    properties: {
      jobId: 'A job of the portal.',
      clientId: "A client of the portal's service provider who consented to being shared with employers.",
      summary:
        'The executive summary: a client-facing note shown in its own column (free text, at most 2000 characters).',
      documentIds:
        "Files of that client (GET /v1/clients/{id}/files) to show with the candidate; another's are refused.",
    },
  },
  CandidateRemove: {
    description: 'Taking a candidate off a client portal.',
    example: { reason: 'Accepted another offer' },
    properties: {
      reason:
        'Why (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons.',
    },
  },
  Feedback: {
    description: 'What an external portal user said about a candidate.',
    example: {
      id: 'fb_000001',
      portalUserId: 'pu_000001',
      portalId: 'po_northstar01',
      candidateId: 'cd_000001',
      jobId: 'jb_maple002',
      jobTitle: 'Forklift operator',
      clientId: 'cl_000001',
      candidateName: "Mary-Ann O'Brien",
      text: 'Strong fit; we would like to interview her next week.',
      at: '2026-11-20T15:30:00.000Z',
    },
    properties: {
      id: 'Feedback id.',
      portalUserId: 'The external user who left it.',
      portalId: 'The client portal.',
      candidateId: 'The candidate it is about.',
      jobId: 'The job the candidate is put forward for.',
      jobTitle: "The job's title.",
      clientId: 'The client the candidate is.',
      candidateName: "The candidate's name.",
      text: 'What they said.',
      at: 'When.',
    },
  },
  PortalNotice: {
    description:
      "A notice to a client portal's users of what changed since the last one: the changes, and one email per active user who can see a changed job.",
    example: {
      portalId: 'po_northstar01',
      changes: [
        {
          at: AT,
          kind: 'candidate-added',
          jobId: 'jb_maple002',
          jobTitle: 'Forklift operator',
          candidateId: 'cd_000001',
          candidateName: "Mary-Ann O'Brien",
          by: 'st_allperm01',
        },
      ],
      messages: [
        {
          portalUserId: 'pu_000001',
          to: 'rebecca.hughes@maple-logistics.example.com',
          name: 'Rebecca Hughes',
          subject: 'New on the Maple Logistics hiring portal',
          link: SHARED_LINK_EXAMPLE.url,
          text: `Hello Rebecca,\n\nNorthstar Employment Services has updated the Maple Logistics hiring portal:\n\n- Forklift operator: 1 new candidate\n\nOpen the portal to see them:\n${SHARED_LINK_EXAMPLE.url}`,
        },
      ],
      noticeId: 'pn_0mwt3hd540000d30d5fd9',
      sentAt: AT,
    },
    properties: {
      portalId: 'The client portal.',
      changes: 'What changed since the last notice, oldest first (candidates since taken off are left out).',
      'changes.at': 'When.',
      'changes.kind': '`candidate-added`, `summary-updated` or `document-added`.',
      'changes.jobId': 'The job.',
      'changes.jobTitle': "The job's title.",
      'changes.candidateId': 'The candidate.',
      'changes.candidateName': "The candidate's name (the emails name no candidate).",
      'changes.by': 'The staff member who made the change.',
      messages: 'The emails: one per active user who can see a changed job.',
      'messages.portalUserId': 'The user.',
      'messages.to': 'Their email address.',
      'messages.name': 'Their name.',
      'messages.subject': "The email's subject.",
      'messages.link': 'Their newest active shared link, or `null` when they have none.',
      'messages.text': 'The text of the email.',
      noticeId: 'The notice sent; `null` for a preview, or when there was nothing to send.',
      sentAt: 'When it was sent; `null` for a preview.',
    },
  },
  PortalNoticeSend: {
    description: 'Sending a notice.',
    example: { reason: 'Three new candidates this week' },
    properties: {
      reason:
        'Why (1 to 200 characters, one line): kept in the audit entry and the users’ history. Required when the portal requires reasons.',
    },
  },
  PortalUser: {
    description: 'An external user of a client portal (an employer contact or a representative).',
    example: PORTAL_USER_EXAMPLE,
    properties: {
      id: 'Portal user id.',
      ...ACCESS,
      status: '`active` or `deactivated` (their links no longer work).',
      invitedAt: 'When they were invited.',
      deactivatedAt: 'When they were deactivated.',
    },
  },
  PortalUserInvite: {
    description: 'An external user to invite to a client portal.',
    example: {
      portalId: 'po_northstar01',
      email: 'li.wong@maple-logistics.example.com',
      firstName: 'Li',
      lastName: 'Wong',
      access: { type: 'selected-jobs', jobIds: ['jb_maple001', 'jb_maple002'] },
    },
    properties: {
      portalId: "A client portal of the caller's service provider.",
      email: 'Their email; the shared link is sent there. At most one active user per email and portal.',
      ...ACCESS,
      reason:
        'Why (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons.',
    },
  },
  PortalUserInvitation: {
    description: 'The user invited and the shared link sent to them.',
    example: { user: PORTAL_USER_EXAMPLE, link: SHARED_LINK_EXAMPLE },
    properties: { user: 'The new portal user.', link: 'The shared link sent to them.' },
  },
  SharedLinkSend: {
    description: 'A fresh shared link for an existing user.',
    example: { expireOthers: true },
    properties: {
      expireOthers: 'Also expire their other active links first, so only the new one works.',
      reason:
        'Why (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons.',
    },
  },
  SharedLinkSent: {
    description: 'The user, the fresh shared link sent to them, and the links this call expired.',
    example: { user: PORTAL_USER_EXAMPLE, link: SHARED_LINK_EXAMPLE, expired: [] },
    properties: {
      user: 'The portal user.',
      link: 'The shared link sent to them.',
      expired: 'Their links this call expired (with `expireOthers`), oldest first.',
    },
  },
  PortalUserReactivate: {
    description: 'Reactivating a deactivated user.',
    example: { sendLink: true },
    properties: {
      sendLink: 'Also email them a fresh shared link.',
      reason:
        'Why (1 to 200 characters, one line): kept in the audit entry. Required with `sendLink` when the portal requires reasons.',
    },
  },
  PortalUserReactivated: {
    description: 'The reactivated user, and the shared link sent to them if one was asked for.',
    example: { user: PORTAL_USER_EXAMPLE, link: SHARED_LINK_EXAMPLE },
    properties: { user: 'The portal user, active.', link: 'The fresh shared link sent, or `null`.' },
  },
  PortalUserAccess: {
    description: "A user's new access to their portal.",
    example: { access: { type: 'all-jobs' } },
    properties: {
      ...ACCESS,
      reason:
        'Why (1 to 200 characters, one line), when the change takes a job away: kept in the audit entry and the history. Required then when the portal requires reasons (`portalctl server --require-reason`).',
    },
  },
  SharedLink: {
    description: 'A link that gives an external user access to a client portal.',
    example: SHARED_LINK_EXAMPLE,
    properties: {
      id: 'Link id.',
      url: 'The link itself.',
      status: '`active`, or `expired` (access through it has ended).',
      sentAt: 'When it was sent.',
      lastUsedAt: 'When it was last used.',
      lastUsedIp: 'The IP address it was last used from.',
      expiredAt: 'When it was expired.',
    },
  },
  HistoryEntry: {
    description: 'One event in the history of an external portal user.',
    example: {
      at: '2026-10-28T16:42:10.000Z',
      action: 'link-used',
      actor: 'pu_000001',
      detail: 'ln_000001 from 203.0.113.24',
    },
    properties: {
      at: 'When it happened.',
      action:
        'What happened, e.g. `invited`, `link-sent`, `link-used`, `link-expired`, `deactivated`, `reactivated`, `access-changed`.',
      actor: 'Who did it: a staff id, or the portal user id.',
      detail: 'More about it (a link id, an IP address, an access level).',
    },
  },
  OutboxMessage: {
    description:
      'A message the portal sent. The local portal sends no real mail: it keeps every message here, so tests and CI can read them.',
    example: OUTBOX_EXAMPLE,
    properties: OUTBOX_FIELDS,
  },
  OutboxMessageDetail: {
    description: 'A message the portal sent, in full.',
    example: {
      ...OUTBOX_EXAMPLE,
      text: `Hello Amara,\n\nNorthstar Employment Services has invited you to the Jobs Portal.\n\nTo accept, open this link and choose a password:\n${OUTBOX_EXAMPLE.link}`,
    },
    properties: { ...OUTBOX_FIELDS, text: 'The text of the email as it was written.' },
  },
  AuditEntry: {
    description: 'One change, as the audit log keeps it: who, what, when.',
    example: {
      id: 'au_0mwt3hblk00020e73f6ef',
      at: AT,
      actorId: 'st_admin01',
      action: 'client.representative.invite',
      entityType: 'client',
      entityId: 'cl_000001',
      detail: { representativeId: 'rp_0mwt3hblk0000360f6613' },
    },
    properties: {
      id: 'Entry id.',
      at: 'When it happened.',
      actorId: 'Who did it: a staff id (or `cams` for changes that came from CaMS).',
      action: 'What was done, e.g. `client.create`, `client.update`, `client.cams.link`.',
      entityType: 'The kind of record changed, e.g. `client`.',
      entityId: 'The record changed.',
      detail:
        'More about the change, by action: e.g. old and new values; `reason`, why, for actions that email someone or remove access (when given); `cooldownOverridden` and `previousSentAt` for an invitation forced within the resend cooldown.',
    },
  },
  Accepted: {
    description: 'The request was accepted.',
    example: { ok: true },
    properties: { ok: 'Always `true`.' },
  },
  Health: {
    description: 'The portal is up.',
    example: { ok: true },
    properties: { ok: 'Always `true`.' },
  },
};

/** Names for the success answers that are not a resource (they become components). */
export const RESPONSE_SCHEMA_NAMES: Partial<Record<RouteName, string>> = {
  sendPasswordReset: 'Accepted',
  invitePortalUser: 'PortalUserInvitation',
};

// ── Parameters ────────────────────────────────────────────────────────────────────────────────

/** By `operation.name`, or by name alone. */
export const PARAMETER_TEXT: Record<string, string> = {
  limit: 'Page size: 1 to 500 (default 50).',
  cursor: "Where the page starts: the previous page's `nextCursor`. Leave it out for the first page.",
  'path.id': 'Its id.',
  'uploadClientFile.name': "The file's name, kept with it: one path segment, at most 255 characters.",
  'getClient.id': 'Client id.',
  'listClients.status': '`referral` (no caseworker yet) or `client`.',
  'listClients.archived':
    '`true`: only archived clients; `false` (as when left out): only clients that are not archived.',
  'listClients.search': 'Part of a name (case-, accent-, spacing- and punctuation-insensitive) or of the email.',
  'listClients.email': 'Exact email (case-insensitive).',
  'listClients.caseworkerId': 'Only clients this staff member is a caseworker of.',
  'listClients.providerId':
    'Only clients of this service provider (staff may name only their own; administrators any).',
  'listClients.invite': 'Only clients whose invitation has this status.',
  'listClients.inviteSentBefore':
    'Only clients whose latest invitation was sent before this time, e.g. with `invite=pending`: invitations still pending after two weeks.',
  'listClients.sort': 'Order by when the client was added: `oldest` first (the default) or `newest` first.',
  'findDuplicates.firstName': 'First name (optional; with it, `lastName` is required).',
  'findDuplicates.lastName': 'Last name, or a full name typed in one field: required to search by name.',
  'findDuplicates.email': 'Email to look for (an exact match is always a duplicate).',
  'findDuplicates.providerId':
    "Where the client would be added (default: the caller's provider); another provider needs `sp-group-admin`.",
  nameMatch:
    '`refuse`: a client whose name matches an existing one is not added (409 `duplicate-name`); `allow` (default) adds it.',
  'listTasks.status': 'Only tasks with this status: `open` or `done`.',
  'listSafetyFlags.status': 'Only flags with this status: `active` (in force) or `removed`.',
  taskId: 'Task id.',
  noteId: 'Case note id.',
  repId: 'Representative id.',
  flagId: 'Safety flag id.',
  'listStaff.providerId': 'Only staff of this service provider (administrators only; others see their own).',
  staffId: 'The caseworker to remove.',
  'unassignStaff.reason':
    'Why the caseworker is removed (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons.',
  'createClient.reason':
    'Why the invitation is sent (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons and an invitation is sent (`sendInvite` not false).',
  'batchCreateClients.reason':
    'Why the invitations are sent (1 to 200 characters, one line): kept in the audit entry of each client added. Required when the portal requires reasons and any item sends an invitation.',
  'removeRepresentative.reason':
    'Why the representative is removed (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons.',
  'unlinkCams.reason':
    'Why the CaMS link is removed (1 to 200 characters, one line): kept in the audit entry. Required when the portal requires reasons.',
  ref: 'CaMS Client Reference Number (9 digits). A Case Reference Number answers 404 `cams-case-reference`.',
  caNumber: 'Common Assessment number, e.g. `CA-3001002` (case-insensitive).',
  'previewCamsLink.clientReferenceNumber': 'The CaMS Client Reference Number to link to.',
  'listPortalUsers.portalId': 'Only users of this client portal.',
  'listPortalUsers.status': 'Only users with this status.',
  'listPortalUsers.email': 'Only users with this email (case-insensitive).',
  'listOutbox.to': 'Only messages to this address (case-insensitive).',
  'listOutbox.kind': 'Only messages of this kind.',
  'listOutbox.clientId': 'Only messages about this client.',
  'listCandidates.jobId': 'Only the candidates for this job of the portal.',
  jobId: 'Job id (of this portal).',
  candidateId: 'Candidate id (of this portal).',
  'listAudit.actorId': 'Only changes made by this staff member (or `cams`).',
  'listAudit.entityId': 'Only changes to this record.',
  'listAudit.action': 'Only changes of this action, e.g. `client.update`.',
  'Idempotency-Key':
    'Makes a retry safe: a repeat within 24 h replays the first answer (with `Idempotent-Replayed: true`); the same key with another body, method or path is 422 `idempotency-key-reused`; while the first request runs, 409 `idempotency-key-in-flight`. 8 to 200 characters; use a fresh one (e.g. a UUID) per distinct request.',
  Prefer:
    '`return=minimal` leaves the created clients out of the answer (ids and statuses only); the answer then has `Preference-Applied: return=minimal`.',
};

/** Path parameters that carry an id, with its prefix (ids are `<prefix>_` and 6 to 40 of 0-9 a-z). */
export const PATH_ID_PREFIX: Record<string, string> = {
  '/v1/clients/:id': 'cl',
  ':staffId': 'st',
  '/v1/portal-users/:id': 'pu',
  '/v1/shared-links/:id': 'ln',
  '/v1/outbox/:id': 'ob',
  '/v1/portals/:id': 'po',
  ':jobId': 'jb',
  ':candidateId': 'cd',
};

// ── Operations ────────────────────────────────────────────────────────────────────────────────

const REFUSED_IF_ARCHIVED = 'Refused for an archived client (409 `archived`).';
const WITH_REASON =
  'A `reason` (why, one line, at most 200 characters) is kept in the audit entry; a portal whose operator requires reasons (`portalctl server --require-reason`) refuses the request without one (422 `validation` naming `reason`).';

export const OPERATION_TEXT: Record<RouteName, OperationText> = {
  listClientFiles: {
    description:
      "A client's files (the Files tab: resumes, receipts, pay stubs), newest first, each with its name, type, size, SHA-256, and when and by whom it was uploaded.",
    refusals: { 403: ['forbidden'], 404: ['not-found'] },
  },
  uploadClientFile: {
    description: [
      "Uploads a document to a client's files: the request body is the file's bytes (`application/octet-stream`), its name in `name`. The portal takes PDF and Word documents (.docx, and Word 97-2003 .doc) of 10 MiB at most, checked by their content, not their name or Content-Type: anything else is 415 `unsupported-file-type`, a larger file 413.",
      '',
      'A client keeps one file of each content: the same bytes again are 409 `file-exists` with `existingFileId`, so an upload that lost its answer can be sent again safely. The upload is written to the audit log (its id, type, size and SHA-256; not its name).',
    ].join('\n'),
    refusals: { 403: ['forbidden'], 404: ['not-found'], 409: ['file-exists'] },
  },
  getClientFile: {
    description: "One of a client's files: its name, type, size and SHA-256 (its bytes: `/content`).",
    refusals: { 403: ['forbidden'], 404: ['not-found'] },
  },
  downloadClientFile: {
    description:
      "A file's bytes, as its media type, with `Content-Length`, `Content-Disposition` (its name) and `Repr-Digest` (its SHA-256) to check it by. The download is written to the audit log.",
    refusals: { 403: ['forbidden'], 404: ['not-found'] },
  },
  getMe: {
    description:
      'Who the token belongs to: the staff member, their permissions and service provider. Use it to check a token and to learn what it may do.',
  },
  getSettings: {
    description:
      "The portal's guardrails on messages: whether actions that email someone or remove access need a `reason`, and the resend cooldown. A client reads them to refuse, before it starts, work of several steps that the portal would refuse part-way (an import sending invitations, a caseload moved to a new caseworker).",
  },
  listProviders: {
    description: 'All service providers, each with its service-provider group.',
  },
  listStaff: {
    description:
      "Staff of the caller's service provider, by name. Administrators see all staff, or one provider's with `providerId`; for others a `providerId` other than their own gives an empty list.",
  },
  listClients: {
    description:
      "Clients of the caller's service provider (administrators: of every provider), oldest first (newest first with `sort=newest`), cursor-paginated: follow `nextCursor` until it is null. Archived clients are left out unless `archived=true`.",
    refusals: { 403: ['forbidden'], 422: ['validation'] },
  },
  findDuplicates: {
    description:
      "The duplicate check to run before adding a client. Searches by first and last name, or last name only (case-, accent-, spacing- and punctuation-insensitive, partial names accepted, however a full name splits between first and last name), and by exact email. It looks where the client will live (`providerId`, default the caller's provider); administrators and group administrators are also told of name matches elsewhere in the group (`elsewhere: true`). An email held at a provider the caller cannot see is only said (`emailInUseElsewhere`).",
    refusals: { 403: ['forbidden'], 409: ['provider-not-in-group'], 422: ['validation'] },
  },
  createClient: {
    description: [
      'Adds a client (a `referral` until it has a caseworker) in one of three ways: no link (names and email given), a CaMS link (`link.camsClientReferenceNumber`: names and CaMS-owned fields come from CaMS, read-only while linked) or a Common Assessment import (`link.caNumber`, submitted assessments only, copied once).',
      '',
      "Rules: the email is unique across the portal (409 `email-taken` names the existing client when the caller may see it); setting `providerId` to another provider needs `sp-group-admin` (and a provider of the caller's group), setting `caseworkerIds` needs `sp-admin` (staff of that provider with the `clients` permission). Run the duplicate check first, or send `nameMatch=refuse` to refuse a name match.",
      '',
      'Side effects: sends the portal invitation email (unless `sendInvite` is false; the answer carries the link in `invite.link`), saves the reasons for referral as a case note, writes the audit log.',
      '',
      `When it sends the invitation: ${WITH_REASON} The \`reason\` is a query parameter (the body is the client).`,
    ].join('\n'),
    refusals: {
      403: ['forbidden'],
      404: ['cams-not-found', 'cams-case-reference', 'ca-not-found', 'ca-in-progress'],
      409: ['email-taken', 'duplicate-name', 'cams-already-linked', 'ca-already-imported', 'provider-not-in-group'],
      422: ['validation', 'staff-not-in-provider', 'staff-not-caseworker'],
    },
    requestExample: CLIENT_CREATE_EXAMPLE,
    responseExample: NEW_CLIENT_EXAMPLE,
  },
  batchCreateClients: {
    description:
      "Adds up to 100 clients in one transaction, each as POST /v1/clients would, with its own idempotency key and result: a refused item (its problem in `results[].problem`) does not stop the others, and the answer is 200 whatever the items' results. Send `Prefer: return=minimal` to leave the clients out of the answer. Side effects as for each client added (invitations, case notes, audit).\n\nWhen any item sends an invitation: a `reason` query parameter is kept in the audit entry of each client added; a portal that requires reasons (`portalctl server --require-reason`) refuses the whole batch without one (422 `validation` naming `reason`), before any item is written.",
    refusals: { 422: ['validation'] },
    requestExample: {
      items: [
        { idempotencyKey: 'intake-2026-11-23-row-1', client: CLIENT_CREATE_EXAMPLE },
        {
          idempotencyKey: 'intake-2026-11-23-row-2',
          client: { link: { camsClientReferenceNumber: '210314187' }, email: 'santiago.rodriguez@example.org' },
        },
      ],
    },
  },
  getClient: {
    description: "One client. Another provider's client is not found (404), unless the caller is an administrator.",
    refusals: { 404: ['not-found'] },
  },
  updateClient: {
    description:
      'Changes the fields given. While the client is linked to CaMS, changing a CaMS-owned field (names, phone, address, date of birth, self-identification) is refused: update it in CaMS. A new email is pending (`pendingEmail`) until the client confirms it: a confirmation is sent to the new address. A change of the reasons for referral adds a case note (the history is kept). Writes the audit log with old and new values. With an `Idempotency-Key`, a repeat replays the first answer (a bulk update re-sends a row cut off by a crash without applying it twice).',
    refusals: { 404: ['not-found'], 409: ['cams-owned-field', 'email-taken'], 422: ['validation'] },
    requestExample: { pronouns: 'she/her', communication: { frequency: 'daily' } },
  },
  archiveClient: {
    description: `Archives a client: hidden from the default list, still found with \`archived=true\`, and can be restored. The body may be left out. Writes the audit log. ${WITH_REASON}`,
    refusals: { 404: ['not-found'], 409: ['archived'], 422: ['validation'] },
  },
  restoreClient: {
    description: 'Restores an archived client to the default list. The body may be left out. Writes the audit log.',
    refusals: { 404: ['not-found'], 409: ['not-archived'] },
  },
  assignStaff: {
    description:
      "Assigns a caseworker: staff of the client's provider who hold the `clients` permission. A referral with a caseworker becomes a client. Assigning one already assigned changes nothing. Writes the audit log.",
    refusals: { 404: ['not-found'], 422: ['validation', 'staff-not-in-provider', 'staff-not-caseworker'] },
  },
  unassignStaff: {
    description: `Removes a caseworker; removing one not assigned changes nothing. A client with no caseworker left is a referral again. Writes the audit log. ${WITH_REASON}`,
    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  referClient: {
    description:
      'Refers the client to another service provider of the same group. The caseworkers are removed (the new provider assigns its own), so the client is a referral there. A `reason` becomes the new reasons for referral, with its case note. Writes the audit log.',
    refusals: { 404: ['not-found'], 409: ['provider-not-in-group'], 422: ['validation'] },
  },
  addSafetyFlag: {
    description: 'Adds a safety flag with its reason; the flag gets an id (`sf_…`). Writes the audit log.',
    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  listSafetyFlags: {
    description:
      "The client's safety flags, oldest first: those in force and those removed, each removed one with who removed it, when and why. `status` keeps one kind.",
    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  removeSafetyFlag: {
    description:
      'Removes a safety flag, with the reason it no longer applies. Nothing is deleted: the flag is kept with its removal (see GET …/flags), and the audit log records the removal and its reason. A flag already removed is answered as it is (the first removal stands, nothing is recorded).',
    refusals: { 404: ['not-found'], 422: ['validation'] },
    requestExample: { reason: 'Resolved at the case review.' },
  },
  listTasks: {
    description: "The client's tasks, newest first, open and done (`status` keeps one kind).",
    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  completeTask: {
    description:
      'Marks the task done, by the caller, now. A task already done is answered as it is (nothing is recorded). The body may be left out. Writes the audit log.',
    refusals: { 404: ['not-found'] },
  },
  reopenTask: {
    description:
      'Makes a done task open again; the audit log keeps when and by whom it had been done. A task already open is answered as it is. The body may be left out.',
    refusals: { 404: ['not-found'] },
  },
  createTask: {
    description:
      'Creates a task about the client, for the caller (`assignee: self`) or assigned to the client. Writes the audit log.',
    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  listNotes: {
    description:
      "The client's case notes, newest first, with every version of the reasons for referral (kind `referral-reasons`). Deleted notes are left out.",
    refusals: { 404: ['not-found'] },
  },
  createNote: {
    description: 'Adds a case note. Writes the audit log.',
    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  updateNote: {
    description:
      'Replaces the text of a general case note. Only its author or an administrator may (403 `not-note-author`); reasons for referral keep their history (409 `note-referral-reasons`). The audit log keeps the previous text; the same text changes nothing.',
    refusals: { 403: ['not-note-author'], 404: ['not-found'], 409: ['note-referral-reasons'], 422: ['validation'] },
    requestExample: { text: 'Met at the drop-in; brought a draft resume and two references.' },
  },
  deleteNote: {
    description:
      'Deletes a general case note: it is no longer listed, and the portal keeps it for the audit. Only its author or an administrator may (403 `not-note-author`); reasons for referral keep their history (409 `note-referral-reasons`). Writes the audit log. Answers the deleted note.',
    refusals: { 403: ['not-note-author'], 404: ['not-found'], 409: ['note-referral-reasons'] },
  },
  sendPasswordReset: {
    description: `Sends a password reset email to a client who has logged in. A client who has not logged in has no password to reset: 409 \`no-invite\` (resend the invitation instead). ${REFUSED_IF_ARCHIVED} The body may be left out. Writes the audit log. ${WITH_REASON}`,
    refusals: { 404: ['not-found'], 409: ['archived', 'no-invite'], 422: ['validation'] },
  },
  listRepresentatives: {
    description: "The client's representatives and where each invitation stands. Removed representatives are left out.",
    refusals: { 404: ['not-found'] },
  },
  inviteRepresentative: {
    description: `Invites a client representative (first name, last name, email) to the portal for the client: sends an invitation email. With \`declined: true\`, records instead that the person declined before any invitation was sent (nothing is sent). One representative per email and client: an email already on record is 409 \`representative-exists\` with \`existingRepresentativeId\` and a \`hint\` naming what to do; the client's own email is 409 \`representative-is-client\`. ${REFUSED_IF_ARCHIVED} Writes the audit log. When it sends an invitation: ${WITH_REASON}`,
    refusals: {
      404: ['not-found'],
      409: ['archived', 'representative-exists', 'representative-is-client'],
      422: ['validation'],
    },
    requestExample: { firstName: 'Grace', lastName: 'Nwosu', email: 'grace.nwosu@example.org' },
  },
  getRepresentative: {
    description: "One of the client's representatives and where their invitation stands. A removed one is not found.",
    refusals: { 404: ['not-found'] },
  },
  sendRepresentativeInvite: {
    description: `Sends a pending representative a fresh invitation link: the previous link stops working. After a decline (on the page, or recorded by staff, also before any invitation) needs \`reinvite: true\` (409 \`invite-declined\` otherwise). One who accepted has nothing to be sent (409 \`representative-accepted\`). ${REFUSED_IF_ARCHIVED} The body may be left out. Sends the invitation email; writes the audit log.

**Resend cooldown**, as for a client's invitation: another invitation within the portal's cooldown of the last one (\`portalctl server --resend-cooldown\`, 10 minutes by default) is 409 \`resend-cooldown\` with \`Retry-After\` and \`lastSentAt\`/\`retryAt\`; \`force: true\` sends anyway, and the audit entry records the override (\`cooldownOverridden\`, \`previousSentAt\`). ${WITH_REASON}`,
    refusals: {
      404: ['not-found'],
      409: ['archived', 'invite-declined', 'representative-accepted', 'resend-cooldown'],
      422: ['validation'],
    },
    requestExample: { reinvite: true },
  },
  declineRepresentative: {
    description:
      'Records that the representative declined the invitation (e.g. said so by phone): their link stops working, which removes access; inviting them again needs `reinvite`. Declining again changes nothing (and asks no reason); one who accepted has nothing to decline (409 `representative-accepted`). The body may be left out. Writes the audit log. ' +
      WITH_REASON,
    refusals: { 404: ['not-found'], 409: ['representative-accepted'], 422: ['validation'] },
  },
  removeRepresentative: {
    description: `Removes a representative: they are no longer listed nor found, and their invitation link stops working. The portal keeps the record for the audit; the audit log records who removed them. Answers the removed representative. ${WITH_REASON}`,

    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  sendInvite: {
    description: `Sends the portal invitation, or resends it with a fresh link: the previous link stops working. Works only while the client has never logged in (after that: 409 \`already-logged-in\`, send a password reset). After the client declined, needs \`reinvite: true\`. ${REFUSED_IF_ARCHIVED} The body may be left out. Sends the invitation email; writes the audit log.

**Resend cooldown**: a second invitation to the same client (a resend, or a re-invite) within the portal's cooldown (10 minutes unless its operator chose otherwise; \`portalctl server --resend-cooldown\`) is refused with 409 \`resend-cooldown\`, a \`Retry-After\` header (seconds until another is accepted) and \`lastSentAt\`/\`retryAt\` in the problem. It is a conflict with the client's state, not a rate limit of the caller: a client should not retry it on its own, but let a person decide. \`force: true\` sends anyway, and the audit entry records the override (\`cooldownOverridden\`, \`previousSentAt\`). A first invitation is never in a cooldown. ${WITH_REASON}`,
    refusals: {
      404: ['not-found'],
      409: ['archived', 'already-logged-in', 'invite-declined', 'resend-cooldown'],
      422: ['validation'],
    },
    requestExample: {},
  },
  declineInvite: {
    description:
      'Records that the client declined the invitation (the current link stops working), also before any invitation was sent; inviting them then needs `reinvite`. Declining again changes nothing; a client who has logged in has nothing to decline (409 `already-logged-in`). The body may be left out. Writes the audit log.',
    refusals: { 404: ['not-found'], 409: ['already-logged-in'] },
  },
  lookupCams: {
    description:
      'Looks up a CaMS client by Client Reference Number, to check the person before adding or linking. A Case Reference Number is "no match" with a hint (404 `cams-case-reference`). Says which portal client is linked to it (`linkedClientId`), or only that one is, at a provider the caller cannot see (`linkedElsewhere`).',
    refusals: { 404: ['cams-not-found', 'cams-case-reference'] },
  },
  previewCamsLink: {
    description:
      'What linking the client to a CaMS client would do, changing nothing: the CaMS-owned fields whose values would be replaced (current and CaMS values), whether the names clearly differ (then linking needs `force`), and the Common Assessment import it replaces. Show it to the person before linking.',
    refusals: {
      404: ['not-found', 'cams-not-found', 'cams-case-reference'],
      409: ['already-linked', 'cams-already-linked'],
      422: ['validation'],
    },
  },
  linkCams: {
    description:
      'Links the client to a CaMS client: the CaMS values replace the CaMS-owned fields, which become read-only in the portal and stay current with CaMS. A CaMS client links to one portal client. Names that clearly differ need `force: true`. Linking to the CaMS client already linked changes nothing. Writes the audit log with the replaced values.',
    refusals: {
      404: ['not-found', 'cams-not-found', 'cams-case-reference'],
      409: ['already-linked', 'cams-already-linked', 'cams-name-mismatch'],
      422: ['validation'],
    },
    requestExample: { clientReferenceNumber: '210314187' },
  },
  unlinkCams: {
    description: `Removes the CaMS link: the fields keep their values and become editable in the portal. Writes the audit log. ${WITH_REASON}`,

    refusals: { 404: ['not-found'], 409: ['not-linked'], 422: ['validation'] },
  },
  getCamsEap: {
    description:
      "The linked client's Employment Action Plan as CaMS holds it, read-only (the profile's CaMS EAP tab): the case (reference number, status, program, office, CaMS caseworker), employment goals, outcomes, sub-goals and plan items. A client not linked to CaMS is 409 `not-linked` (link them first); a linked client whose plan CaMS does not have yet is 404.",
    refusals: { 403: ['forbidden'], 404: ['not-found'], 409: ['not-linked'] },
  },
  lookupAssessment: {
    description:
      'Looks up a submitted Common Assessment by number, to check it before importing. An in-progress one is "no match" (404 `ca-in-progress`). Says whether it was imported already (a Common Assessment is copied once).',
    refusals: { 404: ['ca-not-found', 'ca-in-progress'] },
  },
  listPortals: {
    description: "Client portals of the caller's service provider (administrators: all), with their jobs.",
  },
  listPortalUsers: {
    description: "External users of the caller's service provider's portals (administrators: all), cursor-paginated.",
    refusals: { 422: ['validation'] },
  },
  invitePortalUser: {
    description: `Invites an external user (an employer contact or a representative) to a client portal, with access to all its jobs or to selected jobs. Sends them a shared link by email (in the answer too). Writes the user's history and the audit log. One record per person and portal: an email that already has one is refused, \`email-taken\` for an active user (send them a fresh link: POST /v1/portal-users/{id}/links), \`portal-user-inactive\` for a deactivated one (POST /v1/portal-users/{id}/reactivate). ${WITH_REASON}`,

    refusals: { 409: ['email-taken', 'portal-user-inactive'], 422: ['validation'] },
    requestExample: {
      portalId: 'po_northstar01',
      email: 'li.wong@maple-logistics.example.com',
      firstName: 'Li',
      lastName: 'Wong',
      access: { type: 'selected-jobs', jobIds: ['jb_maple001', 'jb_maple002'] },
    },
  },
  getPortalUser: {
    description: 'One external portal user.',
    refusals: { 404: ['not-found'] },
  },
  deactivatePortalUser: {
    description: `Deactivates an external user: every active link of theirs is expired at once. Deactivating again changes nothing. The body may be left out. Writes the user's history and the audit log. ${WITH_REASON}`,
    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  reactivatePortalUser: {
    description: `Gives a deactivated external user access again: the same record, with its access and history. Their old links stay expired; \`sendLink: true\` also emails a fresh shared link. Reactivating an active user changes nothing and sends nothing. Refused (\`email-taken\`) while another active record of the same email holds that portal. The body may be left out. Writes the user's history and the audit log. With \`sendLink\`: ${WITH_REASON}`,

    refusals: { 404: ['not-found'], 409: ['email-taken'], 422: ['validation'] },
    requestExample: { sendLink: true },
  },
  setPortalUserAccess: {
    description:
      "Switches the user between access to all jobs of their portal and to selected jobs of it. The change (from, to, by whom) goes to the user's history (`access-changed`) and the audit log; the same access again changes nothing. A change that takes a job away (all jobs to selected jobs, or selected jobs without one of those they had) removes access, and its reason is in the history too: " +
      WITH_REASON,
    refusals: { 404: ['not-found'], 422: ['validation'] },
    requestExample: { access: { type: 'selected-jobs', jobIds: ['jb_maple002', 'jb_maple004'] } },
  },
  sendSharedLink: {
    description: `Emails an active external user a fresh shared link (in the answer too), for one whose links expired or were lost: the same user, no second invitation. \`expireOthers: true\` first expires their other active links, so only the new one works. Refused for a deactivated user (\`portal-user-inactive\`: reactivate them first). The body may be left out. Writes the user's history and the audit log. ${WITH_REASON}`,
    refusals: { 404: ['not-found'], 409: ['portal-user-inactive'], 422: ['validation'] },
    requestExample: { expireOthers: true },
  },
  listSharedLinks: {
    description: "The user's shared links: when sent, status, when last used and from which IP.",
    refusals: { 404: ['not-found'] },
  },
  expireAllLinks: {
    description: `Expires every active link of the user: access through them ends at once. Answers the links expired. The body may be left out. Writes the user's history and the audit log. ${WITH_REASON}`,
    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  getSharedLink: {
    description: 'One shared link (its user in `portalUserId`).',
    refusals: { 404: ['not-found'] },
  },
  expireLink: {
    description: `Expires one shared link: access through it ends at once. Expiring it again changes nothing. The body may be left out. Writes the user's history and the audit log. ${WITH_REASON}`,
    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  portalUserHistory: {
    description: 'What the user did and what was done to them, newest first.',
    refusals: { 404: ['not-found'] },
  },
  addPortalJob: {
    description:
      'Adds a job (a position) to a client portal, at `position` in its order (default last). Its title names it in the portal, so a title already in use there (case-insensitive) is refused. Users with access to all jobs see it at once; users with selected jobs do not until it is given to them. Written to the audit log.',
    refusals: { 404: ['not-found'], 409: ['job-title-taken'], 422: ['validation'] },
    requestExample: { title: 'Dispatcher (nights)', position: 2 },
  },
  removePortalJob: {
    description: `Removes a job from a client portal (the record is kept for its candidates' feedback). Refused (\`job-only-access\`) while it is the only job a user with selected-jobs access may see: change their access first. Users who had it among other selected jobs lose it (in their history). A job with candidates is refused (\`job-has-candidates\`) unless \`withCandidates: true\` takes them off with it: people are not taken off an employer's view as a side effect. The body may be left out. Written to the audit log. ${WITH_REASON}`,

    refusals: { 404: ['not-found'], 409: ['job-only-access', 'job-has-candidates'], 422: ['validation'] },
    requestExample: { withCandidates: true, reason: 'Position filled' },
  },
  listCandidates: {
    description:
      "The candidates on a client portal (all its jobs, in the portal's order, or one job's), each with the executive summary and documents the portal shows.",
    refusals: { 404: ['not-found'], 422: ['validation'] },
  },
  addCandidate: {
    description:
      "Puts a client forward for a job of the portal, with an executive summary (the client-facing note) and documents from the client's own files. Needs the `portal-users` and `clients` permissions. The client must be a client of the portal's service provider, not archived, and must have consented to being shared with employers, recorded by staff (PUT /v1/clients/{id}/consent): otherwise 409 `consent-required`, which says how to record it. A document that is not one of the client's files is 422 naming `documentIds.N`. One candidacy per client and job (409 `already-candidate`). Users are told by the next notice (POST /v1/portals/{id}/notices). Written to the audit log.",
    refusals: {
      403: ['forbidden'],
      404: ['not-found'],
      409: ['consent-required', 'already-candidate', 'archived'],
      422: ['validation'],
    },
    requestExample: {
      jobId: 'jb_maple002',
      clientId: 'cl_000001',
      summary: 'Forklift certified (2024); two years in a distribution centre; available for day shifts.',
      documentIds: ['fl_0mwt3h3vs0000406aef26'],
    },
  },
  removeCandidate: {
    description: `Takes a candidate off a client portal: its users no longer see them. The record stays for the audit and for the feedback left on it; taking them off again changes nothing. The body may be left out. Written to the audit log. ${WITH_REASON}`,

    refusals: { 404: ['not-found'], 422: ['validation'] },
    requestExample: { reason: 'Accepted another offer' },
  },
  listPortalUserFeedback: {
    description:
      'The feedback an external user left on candidates, newest first, with the candidate and job it is about (feedback on candidates since taken off is kept).',
    refusals: { 404: ['not-found'] },
  },
  previewPortalNotice: {
    description:
      "What notifying the portal's users would send now: the changes since the last notice (candidates added; candidates since taken off are left out) and one email per active user who can see a changed job, with its text. Nothing is sent or changed.",
    refusals: { 404: ['not-found'] },
  },
  sendPortalNotice: {
    description: `Emails each active user of the portal who can see a changed job what changed since the last notice (per job, how many; the emails name no candidate), with their newest active shared link. The changes are then told; the next notice tells only newer ones. With nothing to tell, nothing is sent (\`noticeId\` null). The body may be left out. Written to the users' history and the audit log (with the reason). ${WITH_REASON}`,

    refusals: { 404: ['not-found'], 422: ['validation'] },
    requestExample: { reason: 'Three new candidates this week' },
  },
  setClientConsent: {
    description:
      "Records the client's consent to being put forward to employers' client portals (`consent` of the client: the answer, when and by whom). Withdrawing it from a client who is a candidate on portals is refused (`client-is-candidate`, naming the portals) unless `removeCandidates: true` takes them off. The same answer again changes nothing. Written to the audit log with the old and new value and the reason.",
    refusals: { 404: ['not-found'], 409: ['client-is-candidate'], 422: ['validation'] },
    requestExample: { shareWithEmployers: true, reason: 'Agreed at the intake meeting' },
  },
  listOutbox: {
    description:
      "Messages the portal sent (invitations, confirmations, password resets, referrals), newest first, cursor-paginated. The local portal sends no real mail and keeps them here instead. Staff see messages about their provider's clients (with `clients`) and portal users (with `portal-users`); administrators all.",
    refusals: { 422: ['validation'] },
  },
  getOutboxMessage: {
    description: 'One message the portal sent, in full (its text too), if the caller may see it.',
    refusals: { 404: ['not-found'] },
  },
  listAudit: {
    description: 'The audit log: every change, who made it and when, newest first, cursor-paginated.',
    refusals: { 422: ['validation'] },
  },
};
