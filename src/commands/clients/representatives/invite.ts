// `portalctl clients representatives invite`: invite a client representative (first name, last
// name, email) to the portal for a client; the invitation is emailed to them.

import { defineCommand, flag, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { clientArg, dryRunFlag, idempotencyKeyFlag } from '../../../command/shared-options.js';
import { RepresentativeCreateSchema } from '../../../contract/schemas.js';
import { flagOf, missingFlags, validateWith } from '../../../io/client-profile.js';
import { resolveClient } from '../../../io/resolve.js';
import { clientName } from '../../../io/views/client.js';
import { representativeView } from '../../../io/views/representative.js';

const R = RepresentativeCreateSchema.shape;
const FIELDS = ['firstName', 'lastName', 'email'] as const;

const options = {
  client: clientArg(),
  firstName: flag('--first-name <name>', "the representative's first name", R.firstName.optional()),
  lastName: flag('--last-name <name>', "the representative's last name", R.lastName.optional()),
  email: flag('--email <email>', "the representative's email (the invitation goes there)", R.email.optional()),
  ...dryRunFlag('show who would be emailed; invite nobody'),
  ...idempotencyKeyFlag(),
};
type RepInviteOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'representatives', 'invite'],
  summary: 'Invite a client representative',
  description:
    'Invite a representative of a client (a family member, an advocate…) to the portal: the invitation is emailed to them. Archived clients cannot get new representatives.',
  options,
  examples: [
    'portalctl clients representatives invite ada@example.org --first-name Grace --last-name Hopper --email grace@example.org',
    'portalctl clients representatives invite cl_01jq3v4w5x6y7z --first-name Grace --last-name Hopper --email grace@example.org --json',
  ],
  run: runRepInvite,
});

async function runRepInvite(options: RepInviteOptions, deps: Deps): Promise<void> {
  deps.out.check(representativeView);
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
    deps.out.value(
      {
        dryRun: true,
        action: 'client.representative.invite',
        clientId: client.id,
        representative: { firstName, lastName, email },
        notify: [{ to: email, kind: 'representative-invitation' }],
      },
      `Dry run: would invite ${firstName} ${lastName} <${email}> as a representative of ${clientName(client)} (${client.id}). Nothing was sent.`,
    );
    return;
  }
  const api = await deps.api();
  const rep = await api.call(
    'inviteRepresentative',
    { params: { id: client.id }, body: { firstName, lastName, email } },
    { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
  );
  await deps.out.one(representativeView, rep);
  deps.out.success(`Invitation emailed to ${rep.email}, representative of ${clientName(client)} (${client.id})`);
}
