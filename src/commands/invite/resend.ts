// `portalctl invite resend`: a fresh invite link for a client whose invitation is still pending
// (the previous link stops working). A client who has logged in gets a password reset instead.
import * as z from 'zod';
import { bulkFlags, isBulk } from '../../bulk/bulk-flags.js';
import { defineCommand, flag, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg, dryRunFlag, idempotencyKeyFlag, printLinkFlag, reasonFlag } from '../../command/shared-options.js';
import type { Client } from '../../contract/schemas.js';
import { CliError } from '../../errors.js';
import { deliverInvite, refuseArchivedOrLoggedIn } from '../../io/invite-delivery.js';
import { resolveClient } from '../../io/resolve.js';
import { clientName } from '../../io/views/client.js';
import { inviteResultView } from '../../io/views/invite.js';

const options = {
  client: clientArg('client id (cl_…) or email address'),
  force: flag(
    '--force',
    "send even if the client was sent an invitation minutes ago (within the portal's resend cooldown); the audit log records it",
    z.boolean().default(false),
  ),
  ...printLinkFlag('print only the new invite link'),
  ...reasonFlag(),
  ...dryRunFlag('show who would be emailed; send nothing and keep the current link'),
  ...idempotencyKeyFlag(),
  ...bulkFlags(),
};
type ResendOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['invite', 'resend'],
  summary: 'Resend the invitation with a fresh link',
  description:
    'Resend the portal invitation of a client who has not logged in yet: a fresh link is emailed and printed, and the previous link stops working. For a client who has logged in, send a password reset instead (portalctl clients password-reset). A client sent an invitation minutes ago (within the portal resend cooldown, 10 minutes by default) is not emailed again: the error says when the last one went out; --force sends anyway, and the audit log records it. On a terminal, leave the client out to search: clients who have logged in, declined or were never invited are listed too, marked with the command that applies to them.',
  options,
  examples: [
    'portalctl invite resend            # on a terminal: search, confirm, print the new link',
    'portalctl invite resend ada@example.org --yes',
    'portalctl invite resend cl_01jq3v4w5x6y7z --yes --print-link | pbcopy',
    'portalctl invite resend ada@example.org --dry-run --json',
    'portalctl invite resend ada@example.org --yes --force   # they asked for it again a minute ago',
    'portalctl invite resend --invite-status pending --sent-before 14d --dry-run',
    'portalctl invite resend --from-file chase.csv --yes --report resend-report.csv',
  ],
  run: runResend,
});

/**
 * Why a client found at the terminal search cannot be resent an invitation, and what applies
 * instead; choosing one ends in the same refusal as naming them on the command line.
 */
function whyNoResend(client: Client): { reason: string; instead: string } | undefined {
  if (client.invite.lastLoginAt || client.invite.status === 'accepted') {
    return { reason: 'has logged in', instead: `portalctl clients password-reset ${client.id}` };
  }
  if (client.invite.status === 'declined') {
    return { reason: 'declined', instead: `portalctl invite send ${client.id} --reinvite` };
  }
  if (client.invite.status === 'none') {
    return { reason: 'not invited yet', instead: `portalctl invite send ${client.id}` };
  }
  return undefined;
}

async function runResend(options: ResendOptions, deps: Deps): Promise<void> {
  if (isBulk(options)) return resendMany(options, deps);
  if (!options.printLink) deps.out.check(inviteResultView);
  const client = await resolveClient(deps, options.client, {
    message: 'Whose invitation should be resent? (type a name or email)',
    notApplicable: whyNoResend,
  });
  refuseArchivedOrLoggedIn(client, 'resent');
  if (client.invite.status === 'declined') {
    throw new CliError(
      'conflict',
      `${clientName(client)} (${client.id}) declined the invitation: there is nothing to resend`,
      {
        hint: `to invite them again: portalctl invite send ${client.id} --reinvite`,
        details: { code: 'invite-declined' },
      },
    );
  }
  if (client.invite.status !== 'pending') {
    throw new CliError(
      'conflict',
      `${clientName(client)} (${client.id}) has not been invited yet: there is nothing to resend`,
      {
        hint: `send the first invitation: portalctl invite send ${client.id}`,
        details: { code: 'no-invite' },
      },
    );
  }
  const name = `${clientName(client)} <${client.email}>`;
  const sent = client.invite.sentAt ? ` (sent ${deps.out.time(client.invite.sentAt)})` : '';
  await deliverInvite(
    {
      client,
      action: 'invite.resend',
      reinvite: false,
      force: options.force,
      reason: options.reason,
      printLink: options.printLink,
      dryRun: options.dryRun,
      idempotencyKey: options.idempotencyKey,
      question: `Resend the portal invitation to ${name}? The current link${sent} stops working.`,
      consequence: `this emails a new invite link to ${client.email} and the current one stops working`,
      wouldDo: `would email a new invite link to ${name} (client ${client.id}); the current link${sent} would stop working`,
    },
    deps,
  );
}

/** The many-clients form: the bulk engine with the resend step. */
async function resendMany(options: ResendOptions, deps: Deps): Promise<void> {
  const [{ runBulkCommand }, { resendStep }] = await Promise.all([
    import('../../bulk/bulk-command.js'),
    import('../../bulk/steps.js'),
  ]);
  await runBulkCommand(resendStep({ force: options.force, reason: options.reason }), options, deps, [
    'printLink',
    'idempotencyKey',
  ]);
}
