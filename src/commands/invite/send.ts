// `portalctl invite send`: the first portal invitation of a client (or a re-invite after a decline).
// The state checks run before anything is sent, so --dry-run reports the same refusals the
// portal would; the portal checks again when the invitation is sent.
import * as z from 'zod';
import { bulkFlags, isBulk } from '../../bulk/bulk-flags.js';
import { defineCommand, flag, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg, dryRunFlag, idempotencyKeyFlag, printLinkFlag, reasonFlag } from '../../command/shared-options.js';
import { CliError } from '../../errors.js';
import { deliverInvite, refuseArchivedOrLoggedIn } from '../../io/invite-delivery.js';
import { resolveClient } from '../../io/resolve.js';
import { clientName } from '../../io/views/client.js';
import { inviteResultView } from '../../io/views/invite.js';

const options = {
  /** An id (cl_…) or email; undefined on a terminal starts an interactive search. */
  client: clientArg(),
  reinvite: flag('--reinvite', 'invite again a client who declined the invitation', z.boolean().default(false)),
  force: flag(
    '--force',
    "with --reinvite: send even if the client was sent an invitation minutes ago (within the portal's resend cooldown); the audit log records it",
    z.boolean().default(false),
  ),
  ...printLinkFlag('print only the invite link'),
  ...reasonFlag(),
  ...dryRunFlag('show who would be emailed; send nothing'),
  ...idempotencyKeyFlag(),
  ...bulkFlags(),
};
type SendOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['invite', 'send'],
  summary: 'Send the portal invitation to a client',
  description:
    'Send the portal invitation email to a client who has not been invited yet. The answer carries the invite link, so you can also pass it on by hand. A client who declined is invited again only with --reinvite (and, within the portal resend cooldown of the last invitation, --force); a pending invitation is resent with `portalctl invite resend`.',
  options,
  examples: [
    'portalctl invite send cl_01jq3v4w5x6y7z',
    'portalctl invite send ada@example.org --yes --print-link',
    'portalctl invite send ada@example.org --reinvite --yes',
    'portalctl invite send ada@example.org --dry-run',
    'portalctl invite send --invite-status none --provider sp_lakeshore --dry-run   # everyone not invited yet',
  ],
  run: runSend,
});

async function runSend(options: SendOptions, deps: Deps): Promise<void> {
  if (isBulk(options)) return sendMany(options, deps);
  if (!options.printLink) deps.out.check(inviteResultView);
  const client = await resolveClient(deps, options.client, {
    message: 'Which client should get the portal invitation? (type a name or email)',
  });
  refuseArchivedOrLoggedIn(client, 'sent');
  const name = `${clientName(client)} <${client.email}>`;
  if (client.invite.status === 'pending') {
    throw new CliError(
      'conflict',
      `${clientName(client)} (${client.id}) already has a pending invitation${client.invite.sentAt ? `, sent ${deps.out.time(client.invite.sentAt)}` : ''} to ${client.invite.sentTo ?? client.email}`,
      { hint: `to send a fresh link (the current one stops working): portalctl invite resend ${client.id}` },
    );
  }
  let reinvite = options.reinvite;
  let confirmed = false;
  if (client.invite.status === 'declined' && !reinvite) {
    const when = client.invite.declinedAt ? ` on ${deps.out.time(client.invite.declinedAt)}` : '';
    // A decline recorded before any invitation was sent is a decline all the same.
    const declined = client.invite.sentAt
      ? `${clientName(client)} (${client.id}) declined the invitation${when}`
      : `${clientName(client)} (${client.id}) declined the portal${when}, before any invitation was sent`;
    // A person at a terminal can decide here; a script must say so with --reinvite.
    if (deps.prompter.interactive && !deps.flags.yes && !options.dryRun) {
      const again = await deps.prompter.confirm({
        message: `${declined}. Invite ${name} again?`,
        default: false,
        flag: '--reinvite',
      });
      if (!again) throw new CliError('cancelled', 'cancelled: nothing was sent');
      reinvite = true;
      confirmed = true;
    } else {
      throw new CliError(
        'conflict',
        `${declined}; ${client.invite.sentAt ? 'inviting again' : 'inviting them'} needs --reinvite`,
        {
          hint: `portalctl invite send ${client.id} --reinvite`,
          details: { code: 'invite-declined' },
        },
      );
    }
  }
  await deliverInvite(
    {
      client,
      action: client.invite.status === 'declined' ? 'invite.reinvite' : 'invite.send',
      reinvite: client.invite.status === 'declined' && reinvite,
      force: options.force,
      reason: options.reason,
      printLink: options.printLink,
      dryRun: options.dryRun,
      confirmed,
      idempotencyKey: options.idempotencyKey,
      question: `Send the portal invitation to ${name}?`,
      consequence: `this emails the portal invitation to ${client.email}`,
      wouldDo: `would email the portal invitation to ${name} (client ${client.id})`,
    },
    deps,
  );
}

/** The many-clients form: the bulk engine with the invitation step. */
async function sendMany(options: SendOptions, deps: Deps): Promise<void> {
  const [{ runBulkCommand }, { inviteSendStep }] = await Promise.all([
    import('../../bulk/bulk-command.js'),
    import('../../bulk/steps.js'),
  ]);
  await runBulkCommand(
    inviteSendStep({ reinvite: options.reinvite, force: options.force, reason: options.reason }),
    options,
    deps,
    ['printLink', 'idempotencyKey'],
  );
}
