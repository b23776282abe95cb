// Client portals and their external users (employer contacts, representatives): invitations with
// all-jobs or selected-jobs access, shared links (sent, status, last used and from which IP),
// expiry, deactivation and each user's history. Staff manage the portals of their own provider;
// administrators manage all.
import type { z } from 'zod';
import { MESSAGE_SUBJECTS } from '../../contract/messages.js';
import type {
  HistoryEntrySchema,
  PortalSchema,
  PortalUser,
  PortalUserInviteSchema,
  SharedLink,
} from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { type PortalSettings, ProblemError } from '../context.js';
import {
  allRows,
  type Ctx,
  canSeeProvider,
  decodeCursor,
  getRow,
  isAdmin,
  newId,
  newToken,
  notFound,
  nowIso,
  page,
  parseJsonArray,
  prep,
  validation,
} from './common.js';
import { normaliseEmail } from './normalise.js';
import { sendMessage } from './outbox.js';
import { actionReason, withReason } from './reasons.js';

type Portal = z.output<ReturnType<typeof PortalSchema>>;
type HistoryEntry = z.output<ReturnType<typeof HistoryEntrySchema>>;
type PortalUserInvite = z.output<ReturnType<typeof PortalUserInviteSchema>>;

export interface PortalRow {
  id: string;
  name: string;
  provider_id: string;
}

export interface JobRow {
  id: string;
  portal_id: string;
  title: string;
}

export interface PortalUserRow {
  id: string;
  portal_id: string;
  email: string;
  first_name: string;
  last_name: string;
  access_type: 'all-jobs' | 'selected-jobs';
  job_ids: string;
  status: 'active' | 'deactivated';
  invited_at: string;
  deactivated_at: string | null;
  provider_id: string;
}

export interface LinkRow {
  id: string;
  portal_user_id: string;
  token: string;
  status: 'active' | 'expired';
  sent_at: string;
  last_used_at: string | null;
  last_used_ip: string | null;
  expired_at: string | null;
}

export function sharedLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/p/${token}`;
}

function userToApi(row: PortalUserRow): PortalUser {
  const jobIds = parseJsonArray(row.job_ids);
  return {
    id: row.id,
    portalId: row.portal_id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    access:
      row.access_type === 'selected-jobs' && jobIds.length > 0
        ? { type: 'selected-jobs', jobIds }
        : { type: 'all-jobs' },
    status: row.status,
    invitedAt: row.invited_at,
    deactivatedAt: row.deactivated_at,
  };
}

function linkToApi(ctx: Ctx, row: LinkRow): SharedLink {
  return {
    id: row.id,
    portalUserId: row.portal_user_id,
    url: sharedLinkUrl(ctx.baseUrl, row.token),
    status: row.status,
    sentAt: row.sent_at,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    expiredAt: row.expired_at,
  };
}

export function addHistory(ctx: Ctx, userId: string, action: string, actor: string, detail: string | null): void {
  prep(
    ctx.db,
    'INSERT INTO portal_user_history (portal_user_id, at, action, actor, detail) VALUES (?, ?, ?, ?, ?)',
  ).run(userId, nowIso(ctx), action, actor, detail);
}

const USER_SQL = 'SELECT u.*, p.provider_id FROM portal_users u JOIN portals p ON p.id = u.portal_id WHERE u.id = ?';

export function loadUser(ctx: Ctx, id: string): PortalUserRow {
  const row = getRow<PortalUserRow>(prep(ctx.db, USER_SQL), id);
  if (!row || !canSeeProvider(ctx.principal, row.provider_id)) throw notFound(`no portal user ${id}`);
  return row;
}

function loadLink(ctx: Ctx, id: string): { link: LinkRow; user: PortalUserRow } {
  const link = getRow<LinkRow>(prep(ctx.db, 'SELECT * FROM shared_links WHERE id = ?'), id);
  const user = link && getRow<PortalUserRow>(prep(ctx.db, USER_SQL), link.portal_user_id);
  if (!link || !user || !canSeeProvider(ctx.principal, user.provider_id)) throw notFound(`no shared link ${id}`);
  return { link, user };
}

/** The portal's jobs in its order (removed ones are kept for their candidates' history, not listed). */
export function jobsOf(ctx: Pick<Ctx, 'db'>, portalId: string): JobRow[] {
  return allRows<JobRow>(
    prep(ctx.db, 'SELECT * FROM jobs WHERE portal_id = ? AND removed_at IS NULL ORDER BY position, id'),
    portalId,
  );
}

export function listPortals(ctx: Ctx): { data: Portal[] } {
  const rows = isAdmin(ctx.principal)
    ? allRows<PortalRow>(prep(ctx.db, 'SELECT * FROM portals ORDER BY id'))
    : allRows<PortalRow>(
        prep(ctx.db, 'SELECT * FROM portals WHERE provider_id = ? ORDER BY id'),
        ctx.principal.providerId,
      );
  return {
    data: rows.map((row) => ({
      id: row.id,
      name: row.name,
      providerId: row.provider_id,
      jobs: jobsOf(ctx, row.id).map((job) => ({ id: job.id, title: job.title })),
    })),
  };
}

export interface PortalUserQuery {
  limit: number;
  cursor?: string | undefined;
  portalId?: string | undefined;
  status?: 'active' | 'deactivated' | undefined;
  email?: string | undefined;
}

export function listPortalUsers(ctx: Ctx, query: PortalUserQuery): { data: PortalUser[]; nextCursor: string | null } {
  const where: string[] = [];
  const params: string[] = [];
  if (!isAdmin(ctx.principal)) {
    where.push('p.provider_id = ?');
    params.push(ctx.principal.providerId);
  }
  const after = decodeCursor(query.cursor);
  if (after) {
    where.push('u.id > ?');
    params.push(after);
  }
  if (query.portalId) {
    where.push('u.portal_id = ?');
    params.push(query.portalId);
  }
  if (query.status) {
    where.push('u.status = ?');
    params.push(query.status);
  }
  if (query.email) {
    where.push('u.email_lower = ?');
    params.push(normaliseEmail(query.email));
  }
  const sql = `SELECT u.*, p.provider_id FROM portal_users u JOIN portals p ON p.id = u.portal_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY u.id LIMIT ?`;
  const rows = allRows<PortalUserRow>(prep(ctx.db, sql), ...params, query.limit + 1);
  return page(rows, query.limit, userToApi);
}

function issueLink(ctx: Ctx, user: PortalUserRow, subject: string = MESSAGE_SUBJECTS.portalAccess): LinkRow {
  const link: LinkRow = {
    id: newId(ctx, 'ln'),
    portal_user_id: user.id,
    token: newToken(),
    status: 'active',
    sent_at: nowIso(ctx),
    last_used_at: null,
    last_used_ip: null,
    expired_at: null,
  };
  prep(
    ctx.db,
    'INSERT INTO shared_links (id, portal_user_id, token, status, sent_at, last_used_at, last_used_ip, expired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(link.id, link.portal_user_id, link.token, link.status, link.sent_at, null, null, null);
  sendMessage(ctx, {
    to: user.email,
    kind: 'portal-user-invitation',
    subject,
    link: sharedLinkUrl(ctx.baseUrl, link.token),
    portalUserId: user.id,
    providerId: user.provider_id,
  });
  addHistory(ctx, user.id, 'link-sent', ctx.principal.staffId, link.id);
  return link;
}

/** The job ids of selected-jobs access (none for all jobs), each a job of the portal, or 422 naming the others. */
function checkedJobIds(ctx: Ctx, portalId: string, access: PortalUserInvite['access']): string[] {
  if (access.type !== 'selected-jobs') return [];
  const requested = access.jobIds;
  const jobIds = [...new Set(requested)];
  const known = new Set(jobsOf(ctx, portalId).map((job) => job.id));
  const bad = jobIds.filter((id) => !known.has(id));
  if (bad.length) {
    throw validation(
      bad.map((id) => ({
        path: `access.jobIds.${requested.indexOf(id)}`,
        message: `${id} is not a job of portal ${portalId}`,
      })),
      `${bad.join(', ')} ${bad.length === 1 ? 'is not a job' : 'are not jobs'} of portal ${portalId}`,
    );
  }
  return jobIds;
}

/**
 * Invites an external user to a portal and sends them a shared link. Selected-jobs access must
 * name jobs of that portal. An email that is already an active user of the portal is refused.
 */
export function invitePortalUser(ctx: Ctx, body: PortalUserInvite): { user: PortalUser; link: SharedLink } {
  const portal = getRow<PortalRow>(prep(ctx.db, 'SELECT * FROM portals WHERE id = ?'), body.portalId);
  if (!portal || !canSeeProvider(ctx.principal, portal.provider_id)) {
    throw validation([{ path: 'portalId', message: `no client portal ${body.portalId}` }]);
  }
  const jobIds = checkedJobIds(ctx, portal.id, body.access);
  const emailLower = normaliseEmail(body.email);
  // One record per person and portal: an existing one gets a fresh link or is reactivated, so
  // their history stays in one place.
  const existing = allRows<{ id: string; status: PortalUserRow['status']; deactivated_at: string | null }>(
    prep(
      ctx.db,
      "SELECT id, status, deactivated_at FROM portal_users WHERE portal_id = ? AND email_lower = ? ORDER BY status = 'active' DESC, invited_at DESC, id DESC",
    ),
    portal.id,
    emailLower,
  )[0];
  if (existing?.status === 'active') {
    throw new ProblemError(
      409,
      'email-taken',
      'Already a portal user',
      `${body.email} is already an active user of portal ${portal.id} (${existing.id})`,
      {
        errors: [{ path: 'email', message: `already an active user of this portal (${existing.id})` }],
        hint: `to send them a fresh shared link: portalctl portal users send-link ${existing.id}`,
      },
    );
  }
  if (existing) {
    const since = existing.deactivated_at ? ` since ${existing.deactivated_at}` : '';
    throw new ProblemError(
      409,
      'portal-user-inactive',
      'Deactivated portal user',
      `${body.email} is a deactivated user of portal ${portal.id} (${existing.id}${since})`,
      {
        errors: [{ path: 'email', message: `a deactivated user of this portal (${existing.id})` }],
        hint: `to give them access again, same record and history: portalctl portal users reactivate ${existing.id} --send-link`,
      },
    );
  }
  const user: PortalUserRow = {
    id: newId(ctx, 'pu'),
    portal_id: portal.id,
    email: body.email,
    first_name: body.firstName,
    last_name: body.lastName,
    access_type: body.access.type,
    job_ids: JSON.stringify(jobIds),
    status: 'active',
    invited_at: nowIso(ctx),
    deactivated_at: null,
    provider_id: portal.provider_id,
  };
  prep(
    ctx.db,
    `INSERT INTO portal_users (id, portal_id, email, email_lower, first_name, last_name, access_type, job_ids, status, invited_at, deactivated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  ).run(
    user.id,
    user.portal_id,
    user.email,
    emailLower,
    user.first_name,
    user.last_name,
    user.access_type,
    user.job_ids,
    user.status,
    user.invited_at,
  );
  addHistory(ctx, user.id, 'invited', ctx.principal.staffId, accessDetail(user.access_type, jobIds));
  const link = issueLink(ctx, user);
  recordAudit(ctx, {
    action: 'portal-user.invite',
    entityType: 'portal-user',
    entityId: user.id,
    detail: withReason({ portalId: portal.id, access: user.access_type, jobIds, linkId: link.id }, body.reason),
  });
  return { user: userToApi(user), link: linkToApi(ctx, link) };
}

export function getPortalUser(ctx: Ctx, id: string): PortalUser {
  return userToApi(loadUser(ctx, id));
}

function expire(ctx: Ctx, link: LinkRow, actor: string, reason: string | null): void {
  const now = nowIso(ctx);
  prep(ctx.db, "UPDATE shared_links SET status = 'expired', expired_at = ? WHERE id = ?").run(now, link.id);
  link.status = 'expired';
  link.expired_at = now;
  addHistory(ctx, link.portal_user_id, 'link-expired', actor, reason ? `${link.id} (${reason})` : link.id);
}

function activeLinks(ctx: Ctx, userId: string): LinkRow[] {
  return allRows<LinkRow>(
    prep(ctx.db, "SELECT * FROM shared_links WHERE portal_user_id = ? AND status = 'active' ORDER BY sent_at, id"),
    userId,
  );
}

/** Deactivates the user and expires every active link. Deactivating again changes nothing. */
export function deactivatePortalUser(ctx: Ctx, id: string, reason?: string): PortalUser {
  const user = loadUser(ctx, id);
  if (user.status === 'deactivated') return userToApi(user);
  const now = nowIso(ctx);
  prep(ctx.db, "UPDATE portal_users SET status = 'deactivated', deactivated_at = ? WHERE id = ?").run(now, user.id);
  user.status = 'deactivated';
  user.deactivated_at = now;
  addHistory(ctx, user.id, 'deactivated', ctx.principal.staffId, reason ?? null);
  const expired = activeLinks(ctx, user.id);
  for (const link of expired) expire(ctx, link, ctx.principal.staffId, 'user deactivated');
  recordAudit(ctx, {
    action: 'portal-user.deactivate',
    entityType: 'portal-user',
    entityId: user.id,
    detail: withReason({ expiredLinkIds: expired.map((l) => l.id) }, reason),
  });
  return userToApi(user);
}

function refuseDeactivated(user: PortalUserRow, what: string): void {
  if (user.status === 'active') return;
  throw new ProblemError(
    409,
    'portal-user-inactive',
    'Portal user deactivated',
    `portal user ${user.id} is deactivated${user.deactivated_at ? ` (since ${user.deactivated_at})` : ''}: ${what}`,
    { hint: `reactivate them first (same record, history kept): portalctl portal users reactivate ${user.id}` },
  );
}

/**
 * Emails an active user a fresh shared link, for one whose links expired or were lost. With
 * expireOthers their other active links end first, so only the new one works.
 */
export function sendSharedLink(
  ctx: Ctx,
  id: string,
  body: { expireOthers?: boolean | undefined; reason?: string | undefined } = {},
): { user: PortalUser; link: SharedLink; expired: SharedLink[] } {
  const user = loadUser(ctx, id);
  refuseDeactivated(user, 'a deactivated user is sent no link');
  const expired = body.expireOthers ? activeLinks(ctx, user.id) : [];
  for (const link of expired) expire(ctx, link, ctx.principal.staffId, 'a fresh link was sent');
  const link = issueLink(ctx, user, MESSAGE_SUBJECTS.sharedLink);
  recordAudit(ctx, {
    action: 'portal-user.link.send',
    entityType: 'portal-user',
    entityId: user.id,
    detail: withReason({ linkId: link.id, expiredLinkIds: expired.map((l) => l.id) }, body.reason),
  });
  return {
    user: userToApi(user),
    link: linkToApi(ctx, link),
    expired: expired.map((l) => linkToApi(ctx, l)),
  };
}

/**
 * Gives a deactivated user access again: the same record, so their history stays whole. Refused
 * while another active record of the same email holds that portal. Reactivating an active user
 * changes nothing (and sends nothing).
 */
export function reactivatePortalUser(
  ctx: Ctx,
  id: string,
  body: { sendLink?: boolean | undefined; reason?: string | undefined } = {},
): { user: PortalUser; link: SharedLink | null } {
  const user = loadUser(ctx, id);
  if (user.status === 'active') return { user: userToApi(user), link: null };
  const other = getRow<{ id: string }>(
    prep(
      ctx.db,
      "SELECT id FROM portal_users WHERE portal_id = ? AND email_lower = ? AND status = 'active' AND id <> ?",
    ),
    user.portal_id,
    normaliseEmail(user.email),
    user.id,
  );
  if (other) {
    throw new ProblemError(
      409,
      'email-taken',
      'Already a portal user',
      `${user.email} is already an active user of portal ${user.portal_id} (${other.id})`,
      { hint: `to send them a fresh shared link: portalctl portal users send-link ${other.id}` },
    );
  }
  prep(ctx.db, "UPDATE portal_users SET status = 'active', deactivated_at = NULL WHERE id = ?").run(user.id);
  const was = user.deactivated_at;
  user.status = 'active';
  user.deactivated_at = null;
  addHistory(ctx, user.id, 'reactivated', ctx.principal.staffId, was ? `deactivated since ${was}` : null);
  const link = body.sendLink ? issueLink(ctx, user, MESSAGE_SUBJECTS.portalAccessBack) : null;
  recordAudit(ctx, {
    action: 'portal-user.reactivate',
    entityType: 'portal-user',
    entityId: user.id,
    detail: withReason({ linkId: link?.id ?? null }, body.reason),
  });
  return { user: userToApi(user), link: link ? linkToApi(ctx, link) : null };
}

export function accessDetail(type: PortalUserRow['access_type'], jobIds: string[]): string {
  return type === 'selected-jobs' && jobIds.length ? `selected jobs: ${jobIds.join(', ')}` : 'all jobs';
}

/**
 * Whether going from one access to another takes a job away: all jobs to selected ones (all jobs
 * also covers the jobs added later), or selected jobs to a set without one of them.
 */
function narrows(before: { type: string; jobIds: string[] }, after: { type: string; jobIds: string[] }): boolean {
  if (after.type === 'all-jobs') return false;
  if (before.type === 'all-jobs') return true;
  const kept = new Set(after.jobIds);
  return before.jobIds.some((id) => !kept.has(id));
}

/**
 * Switches between all jobs and selected jobs; the change (from, to) goes to the history. The same
 * access changes nothing. Taking a job away removes access: the portal's rule on reasons applies.
 */
export function setPortalUserAccess(
  ctx: Ctx,
  id: string,
  input: { access: PortalUserInvite['access']; reason?: string | undefined },
  settings: PortalSettings,
): PortalUser {
  const { access } = input;
  const user = loadUser(ctx, id);
  const jobIds = checkedJobIds(ctx, user.portal_id, access);
  const was = { type: user.access_type, jobIds: parseJsonArray<string>(user.job_ids) };
  const before = accessDetail(was.type, was.jobIds);
  const after = accessDetail(access.type, jobIds);
  if (before === after) return userToApi(user);
  const reason = actionReason(settings, input.reason, narrows(was, { type: access.type, jobIds }));
  prep(ctx.db, 'UPDATE portal_users SET access_type = ?, job_ids = ? WHERE id = ?').run(
    access.type,
    JSON.stringify(jobIds),
    user.id,
  );
  user.access_type = access.type;
  user.job_ids = JSON.stringify(jobIds);
  const change = `${before} -> ${after}`;
  addHistory(ctx, user.id, 'access-changed', ctx.principal.staffId, reason ? `${change} (${reason})` : change);
  recordAudit(ctx, {
    action: 'portal-user.access',
    entityType: 'portal-user',
    entityId: user.id,
    detail: withReason({ from: before, to: after }, reason),
  });
  return userToApi(user);
}

export function listSharedLinks(ctx: Ctx, id: string): { data: SharedLink[] } {
  const user = loadUser(ctx, id);
  const rows = allRows<LinkRow>(
    prep(ctx.db, 'SELECT * FROM shared_links WHERE portal_user_id = ? ORDER BY sent_at DESC, id DESC'),
    user.id,
  );
  return { data: rows.map((row) => linkToApi(ctx, row)) };
}

/** One shared link, found by its id alone; another provider's link is not found, like an unknown one. */
export function getSharedLink(ctx: Ctx, id: string): SharedLink {
  return linkToApi(ctx, loadLink(ctx, id).link);
}

/** Expires every active link of the user; answers the links this call expired (maybe none). */
export function expireAllLinks(ctx: Ctx, id: string, reason?: string): { data: SharedLink[] } {
  const user = loadUser(ctx, id);
  const links = activeLinks(ctx, user.id);
  for (const link of links) expire(ctx, link, ctx.principal.staffId, reason ?? null);
  if (links.length) {
    recordAudit(ctx, {
      action: 'portal-user.links.expire',
      entityType: 'portal-user',
      entityId: user.id,
      detail: withReason({ linkIds: links.map((l) => l.id) }, reason),
    });
  }
  return { data: links.map((link) => linkToApi(ctx, link)) };
}

/** Expires one link at once. An already expired link is answered as it is (idempotent). */
export function expireLink(ctx: Ctx, id: string, reason?: string): SharedLink {
  const { link } = loadLink(ctx, id);
  if (link.status === 'expired') return linkToApi(ctx, link);
  expire(ctx, link, ctx.principal.staffId, reason ?? null);
  recordAudit(ctx, {
    action: 'shared-link.expire',
    entityType: 'shared-link',
    entityId: link.id,
    detail: withReason({ portalUserId: link.portal_user_id }, reason),
  });
  return linkToApi(ctx, link);
}

interface HistoryRow {
  at: string;
  action: string;
  actor: string;
  detail: string | null;
}

/** Newest first. */
export function portalUserHistory(ctx: Ctx, id: string): { data: HistoryEntry[] } {
  const user = loadUser(ctx, id);
  const rows = allRows<HistoryRow>(
    prep(
      ctx.db,
      'SELECT at, action, actor, detail FROM portal_user_history WHERE portal_user_id = ? ORDER BY at DESC, seq DESC',
    ),
    user.id,
  );
  return { data: rows.map((row) => ({ at: row.at, action: row.action, actor: row.actor, detail: row.detail })) };
}

/** Test endpoint: the external user opens the link (found by its id) from an IP. */
export function useSharedLink(ctx: Ctx, id: string, ip: string): SharedLink {
  const { link, user } = loadLink(ctx, id);
  return recordLinkUse(ctx, link, user, ip);
}

/** The link whose URL holds this token, with its user; no provider scope: the token is the key. */
export function findLinkByToken(ctx: Pick<Ctx, 'db'>, token: string): { link: LinkRow; user: PortalUserRow } | null {
  const link = getRow<LinkRow>(prep(ctx.db, 'SELECT * FROM shared_links WHERE token = ?'), token);
  const user = link && getRow<PortalUserRow>(prep(ctx.db, USER_SQL), link.portal_user_id);
  return link && user ? { link, user } : null;
}

/** What the user sees through a shared link: the portal, its provider and the jobs their access covers. */
export function sharedPortalView(
  ctx: Pick<Ctx, 'db'>,
  user: PortalUserRow,
): { portal: string; provider: string; user: string; access: PortalUserRow['access_type']; jobs: string[] } {
  const portal = getRow<PortalRow>(prep(ctx.db, 'SELECT * FROM portals WHERE id = ?'), user.portal_id)!;
  const provider = getRow<{ name: string }>(
    prep(ctx.db, 'SELECT name FROM providers WHERE id = ?'),
    portal.provider_id,
  );
  const api = userToApi(user);
  const jobs = jobsOf(ctx, portal.id);
  const visible =
    api.access.type === 'selected-jobs'
      ? jobs.filter((job) => (api.access as { jobIds: string[] }).jobIds.includes(job.id))
      : jobs;
  return {
    portal: portal.name,
    provider: provider?.name ?? portal.provider_id,
    user: `${user.first_name} ${user.last_name}`,
    access: api.access.type,
    jobs: visible.map((job) => job.title),
  };
}

/**
 * The external user opens the link from an IP: last used and IP recorded, in their history and
 * the audit log. Refused (link-expired) once the link is expired or the user deactivated.
 */
export function recordLinkUse(ctx: Ctx, link: LinkRow, user: PortalUserRow, ip: string): SharedLink {
  // Deactivation expires every link, so both cases are an expired link; the detail says why.
  if (link.status !== 'active' || user.status !== 'active') {
    const why = user.status !== 'active' ? `: portal user ${user.id} is deactivated` : '';
    throw new ProblemError(409, 'link-expired', 'Link expired', `shared link ${link.id} has expired${why}`);
  }
  const now = nowIso(ctx);
  prep(ctx.db, 'UPDATE shared_links SET last_used_at = ?, last_used_ip = ? WHERE id = ?').run(now, ip, link.id);
  link.last_used_at = now;
  link.last_used_ip = ip;
  addHistory(ctx, user.id, 'link-used', user.id, `${link.id} from ${ip}`);
  recordAudit(ctx, {
    action: 'shared-link.use',
    entityType: 'shared-link',
    entityId: link.id,
    detail: { portalUserId: user.id },
  });
  return linkToApi(ctx, link);
}
