// Portal invitations of clients: send / resend (fresh link each time), decline, password reset,
// and what the client does in the browser (test endpoints: log in, confirm email).
import type { z } from 'zod';
import { MESSAGE_SUBJECTS } from '../../contract/messages.js';
import type { Client, InviteResultSchema } from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { type PortalSettings, ProblemError } from '../context.js';
import { assertEmailFree, type ClientRow, loadClient, rowToClient, saveClient } from './client-store.js';
import { issueInvite } from './clients.js';
import { type Ctx, newToken, nowIso } from './common.js';
import { checkResendCooldown, cooldownOverride } from './cooldown.js';
import { endInviteToken, endOpenTokens } from './link-tokens.js';
import { normaliseEmail } from './normalise.js';
import { sendMessage } from './outbox.js';
import { withReason } from './reasons.js';

type InviteResult = z.output<ReturnType<typeof InviteResultSchema>>;

function refuseArchived(row: ClientRow, what: string): void {
  if (row.archived) {
    throw new ProblemError(409, 'archived', 'Client archived', `client ${row.id} is archived: ${what}`, {
      hint: 'restore the client first (portalctl clients restore)',
    });
  }
}

/** A client who has logged in has accepted: an invitation can be neither sent again nor declined. */
function refuseLoggedIn(row: ClientRow, action: 'send' | 'decline'): void {
  if (!row.last_login_at) return;
  if (action === 'decline') {
    throw new ProblemError(
      409,
      'already-logged-in',
      'Client has logged in',
      `client ${row.id} has already logged in and set a password: the invitation was accepted, so there is none left to decline`,
      { hint: 'to end their access to the portal, archive the client (portalctl clients archive)' },
    );
  }
  throw new ProblemError(
    409,
    'already-logged-in',
    'Client has logged in',
    `client ${row.id} has already logged in and set a password; an invitation cannot be resent`,
    { hint: 'use password reset (portalctl clients password-reset)' },
  );
}

export interface InviteSendOptions {
  /** Invite again a client who declined. */
  reinvite?: boolean | undefined;
  /** Send even within the resend cooldown (the override is audited). */
  force?: boolean | undefined;
  /** Why (kept in the audit log). */
  reason?: string | undefined;
}

/**
 * Sends the invitation, or resends it with a fresh link (the previous link stops working). Refused
 * once the client has logged in, after a decline unless `reinvite` is given, and within the resend
 * cooldown unless `force` is given.
 */
export function sendInvite(ctx: Ctx, id: string, options: InviteSendOptions, settings: PortalSettings): InviteResult {
  const row = loadClient(ctx, id);
  refuseArchived(row, 'archived clients cannot be invited');
  refuseLoggedIn(row, 'send');
  if (row.invite_status === 'declined' && !options.reinvite) {
    throw new ProblemError(
      409,
      'invite-declined',
      'Invitation declined',
      `client ${row.id} declined the invitation; inviting again needs an explicit re-invite`,
      { hint: 'pass reinvite (portalctl invite send --reinvite)' },
    );
  }
  const overridden = checkResendCooldown(
    ctx,
    `client ${row.id}`,
    row.invite_status === 'none' ? null : row.invite_sent_at,
    settings,
    options.force === true,
  );
  const previous = row.invite_status;
  const link = issueInvite(ctx, row);
  row.updated_at = nowIso(ctx);
  saveClient(ctx.db, row);
  recordAudit(ctx, {
    action:
      previous === 'declined'
        ? 'client.invite.reinvite'
        : previous === 'pending'
          ? 'client.invite.resend'
          : 'client.invite.send',
    entityType: 'client',
    entityId: row.id,
    detail: withReason(cooldownOverride(overridden), options.reason),
  });
  return {
    client: rowToClient(row, ctx.baseUrl),
    link,
    sentTo: row.invite_sent_to ?? row.email,
    sentAt: row.invite_sent_at ?? row.updated_at,
  };
}

/**
 * Records that the client declined: the link stops working. Declining again changes nothing; a
 * client who has logged in has nothing left to decline. A client never invited may decline too
 * (staff record it before sending anything); inviting them then needs a re-invite.
 */
export function declineInvite(ctx: Ctx, id: string): Client {
  const row = loadClient(ctx, id);
  if (row.invite_status === 'declined') return rowToClient(row, ctx.baseUrl);
  refuseLoggedIn(row, 'decline');
  const now = nowIso(ctx);
  if (row.invite_token) endInviteToken(ctx, row.id, row.invite_token, row.invite_sent_at, 'declined');
  row.invite_status = 'declined';
  row.invite_declined_at = now;
  row.invite_token = null;
  row.updated_at = now;
  saveClient(ctx.db, row);
  recordAudit(ctx, { action: 'client.invite.decline', entityType: 'client', entityId: row.id });
  return rowToClient(row, ctx.baseUrl);
}

/** Only for a client who has logged in (has a password); others get the invitation instead. */
export function sendPasswordReset(ctx: Ctx, id: string, reason?: string): { ok: true } {
  const row = loadClient(ctx, id);
  refuseArchived(row, 'archived clients are sent no email');
  if (!row.last_login_at) {
    throw new ProblemError(
      409,
      'no-invite',
      'Client has not logged in',
      `client ${row.id} has not logged in yet, so has no password to reset`,
      { hint: 'resend the invitation instead (portalctl invite send)' },
    );
  }
  sendMessage(ctx, {
    to: row.email,
    kind: 'password-reset',
    subject: MESSAGE_SUBJECTS.passwordReset,
    link: `${ctx.baseUrl.replace(/\/+$/, '')}/reset-password/${newToken()}`,
    clientId: row.id,
    providerId: row.provider_id,
  });
  recordAudit(ctx, {
    action: 'client.password-reset',
    entityType: 'client',
    entityId: row.id,
    detail: withReason(null, reason),
  });
  return { ok: true };
}

/**
 * The client accepts the invitation and logs in for the first time (has set a password): from
 * now on a resend is refused. The invitation link stops working.
 */
export function recordLogin(ctx: Ctx, row: ClientRow, action: 'client.login' | 'client.invite.accept'): Client {
  if (row.invite_status !== 'pending' && row.invite_status !== 'accepted') {
    throw new ProblemError(409, 'no-invite', 'No invitation', `client ${row.id} has no invitation to accept`);
  }
  const now = nowIso(ctx);
  if (row.invite_token) endInviteToken(ctx, row.id, row.invite_token, row.invite_sent_at, 'accepted');
  row.invite_status = 'accepted';
  row.invite_token = null;
  row.last_login_at = now;
  row.updated_at = now;
  saveClient(ctx.db, row);
  recordAudit(ctx, { action, entityType: 'client', entityId: row.id });
  return rowToClient(row, ctx.baseUrl);
}

/** Test endpoint: the client accepts the invitation and logs in (sets a password). */
export function simulateLogin(ctx: Ctx, id: string): Client {
  return recordLogin(ctx, loadClient(ctx, id), 'client.login');
}

/** Test endpoint: the client confirms the pending email change (uniqueness is checked again). */
export function confirmEmail(ctx: Ctx, id: string): Client {
  const row = loadClient(ctx, id);
  if (!row.pending_email) {
    throw new ProblemError(404, 'not-found', 'No pending email', `client ${row.id} has no pending email change`);
  }
  assertEmailFree(ctx, row.pending_email, row.id);
  row.email = row.pending_email;
  row.email_lower = normaliseEmail(row.pending_email);
  row.pending_email = null;
  row.pending_email_lower = null;
  row.updated_at = nowIso(ctx);
  saveClient(ctx.db, row);
  endOpenTokens(ctx, 'email-confirmation', row.id, 'confirmed');
  recordAudit(ctx, { action: 'client.email.confirm', entityType: 'client', entityId: row.id });
  return rowToClient(row, ctx.baseUrl);
}
