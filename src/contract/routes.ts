// Every route of the Jobs Portal API, declared once. The server registers these (validation,
// permissions, idempotency), the OpenAPI document is generated from them, and the CLI calls them.
// A route's schemas are built when first read (lazyRoute), so a command builds only its routes'.
import * as z from 'zod';
import { lazyRoute, once } from './define.js';
import {
  ActionReasonSchema,
  AssessmentSchema,
  AuditEntrySchema,
  BatchCreateSchema,
  BatchResultSchema,
  CamsClientSchema,
  CamsEapSchema,
  CamsLinkPreviewSchema,
  CamsLinkSchema,
  CandidateCreateSchema,
  CandidateRemoveSchema,
  CandidateSchema,
  CLIENT_STATUSES,
  ClientConsentResultSchema,
  ClientConsentUpdateSchema,
  ClientCreateSchema,
  ClientFileSchema,
  ClientId,
  ClientSchema,
  ClientUpdateSchema,
  DuplicateCheckSchema,
  FeedbackSchema,
  FileName,
  FlagCreateSchema,
  FlagRemoveSchema,
  HistoryEntrySchema,
  INVITE_STATUSES,
  InviteResultSchema,
  InviteSendSchema,
  JobCreateSchema,
  JobId,
  JobRemovedSchema,
  JobRemoveSchema,
  listOf,
  MESSAGE_KINDS,
  MeSchema,
  NoteCreateSchema,
  NoteSchema,
  NoteUpdateSchema,
  OutboxMessageDetailSchema,
  OutboxMessageSchema,
  PageQuery,
  PortalJobSchema,
  PortalNoticeSchema,
  PortalNoticeSendSchema,
  PortalSchema,
  PortalSettingsSchema,
  PortalUserAccessSchema,
  PortalUserInviteSchema,
  PortalUserReactivatedSchema,
  PortalUserReactivateSchema,
  PortalUserSchema,
  ProviderId,
  pageOf,
  Reason,
  ReferSchema,
  RepresentativeCreateSchema,
  RepresentativeInviteResultSchema,
  RepresentativeInviteSendSchema,
  RepresentativeSchema,
  SAFETY_FLAG_STATUSES,
  SafetyFlagRecordSchema,
  ServiceProviderSchema,
  SharedLinkSchema,
  SharedLinkSendSchema,
  SharedLinkSentSchema,
  StaffAssignSchema,
  StaffId,
  StaffSchema,
  TASK_STATUSES,
  TaskCreateSchema,
  TaskSchema,
} from './schemas.js';

// Path ids are checked loosely: an id of the wrong shape is simply not found (404), as a user expects.
const PathId = once(() => z.string().min(1).max(100));
const ClientParams = once(() => z.strictObject({ id: PathId() }));
const TaskParams = once(() => z.strictObject({ id: PathId(), taskId: PathId() }));
const NoteParams = once(() => z.strictObject({ id: PathId(), noteId: PathId() }));
const RepresentativeParams = once(() => z.strictObject({ id: PathId(), repId: PathId() }));
const Empty = once(() => z.strictObject({}));
const Ok = once(() => z.object({ ok: z.literal(true) }));
const BoolQuery = once(() => z.enum(['true', 'false']).transform((v) => v === 'true'));
/**
 * Creating a client: `nameMatch=refuse` answers 409 duplicate-name when the duplicate check finds a
 * client with a matching name (and another email), instead of adding a possible duplicate.
 */
const NameMatchQuery = once(() =>
  z.strictObject({
    nameMatch: z
      .enum(['allow', 'refuse'])
      .optional()
      .meta({ description: 'refuse: a client whose name matches an existing one is not added (409 duplicate-name)' }),
  }),
);

export const routes = {
  // ── Identity and directory ──
  getMe: lazyRoute(
    {
      name: 'getMe',
      method: 'GET',
      path: '/v1/me',
      summary: 'The staff member the token belongs to, with permissions and service provider',
      tag: 'identity',
      permissions: [],
    },
    {
      response: MeSchema,
    },
  ),
  getSettings: lazyRoute(
    {
      name: 'getSettings',
      method: 'GET',
      path: '/v1/settings',
      summary: "The portal's guardrails on messages: whether a reason is required, the resend cooldown",
      tag: 'identity',
      permissions: [],
    },
    {
      response: PortalSettingsSchema,
    },
  ),
  listProviders: lazyRoute(
    {
      name: 'listProviders',
      method: 'GET',
      path: '/v1/providers',
      summary: 'Service providers (with their group)',
      tag: 'identity',
      permissions: [],
    },
    {
      response: () => listOf(ServiceProviderSchema()),
    },
  ),
  listStaff: lazyRoute(
    {
      name: 'listStaff',
      method: 'GET',
      path: '/v1/staff',
      summary: "Staff of the caller's service provider (all staff for administrators)",
      tag: 'identity',
      permissions: [],
    },
    {
      query: () => z.strictObject({ providerId: ProviderId().optional() }),
      response: () => listOf(StaffSchema()),
    },
  ),

  // ── Clients ──
  listClients: lazyRoute(
    {
      name: 'listClients',
      method: 'GET',
      path: '/v1/clients',
      summary: 'List clients (archived ones only with archived=true)',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      query: () =>
        z.strictObject({
          ...PageQuery(),
          status: z.enum(CLIENT_STATUSES).optional(),
          archived: BoolQuery().optional(),
          search: z.string().max(200).optional(),
          email: z.string().max(254).optional(),
          caseworkerId: StaffId().optional(),
          providerId: ProviderId().optional(),
          invite: z.enum(INVITE_STATUSES).optional(),
          inviteSentBefore: z.iso.datetime({ offset: true }).optional(),
          sort: z
            .enum(['oldest', 'newest'])
            .optional()
            .meta({ description: 'Order by when the client was added: oldest first (the default) or newest first' }),
        }),
      response: () => pageOf(ClientSchema()),
    },
  ),
  findDuplicates: lazyRoute(
    {
      name: 'findDuplicates',
      method: 'GET',
      path: '/v1/clients/duplicates',
      summary:
        'Duplicate check before adding: by name (normalised, partial, however a full name splits) and exact email, at the provider the client would be added to',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      query: () =>
        z.strictObject({
          firstName: z.string().max(100).optional(),
          lastName: z.string().max(100).optional(),
          email: z.string().max(254).optional(),
          /** Where the client would be added (default: the caller's provider); needs sp-group-admin for another. */
          providerId: ProviderId().optional(),
        }),
      response: DuplicateCheckSchema,
    },
  ),
  createClient: lazyRoute(
    {
      name: 'createClient',
      method: 'POST',
      path: '/v1/clients',
      summary: 'Add a client (or referral); sends the portal invitation unless sendInvite is false',
      tag: 'clients',
      permissions: ['clients'],
      idempotent: true,
      status: 201,
    },
    {
      // The reason for the invitation it sends (kept in the audit log) is a query parameter: the
      // body is the client.
      query: () => NameMatchQuery().extend({ reason: Reason().optional() }),
      body: ClientCreateSchema,
      response: ClientSchema,
    },
  ),
  batchCreateClients: lazyRoute(
    {
      name: 'batchCreateClients',
      method: 'POST',
      path: '/v1/clients/batch',
      summary: 'Add up to 100 clients in one transaction, with a result (and idempotency) per item',
      tag: 'clients',
      permissions: ['clients'],
      returnMinimal: true,
    },
    {
      // As for a single create: the reason for the invitations the batch sends is a query parameter.
      query: () => NameMatchQuery().extend({ reason: Reason().optional() }),
      body: BatchCreateSchema,
      response: BatchResultSchema,
    },
  ),
  getClient: lazyRoute(
    {
      name: 'getClient',
      method: 'GET',
      path: '/v1/clients/:id',
      summary: 'One client',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      response: ClientSchema,
    },
  ),
  updateClient: lazyRoute(
    {
      name: 'updateClient',
      method: 'PATCH',
      path: '/v1/clients/:id',
      summary:
        'Edit a client; CaMS-owned fields of a linked client are refused; a new email is pending until confirmed',
      tag: 'clients',
      permissions: ['clients'],
      // A bulk update re-sends a row cut off by a crash with the same key: applied (and emailed) once.
      idempotent: true,
    },
    {
      params: ClientParams,
      body: ClientUpdateSchema,
      response: ClientSchema,
    },
  ),
  archiveClient: lazyRoute(
    {
      name: 'archiveClient',
      method: 'POST',
      path: '/v1/clients/:id/archive',
      summary: 'Archive a client (hidden from the default list)',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      body: () => ActionReasonSchema().optional(),
      response: ClientSchema,
    },
  ),
  restoreClient: lazyRoute(
    {
      name: 'restoreClient',
      method: 'POST',
      path: '/v1/clients/:id/restore',
      summary: 'Restore an archived client',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      body: () => Empty().optional(),
      response: ClientSchema,
    },
  ),
  assignStaff: lazyRoute(
    {
      name: 'assignStaff',
      method: 'POST',
      path: '/v1/clients/:id/staff',
      summary: 'Assign a caseworker (a referral with a caseworker becomes a client)',
      tag: 'clients',
      permissions: ['clients', 'sp-admin'],
    },
    {
      params: ClientParams,
      body: StaffAssignSchema,
      response: ClientSchema,
    },
  ),
  unassignStaff: lazyRoute(
    {
      name: 'unassignStaff',
      method: 'DELETE',
      path: '/v1/clients/:id/staff/:staffId',
      summary: 'Remove a caseworker assignment',
      tag: 'clients',
      permissions: ['clients', 'sp-admin'],
    },
    {
      params: () => z.strictObject({ id: PathId(), staffId: PathId() }),
      // A DELETE carries no body: the reason (kept in the audit log) is a query parameter.
      query: () => z.strictObject({ reason: Reason().optional() }),
      response: ClientSchema,
    },
  ),
  referClient: lazyRoute(
    {
      name: 'referClient',
      method: 'POST',
      path: '/v1/clients/:id/referral',
      summary: 'Refer the client to another service provider of the same group',
      tag: 'clients',
      permissions: ['clients', 'sp-group-admin'],
      idempotent: true,
    },
    {
      params: ClientParams,
      body: ReferSchema,
      response: ClientSchema,
    },
  ),
  addSafetyFlag: lazyRoute(
    {
      name: 'addSafetyFlag',
      method: 'POST',
      path: '/v1/clients/:id/flags',
      summary: 'Add a safety flag with a reason',
      tag: 'clients',
      permissions: ['clients'],
      idempotent: true,
      status: 201,
    },
    {
      params: ClientParams,
      body: FlagCreateSchema,
      response: ClientSchema,
    },
  ),
  listSafetyFlags: lazyRoute(
    {
      name: 'listSafetyFlags',
      method: 'GET',
      path: '/v1/clients/:id/flags',
      summary: "A client's safety flags, oldest first: removed ones too, with who removed them, when and why",
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      query: () => z.strictObject({ status: z.enum(SAFETY_FLAG_STATUSES).optional() }),
      response: () => listOf(SafetyFlagRecordSchema()),
    },
  ),
  removeSafetyFlag: lazyRoute(
    {
      name: 'removeSafetyFlag',
      method: 'POST',
      path: '/v1/clients/:id/flags/:flagId/remove',
      summary:
        'Remove a safety flag, with the reason: the flag is kept with its removal, and the audit log records both (a flag already removed is answered as it is)',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: () => z.strictObject({ id: PathId(), flagId: PathId() }),
      body: FlagRemoveSchema,
      response: SafetyFlagRecordSchema,
    },
  ),
  listTasks: lazyRoute(
    {
      name: 'listTasks',
      method: 'GET',
      path: '/v1/clients/:id/tasks',
      summary: "A client's tasks, newest first (open and done unless status says)",
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      query: () => z.strictObject({ status: z.enum(TASK_STATUSES).optional() }),
      response: () => listOf(TaskSchema()),
    },
  ),
  completeTask: lazyRoute(
    {
      name: 'completeTask',
      method: 'POST',
      path: '/v1/clients/:id/tasks/:taskId/complete',
      summary: 'Mark a task done (a task already done is answered as it is)',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: TaskParams,
      body: () => Empty().optional(),
      response: TaskSchema,
    },
  ),
  reopenTask: lazyRoute(
    {
      name: 'reopenTask',
      method: 'POST',
      path: '/v1/clients/:id/tasks/:taskId/reopen',
      summary: 'Make a done task open again (a task already open is answered as it is)',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: TaskParams,
      body: () => Empty().optional(),
      response: TaskSchema,
    },
  ),
  createTask: lazyRoute(
    {
      name: 'createTask',
      method: 'POST',
      path: '/v1/clients/:id/tasks',
      summary: 'Create a task for yourself or assigned to the client',
      tag: 'clients',
      permissions: ['clients'],
      idempotent: true,
      status: 201,
    },
    {
      params: ClientParams,
      body: TaskCreateSchema,
      response: TaskSchema,
    },
  ),
  listNotes: lazyRoute(
    {
      name: 'listNotes',
      method: 'GET',
      path: '/v1/clients/:id/notes',
      summary: "A client's case notes, newest first (reasons for referral included, with their history)",
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      response: () => listOf(NoteSchema()),
    },
  ),
  createNote: lazyRoute(
    {
      name: 'createNote',
      method: 'POST',
      path: '/v1/clients/:id/notes',
      summary: 'Add a case note',
      tag: 'clients',
      permissions: ['clients'],
      idempotent: true,
      status: 201,
    },
    {
      params: ClientParams,
      body: NoteCreateSchema,
      response: NoteSchema,
    },
  ),
  updateNote: lazyRoute(
    {
      name: 'updateNote',
      method: 'PATCH',
      path: '/v1/clients/:id/notes/:noteId',
      summary:
        "Edit a case note's text (its author or an administrator; not reasons for referral); the audit log keeps the previous text",
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: NoteParams,
      body: NoteUpdateSchema,
      response: NoteSchema,
    },
  ),
  deleteNote: lazyRoute(
    {
      name: 'deleteNote',
      method: 'DELETE',
      path: '/v1/clients/:id/notes/:noteId',
      summary:
        'Delete a case note (its author or an administrator; not reasons for referral): it is no longer listed, and kept for the audit',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: NoteParams,
      response: NoteSchema,
    },
  ),
  sendPasswordReset: lazyRoute(
    {
      name: 'sendPasswordReset',
      method: 'POST',
      path: '/v1/clients/:id/password-reset',
      summary: 'Send a password reset email to a client who has logged in',
      tag: 'clients',
      permissions: ['clients'],
      idempotent: true,
      status: 202,
    },
    {
      params: ClientParams,
      body: () => ActionReasonSchema().optional(),
      response: Ok,
    },
  ),
  listRepresentatives: lazyRoute(
    {
      name: 'listRepresentatives',
      method: 'GET',
      path: '/v1/clients/:id/representatives',
      summary: "A client's representatives",
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      response: () => listOf(RepresentativeSchema()),
    },
  ),
  inviteRepresentative: lazyRoute(
    {
      name: 'inviteRepresentative',
      method: 'POST',
      path: '/v1/clients/:id/representatives',
      summary: 'Invite a client representative',
      tag: 'clients',
      permissions: ['clients'],
      idempotent: true,
      status: 201,
    },
    {
      params: ClientParams,
      body: RepresentativeCreateSchema,
      response: RepresentativeSchema,
    },
  ),
  getRepresentative: lazyRoute(
    {
      name: 'getRepresentative',
      method: 'GET',
      path: '/v1/clients/:id/representatives/:repId',
      summary: "One of a client's representatives, with their invitation status",
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: RepresentativeParams,
      response: RepresentativeSchema,
    },
  ),
  sendRepresentativeInvite: lazyRoute(
    {
      name: 'sendRepresentativeInvite',
      method: 'POST',
      path: '/v1/clients/:id/representatives/:repId/invitations',
      summary: "Resend a representative's invitation with a fresh link, or invite again after a decline",
      tag: 'clients',
      permissions: ['clients'],
      idempotent: true,
      status: 201,
    },
    {
      params: RepresentativeParams,
      body: () => RepresentativeInviteSendSchema().optional(),
      response: RepresentativeInviteResultSchema,
    },
  ),
  declineRepresentative: lazyRoute(
    {
      name: 'declineRepresentative',
      method: 'POST',
      path: '/v1/clients/:id/representatives/:repId/decline',
      summary: 'Record that a representative declined the invitation',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: RepresentativeParams,
      body: () => ActionReasonSchema().optional(),
      response: RepresentativeSchema,
    },
  ),
  removeRepresentative: lazyRoute(
    {
      name: 'removeRepresentative',
      method: 'DELETE',
      path: '/v1/clients/:id/representatives/:repId',
      summary: 'Remove a representative: no longer listed, kept for the audit',
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: RepresentativeParams,
      // A DELETE carries no body: the reason (kept in the audit log) is a query parameter.
      query: () => z.strictObject({ reason: Reason().optional() }),
      response: RepresentativeSchema,
    },
  ),

  // ── Client files (PDF and Word documents; bytes streamed, never JSON) ──
  listClientFiles: lazyRoute(
    {
      name: 'listClientFiles',
      method: 'GET',
      path: '/v1/clients/:id/files',
      summary: "A client's files (resumes, receipts, pay stubs), newest first",
      tag: 'files',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      response: () => listOf(ClientFileSchema()),
    },
  ),
  uploadClientFile: lazyRoute(
    {
      name: 'uploadClientFile',
      method: 'POST',
      path: '/v1/clients/:id/files',
      summary:
        'Upload a file: the request body is its bytes. PDF and Word documents only, checked by content (415 otherwise), 10 MiB at most (413); the same content twice for a client is 409 file-exists',
      tag: 'files',
      permissions: ['clients'],
      stream: 'upload',
      status: 201,
    },
    {
      params: ClientParams,
      query: () => z.strictObject({ name: FileName() }),
      response: ClientFileSchema,
    },
  ),
  getClientFile: lazyRoute(
    {
      name: 'getClientFile',
      method: 'GET',
      path: '/v1/clients/:id/files/:fileId',
      summary: "One of a client's files (its name, type, size and SHA-256)",
      tag: 'files',
      permissions: ['clients'],
    },
    {
      params: () => z.strictObject({ id: PathId(), fileId: PathId() }),
      response: ClientFileSchema,
    },
  ),
  downloadClientFile: lazyRoute(
    {
      name: 'downloadClientFile',
      method: 'GET',
      path: '/v1/clients/:id/files/:fileId/content',
      summary:
        "A file's bytes, with its media type, Content-Length and Repr-Digest (SHA-256); the download is recorded in the audit log",
      tag: 'files',
      permissions: ['clients'],
      stream: 'download',
    },
    {
      params: () => z.strictObject({ id: PathId(), fileId: PathId() }),
      response: ClientFileSchema,
    },
  ),

  // ── Invitations ──
  sendInvite: lazyRoute(
    {
      name: 'sendInvite',
      method: 'POST',
      path: '/v1/clients/:id/invitations',
      summary:
        'Send or resend the portal invitation with a fresh link (the previous link stops working). Refused once the client has logged in; after a decline needs reinvite',
      tag: 'invitations',
      permissions: ['clients'],
      idempotent: true,
      status: 201,
    },
    {
      params: ClientParams,
      // Optional: a plain resend is an empty POST.
      body: () => InviteSendSchema().optional(),
      response: InviteResultSchema,
    },
  ),
  declineInvite: lazyRoute(
    {
      name: 'declineInvite',
      method: 'POST',
      path: '/v1/clients/:id/invitations/decline',
      summary: 'Record that the client declined the invitation (the current link stops working)',
      tag: 'invitations',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      body: () => Empty().optional(),
      response: ClientSchema,
    },
  ),

  // ── CaMS and Common Assessments ──
  lookupCams: lazyRoute(
    {
      name: 'lookupCams',
      method: 'GET',
      path: '/v1/cams/clients/:ref',
      summary: 'Look up a CaMS client by Client Reference Number (a Case Reference Number is "no match" with a hint)',
      tag: 'cams',
      permissions: ['clients'],
    },
    {
      params: () => z.strictObject({ ref: z.string().min(1).max(50) }),
      response: CamsClientSchema,
    },
  ),
  previewCamsLink: lazyRoute(
    {
      name: 'previewCamsLink',
      method: 'GET',
      path: '/v1/clients/:id/cams-link/preview',
      summary:
        'What linking to a CaMS client would replace (current and CaMS values), and whether the names clearly differ; changes nothing',
      tag: 'cams',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      query: () => z.strictObject({ clientReferenceNumber: z.string().trim().min(1).max(50) }),
      response: CamsLinkPreviewSchema,
    },
  ),
  linkCams: lazyRoute(
    {
      name: 'linkCams',
      method: 'PUT',
      path: '/v1/clients/:id/cams-link',
      summary:
        'Link a client to a CaMS client (one portal client per CaMS client); names that clearly differ need force; the audit keeps the replaced values',
      tag: 'cams',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      body: CamsLinkSchema,
      response: ClientSchema,
    },
  ),
  unlinkCams: lazyRoute(
    {
      name: 'unlinkCams',
      method: 'DELETE',
      path: '/v1/clients/:id/cams-link',
      summary: 'Remove the CaMS link (the fields stay, and become editable)',
      tag: 'cams',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      // A DELETE carries no body: the reason (kept in the audit log) is a query parameter.
      query: () => z.strictObject({ reason: Reason().optional() }),
      response: ClientSchema,
    },
  ),
  getCamsEap: lazyRoute(
    {
      name: 'getCamsEap',
      method: 'GET',
      path: '/v1/clients/:id/cams-eap',
      summary:
        "The linked client's Employment Action Plan in CaMS (case details, employment goals, outcomes, sub-goals, plan items); read-only. A client not linked to CaMS is 409 not-linked",
      tag: 'cams',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      response: CamsEapSchema,
    },
  ),
  lookupAssessment: lazyRoute(
    {
      name: 'lookupAssessment',
      method: 'GET',
      path: '/v1/assessments/:caNumber',
      summary: 'Look up a Common Assessment (only submitted ones can be imported)',
      tag: 'cams',
      permissions: ['clients'],
    },
    {
      params: () => z.strictObject({ caNumber: z.string().min(1).max(50) }),
      response: AssessmentSchema,
    },
  ),

  // ── Client portals and external users ──
  listPortals: lazyRoute(
    {
      name: 'listPortals',
      method: 'GET',
      path: '/v1/portals',
      summary: 'Client portals and their jobs',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      response: () => listOf(PortalSchema()),
    },
  ),
  listPortalUsers: lazyRoute(
    {
      name: 'listPortalUsers',
      method: 'GET',
      path: '/v1/portal-users',
      summary: 'External portal users',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      query: () =>
        z.strictObject({
          ...PageQuery(),
          portalId: z.string().optional(),
          status: z.enum(['active', 'deactivated']).optional(),
          email: z.string().optional(),
        }),
      response: () => pageOf(PortalUserSchema()),
    },
  ),
  invitePortalUser: lazyRoute(
    {
      name: 'invitePortalUser',
      method: 'POST',
      path: '/v1/portal-users',
      summary: 'Invite an external user to a client portal with all-jobs or selected-jobs access (sends a shared link)',
      tag: 'portal-users',
      permissions: ['portal-users'],
      idempotent: true,
      status: 201,
    },
    {
      body: PortalUserInviteSchema,
      response: () => z.object({ user: PortalUserSchema(), link: SharedLinkSchema() }),
    },
  ),
  getPortalUser: lazyRoute(
    {
      name: 'getPortalUser',
      method: 'GET',
      path: '/v1/portal-users/:id',
      summary: 'One external portal user',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      response: PortalUserSchema,
    },
  ),
  deactivatePortalUser: lazyRoute(
    {
      name: 'deactivatePortalUser',
      method: 'POST',
      path: '/v1/portal-users/:id/deactivate',
      summary: 'Deactivate an external user (their links stop working)',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      body: () => ActionReasonSchema().optional(),
      response: PortalUserSchema,
    },
  ),
  reactivatePortalUser: lazyRoute(
    {
      name: 'reactivatePortalUser',
      method: 'POST',
      path: '/v1/portal-users/:id/reactivate',
      summary:
        'Reactivate a deactivated external user: the same record, its history kept; sendLink also emails a fresh shared link',
      tag: 'portal-users',
      permissions: ['portal-users'],
      idempotent: true,
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      body: () => PortalUserReactivateSchema().optional(),
      response: PortalUserReactivatedSchema,
    },
  ),
  setPortalUserAccess: lazyRoute(
    {
      name: 'setPortalUserAccess',
      method: 'PUT',
      path: '/v1/portal-users/:id/access',
      summary: "Switch a user's access between all jobs and selected jobs (recorded in their history)",
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      body: PortalUserAccessSchema,
      response: PortalUserSchema,
    },
  ),
  sendSharedLink: lazyRoute(
    {
      name: 'sendSharedLink',
      method: 'POST',
      path: '/v1/portal-users/:id/links',
      summary:
        'Email an active user a fresh shared link; expireOthers ends their other active links at once. Refused for a deactivated user',
      tag: 'portal-users',
      permissions: ['portal-users'],
      idempotent: true,
      status: 201,
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      body: () => SharedLinkSendSchema().optional(),
      response: SharedLinkSentSchema,
    },
  ),
  listSharedLinks: lazyRoute(
    {
      name: 'listSharedLinks',
      method: 'GET',
      path: '/v1/portal-users/:id/links',
      summary: "A user's shared links: sent, status, last used and from which IP",
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      response: () => listOf(SharedLinkSchema()),
    },
  ),
  expireAllLinks: lazyRoute(
    {
      name: 'expireAllLinks',
      method: 'POST',
      path: '/v1/portal-users/:id/links/expire',
      summary: 'Expire every active link of a user',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      body: () => ActionReasonSchema().optional(),
      response: () => listOf(SharedLinkSchema()),
    },
  ),
  getSharedLink: lazyRoute(
    {
      name: 'getSharedLink',
      method: 'GET',
      path: '/v1/shared-links/:id',
      summary: 'One shared link (its portal user in portalUserId): sent, status, last used and from which IP',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      response: SharedLinkSchema,
    },
  ),
  expireLink: lazyRoute(
    {
      name: 'expireLink',
      method: 'POST',
      path: '/v1/shared-links/:id/expire',
      summary: 'Expire one shared link: access through it ends at once',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      body: () => ActionReasonSchema().optional(),
      response: SharedLinkSchema,
    },
  ),
  portalUserHistory: lazyRoute(
    {
      name: 'portalUserHistory',
      method: 'GET',
      path: '/v1/portal-users/:id/history',
      summary: 'What the user did and what was done to them, newest first',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      response: () => listOf(HistoryEntrySchema()),
    },
  ),

  // ── Jobs and candidates on client portals ──
  addPortalJob: lazyRoute(
    {
      name: 'addPortalJob',
      method: 'POST',
      path: '/v1/portals/:id/jobs',
      summary: 'Add a job (a position) to a client portal',
      tag: 'portal-users',
      permissions: ['portal-users'],
      idempotent: true,
      status: 201,
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      body: JobCreateSchema,
      response: PortalJobSchema,
    },
  ),
  removePortalJob: lazyRoute(
    {
      name: 'removePortalJob',
      method: 'POST',
      path: '/v1/portals/:id/jobs/:jobId/remove',
      summary: 'Remove a job from a client portal; a job with candidates needs withCandidates',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId(), jobId: PathId() }),
      body: () => JobRemoveSchema().optional(),
      response: JobRemovedSchema,
    },
  ),
  listCandidates: lazyRoute(
    {
      name: 'listCandidates',
      method: 'GET',
      path: '/v1/portals/:id/candidates',
      summary: 'The candidates on a client portal, with their executive summaries and documents',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      query: () => z.strictObject({ jobId: JobId().optional() }),
      response: () => listOf(CandidateSchema()),
    },
  ),
  addCandidate: lazyRoute(
    {
      name: 'addCandidate',
      method: 'POST',
      path: '/v1/portals/:id/candidates',
      summary:
        "Put a client forward for a job of a client portal, with an executive summary and documents from the client's files; needs the client's recorded consent",
      tag: 'portal-users',
      permissions: ['portal-users', 'clients'],
      idempotent: true,
      status: 201,
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      body: CandidateCreateSchema,
      response: CandidateSchema,
    },
  ),
  removeCandidate: lazyRoute(
    {
      name: 'removeCandidate',
      method: 'POST',
      path: '/v1/portals/:id/candidates/:candidateId/remove',
      summary: 'Take a candidate off a client portal (kept for the audit and their feedback)',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId(), candidateId: PathId() }),
      body: () => CandidateRemoveSchema().optional(),
      response: CandidateSchema,
    },
  ),
  listPortalUserFeedback: lazyRoute(
    {
      name: 'listPortalUserFeedback',
      method: 'GET',
      path: '/v1/portal-users/:id/feedback',
      summary: 'The feedback an external user left on candidates, newest first',
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      response: () => listOf(FeedbackSchema()),
    },
  ),
  previewPortalNotice: lazyRoute(
    {
      name: 'previewPortalNotice',
      method: 'GET',
      path: '/v1/portals/:id/notice',
      summary:
        "What notifying the portal's users would send now: the changes since the last notice, the emails and their recipients",
      tag: 'portal-users',
      permissions: ['portal-users'],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      response: PortalNoticeSchema,
    },
  ),
  sendPortalNotice: lazyRoute(
    {
      name: 'sendPortalNotice',
      method: 'POST',
      path: '/v1/portals/:id/notices',
      summary: "Email the portal's active users what changed since the last notice",
      tag: 'portal-users',
      permissions: ['portal-users'],
      idempotent: true,
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      body: () => PortalNoticeSendSchema().optional(),
      response: PortalNoticeSchema,
    },
  ),
  setClientConsent: lazyRoute(
    {
      name: 'setClientConsent',
      method: 'PUT',
      path: '/v1/clients/:id/consent',
      summary: "Record the client's consent to being put forward to employers' client portals",
      tag: 'clients',
      permissions: ['clients'],
    },
    {
      params: ClientParams,
      body: ClientConsentUpdateSchema,
      response: ClientConsentResultSchema,
    },
  ),

  // ── Outbox and audit ──
  listOutbox: lazyRoute(
    {
      name: 'listOutbox',
      method: 'GET',
      path: '/v1/outbox',
      summary: 'Messages the portal sent (the local portal keeps them instead of mailing them), newest first',
      tag: 'outbox',
      permissions: [],
    },
    {
      query: () =>
        z.strictObject({
          ...PageQuery(),
          to: z.string().optional(),
          kind: z.enum(MESSAGE_KINDS).optional(),
          clientId: ClientId().optional(),
        }),
      response: () => pageOf(OutboxMessageSchema()),
    },
  ),
  getOutboxMessage: lazyRoute(
    {
      name: 'getOutboxMessage',
      method: 'GET',
      path: '/v1/outbox/:id',
      summary: 'One message the portal sent, in full (its text too), if the caller may see it',
      tag: 'outbox',
      permissions: [],
    },
    {
      params: () => z.strictObject({ id: PathId() }),
      response: OutboxMessageDetailSchema,
    },
  ),
  listAudit: lazyRoute(
    {
      name: 'listAudit',
      method: 'GET',
      path: '/v1/audit',
      summary: 'The audit log: who changed what, when, newest first',
      tag: 'audit',
      permissions: ['administrator'],
    },
    {
      query: () =>
        z.strictObject({
          ...PageQuery(),
          actorId: z.string().optional(),
          entityId: z.string().optional(),
          action: z.string().optional(),
        }),
      response: () => pageOf(AuditEntrySchema()),
    },
  ),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
