// What `invite send` and `invite resend` share: the refusals the portal would make too (checked
// first, so --dry-run reports them), and the delivery: the dry-run plan, or confirm, send, print.

import type { Deps } from '../command/deps.js';
import type { Client } from '../contract/schemas.js';
import { CliError } from '../errors.js';
import { confirmAction } from './confirm.js';
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
    deps.out.value(
      {
        dryRun: true,
        action: delivery.action,
        clientId: client.id,
        notify: [{ to: client.email, kind: 'invitation' }],
        currentLink: client.invite.link,
      },
      `Dry run: ${delivery.wouldDo}. Nothing was sent.`,
    );
    return;
  }
  if (!delivery.confirmed) {
    await confirmAction(deps, { message: delivery.question, consequence: delivery.consequence });
  }
  const api = await deps.api();
  const result = await api.call(
    'sendInvite',
    { params: { id: client.id }, body: delivery.reinvite ? { reinvite: true } : {} },
    { idempotencyKey: deps.idempotencyKey(delivery.idempotencyKey) },
  );
  if (delivery.printLink) deps.out.line(result.link);
  else await deps.out.one(inviteResultView, result);
  deps.out.success(`Invitation sent to ${result.sentTo}`);
}
