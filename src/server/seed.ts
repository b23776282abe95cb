// Seed data of the local portal (fixtures/seed.json): providers, staff and their demo tokens, the
// CaMS directory, Common Assessments, clients in every state, client portals and external users.
// Loading is idempotent: every record has a fixed id and is inserted only when absent, in one
// transaction, so loading the same seed twice adds nothing.
import type { DatabaseSync } from 'node:sqlite';
import * as z from 'zod';
import {
  CamsEapRecordSchema,
  CandidateId,
  CHANNELS,
  ClientId,
  FREQUENCIES,
  INVITE_STATUSES,
  JobId,
  LinkId,
  PermissionSchema,
  PortalId,
  PortalUserId,
  ProviderId,
  StaffId,
  TRANSPORTATION,
} from '../contract/schemas.js';
import { transaction } from './db.js';
import { type ClientRow, insertClient, setNames } from './domain/client-store.js';
import { caseworkerRefusals } from './domain/clients.js';
import { prep } from './domain/common.js';
import { normaliseEmail } from './domain/normalise.js';
import { hashToken } from './tokens.js';

const Timestamp = z.iso.datetime({ offset: true });
const Text = z.string().min(1);
const Nullable = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

const SeedStaffSchema = z.strictObject({
  id: StaffId(),
  providerId: ProviderId(),
  name: Text,
  email: Text,
  permissions: z.array(PermissionSchema()),
  /** A demo API token in plain text (hashed on load). */
  token: z.string().min(8).optional(),
  tokenName: z.string().optional(),
  description: z.string().optional(),
});

const SeedNoteSchema = z.strictObject({
  id: Text,
  kind: z.enum(['general', 'referral-reasons']),
  text: Text,
  createdAt: Timestamp,
  createdBy: StaffId().nullable(),
});

const SeedTaskSchema = z.strictObject({
  id: Text,
  title: Text,
  dueDate: Nullable(z.iso.date()),
  assignee: z.enum(['self', 'client']),
  createdBy: StaffId(),
  createdAt: Timestamp,
});

const SeedRepresentativeSchema = z.strictObject({
  id: Text,
  firstName: Text,
  lastName: Text,
  email: Text,
  invitedAt: Timestamp,
});

const SeedClientSchema = z.strictObject({
  id: ClientId(),
  providerId: ProviderId(),
  caseworkerIds: z.array(StaffId()).default([]),
  firstName: Text,
  lastName: Text,
  preferredName: Nullable(z.string()),
  pronouns: Nullable(z.string()),
  email: Text,
  pendingEmail: Nullable(z.string()),
  phone: Nullable(z.string()),
  address: Nullable(z.string()),
  dateOfBirth: Nullable(z.iso.date()),
  selfIdentification: z.array(z.string()).default([]),
  targetOccupations: z.array(z.string()).default([]),
  referral: z
    .strictObject({
      source: Nullable(z.string()),
      referenceNumber: Nullable(z.string()),
      reasons: Nullable(z.string()),
    })
    .default({ source: null, referenceNumber: null, reasons: null }),
  serviceNeeds: z.array(z.string()).default([]),
  transportation: Nullable(z.enum(TRANSPORTATION)),
  communication: z
    .strictObject({
      channel: Nullable(z.enum(CHANNELS)),
      jobPostUpdates: Nullable(z.boolean()),
      frequency: Nullable(z.enum(FREQUENCIES)),
    })
    .default({ channel: null, jobPostUpdates: null, frequency: null }),
  link: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('none') }),
      z.strictObject({ type: z.literal('cams'), clientReferenceNumber: Text, linkedAt: Timestamp }),
      z.strictObject({ type: z.literal('ca'), caNumber: Text, importedAt: Timestamp }),
    ])
    .default({ type: 'none' }),
  invite: z
    .strictObject({
      status: z.enum(INVITE_STATUSES),
      /** The secret of the current invite link (pending invitations only). */
      token: Nullable(z.string()),
      sentAt: Nullable(Timestamp),
      sentTo: Nullable(z.string()),
      declinedAt: Nullable(Timestamp),
      lastLoginAt: Nullable(Timestamp),
    })
    .default({ status: 'none', token: null, sentAt: null, sentTo: null, declinedAt: null, lastLoginAt: null }),
  archived: z.boolean().default(false),
  safetyFlags: z.array(z.strictObject({ reason: Text, createdAt: Timestamp, createdBy: StaffId() })).default([]),
  createdAt: Timestamp,
  updatedAt: Timestamp.optional(),
  notes: z.array(SeedNoteSchema).default([]),
  tasks: z.array(SeedTaskSchema).default([]),
  representatives: z.array(SeedRepresentativeSchema).default([]),
  description: z.string().optional(),
  /** Consent to being put forward to employers' client portals, as staff recorded it. */
  consent: z.strictObject({ shareWithEmployers: z.boolean(), recordedAt: Timestamp, recordedBy: StaffId() }).optional(),
});

const SeedLinkSchema = z.strictObject({
  id: LinkId(),
  /** The secret part of the shared link's URL (`<portal>/p/<token>`). */
  token: Text,
  status: z.enum(['active', 'expired']),
  sentAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  lastUsedIp: Nullable(z.string()),
  expiredAt: Nullable(Timestamp),
});

const SeedPortalUserSchema = z.strictObject({
  id: PortalUserId(),
  portalId: PortalId(),
  email: Text,
  firstName: Text,
  lastName: Text,
  access: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('all-jobs') }),
    z.strictObject({ type: z.literal('selected-jobs'), jobIds: z.array(JobId()).min(1) }),
  ]),
  status: z.enum(['active', 'deactivated']),
  invitedAt: Timestamp,
  deactivatedAt: Nullable(Timestamp),
  links: z.array(SeedLinkSchema).default([]),
  history: z
    .array(z.strictObject({ at: Timestamp, action: Text, actor: Text, detail: Nullable(z.string()) }))
    .default([]),
});

export const SeedSchema = z.strictObject({
  description: z.string().optional(),
  groups: z.array(z.strictObject({ id: Text, name: Text })),
  providers: z.array(z.strictObject({ id: ProviderId(), name: Text, groupId: Text })),
  staff: z.array(SeedStaffSchema),
  cams: z
    .strictObject({
      clients: z.array(
        z.strictObject({
          clientReferenceNumber: z.string().regex(/^\d{9}$/, 'must be 9 digits'),
          firstName: Text,
          lastName: Text,
          email: Nullable(z.string()),
          phone: Nullable(z.string()),
          address: Nullable(z.string()),
          dateOfBirth: Nullable(z.iso.date()),
          selfIdentification: z.array(z.string()).default([]),
        }),
      ),
      cases: z.array(
        z.strictObject({
          caseReferenceNumber: z.string().regex(/^C-\d{8}$/, 'must be C- and 8 digits'),
          clientReferenceNumber: z.string(),
        }),
      ),
      /** Employment Action Plans, one per CaMS client at most. */
      eaps: z.array(CamsEapRecordSchema()).default([]),
    })
    .default({ clients: [], cases: [], eaps: [] }),
  assessments: z
    .array(
      z.strictObject({
        caNumber: z.string().regex(/^CA-\d{7}$/, 'must be CA- and 7 digits'),
        status: z.enum(['submitted', 'in-progress']),
        firstName: Text,
        lastName: Text,
        email: Nullable(z.string()),
        phone: Nullable(z.string()),
        address: Nullable(z.string()),
        submittedAt: Nullable(Timestamp),
      }),
    )
    .default([]),
  clients: z.array(SeedClientSchema).default([]),
  portals: z
    .array(
      z.strictObject({
        id: PortalId(),
        name: Text,
        providerId: ProviderId(),
        jobs: z.array(z.strictObject({ id: JobId(), title: Text })).default([]),
      }),
    )
    .default([]),
  portalUsers: z.array(SeedPortalUserSchema).default([]),
  /** Clients put forward for jobs of client portals; their users were told of them already. */
  candidates: z
    .array(
      z.strictObject({
        id: CandidateId(),
        portalId: PortalId(),
        jobId: JobId(),
        clientId: ClientId(),
        summary: Nullable(z.string()),
        addedAt: Timestamp,
        addedBy: StaffId(),
      }),
    )
    .default([]),
  /** What external users said about candidates. */
  feedback: z
    .array(
      z.strictObject({
        id: z.string().regex(/^fb_[0-9a-z]{6,40}$/),
        portalUserId: PortalUserId(),
        candidateId: CandidateId(),
        text: Text,
        at: Timestamp,
      }),
    )
    .default([]),
});
export type Seed = z.input<typeof SeedSchema>;

export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

export interface SeedSummary {
  /** Rows actually added (0 everywhere when the seed was already loaded). */
  inserted: number;
  clients: number;
}

function parseSeed(seed: unknown): z.output<typeof SeedSchema> {
  const result = SeedSchema.safeParse(seed);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new SeedError(`the seed data is invalid: ${issues}`);
}

function clientRow(client: z.output<typeof SeedClientSchema>): ClientRow {
  const { link, invite, communication, referral } = client;
  const row: ClientRow = {
    id: client.id,
    provider_id: client.providerId,
    caseworker_ids: JSON.stringify(client.caseworkerIds),
    first_name: '',
    last_name: '',
    first_norm: '',
    last_norm: '',
    first_words: '',
    last_words: '',
    preferred_name: null,
    pronouns: client.pronouns,
    email: client.email,
    email_lower: normaliseEmail(client.email),
    pending_email: client.pendingEmail,
    pending_email_lower: client.pendingEmail ? normaliseEmail(client.pendingEmail) : null,
    phone: client.phone,
    address: client.address,
    date_of_birth: client.dateOfBirth,
    self_identification: JSON.stringify(client.selfIdentification),
    target_occupations: JSON.stringify(client.targetOccupations),
    referral_source: referral.source,
    referral_reference: referral.referenceNumber,
    referral_reasons: referral.reasons,
    service_needs: JSON.stringify(client.serviceNeeds),
    transportation: client.transportation,
    comm_channel: communication.channel,
    comm_job_post_updates: communication.jobPostUpdates === null ? null : Number(communication.jobPostUpdates),
    comm_frequency: communication.frequency,
    link_type: link.type,
    cams_ref: link.type === 'cams' ? link.clientReferenceNumber : null,
    ca_number: link.type === 'ca' ? link.caNumber : null,
    link_at: link.type === 'cams' ? link.linkedAt : link.type === 'ca' ? link.importedAt : null,
    cams_refreshed_at: link.type === 'cams' ? link.linkedAt : null,
    invite_status: invite.status,
    invite_token: invite.status === 'pending' ? invite.token : null,
    invite_sent_at: invite.sentAt,
    invite_sent_to: invite.sentTo,
    invite_declined_at: invite.declinedAt,
    last_login_at: invite.lastLoginAt,
    safety_flags: JSON.stringify(client.safetyFlags),
    archived: client.archived ? 1 : 0,
    created_at: client.createdAt,
    updated_at: client.updatedAt ?? client.createdAt,
  };
  setNames(row, client.firstName, client.lastName, client.preferredName);
  return row;
}

/**
 * Loads the seed into the database (one transaction; records already present are left as they
 * are). `clock` stamps the demo tokens' creation time.
 */
export function seedDatabase(db: DatabaseSync, seed: unknown, clock: () => Date): SeedSummary {
  const data = parseSeed(seed);
  const now = clock().toISOString();
  let inserted = 0;
  let clients = 0;
  const run = (sql: string, ...params: Array<string | number | null>) => {
    inserted += Number(prep(db, sql).run(...params).changes);
  };
  const load = () => {
    for (const group of data.groups)
      run('INSERT OR IGNORE INTO provider_groups (id, name) VALUES (?, ?)', group.id, group.name);
    for (const p of data.providers) {
      run('INSERT OR IGNORE INTO providers (id, name, group_id) VALUES (?, ?, ?)', p.id, p.name, p.groupId);
    }
    for (const s of data.staff) {
      run(
        'INSERT OR IGNORE INTO staff (id, provider_id, name, email, permissions) VALUES (?, ?, ?, ?, ?)',
        s.id,
        s.providerId,
        s.name,
        s.email,
        JSON.stringify(s.permissions),
      );
      if (s.token) {
        run(
          'INSERT OR IGNORE INTO api_tokens (token_hash, staff_id, name, created_at) VALUES (?, ?, ?, ?)',
          hashToken(s.token),
          s.id,
          s.tokenName ?? 'demo token',
          now,
        );
      }
    }
    for (const c of data.cams.clients) {
      run(
        `INSERT OR IGNORE INTO cams_clients (client_reference_number, first_name, last_name, email, phone, address, date_of_birth, self_identification)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        c.clientReferenceNumber,
        c.firstName,
        c.lastName,
        c.email,
        c.phone,
        c.address,
        c.dateOfBirth,
        JSON.stringify(c.selfIdentification),
      );
    }
    for (const c of data.cams.cases) {
      run(
        'INSERT OR IGNORE INTO cams_cases (case_reference_number, client_reference_number) VALUES (?, ?)',
        c.caseReferenceNumber,
        c.clientReferenceNumber,
      );
    }
    for (const plan of data.cams.eaps) {
      run(
        'INSERT OR IGNORE INTO cams_eaps (client_reference_number, plan, updated_at) VALUES (?, ?, ?)',
        plan.clientReferenceNumber,
        JSON.stringify(plan),
        plan.updatedAt,
      );
    }
    for (const a of data.assessments) {
      run(
        `INSERT OR IGNORE INTO assessments (ca_number, status, first_name, last_name, email, phone, address, submitted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        a.caNumber,
        a.status,
        a.firstName,
        a.lastName,
        a.email,
        a.phone,
        a.address,
        a.submittedAt,
      );
    }
    for (const [index, client] of data.clients.entries()) {
      const refused = caseworkerRefusals(db, client.caseworkerIds, client.providerId);
      if (refused.length) {
        throw new SeedError(
          `the seed data is invalid: clients.${index}.caseworkerIds (${client.id}): ${refused.map((r) => r.message).join('; ')}; a caseworker is staff of the client's service provider with the clients permission`,
        );
      }
      if (insertClient(db, clientRow(client), true)) {
        inserted++;
        clients++;
        if (client.consent) {
          // Part of the client row just added, not a row of its own.
          prep(db, 'UPDATE clients SET share_consent = ?, share_consent_at = ?, share_consent_by = ? WHERE id = ?').run(
            client.consent.shareWithEmployers ? 1 : 0,
            client.consent.recordedAt,
            client.consent.recordedBy,
            client.id,
          );
        }
      }
      for (const n of client.notes) {
        // A note's id is not a key of its own: the client's notes are searched for it.
        run(
          `INSERT INTO notes (id, client_id, kind, text, created_at, created_by)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM notes WHERE client_id = ?2 AND id = ?1)`,
          n.id,
          client.id,
          n.kind,
          n.text,
          n.createdAt,
          n.createdBy,
        );
      }
      for (const t of client.tasks) {
        run(
          'INSERT OR IGNORE INTO tasks (id, client_id, title, due_date, assignee, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          t.id,
          client.id,
          t.title,
          t.dueDate,
          t.assignee,
          t.createdBy,
          t.createdAt,
        );
      }
      for (const r of client.representatives) {
        run(
          'INSERT OR IGNORE INTO representatives (id, client_id, first_name, last_name, email, invited_at, invited_by) VALUES (?, ?, ?, ?, ?, ?, NULL)',
          r.id,
          client.id,
          r.firstName,
          r.lastName,
          r.email,
          r.invitedAt,
        );
      }
    }
    for (const portal of data.portals) {
      run(
        'INSERT OR IGNORE INTO portals (id, name, provider_id) VALUES (?, ?, ?)',
        portal.id,
        portal.name,
        portal.providerId,
      );
      portal.jobs.forEach((job, position) => {
        run(
          'INSERT OR IGNORE INTO jobs (id, portal_id, title, position) VALUES (?, ?, ?, ?)',
          job.id,
          portal.id,
          job.title,
          position,
        );
      });
    }
    for (const u of data.portalUsers) {
      const before = inserted;
      run(
        `INSERT OR IGNORE INTO portal_users (id, portal_id, email, email_lower, first_name, last_name, access_type, job_ids, status, invited_at, deactivated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        u.id,
        u.portalId,
        u.email,
        normaliseEmail(u.email),
        u.firstName,
        u.lastName,
        u.access.type,
        JSON.stringify(u.access.type === 'selected-jobs' ? u.access.jobIds : []),
        u.status,
        u.invitedAt,
        u.deactivatedAt,
      );
      const userIsNew = inserted > before;
      for (const l of u.links) {
        run(
          `INSERT OR IGNORE INTO shared_links (id, portal_user_id, token, status, sent_at, last_used_at, last_used_ip, expired_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          l.id,
          u.id,
          l.token,
          l.status,
          l.sentAt,
          l.lastUsedAt,
          l.lastUsedIp,
          l.expiredAt,
        );
      }
      // History rows have no natural key: they are written with their user, once.
      if (userIsNew) {
        for (const h of u.history) {
          run(
            'INSERT INTO portal_user_history (portal_user_id, at, action, actor, detail) VALUES (?, ?, ?, ?, ?)',
            u.id,
            h.at,
            h.action,
            h.actor,
            h.detail,
          );
        }
      }
    }
    for (const c of data.candidates) {
      run(
        'INSERT OR IGNORE INTO portal_candidates (id, portal_id, job_id, client_id, summary, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
        c.id,
        c.portalId,
        c.jobId,
        c.clientId,
        c.summary,
        c.addedAt,
        c.addedBy,
      );
    }
    for (const f of data.feedback) {
      run(
        'INSERT OR IGNORE INTO portal_feedback (id, portal_user_id, candidate_id, text, at) VALUES (?, ?, ?, ?, ?)',
        f.id,
        f.portalUserId,
        f.candidateId,
        f.text,
        f.at,
      );
    }
  };
  try {
    if (db.isTransaction) load();
    else transaction(db, load);
  } catch (error) {
    if (error instanceof SeedError) throw error;
    throw new SeedError(`the seed data could not be loaded: ${(error as Error).message}`);
  }
  return { inserted, clients };
}
