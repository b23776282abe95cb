// Client representatives: invited (or recorded as having declined before any invitation), sent
// a fresh link while pending, invited again after a decline only when asked, and removed (the
// record is kept for the audit). One record per email and client; the client is not their own
// representative.
import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import { MESSAGE_SUBJECTS } from '../../contract/messages.js';
import type { RepresentativeInviteResultSchema, RepresentativeSchema } from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { type PortalSettings, ProblemError } from '../context.js';
import { type ClientRow, inviteLink, loadClient } from './client-store.js';
import { allRows, type Ctx, getRow, newId, newToken, nowIso, prep } from './common.js';
import { checkResendCooldown, cooldownOverride } from './cooldown.js';
import { endOpenTokens, recordLinkToken } from './link-tokens.js';
import { normaliseEmail } from './normalise.js';
import { sendMessage } from './outbox.js';
import { actionReason, withReason } from './reasons.js';

type Representative = z.output<ReturnType<typeof RepresentativeSchema>>;
type RepresentativeInviteResult = z.output<ReturnType<typeof RepresentativeInviteResultSchema>>;

export interface RepresentativeRow {
  id: string;
  client_id: string;
  first_name: string;
  last_name: string;
  email: string;
  /** Null: a decline recorded before any invitation was sent. */
  invited_at: string | null;
  invited_by: string | null;
  status: Representative['status'];
  responded_at: string | null;
  removed_at: string | null;
  removed_by: string | null;
}

export function representativeToApi(row: RepresentativeRow): Representative {
  return {
    id: row.id,
    clientId: row.client_id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    invitedAt: row.invited_at,
    status: row.status,
    respondedAt: row.responded_at,
    removedAt: row.removed_at,
  };
}

export function findRepresentative(db: DatabaseSync, id: string): RepresentativeRow | undefined {
  return getRow<RepresentativeRow>(prep(db, 'SELECT * FROM representatives WHERE id = ?'), id);
}

function refuseArchived(row: ClientRow): void {
  if (row.archived) {
    throw new ProblemError(
      409,
      'archived',
      'Client archived',
      `client ${row.id} is archived: archived clients cannot be invited`,
      {
        hint: `restore the client first (portalctl clients restore ${row.id})`,
      },
    );
  }
}

/** The client and one of their representatives (removed ones are not found). */
function loadRepresentative(ctx: Ctx, clientId: string, repId: string): { client: ClientRow; rep: RepresentativeRow } {
  const client = loadClient(ctx, clientId);
  const rep = getRow<RepresentativeRow>(
    prep(ctx.db, 'SELECT * FROM representatives WHERE id = ? AND client_id = ? AND removed_at IS NULL'),
    repId,
    client.id,
  );
  if (!rep) {
    throw new ProblemError(404, 'not-found', 'Not found', `client ${client.id} has no representative ${repId}`, {
      hint: `list them: portalctl clients representatives list ${client.id}`,
    });
  }
  return { client, rep };
}

/** What to do about a representative already on record, by where their invitation stands. */
function nextStep(client: ClientRow, rep: RepresentativeRow): string {
  switch (rep.status) {
    case 'pending':
      return `to send them a fresh link: portalctl clients representatives resend ${client.id} ${rep.id}`;
    case 'declined':
      return `to invite them again: portalctl clients representatives invite ${client.id} --email ${rep.email} --reinvite`;
    case 'accepted':
      return `they have accepted already: portalctl clients representatives get ${client.id} ${rep.id}`;
  }
}

/** One record per email and client, and never the client's own email. */
function refuseDuplicate(ctx: Ctx, client: ClientRow, email: string): void {
  const wanted = normaliseEmail(email);
  if (client.email_lower === wanted) {
    throw new ProblemError(
      409,
      'representative-is-client',
      'The client’s own email',
      `${email} is the email of client ${client.id}: a client is not their own representative`,
      { existingClientId: client.id, hint: `to invite the client: portalctl invite send ${client.id}` },
    );
  }
  const existing = allRows<RepresentativeRow>(
    prep(ctx.db, 'SELECT * FROM representatives WHERE client_id = ? AND removed_at IS NULL'),
    client.id,
  ).find((r) => normaliseEmail(r.email) === wanted);
  if (existing) {
    throw new ProblemError(
      409,
      'representative-exists',
      'Already a representative',
      `${email} is already a representative of client ${client.id} (${existing.id}, invitation ${existing.status})`,
      { existingRepresentativeId: existing.id, hint: nextStep(client, existing) },
    );
  }
}

/** Emails a fresh invitation link; earlier links of this representative stop working. */
function emailInvitation(ctx: Ctx, client: ClientRow, rep: RepresentativeRow): string {
  endOpenTokens(ctx, 'representative-invitation', rep.id, 'replaced');
  const token = newToken();
  recordLinkToken(ctx, 'representative-invitation', rep.id, token);
  const link = inviteLink(ctx.baseUrl, token);
  sendMessage(ctx, {
    to: rep.email,
    kind: 'representative-invitation',
    subject: MESSAGE_SUBJECTS.representativeInvitation,
    link,
    clientId: client.id,
    providerId: client.provider_id,
  });
  return link;
}

export function listRepresentatives(ctx: Ctx, id: string): { data: Representative[] } {
  const client = loadClient(ctx, id);
  const rows = allRows<RepresentativeRow>(
    prep(
      ctx.db,
      'SELECT * FROM representatives WHERE client_id = ? AND removed_at IS NULL ORDER BY COALESCE(invited_at, responded_at), id',
    ),
    client.id,
  );
  return { data: rows.map(representativeToApi) };
}

export function getRepresentative(ctx: Ctx, clientId: string, repId: string): Representative {
  return representativeToApi(loadRepresentative(ctx, clientId, repId).rep);
}

export interface RepresentativeInput {
  firstName: string;
  lastName: string;
  email: string;
  /** Record that they declined; no invitation is sent. */
  declined?: boolean | undefined;
  /** Why (kept in the audit log). */
  reason?: string | undefined;
}

/** Invites a representative, or records that one declined before any invitation was sent. */
export function inviteRepresentative(ctx: Ctx, id: string, input: RepresentativeInput): Representative {
  const client = loadClient(ctx, id);
  refuseArchived(client);
  refuseDuplicate(ctx, client, input.email);
  const now = nowIso(ctx);
  const row: RepresentativeRow = {
    id: newId(ctx, 'rp'),
    client_id: client.id,
    first_name: input.firstName,
    last_name: input.lastName,
    email: input.email,
    invited_at: input.declined ? null : now,
    invited_by: input.declined ? null : ctx.principal.staffId,
    status: input.declined ? 'declined' : 'pending',
    responded_at: input.declined ? now : null,
    removed_at: null,
    removed_by: null,
  };
  prep(
    ctx.db,
    'INSERT INTO representatives (id, client_id, first_name, last_name, email, invited_at, invited_by, status, responded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    row.id,
    row.client_id,
    row.first_name,
    row.last_name,
    row.email,
    row.invited_at,
    row.invited_by,
    row.status,
    row.responded_at,
  );
  if (!input.declined) emailInvitation(ctx, client, row);
  recordAudit(ctx, {
    action: input.declined ? 'client.representative.decline' : 'client.representative.invite',
    entityType: 'client',
    entityId: client.id,
    detail: withReason({ representativeId: row.id }, input.reason),
  });
  return representativeToApi(row);
}

export interface RepresentativeSendOptions {
  /** Invite again a representative who declined. */
  reinvite?: boolean | undefined;
  /** Send even within the resend cooldown (the override is audited). */
  force?: boolean | undefined;
  /** Why (kept in the audit log). */
  reason?: string | undefined;
}

/**
 * Sends a pending representative a fresh link (the previous one stops working), or invites again
 * one who declined when `reinvite` says so. One who accepted has nothing left to be sent. Within
 * the resend cooldown of the last invitation, refused unless `force` is given (as for clients).
 */
export function sendRepresentativeInvite(
  ctx: Ctx,
  clientId: string,
  repId: string,
  options: RepresentativeSendOptions,
  settings: PortalSettings,
): RepresentativeInviteResult {
  const { client, rep } = loadRepresentative(ctx, clientId, repId);
  refuseArchived(client);
  if (rep.status === 'accepted') {
    throw new ProblemError(
      409,
      'representative-accepted',
      'Invitation accepted',
      `representative ${rep.id} has accepted the invitation already: there is no invitation to send`,
      { hint: 'they sign in with the password they chose' },
    );
  }
  if (rep.status === 'declined' && options.reinvite !== true) {
    throw new ProblemError(
      409,
      'invite-declined',
      'Invitation declined',
      `representative ${rep.id} declined the invitation; inviting again needs an explicit re-invite`,
      { hint: nextStep(client, rep) },
    );
  }
  const overridden = checkResendCooldown(
    ctx,
    `representative ${rep.id}`,
    rep.invited_at,
    settings,
    options.force === true,
  );
  const previous = rep.status;
  const now = nowIso(ctx);
  rep.status = 'pending';
  rep.invited_at = now;
  rep.invited_by = ctx.principal.staffId;
  rep.responded_at = null;
  prep(
    ctx.db,
    'UPDATE representatives SET status = ?, invited_at = ?, invited_by = ?, responded_at = NULL WHERE id = ?',
  ).run(rep.status, rep.invited_at, rep.invited_by, rep.id);
  const link = emailInvitation(ctx, client, rep);
  recordAudit(ctx, {
    action: previous === 'declined' ? 'client.representative.reinvite' : 'client.representative.resend',
    entityType: 'client',
    entityId: client.id,
    detail: withReason({ representativeId: rep.id, ...cooldownOverride(overridden) }, options.reason),
  });
  return { representative: representativeToApi(rep), link, sentTo: rep.email, sentAt: now };
}

/**
 * Records that a representative declined: their link stops working (access removed, so the
 * portal's rule on reasons applies). Declining again changes nothing.
 */
export function declineRepresentative(
  ctx: Ctx,
  clientId: string,
  repId: string,
  input: { reason?: string | undefined },
  settings: PortalSettings,
): Representative {
  const { client, rep } = loadRepresentative(ctx, clientId, repId);
  if (rep.status === 'declined') return representativeToApi(rep);
  if (rep.status === 'accepted') {
    throw new ProblemError(
      409,
      'representative-accepted',
      'Invitation accepted',
      `representative ${rep.id} has accepted the invitation already: there is nothing to decline`,
      { hint: `to end their access, remove them: portalctl clients representatives remove ${client.id} ${rep.id}` },
    );
  }
  const reason = actionReason(settings, input.reason);
  const now = nowIso(ctx);
  prep(ctx.db, "UPDATE representatives SET status = 'declined', responded_at = ? WHERE id = ?").run(now, rep.id);
  rep.status = 'declined';
  rep.responded_at = now;
  endOpenTokens(ctx, 'representative-invitation', rep.id, 'declined');
  recordAudit(ctx, {
    action: 'client.representative.decline',
    entityType: 'client',
    entityId: client.id,
    detail: withReason({ representativeId: rep.id }, reason),
  });
  return representativeToApi(rep);
}

/**
 * Removes a representative: no longer listed, their invitation link stops working; the record is
 * kept for the audit.
 */
export function removeRepresentative(ctx: Ctx, clientId: string, repId: string, reason?: string): Representative {
  const { client, rep } = loadRepresentative(ctx, clientId, repId);
  rep.removed_at = nowIso(ctx);
  rep.removed_by = ctx.principal.staffId;
  prep(ctx.db, 'UPDATE representatives SET removed_at = ?, removed_by = ? WHERE id = ?').run(
    rep.removed_at,
    rep.removed_by,
    rep.id,
  );
  recordAudit(ctx, {
    action: 'client.representative.remove',
    entityType: 'client',
    entityId: client.id,
    detail: withReason({ representativeId: rep.id, status: rep.status }, reason),
  });
  return representativeToApi(rep);
}

/**
 * A representative accepts (having set a password) or declines the invitation, from its page.
 * Either ends the invitation link; a second answer is refused, as is one after a removal.
 */
export function answerRepresentativeInvite(ctx: Ctx, id: string, answer: 'accepted' | 'declined'): Representative {
  const row = findRepresentative(ctx.db, id);
  if (!row || row.removed_at) throw new ProblemError(404, 'not-found', 'Not found', `no representative ${id}`);
  if (row.status !== 'pending') {
    throw new ProblemError(
      409,
      'no-invite',
      'Already answered',
      `representative ${row.id} has already ${row.status} the invitation`,
    );
  }
  const now = nowIso(ctx);
  prep(ctx.db, 'UPDATE representatives SET status = ?, responded_at = ? WHERE id = ?').run(answer, now, row.id);
  row.status = answer;
  row.responded_at = now;
  endOpenTokens(ctx, 'representative-invitation', row.id, answer);
  recordAudit(ctx, {
    action: answer === 'accepted' ? 'client.representative.accept' : 'client.representative.decline',
    entityType: 'client',
    entityId: row.client_id,
    detail: { representativeId: row.id },
  });
  return representativeToApi(row);
}
