// `portalctl clients representatives invite`: invite a client representative (first name, last
// name, email) to the portal for a client; the invitation is emailed to them.

import * as z from 'zod';
import { defineCommand, flag, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { clientArg, dryRunFlag, idempotencyKeyFlag, reasonFlag } from '../../../command/shared-options.js';
import { RepresentativeCreateSchema } from '../../../contract/schemas.js';
import { CliError } from '../../../errors.js';
import { flagOf, missingFlags, validateWith } from '../../../io/client-profile.js';
import { plannedMessage, printDryRun } from '../../../io/dry-run.js';
import { withReasonFlag } from '../../../io/reason.js';
import { resolveClient } from '../../../io/resolve.js';
import {
  pickRepresentative,
  representativeNextStep,
  sendRepresentativeInvite,
} from '../../../io/resolve-representative.js';
import { clientName } from '../../../io/views/client.js';
import { representativeView } from '../../../io/views/representative.js';

const R = RepresentativeCreateSchema().shape;
const FIELDS = ['firstName', 'lastName', 'email'] as const;

const options = {
  client: clientArg(),
  firstName: flag('--first-name <name>', "the representative's first name", R.firstName.optional()),
  lastName: flag('--last-name <name>', "the representative's last name", R.lastName.optional()),
  email: flag('--email <email>', "the representative's email (the invitation goes there)", R.email.optional()),
  reinvite: flag(
    '--reinvite',
    'invite again a representative who declined (named by --email; on a terminal, picked)',
    z.boolean().default(false),
  ),
  force: flag(
    '--force',
    "with --reinvite: send even if they were sent an invitation minutes ago (within the portal's resend cooldown); the audit log records it",
    z.boolean().default(false),
  ),
  ...reasonFlag(),
  ...dryRunFlag('show who would be emailed and what; invite nobody'),
  ...idempotencyKeyFlag(),
};
type RepInviteOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'representatives', 'invite'],
  summary: 'Invite a client representative',
  description:
    "Invite a representative of a client (a family member, an advocate…) to the portal: the invitation is emailed to them. An email already on record for the client is refused, naming the representative and the command to use; the client's own email is refused too. Someone who declined is invited again only with --reinvite. Archived clients cannot get new representatives.",
  options,
  examples: [
    'portalctl clients representatives invite ada@example.org --first-name Grace --last-name Hopper --email grace@example.org',
    'portalctl clients representatives invite cl_01jq3v4w5x6y7z --first-name Grace --last-name Hopper --email grace@example.org --json',
    'portalctl clients representatives invite ada@example.org --email grace@example.org --reinvite   # after a decline',
  ],
  run: runRepInvite,
});

async function runRepInvite(options: RepInviteOptions, deps: Deps): Promise<void> {
  deps.out.check(representativeView);
  if (options.reinvite) return reinvite(options, deps);
  if (!deps.prompter.interactive) {
    const missing = FIELDS.filter((k) => !options[k]).map(flagOf);
    if (missing.length) throw missingFlags(missing, '');
  }
  const client = await resolveClient(deps, options.client, { message: 'Whose representative?' });
  /** The flag's value, or on a terminal the answer to "Representative's <label>". */
  const ask = async (key: (typeof FIELDS)[number], label: string) =>
    options[key] ??
    (
      await deps.prompter.input({
        message: `Representative's ${label}`,
        flag: flagOf(key),
        validate: validateWith(R[key]),
      })
    ).trim();
  const firstName = await ask('firstName', 'first name');
  const lastName = await ask('lastName', 'last name');
  const email = await ask('email', 'email');
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'client.representative.invite', clientId: client.id, representative: { firstName, lastName, email } },
      [plannedMessage('representativeInvitation', email)],
      `Dry run: would invite ${firstName} ${lastName} <${email}> as a representative of ${clientName(client)} (${client.id}). Nothing was sent.`,
      options.reason,
    );
    return;
  }
  const api = await deps.api();
  const rep = await withReasonFlag(
    api.call(
      'inviteRepresentative',
      {
        params: { id: client.id },
        body: { firstName, lastName, email, ...(options.reason ? { reason: options.reason } : {}) },
      },
      { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
    ),
  );
  await deps.out.one(representativeView, rep);
  deps.out.success(`Invitation emailed to ${rep.email}, representative of ${clientName(client)} (${client.id})`);
}

/** A representative who declined (or was recorded as declining before any invitation) is invited again. */
async function reinvite(options: RepInviteOptions, deps: Deps): Promise<void> {
  const client = await resolveClient(deps, options.client, { message: 'Whose representative?' });
  const api = await deps.api();
  const rep = await pickRepresentative(deps, api, options.email, {
    client,
    argument: '--email',
    message: 'Who should be invited again?',
    statuses: ['declined'],
  });
  const name = `${rep.firstName} ${rep.lastName} <${rep.email}>`;
  if (rep.status !== 'declined') {
    throw new CliError('conflict', `${name} (${rep.id}) has not declined: there is nothing to re-invite`, {
      hint: representativeNextStep(client.id, rep),
    });
  }
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'client.representative.reinvite', clientId: client.id, representativeId: rep.id },
      [plannedMessage('representativeInvitation', rep.email)],
      `Dry run: would invite ${name} again as a representative of ${clientName(client)} (${client.id}). Nothing was sent.`,
      options.reason,
    );
    return;
  }
  const sent = await sendRepresentativeInvite(deps, api, { client, rep, name }, { ...options, reinvite: true });
  if (deps.out.format === 'json') deps.out.value(sent);
  else await deps.out.one(representativeView, sent.representative);
  deps.out.success(
    `Invitation emailed again to ${sent.sentTo}, representative of ${clientName(client)} (${client.id})`,
  );
}
