// `portalctl clients representatives resend`: a fresh invitation link for a representative who
// has not answered yet; the previous link stops working.
import * as z from 'zod';
import { defineCommand, flag, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import {
  clientArg,
  dryRunFlag,
  idempotencyKeyFlag,
  printLinkFlag,
  reasonFlag,
} from '../../../command/shared-options.js';
import { CliError } from '../../../errors.js';
import { confirmAction } from '../../../io/confirm.js';
import { plannedMessage, printDryRun } from '../../../io/dry-run.js';
import { resolveClient } from '../../../io/resolve.js';
import {
  pickRepresentative,
  representativeArg,
  representativeNextStep,
  sendRepresentativeInvite,
} from '../../../io/resolve-representative.js';
import { clientName } from '../../../io/views/client.js';
import { representativeView } from '../../../io/views/representative.js';

const options = {
  client: clientArg(),
  representative: representativeArg(),
  ...printLinkFlag('print only the new invite link'),
  force: flag(
    '--force',
    "send even if they were sent an invitation minutes ago (within the portal's resend cooldown); the audit log records it",
    z.boolean().default(false),
  ),
  ...reasonFlag(),
  ...dryRunFlag('show who would be emailed and what; send nothing and keep the current link'),
  ...idempotencyKeyFlag(),
};
type RepResendOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'representatives', 'resend'],
  summary: "Resend a representative's invitation with a fresh link",
  description:
    'Resend the invitation of a client representative who has not answered yet: a fresh link is emailed and printed, and the previous link stops working. One who declined is invited again with `portalctl clients representatives invite CLIENT --email EMAIL --reinvite`. A representative sent an invitation minutes ago (within the portal resend cooldown, 10 minutes by default) is not emailed again: the error says when the last one went out; --force sends anyway, and the audit log records it. On a terminal, leave the representative out to pick among those still pending.',
  options,
  examples: [
    'portalctl clients representatives resend ada@example.org grace@example.org --yes',
    'portalctl clients representatives resend cl_01jq3v4w5x6y7z rp_01jq3v4w5x6y7z --yes --print-link',
    'portalctl clients representatives resend ada@example.org --dry-run --json',
    'portalctl clients representatives resend ada@example.org grace@example.org --yes --force --reason "Asked again by phone"',
  ],
  run: runRepResend,
});

async function runRepResend(options: RepResendOptions, deps: Deps): Promise<void> {
  if (!options.printLink) deps.out.check(representativeView);
  const client = await resolveClient(deps, options.client, { message: 'Whose representative?' });
  const api = await deps.api();
  const rep = await pickRepresentative(deps, api, options.representative, {
    client,
    argument: '<representative>',
    message: 'Whose invitation should be resent?',
    statuses: ['pending'],
  });
  const name = `${rep.firstName} ${rep.lastName} <${rep.email}>`;
  if (rep.status !== 'pending') {
    throw new CliError('conflict', `${name} (${rep.id}) has ${rep.status} the invitation: there is nothing to resend`, {
      hint: representativeNextStep(client.id, rep),
      details: { code: rep.status === 'declined' ? 'invite-declined' : 'representative-accepted' },
    });
  }
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'client.representative.resend', clientId: client.id, representativeId: rep.id },
      [plannedMessage('representativeReinvitation', rep.email)],
      `Dry run: would email a new invite link to ${name}, representative of ${clientName(client)} (${client.id}); the current link would stop working. Nothing was sent.`,
      options.reason,
    );
    return;
  }
  await confirmAction(deps, {
    message: `Resend the invitation to ${name}? The current link stops working.`,
    consequence: `this emails a new invite link to ${rep.email} and the current one stops working`,
  });
  const sent = await sendRepresentativeInvite(deps, api, { client, rep, name }, { ...options });
  if (options.printLink) {
    deps.out.line(sent.link);
    return;
  }
  if (deps.out.format === 'json') deps.out.value(sent);
  else await deps.out.one(representativeView, sent.representative);
  deps.out.success(`Invitation sent to ${sent.sentTo} with a fresh link; the previous link no longer works`);
}
