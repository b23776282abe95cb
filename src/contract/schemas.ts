// The resources and request bodies of the Jobs Portal API. Request bodies are strict (unknown
// fields are refused by name); responses are plain objects so that a newer portal adding a field
// does not break an older portalctl. Each schema is a function that builds it on first use
// (once, in define.ts): `ClientSchema()`.
import * as z from 'zod';
import { once } from './define.js';
import { ProblemSchema } from './problems.js';

export const PERMISSIONS = ['administrator', 'clients', 'sp-admin', 'sp-group-admin', 'portal-users'] as const;
export const PermissionSchema = once(() => z.enum(PERMISSIONS));

const Id = (prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9a-z]{6,40}$`), `must be an id starting with ${prefix}_`)
    .meta({ example: `${prefix}_01jq3v4w5x6y7z` });

export const ClientId = once(() => Id('cl'));
export const StaffId = once(() => Id('st'));
export const ProviderId = once(() => Id('sp'));
export const PortalId = once(() => Id('po'));
export const JobId = once(() => Id('jb'));
export const PortalUserId = once(() => Id('pu'));
export const LinkId = once(() => Id('ln'));

const Timestamp = once(() => z.iso.datetime({ offset: true }).meta({ example: '2026-11-23T10:15:00.000Z' }));
const Email = once(() =>
  z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ message: 'must be an email address like name@example.org' }))
    .meta({ format: 'email' }),
);

// ── Values a record must not take ─────────────────────────────────────────────────────────────
// One rule each, here, so the portal (422 naming the field), the CLI's flags and prompts and the
// importer's row check (row, line, column) refuse the same values with the same words.

/** No control character (C0, DEL, C1) in a one-line value. */
const ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f]*$/;
/** Free text may also hold tabs and line breaks (LF, or CRLF as spreadsheets write them). */
const FREE_TEXT = /^(?:[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\r\n)*$/;
const CONTROL_MESSAGE = 'must not contain control characters (line breaks, tabs, NUL and the like)';
const FREE_TEXT_CONTROL_MESSAGE = 'must not contain control characters other than tabs and line breaks';
const LETTER = /\p{L}/u;
const NAME_LETTER_MESSAGE = 'must contain a letter (not only punctuation)';
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** A text field on one line: trimmed, at most `max` characters, no control characters. */
const oneLine = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).regex(ONE_LINE, CONTROL_MESSAGE);
/** Free text: trimmed, at most `max` characters; tabs and line breaks are its only control characters. */
const freeText = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).regex(FREE_TEXT, FREE_TEXT_CONTROL_MESSAGE);

/**
 * Today's date where it is latest (UTC+14), so a date of birth of today is never "in the future"
 * for a caller anywhere.
 */
function latestToday(): string {
  return new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
}

const Name = once(() =>
  oneLine(100).min(1, { message: 'must not be empty', abort: true }).regex(LETTER, NAME_LETTER_MESSAGE),
);
/** A name that may be left empty (a preferred name): when given, it has a letter. */
const OptionalName = once(() =>
  oneLine(200).refine((value) => value === '' || LETTER.test(value), NAME_LETTER_MESSAGE),
);
const ShortText = once(() => oneLine(200));
const LongText = once(() => freeText(10_000));
const Tags = once(() =>
  z
    .array(
      z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(100, 'each entry must be at most 100 characters')
        .regex(ONE_LINE, CONTROL_MESSAGE),
    )
    .max(50, 'at most 50 entries'),
);
const DateOfBirth = once(() =>
  z.iso
    .date({ message: 'must be a date like 1990-04-30', abort: true })
    .refine((date) => date >= EARLIEST_BIRTH_DATE, `must be on or after ${EARLIEST_BIRTH_DATE}`)
    .refine((date) => date <= latestToday(), 'must not be in the future')
    .meta({ description: `A date of birth: on or after ${EARLIEST_BIRTH_DATE}, and not in the future.` }),
);

// ── People ────────────────────────────────────────────────────────────────────────────────────
export const ServiceProviderSchema = once(() =>
  z
    .object({ id: ProviderId(), name: z.string(), groupId: z.string(), groupName: z.string() })
    .meta({ id: 'ServiceProvider' }),
);
export type ServiceProvider = z.infer<ReturnType<typeof ServiceProviderSchema>>;

export const StaffSchema = once(() =>
  z
    .object({
      id: StaffId(),
      name: z.string(),
      email: z.string(),
      providerId: ProviderId(),
      permissions: z.array(PermissionSchema()),
    })
    .meta({ id: 'Staff' }),
);
export type Staff = z.infer<ReturnType<typeof StaffSchema>>;

export const MeSchema = once(() =>
  StaffSchema()
    .extend({
      provider: ServiceProviderSchema(),
      tokenName: z.string(),
    })
    .meta({ id: 'Me' }),
);
export type Me = z.infer<ReturnType<typeof MeSchema>>;

/** The guardrails a portal's operator chose (`portalctl server --require-reason`, `--resend-cooldown`). */
export const PortalSettingsSchema = once(() =>
  z
    .object({
      requireReason: z.boolean(),
      resendCooldownSeconds: z.number().int().min(0),
    })
    .meta({ id: 'PortalSettings' }),
);

// ── Clients ───────────────────────────────────────────────────────────────────────────────────
export const TRANSPORTATION = ['own-vehicle', 'public-transit', 'limited', 'none'] as const;
export const CHANNELS = ['email', 'phone', 'sms', 'portal'] as const;
export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'never'] as const;
export const INVITE_STATUSES = ['none', 'pending', 'accepted', 'declined'] as const;
export const CLIENT_STATUSES = ['referral', 'client'] as const;

/** Fields that come from CaMS while a client is linked, and cannot be edited in the portal. */
export const CAMS_OWNED_FIELDS = [
  'firstName',
  'lastName',
  'phone',
  'address',
  'dateOfBirth',
  'selfIdentification',
] as const;

export const CommunicationSchema = once(() =>
  z.object({
    channel: z.enum(CHANNELS).optional(),
    jobPostUpdates: z.boolean().optional(),
    frequency: z.enum(FREQUENCIES).optional(),
  }),
);

export const ReferralSchema = once(() =>
  z.object({
    source: ShortText().optional(),
    referenceNumber: ShortText().optional(),
    reasons: LongText().optional(),
  }),
);

export const ClientLinkSchema = once(() =>
  z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('none') }),
      z.object({
        type: z.literal('cams'),
        clientReferenceNumber: z.string(),
        linkedAt: Timestamp(),
        /** When the CaMS-owned fields last took CaMS's values: at the link, then at each change in CaMS. */
        refreshedAt: Timestamp(),
      }),
      z.object({ type: z.literal('ca'), caNumber: z.string(), importedAt: Timestamp() }),
    ])
    .meta({ id: 'ClientLink' }),
);

export const InviteStateSchema = once(() =>
  z
    .object({
      status: z.enum(INVITE_STATUSES),
      /** The current invite link (only while the invitation is pending). */
      link: z.string().nullable(),
      sentAt: Timestamp().nullable(),
      sentTo: z.string().nullable(),
      declinedAt: Timestamp().nullable(),
      lastLoginAt: Timestamp().nullable(),
    })
    .meta({ id: 'InviteState' }),
);

export const SafetyFlagId = once(() => Id('sf'));
/** A safety flag in force (the client shows these); a removed one is kept, see SafetyFlagRecord. */
export const SafetyFlagSchema = once(() =>
  z.object({
    id: SafetyFlagId(),
    reason: z.string(),
    createdAt: Timestamp(),
    createdBy: StaffId(),
  }),
);
export const SAFETY_FLAG_STATUSES = ['active', 'removed'] as const;
/** A safety flag with its history: removed ones are kept with who removed them, when and why. */
export const SafetyFlagRecordSchema = once(() =>
  SafetyFlagSchema()
    .extend({
      clientId: ClientId(),
      status: z.enum(SAFETY_FLAG_STATUSES),
      removedAt: Timestamp().nullable(),
      removedBy: StaffId().nullable(),
      removalReason: z.string().nullable(),
    })
    .meta({ id: 'SafetyFlagRecord' }),
);

/** The client's consents, as staff recorded them (null: never asked). */
export const ClientConsentSchema = once(() =>
  z
    .object({
      /** May be put forward to employers' client portals (as a candidate, with a summary and documents). */
      shareWithEmployers: z.boolean().nullable(),
      recordedAt: Timestamp().nullable(),
      recordedBy: StaffId().nullable(),
    })
    .meta({ id: 'ClientConsent' }),
);

export const ClientSchema = once(() =>
  z
    .object({
      id: ClientId(),
      status: z.enum(CLIENT_STATUSES),
      archived: z.boolean(),
      providerId: ProviderId(),
      caseworkerIds: z.array(StaffId()),
      firstName: z.string(),
      lastName: z.string(),
      preferredName: z.string().nullable(),
      pronouns: z.string().nullable(),
      email: z.string(),
      /** A new email awaiting the client's confirmation. */
      pendingEmail: z.string().nullable(),
      phone: z.string().nullable(),
      address: z.string().nullable(),
      dateOfBirth: z.string().nullable(),
      selfIdentification: z.array(z.string()),
      targetOccupations: z.array(z.string()),
      referral: z.object({
        source: z.string().nullable(),
        referenceNumber: z.string().nullable(),
        reasons: z.string().nullable(),
      }),
      serviceNeeds: z.array(z.string()),
      transportation: z.enum(TRANSPORTATION).nullable(),
      communication: z.object({
        channel: z.enum(CHANNELS).nullable(),
        jobPostUpdates: z.boolean().nullable(),
        frequency: z.enum(FREQUENCIES).nullable(),
      }),
      link: ClientLinkSchema(),
      invite: InviteStateSchema(),
      safetyFlags: z.array(SafetyFlagSchema()),
      consent: ClientConsentSchema(),
      createdAt: Timestamp(),
      updatedAt: Timestamp(),
    })
    .meta({ id: 'Client' }),
);
export type Client = z.infer<ReturnType<typeof ClientSchema>>;

/** The profile fields shared by ClientCreate and ClientUpdate. */
const ClientProfileFields = once(() => ({
  preferredName: OptionalName().optional(),
  pronouns: ShortText().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()\-.]{7,20}$/, 'must be a phone number like 416-555-0123')
    .optional(),
  // An address may span lines, as spreadsheets and letters write it.
  address: freeText(300).optional(),
  dateOfBirth: DateOfBirth().optional(),
  selfIdentification: Tags().optional(),
  targetOccupations: Tags().optional(),
  serviceNeeds: Tags().optional(),
  transportation: z.enum(TRANSPORTATION).optional(),
  communication: CommunicationSchema().strict().optional(),
}));

export const ClientCreateLinkSchema = once(() =>
  z.union([
    z.strictObject({ camsClientReferenceNumber: z.string().trim().min(1) }),
    z.strictObject({ caNumber: z.string().trim().min(1) }),
  ]),
);

export const ClientCreateSchema = once(() =>
  z
    .strictObject({
      firstName: Name().optional(),
      lastName: Name().optional(),
      email: Email().optional(),
      ...ClientProfileFields(),
      referral: ReferralSchema().strict().optional(),
      providerId: ProviderId().optional(),
      caseworkerIds: z.array(StaffId()).max(20).optional(),
      /** Link to CaMS (preferred) or import from a submitted Common Assessment. Omit for no link. */
      link: ClientCreateLinkSchema().optional(),
      /** Send the portal invitation (default true). */
      sendInvite: z.boolean().optional(),
    })
    .meta({
      id: 'ClientCreate',
      description:
        'firstName, lastName and email are required unless a link supplies them (CaMS: names; Common Assessment: names and email).',
    }),
);
export type ClientCreate = z.infer<ReturnType<typeof ClientCreateSchema>>;

export const ClientUpdateSchema = once(() =>
  z
    .strictObject({
      firstName: Name().optional(),
      lastName: Name().optional(),
      email: Email().optional(),
      ...ClientProfileFields(),
      referral: ReferralSchema().strict().optional(),
    })
    .meta({ id: 'ClientUpdate' }),
);
export type ClientUpdate = z.infer<ReturnType<typeof ClientUpdateSchema>>;

/**
 * A matching client as the duplicate check gives it: whole, or, at a provider the caller may not
 * see, only who it is (id, provider, names, email, status, invitation status); the link and the
 * timestamps are then null and the rest of the profile empty.
 */
export const DuplicateClientSchema = once(() =>
  ClientSchema()
    .extend({
      link: ClientLinkSchema().nullable(),
      createdAt: Timestamp().nullable(),
      updatedAt: Timestamp().nullable(),
    })
    .meta({ id: 'DuplicateClient' }),
);
export type DuplicateClient = z.infer<ReturnType<typeof DuplicateClientSchema>>;

export const DuplicateMatchSchema = once(() =>
  z
    .object({
      reason: z.enum(['email', 'name']),
      /**
       * The client is at another service provider than the one searched: a name match elsewhere
       * in the group (told to administrators and group administrators), or the holder of the email.
       */
      elsewhere: z.boolean(),
      client: DuplicateClientSchema(),
      /** The client is at a provider the caller may not see: its profile is withheld. */
      withheld: z.boolean(),
      /**
       * An email match, when the query gives both names and the caller may see the client: whether
       * it is the same person (the names match after the duplicate check's normalisation).
       */
      samePerson: z.boolean().optional(),
    })
    .meta({ id: 'DuplicateMatch' }),
);

/**
 * The duplicate check's answer: the matches the caller may see, and whether the email is held by
 * a client of a provider the caller cannot see, who is not named (adding that email is refused).
 */
export const DuplicateCheckSchema = once(() =>
  z
    .object({
      data: z.array(DuplicateMatchSchema()),
      emailInUseElsewhere: z.boolean().meta({
        description: 'The email is in use at another provider; that client is not shown to this caller.',
      }),
    })
    .meta({ id: 'DuplicateCheck' }),
);

// ── Batch create ──────────────────────────────────────────────────────────────────────────────
/** An Idempotency-Key (the header of a create or send, a batch item's key): 8 to 200 characters. */
export const IDEMPOTENCY_KEY_LENGTH = { min: 8, max: 200 } as const;

export function isValidIdempotencyKey(key: string): boolean {
  return key.length >= IDEMPOTENCY_KEY_LENGTH.min && key.length <= IDEMPOTENCY_KEY_LENGTH.max;
}

export const BATCH_MAX_ITEMS = 100;
export const BatchCreateSchema = once(() =>
  z
    .strictObject({
      items: z
        .array(
          z.strictObject({
            /** Per-item idempotency key: a repeat replays that item's first result. */
            idempotencyKey: z.string().min(IDEMPOTENCY_KEY_LENGTH.min).max(IDEMPOTENCY_KEY_LENGTH.max),
            client: ClientCreateSchema(),
          }),
        )
        .min(1)
        .max(BATCH_MAX_ITEMS),
    })
    .meta({ id: 'BatchCreate' }),
);
export type BatchCreate = z.infer<ReturnType<typeof BatchCreateSchema>>;

export const BatchResultSchema = once(() =>
  z
    .object({
      results: z.array(
        z.object({
          index: z.number().int(),
          status: z.number().int(),
          replayed: z.boolean(),
          /** The created (or, replayed, earlier created) client's id, on every success. */
          clientId: ClientId().optional(),
          /** The client itself, unless the request said `Prefer: return=minimal`. */
          client: ClientSchema().optional(),
          problem: ProblemSchema().optional(),
        }),
      ),
    })
    .meta({ id: 'BatchResult' }),
);
export type BatchResult = z.infer<ReturnType<typeof BatchResultSchema>>;

// ── Client sub-resources ──────────────────────────────────────────────────────────────────────
export const NoteSchema = once(() =>
  z
    .object({
      id: z.string(),
      clientId: ClientId(),
      kind: z.enum(['general', 'referral-reasons']),
      text: z.string(),
      createdAt: Timestamp(),
      createdBy: StaffId().nullable(),
      /** The last edit of the text (the audit log keeps each previous text). */
      updatedAt: Timestamp().nullable(),
      updatedBy: StaffId().nullable(),
      /** Set only in the answer to a delete: deleted notes are not listed (they stay for the audit). */
      deletedAt: Timestamp().nullable(),
      deletedBy: StaffId().nullable(),
    })
    .meta({ id: 'Note' }),
);
export const NoteCreateSchema = once(() =>
  z.strictObject({ text: LongText().min(1, 'must not be empty') }).meta({ id: 'NoteCreate' }),
);
export const NoteUpdateSchema = once(() =>
  z.strictObject({ text: LongText().min(1, 'must not be empty') }).meta({ id: 'NoteUpdate' }),
);

export const TASK_STATUSES = ['open', 'done'] as const;
export const TaskSchema = once(() =>
  z
    .object({
      id: z.string(),
      clientId: ClientId(),
      title: z.string(),
      dueDate: z.string().nullable(),
      assignee: z.enum(['self', 'client']),
      createdBy: StaffId(),
      createdAt: Timestamp(),
      /** done once marked done (by staff, or by the client in the portal); reopening makes it open again. */
      status: z.enum(TASK_STATUSES),
      completedAt: Timestamp().nullable(),
      completedBy: StaffId().nullable(),
    })
    .meta({ id: 'Task' }),
);
export const TaskCreateSchema = once(() =>
  z
    .strictObject({
      title: ShortText().min(1, 'must not be empty'),
      dueDate: z.iso.date({ message: 'must be a date like 2026-12-01' }).optional(),
      assignee: z.enum(['self', 'client']).default('self'),
    })
    .meta({ id: 'TaskCreate' }),
);

/**
 * Why an action that emails someone or removes access is taken: kept in the audit log. Optional
 * unless the portal requires it (`portalctl server --require-reason`).
 */
export const Reason = once(() => ShortText().min(1, 'must not be empty'));
export const ActionReasonSchema = once(() =>
  z.strictObject({ reason: Reason().optional() }).meta({ id: 'ActionReason' }),
);

export const FlagCreateSchema = once(() =>
  z.strictObject({ reason: ShortText().min(1, 'must not be empty') }).meta({ id: 'FlagCreate' }),
);
export const FlagRemoveSchema = once(() =>
  z.strictObject({ reason: ShortText().min(1, 'must not be empty') }).meta({
    id: 'FlagRemove',
    description: 'Why the flag no longer applies (kept with the flag and in the audit log).',
  }),
);
export const StaffAssignSchema = once(() => z.strictObject({ staffId: StaffId() }).meta({ id: 'StaffAssign' }));
export const ReferSchema = once(() =>
  z.strictObject({ providerId: ProviderId(), reason: LongText().optional() }).meta({ id: 'Refer' }),
);

export const RepresentativeSchema = once(() =>
  z
    .object({
      id: z.string(),
      clientId: ClientId(),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string(),
      /** Null: a decline recorded before any invitation was sent. */
      invitedAt: Timestamp().nullable(),
      /** Answered on the invitation page (accepted with a password set, or declined), or a decline recorded by staff. */
      status: z.enum(['pending', 'accepted', 'declined']),
      respondedAt: Timestamp().nullable(),
      /** Removed representatives are no longer listed; the record is kept for the audit. */
      removedAt: Timestamp().nullable(),
    })
    .meta({ id: 'Representative' }),
);
export const RepresentativeCreateSchema = once(() =>
  z
    .strictObject({
      firstName: Name(),
      lastName: Name(),
      email: Email(),
      /** Record that this person declined: no invitation is sent. */
      declined: z.boolean().optional(),
      reason: Reason().optional(),
    })
    .meta({ id: 'RepresentativeCreate' }),
);

// ── Invitations ───────────────────────────────────────────────────────────────────────────────
export const InviteSendSchema = once(() =>
  z
    .strictObject({
      /** Required to invite again a client who declined. */
      reinvite: z.boolean().optional(),
      /** Sends even within the resend cooldown (recorded in the audit log). */
      force: z.boolean().optional(),
      reason: Reason().optional(),
    })
    .meta({ id: 'InviteSend' }),
);
export const InviteResultSchema = once(() =>
  z
    .object({ client: ClientSchema(), link: z.string(), sentTo: z.string(), sentAt: Timestamp() })
    .meta({ id: 'InviteResult' }),
);
export const RepresentativeInviteSendSchema = once(() =>
  z
    .strictObject({
      /** Required to invite again a representative who declined. */
      reinvite: z.boolean().optional(),
      /** Send even within the resend cooldown (the override is audited). */
      force: z.boolean().optional(),
      reason: Reason().optional(),
    })
    .meta({ id: 'RepresentativeInviteSend' }),
);
export const RepresentativeInviteResultSchema = once(() =>
  z
    .object({ representative: RepresentativeSchema(), link: z.string(), sentTo: z.string(), sentAt: Timestamp() })
    .meta({ id: 'RepresentativeInviteResult' }),
);

// ── CaMS and Common Assessments (external systems the portal reads) ───────────────────────────
export const CamsClientSchema = once(() =>
  z
    .object({
      clientReferenceNumber: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      address: z.string().nullable(),
      dateOfBirth: z.string().nullable(),
      selfIdentification: z.array(z.string()),
      /** The portal client linked to this CaMS client, if any and if the caller may see it. */
      linkedClientId: ClientId().nullable(),
      /** Linked to a client of a service provider the caller may not see (who is not said). */
      linkedElsewhere: z.boolean(),
    })
    .meta({ id: 'CamsClient' }),
);
export type CamsClient = z.infer<ReturnType<typeof CamsClientSchema>>;
export const CamsLinkSchema = once(() =>
  z
    .strictObject({
      clientReferenceNumber: z.string().trim().min(1),
      /** Link although the names clearly differ (otherwise 409 cams-name-mismatch). */
      force: z.boolean().optional(),
    })
    .meta({ id: 'CamsLink' }),
);

/** One CaMS-owned field whose portal value linking replaces with the CaMS value. */
export const CamsFieldChangeSchema = once(() =>
  z
    .object({
      field: z.enum(CAMS_OWNED_FIELDS),
      from: z.union([z.string(), z.array(z.string())]).nullable(),
      to: z.union([z.string(), z.array(z.string())]).nullable(),
    })
    .meta({ id: 'CamsFieldChange' }),
);
export type CamsFieldChange = z.infer<ReturnType<typeof CamsFieldChangeSchema>>;

/** What linking a client to a CaMS client would do (GET …/cams-link/preview); nothing is changed. */
export const CamsLinkPreviewSchema = once(() =>
  z
    .object({
      clientId: ClientId(),
      camsClient: CamsClientSchema(),
      /** The client is linked to this CaMS client already: linking changes nothing. */
      alreadyLinked: z.boolean(),
      /** The fields whose value the CaMS value replaces (unchanged ones are left out). */
      changes: z.array(CamsFieldChangeSchema()),
      /** The names clearly differ (not the same person after normalisation): linking needs force. */
      nameMismatch: z.boolean(),
      /** The Common Assessment import the link takes the place of. */
      replaces: z.object({ type: z.literal('ca'), caNumber: z.string() }).nullable(),
    })
    .meta({ id: 'CamsLinkPreview' }),
);
export type CamsLinkPreview = z.infer<ReturnType<typeof CamsLinkPreviewSchema>>;

export const AssessmentSchema = once(() =>
  z
    .object({
      caNumber: z.string(),
      status: z.enum(['submitted', 'in-progress']),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      address: z.string().nullable(),
      submittedAt: Timestamp().nullable(),
      /** Already imported for a client: a Common Assessment is copied once. */
      imported: z.boolean(),
      /** The client it was imported for; null when unused, or when that client is another provider's. */
      importedClientId: ClientId().nullable(),
    })
    .meta({ id: 'Assessment' }),
);
export type Assessment = z.infer<ReturnType<typeof AssessmentSchema>>;

// ── Client portals and external portal users ──────────────────────────────────────────────────
export const JobSchema = once(() => z.object({ id: JobId(), title: z.string() }));
export const PortalSchema = once(() =>
  z
    .object({ id: PortalId(), name: z.string(), providerId: ProviderId(), jobs: z.array(JobSchema()) })
    .meta({ id: 'Portal' }),
);

export const PortalAccessSchema = once(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('all-jobs') }),
    z.object({ type: z.literal('selected-jobs'), jobIds: z.array(JobId()).min(1) }),
  ]),
);

export const PortalUserSchema = once(() =>
  z
    .object({
      id: PortalUserId(),
      portalId: PortalId(),
      email: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      access: PortalAccessSchema(),
      status: z.enum(['active', 'deactivated']),
      invitedAt: Timestamp(),
      deactivatedAt: Timestamp().nullable(),
    })
    .meta({ id: 'PortalUser' }),
);
export type PortalUser = z.infer<ReturnType<typeof PortalUserSchema>>;

export const PortalUserInviteSchema = once(() =>
  z
    .strictObject({
      portalId: PortalId(),
      email: Email(),
      firstName: Name(),
      lastName: Name(),
      access: z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('all-jobs') }),
        z.strictObject({ type: z.literal('selected-jobs'), jobIds: z.array(JobId()).min(1) }),
      ]),
      reason: Reason().optional(),
    })
    .meta({ id: 'PortalUserInvite' }),
);

export const SharedLinkSchema = once(() =>
  z
    .object({
      id: LinkId(),
      portalUserId: PortalUserId(),
      url: z.string(),
      status: z.enum(['active', 'expired']),
      sentAt: Timestamp(),
      lastUsedAt: Timestamp().nullable(),
      lastUsedIp: z.string().nullable(),
      expiredAt: Timestamp().nullable(),
    })
    .meta({ id: 'SharedLink' }),
);
export type SharedLink = z.infer<ReturnType<typeof SharedLinkSchema>>;

/** A fresh shared link for an existing user; `expireOthers` ends their other active links at once. */
export const SharedLinkSendSchema = once(() =>
  z.strictObject({ expireOthers: z.boolean().optional(), reason: Reason().optional() }).meta({ id: 'SharedLinkSend' }),
);
export const SharedLinkSentSchema = once(() =>
  z
    .object({
      user: PortalUserSchema(),
      link: SharedLinkSchema(),
      /** The user's links this call expired (expireOthers), oldest first. */
      expired: z.array(SharedLinkSchema()),
    })
    .meta({ id: 'SharedLinkSent' }),
);
/** Reactivation keeps the same record and its history; `sendLink` also emails a fresh shared link. */
export const PortalUserReactivateSchema = once(() =>
  z
    .strictObject({ sendLink: z.boolean().optional(), reason: Reason().optional() })
    .meta({ id: 'PortalUserReactivate' }),
);
export const PortalUserReactivatedSchema = once(() =>
  z.object({ user: PortalUserSchema(), link: SharedLinkSchema().nullable() }).meta({ id: 'PortalUserReactivated' }),
);
export const PortalUserAccessSchema = once(() =>
  z
    .strictObject({ access: PortalUserInviteSchema().shape.access, reason: Reason().optional() })
    .meta({ id: 'PortalUserAccess' }),
);

// ── Jobs and candidates on client portals ─────────────────────────────────────────────────────
export const CandidateId = once(() => Id('cd'));
export const FileId = once(() => Id('fl'));
export const PortalJobSchema = once(() => JobSchema().extend({ portalId: PortalId() }).meta({ id: 'PortalJob' }));
export const JobCreateSchema = once(() =>
  z
    .strictObject({
      title: ShortText().min(1, 'must not be empty'),
      /** Where it shows in the portal's order, 1 first (default: last). */
      position: z.number().int().min(1).max(1000).optional(),
    })
    .meta({ id: 'JobCreate' }),
);
export const JobRemoveSchema = once(() =>
  z
    .strictObject({
      /** Take the job's candidates off the portal too (otherwise a job with candidates is refused). */
      withCandidates: z.boolean().optional(),
      reason: Reason().optional(),
    })
    .meta({ id: 'JobRemove' }),
);

export const CandidateSchema = once(() =>
  z
    .object({
      id: CandidateId(),
      portalId: PortalId(),
      jobId: JobId(),
      clientId: ClientId(),
      firstName: z.string(),
      lastName: z.string(),
      /** The executive summary: the client-facing note shown in its own column on the portal. */
      summary: z.string().nullable(),
      documents: z.array(z.object({ id: FileId(), name: z.string(), kind: z.enum(['pdf', 'docx', 'doc']) })),
      addedAt: Timestamp(),
      addedBy: StaffId(),
      /** Set once taken off the portal (only in the answer to a removal). */
      removedAt: Timestamp().nullable(),
      removedBy: StaffId().nullable(),
    })
    .meta({ id: 'Candidate' }),
);
export type Candidate = z.infer<ReturnType<typeof CandidateSchema>>;
export const CandidateCreateSchema = once(() =>
  z
    .strictObject({
      jobId: JobId(),
      clientId: ClientId(),
      summary: freeText(2000).min(1, 'must not be empty').optional(),
      documentIds: z.array(FileId()).max(20).optional(),
    })
    .meta({ id: 'CandidateCreate' }),
);
export const CandidateRemoveSchema = once(() =>
  z.strictObject({ reason: Reason().optional() }).meta({ id: 'CandidateRemove' }),
);
export const JobRemovedSchema = once(() =>
  z
    .object({
      job: PortalJobSchema(),
      removedCandidates: z.array(CandidateSchema()),
      accessChanged: z.array(PortalUserId()),
    })
    .meta({ id: 'JobRemoved' }),
);

export const ClientConsentUpdateSchema = once(() =>
  z
    .strictObject({
      shareWithEmployers: z.boolean(),
      /** Withdrawing consent from a client who is a candidate on portals: take them off (otherwise refused). */
      removeCandidates: z.boolean().optional(),
      reason: ShortText().optional(),
    })
    .meta({ id: 'ClientConsentUpdate' }),
);
export const ClientConsentResultSchema = once(() =>
  z
    .object({ client: ClientSchema(), removedCandidates: z.array(CandidateSchema()) })
    .meta({ id: 'ClientConsentResult' }),
);

export const FeedbackSchema = once(() =>
  z
    .object({
      id: Id('fb'),
      portalUserId: PortalUserId(),
      portalId: PortalId(),
      candidateId: CandidateId(),
      jobId: JobId(),
      jobTitle: z.string(),
      clientId: ClientId(),
      candidateName: z.string(),
      text: z.string(),
      at: Timestamp(),
    })
    .meta({ id: 'Feedback' }),
);
export type Feedback = z.infer<ReturnType<typeof FeedbackSchema>>;
export const FeedbackCreateSchema = once(() =>
  z.strictObject({
    candidateId: z.string().min(1).max(100),
    text: freeText(2000).min(1, 'must not be empty'),
  }),
);

export const PORTAL_CHANGE_KINDS = ['candidate-added', 'summary-updated', 'document-added'] as const;
export const PortalNoticeSchema = once(() =>
  z
    .object({
      portalId: PortalId(),
      /** What changed since the last notice, oldest first. */
      changes: z.array(
        z.object({
          at: Timestamp(),
          kind: z.enum(PORTAL_CHANGE_KINDS),
          jobId: JobId(),
          jobTitle: z.string(),
          candidateId: CandidateId(),
          candidateName: z.string(),
          by: StaffId(),
        }),
      ),
      /** One email per active user who can see a changed job. */
      messages: z.array(
        z.object({
          portalUserId: PortalUserId(),
          to: z.string(),
          name: z.string(),
          subject: z.string(),
          link: z.string().nullable(),
          text: z.string(),
        }),
      ),
      /** The notice sent (null for a preview, or when there was nothing to send). */
      noticeId: z.string().nullable(),
      sentAt: Timestamp().nullable(),
    })
    .meta({ id: 'PortalNotice' }),
);
export type PortalNotice = z.infer<ReturnType<typeof PortalNoticeSchema>>;
export const PortalNoticeSendSchema = once(() =>
  z.strictObject({ reason: Reason().optional() }).meta({ id: 'PortalNoticeSend' }),
);

export const HistoryEntrySchema = once(() =>
  z
    .object({ at: Timestamp(), action: z.string(), actor: z.string(), detail: z.string().nullable() })
    .meta({ id: 'HistoryEntry' }),
);

// ── Outbox and audit ──────────────────────────────────────────────────────────────────────────
export const MESSAGE_KINDS = [
  'invitation',
  'email-confirmation',
  'password-reset',
  'representative-invitation',
  'portal-user-invitation',
  'referral',
  'portal-update',
] as const;
/** Each kind of message in words, for people (the CLI's tables, the outbox viewer). */
export const MESSAGE_KIND_WORDS: Record<(typeof MESSAGE_KINDS)[number], string> = {
  invitation: 'Invitation',
  'email-confirmation': 'Email confirmation',
  'password-reset': 'Password reset',
  'representative-invitation': 'Representative invitation',
  'portal-user-invitation': 'Portal user invitation',
  referral: 'Referral',
  'portal-update': 'Portal update',
};
export const OutboxMessageSchema = once(() =>
  z
    .object({
      id: z.string(),
      to: z.string(),
      kind: z.enum(MESSAGE_KINDS),
      subject: z.string(),
      link: z.string().nullable(),
      clientId: ClientId().nullable(),
      portalUserId: PortalUserId().nullable(),
      createdAt: Timestamp(),
    })
    .meta({ id: 'OutboxMessage' }),
);
export type OutboxMessage = z.infer<ReturnType<typeof OutboxMessageSchema>>;
/** One message in full: what the list shows, and the text of the email as it was written. */
export const OutboxMessageDetailSchema = once(() =>
  OutboxMessageSchema().extend({ text: z.string() }).meta({
    id: 'OutboxMessageDetail',
  }),
);
export type OutboxMessageDetail = z.infer<ReturnType<typeof OutboxMessageDetailSchema>>;

export const AuditEntrySchema = once(() =>
  z
    .object({
      id: z.string(),
      at: Timestamp(),
      actorId: z.string(),
      action: z.string(),
      entityType: z.string(),
      entityId: z.string(),
      detail: z.record(z.string(), z.unknown()).nullable(),
    })
    .meta({ id: 'AuditEntry' }),
);
export type AuditEntry = z.infer<ReturnType<typeof AuditEntrySchema>>;

// ── Pagination ────────────────────────────────────────────────────────────────────────────────
export const PageQuery = once(() => ({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
}));
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item) });
}

// ── Client files ──────────────────────────────────────────────────────────────────────────────
/** The documents a client's Files tab takes (resumes, receipts, pay stubs): PDF and Word. */
export const FILE_KINDS = ['pdf', 'docx', 'doc'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export const FILE_MEDIA_TYPES: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
};
export const ACCEPTED_DOCUMENTS = 'PDF or Word (.docx, .doc)';
/** The largest file the portal keeps. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** A file's name: one line, no path, at most 255 characters. */
export const FileName = once(() =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .regex(ONE_LINE, CONTROL_MESSAGE)
    .regex(/^[^/\\]*$/, 'must be a file name, not a path')
    .refine((name) => name !== '.' && name !== '..', 'must be a file name, not a path'),
);

export const ClientFileSchema = once(() =>
  z
    .object({
      id: FileId(),
      clientId: ClientId(),
      name: z.string(),
      /** What the content is (checked by its bytes, not its name). */
      kind: z.enum(FILE_KINDS),
      mediaType: z.string(),
      size: z.number().int().min(0),
      /** SHA-256 of the content, hex: a client has one file of each content. */
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      uploadedAt: Timestamp(),
      uploadedBy: z.string(),
    })
    .meta({ id: 'ClientFile' }),
);
export type ClientFile = z.infer<ReturnType<typeof ClientFileSchema>>;

// ── CaMS Employment Action Plans ──────────────────────────────────────────────────────────────
const PlanDate = once(() => z.iso.date().meta({ example: '2026-05-30' }));
/** A client's Employment Action Plan as CaMS holds it (read-only in the portal). */
export const CamsEapRecordSchema = once(() =>
  z.object({
    clientReferenceNumber: z.string(),
    case: z.object({
      caseReferenceNumber: z.string(),
      status: z.enum(['open', 'closed']),
      program: z.string(),
      office: z.string(),
      /** The CaMS caseworker's name as CaMS shows it. */
      caseworker: z.string(),
      openedOn: PlanDate(),
      closedOn: PlanDate().nullable(),
    }),
    employmentGoals: z.array(
      z.object({
        id: z.string(),
        description: z.string(),
        occupation: z.string(),
        targetDate: PlanDate(),
        status: z.enum(['active', 'achieved', 'not-achieved']),
      }),
    ),
    outcomes: z.array(
      z.object({
        type: z.enum(['employed-full-time', 'employed-part-time', 'self-employed', 'in-training', 'unemployed']),
        date: PlanDate(),
        occupation: z.string().nullable(),
        employer: z.string().nullable(),
      }),
    ),
    subGoals: z.array(
      z.object({
        id: z.string(),
        goalId: z.string(),
        description: z.string(),
        targetDate: PlanDate(),
        status: z.enum(['not-started', 'in-progress', 'completed']),
      }),
    ),
    planItems: z.array(
      z.object({
        id: z.string(),
        subGoalId: z.string().nullable(),
        type: z.string(),
        provider: z.string(),
        startDate: PlanDate(),
        endDate: PlanDate().nullable(),
        status: z.enum(['planned', 'in-progress', 'completed', 'cancelled']),
      }),
    ),
    /** When CaMS last changed the plan. */
    updatedAt: Timestamp(),
  }),
);
export const CamsEapSchema = once(() => CamsEapRecordSchema().extend({ clientId: ClientId() }).meta({ id: 'CamsEap' }));
export type CamsEap = z.infer<ReturnType<typeof CamsEapSchema>>;
