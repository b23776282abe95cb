// What a client portal shows: its jobs, the candidates put forward for them (a jobseeker, with an
// executive summary and documents from their files, only with their consent recorded by staff),
// the feedback external users leave on candidates, and the notices that tell the portal's users
// what changed. Staff manage the portals of their own provider; administrators manage all.
import type { z } from 'zod';
import type {
  Candidate,
  CandidateCreateSchema,
  Client,
  ClientConsentUpdateSchema,
  Feedback,
  JobCreateSchema,
  JobRemoveSchema,
  PortalNotice,
} from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { ProblemError } from '../context.js';
import { findClientRow, loadClient, rowToClient } from './client-store.js';
import {
  allRows,
  type Ctx,
  canSeeProvider,
  getRow,
  newId,
  notFound,
  nowIso,
  parseJsonArray,
  prep,
  validation,
} from './common.js';
import { sendMessage } from './outbox.js';
import {
  accessDetail,
  addHistory,
  type JobRow,
  jobsOf,
  loadUser,
  type PortalRow,
  type PortalUserRow,
  sharedLinkUrl,
} from './portal-users.js';

interface CandidateRow {
  id: string;
  portal_id: string;
  job_id: string;
  client_id: string;
  summary: string | null;
  added_at: string;
  added_by: string;
  removed_at: string | null;
  removed_by: string | null;
  first_name: string;
  last_name: string;
}

const CANDIDATE_SQL = `SELECT c.*, cl.first_name, cl.last_name FROM portal_candidates c
  JOIN clients cl ON cl.id = c.client_id`;

function loadPortal(ctx: Ctx, id: string): PortalRow {
  const row = getRow<PortalRow>(prep(ctx.db, 'SELECT * FROM portals WHERE id = ?'), id);
  if (!row || !canSeeProvider(ctx.principal, row.provider_id)) throw notFound(`no client portal ${id}`);
  return row;
}

function currentJob(ctx: Ctx, portal: PortalRow, jobId: string): JobRow | undefined {
  return getRow<JobRow>(
    prep(ctx.db, 'SELECT * FROM jobs WHERE id = ? AND portal_id = ? AND removed_at IS NULL'),
    jobId,
    portal.id,
  );
}

function candidateToApi(ctx: Ctx, row: CandidateRow): Candidate {
  const documents = allRows<{ id: string; name: string; kind: 'pdf' | 'docx' | 'doc' }>(
    prep(
      ctx.db,
      `SELECT f.id, f.name, f.kind FROM portal_candidate_documents d JOIN client_files f ON f.id = d.file_id
       WHERE d.candidate_id = ? ORDER BY d.position`,
    ),
    row.id,
  );
  return {
    id: row.id,
    portalId: row.portal_id,
    jobId: row.job_id,
    clientId: row.client_id,
    firstName: row.first_name,
    lastName: row.last_name,
    summary: row.summary,
    documents,
    addedAt: row.added_at,
    addedBy: row.added_by,
    removedAt: row.removed_at,
    removedBy: row.removed_by,
  };
}

function currentCandidates(ctx: Ctx, where: string, ...params: string[]): CandidateRow[] {
  return allRows<CandidateRow>(
    prep(ctx.db, `${CANDIDATE_SQL} WHERE c.removed_at IS NULL AND ${where} ORDER BY c.id`),
    ...params,
  );
}

function takeOff(ctx: Ctx, row: CandidateRow): void {
  const now = nowIso(ctx);
  prep(ctx.db, 'UPDATE portal_candidates SET removed_at = ?, removed_by = ? WHERE id = ?').run(
    now,
    ctx.principal.staffId,
    row.id,
  );
  row.removed_at = now;
  row.removed_by = ctx.principal.staffId;
}

function names(rows: readonly CandidateRow[]): string {
  const shown = rows.slice(0, 3).map((r) => `${r.first_name} ${r.last_name}`);
  return rows.length > 3 ? `${shown.join(', ')} and ${rows.length - 3} more` : shown.join(', ');
}

// ── Jobs ────────────────────────────────────────────────────────────────────────────────────────

/** Adds a job at `position` (1 first; default last). Titles name jobs, so one title is one job. */
export function addPortalJob(
  ctx: Ctx,
  portalId: string,
  body: z.output<ReturnType<typeof JobCreateSchema>>,
): { id: string; title: string; portalId: string } {
  const portal = loadPortal(ctx, portalId);
  const jobs = jobsOf(ctx, portal.id);
  const same = jobs.find((j) => j.title.trim().toLowerCase() === body.title.toLowerCase());
  if (same) {
    throw new ProblemError(
      409,
      'job-title-taken',
      'Job title in use',
      `portal ${portal.id} already has a job "${same.title}" (${same.id})`,
      { errors: [{ path: 'title', message: `is the title of job ${same.id}` }] },
    );
  }
  const id = newId(ctx, 'jb');
  const at = Math.min(body.position ?? jobs.length + 1, jobs.length + 1) - 1;
  const ordered = [...jobs.map((j) => j.id)];
  ordered.splice(at, 0, id);
  prep(ctx.db, 'INSERT INTO jobs (id, portal_id, title, position) VALUES (?, ?, ?, ?)').run(
    id,
    portal.id,
    body.title,
    at,
  );
  const move = prep(ctx.db, 'UPDATE jobs SET position = ? WHERE id = ?');
  for (const [position, jobId] of ordered.entries()) move.run(position, jobId);
  recordAudit(ctx, {
    action: 'client-portal.job.add',
    entityType: 'portal',
    entityId: portal.id,
    detail: { jobId: id, title: body.title, position: at + 1 },
  });
  return { id, title: body.title, portalId: portal.id };
}

/**
 * Removes a job from the portal (kept for its candidates' history). Refused while it is the only
 * job an external user has access to; users who had it among other selected jobs lose it (in
 * their history). A job with candidates is refused unless withCandidates takes them off too.
 */
export function removePortalJob(
  ctx: Ctx,
  portalId: string,
  jobId: string,
  body: z.output<ReturnType<typeof JobRemoveSchema>> = {},
): { job: { id: string; title: string; portalId: string }; removedCandidates: Candidate[]; accessChanged: string[] } {
  const portal = loadPortal(ctx, portalId);
  const job = currentJob(ctx, portal, jobId);
  if (!job) throw notFound(`portal ${portal.id} has no job ${jobId}`);
  const users = allRows<PortalUserRow>(
    prep(
      ctx.db,
      "SELECT u.*, ? AS provider_id FROM portal_users u WHERE portal_id = ? AND access_type = 'selected-jobs'",
    ),
    portal.provider_id,
    portal.id,
  ).filter((u) => parseJsonArray(u.job_ids).includes(job.id));
  const only = users.filter((u) => parseJsonArray(u.job_ids).length === 1);
  if (only.length) {
    throw new ProblemError(
      409,
      'job-only-access',
      "Job is a user's only access",
      `job ${job.id} (${job.title}) is the only job ${only.map((u) => `${u.first_name} ${u.last_name} (${u.id})`).join(', ')} ${only.length === 1 ? 'has' : 'have'} access to`,
      {
        hint: `give ${only.length === 1 ? 'them' : 'each'} other jobs or all jobs first: portalctl portal users access USER`,
      },
    );
  }
  const candidates = currentCandidates(ctx, 'c.job_id = ?', job.id);
  if (candidates.length && body.withCandidates !== true) {
    throw new ProblemError(
      409,
      'job-has-candidates',
      'Job has candidates',
      `job ${job.id} (${job.title}) has ${candidates.length} candidate${candidates.length === 1 ? '' : 's'} on the portal: ${names(candidates)}`,
      { hint: 'take them off with the job: withCandidates (portalctl portals jobs remove … --with-candidates)' },
    );
  }
  const now = nowIso(ctx);
  prep(ctx.db, 'UPDATE jobs SET removed_at = ?, removed_by = ? WHERE id = ?').run(now, ctx.principal.staffId, job.id);
  for (const candidate of candidates) takeOff(ctx, candidate);
  for (const user of users) {
    const before = parseJsonArray(user.job_ids);
    const after = before.filter((id) => id !== job.id);
    prep(ctx.db, 'UPDATE portal_users SET job_ids = ? WHERE id = ?').run(JSON.stringify(after), user.id);
    addHistory(
      ctx,
      user.id,
      'access-changed',
      ctx.principal.staffId,
      `${accessDetail('selected-jobs', before)} -> ${accessDetail('selected-jobs', after)} (job removed)`,
    );
  }
  recordAudit(ctx, {
    action: 'client-portal.job.remove',
    entityType: 'portal',
    entityId: portal.id,
    detail: {
      jobId: job.id,
      title: job.title,
      reason: body.reason ?? null,
      removedCandidateIds: candidates.map((c) => c.id),
      accessChanged: users.map((u) => u.id),
    },
  });
  return {
    job: { id: job.id, title: job.title, portalId: portal.id },
    removedCandidates: candidates.map((c) => candidateToApi(ctx, c)),
    accessChanged: users.map((u) => u.id),
  };
}

// ── Candidates ──────────────────────────────────────────────────────────────────────────────────

export function listCandidates(ctx: Ctx, portalId: string, jobId: string | undefined): { data: Candidate[] } {
  const portal = loadPortal(ctx, portalId);
  if (jobId !== undefined && !currentJob(ctx, portal, jobId)) throw notFound(`portal ${portal.id} has no job ${jobId}`);
  const rows =
    jobId === undefined
      ? allRows<CandidateRow>(
          prep(
            ctx.db,
            `${CANDIDATE_SQL} JOIN jobs j ON j.id = c.job_id WHERE c.removed_at IS NULL AND c.portal_id = ? ORDER BY j.position, c.id`,
          ),
          portal.id,
        )
      : currentCandidates(ctx, 'c.job_id = ?', jobId);
  return { data: rows.map((row) => candidateToApi(ctx, row)) };
}

function consentRefusal(client: Client): ProblemError {
  const { shareWithEmployers, recordedAt } = client.consent;
  const name = `${client.firstName} ${client.lastName}`;
  const detail =
    shareWithEmployers === false
      ? `${name} (${client.id}) declined to be shared with employers (recorded ${recordedAt})`
      : `${name} (${client.id}) has no recorded consent to being shared with employers`;
  return new ProblemError(409, 'consent-required', 'Consent not recorded', detail, {
    hint: `once the client agrees, record it: portalctl clients consent ${client.id} --share-with-employers yes (PUT /v1/clients/${client.id}/consent)`,
  });
}

/**
 * Puts a client forward for a job of the portal, with an executive summary and documents from
 * the client's own files. Needs the client's recorded consent; one candidacy per client and job.
 */
export function addCandidate(
  ctx: Ctx,
  portalId: string,
  body: z.output<ReturnType<typeof CandidateCreateSchema>>,
): Candidate {
  const portal = loadPortal(ctx, portalId);
  const job = currentJob(ctx, portal, body.jobId);
  if (!job) {
    throw validation([{ path: 'jobId', message: `${body.jobId} is not a job of portal ${portal.id}` }]);
  }
  const row = findClientRow(ctx.db, body.clientId);
  if (!row || !canSeeProvider(ctx.principal, row.provider_id)) {
    throw validation([{ path: 'clientId', message: `no client ${body.clientId}` }]);
  }
  if (row.provider_id !== portal.provider_id) {
    throw validation([
      {
        path: 'clientId',
        message: `client ${row.id} is a client of ${row.provider_id}, not of ${portal.provider_id}, whose portal this is`,
      },
    ]);
  }
  const client = rowToClient(row, ctx.baseUrl);
  if (client.archived) {
    throw new ProblemError(409, 'archived', 'Client archived', `client ${client.id} is archived`, {
      hint: `restore them first: portalctl clients restore ${client.id}`,
    });
  }
  if (client.consent.shareWithEmployers !== true) throw consentRefusal(client);
  const existing = currentCandidates(ctx, 'c.job_id = ? AND c.client_id = ?', job.id, client.id)[0];
  if (existing) {
    throw new ProblemError(
      409,
      'already-candidate',
      'Already a candidate',
      `${client.firstName} ${client.lastName} (${client.id}) is already a candidate for ${job.title} (${existing.id})`,
      { existingCandidateId: existing.id },
    );
  }
  const documentIds = [...new Set(body.documentIds ?? [])];
  const requested = body.documentIds ?? [];
  const bad = documentIds.filter(
    (id) =>
      !getRow(
        prep(ctx.db, "SELECT id FROM client_files WHERE id = ? AND client_id = ? AND status = 'ready'"),
        id,
        client.id,
      ),
  );
  if (bad.length) {
    throw validation(
      bad.map((id) => ({
        path: `documentIds.${requested.indexOf(id)}`,
        message: `${id} is not a file of client ${client.id}`,
      })),
      `${bad.join(', ')} ${bad.length === 1 ? 'is not a file' : 'are not files'} of client ${client.id}: documents come from the client's Files`,
    );
  }
  const id = newId(ctx, 'cd');
  const now = nowIso(ctx);
  prep(
    ctx.db,
    'INSERT INTO portal_candidates (id, portal_id, job_id, client_id, summary, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(id, portal.id, job.id, client.id, body.summary ?? null, now, ctx.principal.staffId);
  const attach = prep(
    ctx.db,
    'INSERT INTO portal_candidate_documents (candidate_id, file_id, position) VALUES (?, ?, ?)',
  );
  for (const [position, fileId] of documentIds.entries()) attach.run(id, fileId, position);
  prep(ctx.db, 'INSERT INTO portal_changes (portal_id, candidate_id, kind, at, by) VALUES (?, ?, ?, ?, ?)').run(
    portal.id,
    id,
    'candidate-added',
    now,
    ctx.principal.staffId,
  );
  recordAudit(ctx, {
    action: 'client-portal.candidate.add',
    entityType: 'client',
    entityId: client.id,
    detail: { candidateId: id, portalId: portal.id, jobId: job.id, documentIds, summary: body.summary !== undefined },
  });
  const added = getRow<CandidateRow>(prep(ctx.db, `${CANDIDATE_SQL} WHERE c.id = ?`), id)!;
  return candidateToApi(ctx, added);
}

/** Takes a candidate off the portal; the record stays (their feedback still names it). Again: answered as it is. */
export function removeCandidate(
  ctx: Ctx,
  portalId: string,
  candidateId: string,
  reason: string | undefined,
): Candidate {
  const portal = loadPortal(ctx, portalId);
  const row = getRow<CandidateRow>(
    prep(ctx.db, `${CANDIDATE_SQL} WHERE c.id = ? AND c.portal_id = ?`),
    candidateId,
    portal.id,
  );
  if (!row) throw notFound(`portal ${portal.id} has no candidate ${candidateId}`);
  if (row.removed_at) return candidateToApi(ctx, row);
  takeOff(ctx, row);
  recordAudit(ctx, {
    action: 'client-portal.candidate.remove',
    entityType: 'client',
    entityId: row.client_id,
    detail: { candidateId: row.id, portalId: portal.id, jobId: row.job_id, reason: reason ?? null },
  });
  return candidateToApi(ctx, row);
}

// ── Consent ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Records the client's consent to being put forward to employers. Withdrawing it while they are a
 * candidate on portals is refused unless removeCandidates takes them off. The same answer again
 * changes nothing.
 */
export function setClientConsent(
  ctx: Ctx,
  clientId: string,
  body: z.output<ReturnType<typeof ClientConsentUpdateSchema>>,
): { client: Client; removedCandidates: Candidate[] } {
  const row = loadClient(ctx, clientId);
  const before = rowToClient(row, ctx.baseUrl).consent.shareWithEmployers;
  const candidates = body.shareWithEmployers ? [] : currentCandidates(ctx, 'c.client_id = ?', row.id);
  if (candidates.length && body.removeCandidates !== true) {
    const where = candidates.map((c) => {
      const portal = getRow<{ name: string }>(prep(ctx.db, 'SELECT name FROM portals WHERE id = ?'), c.portal_id);
      const job = getRow<{ title: string }>(prep(ctx.db, 'SELECT title FROM jobs WHERE id = ?'), c.job_id);
      return `${portal?.name ?? c.portal_id} (${job?.title ?? c.job_id})`;
    });
    throw new ProblemError(
      409,
      'client-is-candidate',
      'Client is a candidate on client portals',
      `${row.first_name} ${row.last_name} (${row.id}) is a candidate on ${where.join(', ')}`,
      { hint: 'withdrawing consent takes them off: send again with removeCandidates (portalctl: confirm, or --yes)' },
    );
  }
  if (before === body.shareWithEmployers) return { client: rowToClient(row, ctx.baseUrl), removedCandidates: [] };
  const now = nowIso(ctx);
  prep(
    ctx.db,
    'UPDATE clients SET share_consent = ?, share_consent_at = ?, share_consent_by = ?, updated_at = ? WHERE id = ?',
  ).run(body.shareWithEmployers ? 1 : 0, now, ctx.principal.staffId, now, row.id);
  for (const candidate of candidates) takeOff(ctx, candidate);
  recordAudit(ctx, {
    action: 'client.consent',
    entityType: 'client',
    entityId: row.id,
    detail: {
      fields: ['consent.shareWithEmployers'],
      changes: { 'consent.shareWithEmployers': { from: before, to: body.shareWithEmployers } },
      reason: body.reason ?? null,
      removedCandidateIds: candidates.map((c) => c.id),
    },
  });
  const updated = findClientRow(ctx.db, row.id)!;
  return {
    client: rowToClient(updated, ctx.baseUrl),
    removedCandidates: candidates.map((c) => candidateToApi(ctx, c)),
  };
}

// ── Feedback ────────────────────────────────────────────────────────────────────────────────────

interface FeedbackRow {
  id: string;
  portal_user_id: string;
  candidate_id: string;
  text: string;
  at: string;
  portal_id: string;
  job_id: string;
  title: string;
  client_id: string;
  first_name: string;
  last_name: string;
}

const FEEDBACK_SQL = `SELECT f.*, c.portal_id, c.job_id, j.title, c.client_id, cl.first_name, cl.last_name
  FROM portal_feedback f JOIN portal_candidates c ON c.id = f.candidate_id
  JOIN jobs j ON j.id = c.job_id JOIN clients cl ON cl.id = c.client_id`;

function feedbackToApi(row: FeedbackRow): Feedback {
  return {
    id: row.id,
    portalUserId: row.portal_user_id,
    portalId: row.portal_id,
    candidateId: row.candidate_id,
    jobId: row.job_id,
    jobTitle: row.title,
    clientId: row.client_id,
    candidateName: `${row.first_name} ${row.last_name}`,
    text: row.text,
    at: row.at,
  };
}

/** Newest first; feedback on candidates since taken off is kept. */
export function listPortalUserFeedback(ctx: Ctx, userId: string): { data: Feedback[] } {
  const user = loadUser(ctx, userId);
  const rows = allRows<FeedbackRow>(
    prep(ctx.db, `${FEEDBACK_SQL} WHERE f.portal_user_id = ? ORDER BY f.at DESC, f.id DESC`),
    user.id,
  );
  return { data: rows.map(feedbackToApi) };
}

function canSeeJob(user: PortalUserRow, jobId: string): boolean {
  return user.access_type === 'all-jobs' || parseJsonArray(user.job_ids).includes(jobId);
}

/** Test endpoint: an external user leaves feedback on a candidate they can see. */
export function leaveFeedback(ctx: Ctx, userId: string, body: { candidateId: string; text: string }): Feedback {
  const user = loadUser(ctx, userId);
  if (user.status !== 'active') {
    throw new ProblemError(
      409,
      'portal-user-inactive',
      'Portal user deactivated',
      `portal user ${user.id} is deactivated`,
    );
  }
  const candidate = getRow<CandidateRow>(
    prep(ctx.db, `${CANDIDATE_SQL} WHERE c.id = ? AND c.portal_id = ? AND c.removed_at IS NULL`),
    body.candidateId,
    user.portal_id,
  );
  if (!candidate || !canSeeJob(user, candidate.job_id)) {
    throw notFound(`portal user ${user.id} sees no candidate ${body.candidateId}`);
  }
  const id = newId(ctx, 'fb');
  prep(ctx.db, 'INSERT INTO portal_feedback (id, portal_user_id, candidate_id, text, at) VALUES (?, ?, ?, ?, ?)').run(
    id,
    user.id,
    candidate.id,
    body.text,
    nowIso(ctx),
  );
  addHistory(ctx, user.id, 'feedback-left', user.id, candidate.id);
  recordAudit(ctx, {
    action: 'portal-user.feedback',
    entityType: 'portal-user',
    entityId: user.id,
    detail: { feedbackId: id, candidateId: candidate.id },
  });
  return feedbackToApi(getRow<FeedbackRow>(prep(ctx.db, `${FEEDBACK_SQL} WHERE f.id = ?`), id)!);
}

// ── Notices ─────────────────────────────────────────────────────────────────────────────────────

interface ChangeRow {
  seq: number;
  at: string;
  kind: PortalNotice['changes'][number]['kind'];
  by: string;
  candidate_id: string;
  job_id: string;
  title: string;
  first_name: string;
  last_name: string;
}

/** Changes no notice told of yet, of candidates still on the portal, oldest first. */
function pendingChanges(ctx: Ctx, portal: PortalRow): ChangeRow[] {
  return allRows<ChangeRow>(
    prep(
      ctx.db,
      `SELECT ch.seq, ch.at, ch.kind, ch.by, c.id AS candidate_id, c.job_id, j.title, cl.first_name, cl.last_name
       FROM portal_changes ch JOIN portal_candidates c ON c.id = ch.candidate_id
       JOIN jobs j ON j.id = c.job_id JOIN clients cl ON cl.id = c.client_id
       WHERE ch.portal_id = ? AND ch.notice_id IS NULL AND c.removed_at IS NULL AND j.removed_at IS NULL
       ORDER BY ch.seq`,
    ),
    portal.id,
  );
}

const CHANGE_WORDS: Record<ChangeRow['kind'], [string, string]> = {
  'candidate-added': ['new candidate', 'new candidates'],
  'summary-updated': ['executive summary updated', 'executive summaries updated'],
  'document-added': ['document added', 'documents added'],
};

/**
 * The email to one user: per job they can see, how many of each change. It names no candidate
 * (an email may be forwarded); the portal behind the link shows them.
 */
function noticeText(
  portal: PortalRow,
  provider: string,
  user: PortalUserRow,
  changes: ChangeRow[],
  link: string | null,
): string {
  const byJob = new Map<string, Map<ChangeRow['kind'], number>>();
  for (const change of changes) {
    const counts = byJob.get(change.title) ?? new Map();
    counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
    byJob.set(change.title, counts);
  }
  const lines = [...byJob].map(
    ([title, counts]) =>
      `- ${title}: ${[...counts].map(([kind, n]) => `${n} ${CHANGE_WORDS[kind][n === 1 ? 0 : 1]}`).join(', ')}`,
  );
  return [
    `Hello ${user.first_name},`,
    `${provider} has updated the ${portal.name}:`,
    lines.join('\n'),
    link
      ? `Open the portal to see them:\n${link}`
      : `Open the portal with the link you were sent; if it no longer works, ask ${provider} for a new one.`,
    'The link is yours alone: please do not forward it.',
  ].join('\n\n');
}

function buildNotice(
  ctx: Ctx,
  portal: PortalRow,
): { notice: PortalNotice; changes: ChangeRow[]; users: PortalUserRow[] } {
  const changes = pendingChanges(ctx, portal);
  const provider =
    getRow<{ name: string }>(prep(ctx.db, 'SELECT name FROM providers WHERE id = ?'), portal.provider_id)?.name ??
    portal.provider_id;
  const users = allRows<PortalUserRow>(
    prep(
      ctx.db,
      "SELECT u.*, ? AS provider_id FROM portal_users u WHERE portal_id = ? AND status = 'active' ORDER BY id",
    ),
    portal.provider_id,
    portal.id,
  );
  const messages: PortalNotice['messages'] = [];
  const recipients: PortalUserRow[] = [];
  for (const user of users) {
    const theirs = changes.filter((c) => canSeeJob(user, c.job_id));
    if (theirs.length === 0) continue;
    const token = getRow<{ token: string }>(
      prep(
        ctx.db,
        "SELECT token FROM shared_links WHERE portal_user_id = ? AND status = 'active' ORDER BY sent_at DESC, id DESC",
      ),
      user.id,
    )?.token;
    const link = token ? sharedLinkUrl(ctx.baseUrl, token) : null;
    recipients.push(user);
    messages.push({
      portalUserId: user.id,
      to: user.email,
      name: `${user.first_name} ${user.last_name}`,
      subject: `New on the ${portal.name}`,
      link,
      text: noticeText(portal, provider, user, theirs, link),
    });
  }
  return {
    notice: {
      portalId: portal.id,
      changes: changes.map((c) => ({
        at: c.at,
        kind: c.kind,
        jobId: c.job_id,
        jobTitle: c.title,
        candidateId: c.candidate_id,
        candidateName: `${c.first_name} ${c.last_name}`,
        by: c.by,
      })),
      messages,
      noticeId: null,
      sentAt: null,
    },
    changes,
    users: recipients,
  };
}

/** What a notice would send now; nothing is changed or sent. */
export function previewPortalNotice(ctx: Ctx, portalId: string): PortalNotice {
  return buildNotice(ctx, loadPortal(ctx, portalId)).notice;
}

/**
 * Emails each active user who can see a changed job what changed since the last notice. With
 * nothing to tell anyone, nothing is sent and the changes stay for the next notice.
 */
export function sendPortalNotice(ctx: Ctx, portalId: string, reason: string | undefined): PortalNotice {
  const portal = loadPortal(ctx, portalId);
  const { notice, changes, users } = buildNotice(ctx, portal);
  if (notice.messages.length === 0) return notice;
  const id = newId(ctx, 'pn');
  const now = nowIso(ctx);
  prep(ctx.db, 'INSERT INTO portal_notices (id, portal_id, at, by) VALUES (?, ?, ?, ?)').run(
    id,
    portal.id,
    now,
    ctx.principal.staffId,
  );
  const mark = prep(ctx.db, 'UPDATE portal_changes SET notice_id = ? WHERE seq = ?');
  for (const change of changes) mark.run(id, change.seq);
  notice.messages.forEach((message, i) => {
    sendMessage(ctx, {
      to: message.to,
      kind: 'portal-update',
      subject: message.subject,
      link: message.link,
      portalUserId: message.portalUserId,
      providerId: portal.provider_id,
      text: message.text,
    });
    addHistory(ctx, users[i]!.id, 'notified', ctx.principal.staffId, reason ? `${id} (${reason})` : id);
  });
  recordAudit(ctx, {
    action: 'client-portal.notice',
    entityType: 'portal',
    entityId: portal.id,
    detail: {
      noticeId: id,
      recipients: notice.messages.map((m) => m.portalUserId),
      changes: changes.length,
      reason: reason ?? null,
    },
  });
  return { ...notice, noticeId: id, sentAt: now };
}
