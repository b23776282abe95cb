// The per-client steps of the commands that can act on many clients (src/bulk/actions.ts runs
// them): what each does to one client, when a client is left out, and the words for the plan.
// They check what the portal would refuse too, so a --dry-run lists the same outcome.
import type { Client } from '../contract/schemas.js';
import type { CliError } from '../errors.js';
import type { BulkStep, Skip } from './actions.js';

/** Minutes (at least 1) since an ISO time, for "sent 4 minutes ago". */
function minutesSince(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined;
  const ms = now.getTime() - new Date(iso).getTime();
  return Number.isFinite(ms) ? Math.max(1, Math.round(ms / 60_000)) : undefined;
}

/** The portal's resend cooldown (409 resend-cooldown): left out, saying when the last one went. */
export function cooldownSkip(error: CliError, now: Date): Skip | undefined {
  if (error.code !== 'resend-cooldown') return undefined;
  const minutes = minutesSince(error.problem?.lastSentAt, now);
  return {
    code: 'resend-cooldown',
    message: minutes === undefined ? 'sent moments ago' : `sent ${minutes} minute${minutes === 1 ? '' : 's'} ago`,
  };
}

function loggedIn(client: Client): boolean {
  return Boolean(client.invite.lastLoginAt) || client.invite.status === 'accepted';
}

const ARCHIVED: Skip = { code: 'archived', message: 'archived: archived clients are sent no email' };

/**
 * `invite resend`: a fresh link to each client whose invitation is still pending. Within the
 * portal's resend cooldown a client is left out ("sent 4 minutes ago") unless `force`.
 */
export function resendStep(options: { force: boolean }): BulkStep {
  return {
    action: 'invite.resend',
    command: 'invite resend',
    ...(options.force ? { identity: 'force' } : {}),
    willDo: 'to be emailed a new invite link',
    didDo: 'new invite link emailed',
    emails: true,
    receives: () => 'an email with a new invite link (the current one stops working)',
    skip(client) {
      if (client.archived) return ARCHIVED;
      if (loggedIn(client))
        return { code: 'already-logged-in', message: 'has logged in: send a password reset instead' };
      if (client.invite.status === 'declined') return { code: 'invite-declined', message: 'declined the invitation' };
      if (client.invite.status !== 'pending') return { code: 'no-invite', message: 'not invited yet' };
      return undefined;
    },
    async apply(api, client, key) {
      const body = options.force ? { force: true } : {};
      await api.call('sendInvite', { params: { id: client.id }, body }, { idempotencyKey: key });
    },
    skipOnRefusal: cooldownSkip,
  };
}
