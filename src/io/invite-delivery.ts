// What `invite send` and `invite resend` share: the refusals the portal would make too (checked
// first, so --dry-run reports them), and the delivery: the dry-run plan, or confirm, send, print.

import type { Deps } from '../command/deps.js';
import type { Client } from '../contract/schemas.js';
import { CliError } from '../errors.js';
import { localTime, relativeTime } from '../time.js';
import { confirmAction } from './confirm.js';
import { plannedMessage, printDryRun } from './dry-run.js';
import { namingReasonFlag } from './reason.js';
import { clientName } from './views/client.js';
import { inviteResultView } from './views/invite.js';

/** Refusals shared by send and resend: the portal would refuse these too. */
export function refuseArchivedOrLoggedIn(client: Client, what: 'sent' | 'resent'): void {
  if (client.archived) {
    throw new CliError(
      'conflict',
      `${clientName(client)} (${client.id}) is archived: archived clients cannot be invited`,
      {
        hint: `restore the client first: portalctl clients restore ${client.id}`,
      },
    );
  }
  if (client.invite.lastLoginAt || client.invite.status === 'accepted') {
    throw new CliError(
      'conflict',
      `${clientName(client)} (${client.id}) has already logged in, so the invitation cannot be ${what}`,
      {
        hint: `to help them back in, send a password reset: portalctl clients password-reset ${client.id}`,
        details: { code: 'already-logged-in' },
      },
    );
  }
}

export interface Delivery {
  client: Client;
  /** What the --dry-run plan calls the action. */
  action: 'invite.send' | 'invite.reinvite' | 'invite.resend';
  reinvite: boolean;
  /** Send even within the portal's resend cooldown (--force; the portal audits the override). */
  force: boolean;
  /** Why (--reason), kept in the audit log. */
  reason: string | undefined;
  printLink: boolean;
  dryRun: boolean;
  /** Already confirmed at a prompt (the re-invite question). */
  confirmed?: boolean;
  idempotencyKey: string | undefined;
  /** The confirmation question, and what --yes confirms when nobody can answer. */
  question: string;
  consequence: string;
  /** The dry-run sentence (who would be emailed, what else changes). */
  wouldDo: string;
}

/** The part of send and resend after the checks: dry-run plan, or confirm, send and print. */
export async function deliverInvite(delivery: Delivery, deps: Deps): Promise<void> {
  const { client } = delivery;
  if (delivery.dryRun) {
    printDryRun(
      deps,
      { action: delivery.action, clientId: client.id, currentLink: client.invite.link },
      [plannedMessage(delivery.action === 'invite.send' ? 'invitation' : 'reinvitation', client.email)],
      `Dry run: ${delivery.wouldDo}. Nothing was sent.`,
      delivery.reason,
    );
    return;
  }
  if (!delivery.confirmed) {
    await confirmAction(deps, { message: delivery.question, consequence: delivery.consequence });
  }
  const api = await deps.api();
  const body = {
    ...(delivery.reinvite ? { reinvite: true } : {}),
    ...(delivery.force ? { force: true } : {}),
    ...(delivery.reason ? { reason: delivery.reason } : {}),
  };
  let result: Awaited<ReturnType<typeof api.call<'sendInvite'>>>;
  try {
    result = await api.call(
      'sendInvite',
      { params: { id: client.id }, body },
      { idempotencyKey: deps.idempotencyKey(delivery.idempotencyKey) },
    );
  } catch (error) {
    throw error instanceof CliError && error.code === 'resend-cooldown'
      ? cooldownError(`${clientName(client)} (${client.id})`, error, deps)
      : namingReasonFlag(error);
  }
  if (delivery.printLink) deps.out.line(result.link);
  else await deps.out.one(inviteResultView, result);
  deps.out.success(`Invitation sent to ${result.sentTo}`);
}

/** "15:02" today, else "2026-12-01 15:02": a time of the last few minutes, in the user's zone. */
function clockTime(then: Date, now: Date, timeZone: string | undefined): string {
  const at = localTime(then, timeZone);
  return at.slice(0, 10) === localTime(now, timeZone).slice(0, 10) ? at.slice(11) : at;
}

/** The portal's cooldown refusal, said with the person's name ("Ada Lovelace (cl_…)") and times in local time. */
export function cooldownError(who: string, error: CliError, deps: Deps): CliError {
  const now = deps.clock();
  const zone = deps.env.TZ;
  const last = error.problem?.lastSentAt ? new Date(error.problem.lastSentAt) : undefined;
  const ready = error.problem?.retryAt ? new Date(error.problem.retryAt) : undefined;
  const sent = last ? ` (sent ${relativeTime(last, now) ?? 'recently'} at ${clockTime(last, now, zone)})` : ' recently';
  const until = ready ? ` until ${clockTime(ready, now, zone)}` : '';
  return new CliError('conflict', `${who} was sent an invitation${sent}; the portal refuses another one${until}`, {
    hint: `wait${until}, or send it anyway with --force (the audit log records it)`,
    ...(error.problem ? { problem: error.problem } : {}),
    ...(error.status ? { status: error.status } : {}),
    details: {
      ...(error.problem?.lastSentAt ? { lastSentAt: error.problem.lastSentAt } : {}),
      ...(error.problem?.retryAt ? { retryAt: error.problem.retryAt } : {}),
    },
  });
}
