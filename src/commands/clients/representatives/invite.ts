// `portalctl clients representatives invite`: invite a client representative (first name, last
// name, email) to the portal for a client; the invitation is emailed to them.
import type { Command } from 'commander';
import { z } from 'zod';
import { RepresentativeCreateSchema } from '../../../api/schemas.js';
import { action, type Deps, examples, parseOptions } from '../../../deps.js';
import { flagOf, IdempotencyKeySchema, missingFlags, validateWith } from '../../../io/client-profile.js';
import { resolveClient } from '../../../io/resolve.js';
import { clientName } from '../../../io/views/client.js';
import { representativeView } from '../../../io/views/representative.js';

const R = RepresentativeCreateSchema.shape;
const FIELDS = ['firstName', 'lastName', 'email'] as const;

export const RepInviteOptionsSchema = z.object({
  client: z.string().min(1).optional(),
  firstName: R.firstName.optional(),
  lastName: R.lastName.optional(),
  email: R.email.optional(),
  dryRun: z.boolean().default(false),
  idempotencyKey: IdempotencyKeySchema.optional(),
});
export type RepInviteOptions = z.output<typeof RepInviteOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'Invite a representative of a client (a family member, an advocate…) to the portal: the invitation is emailed to them. Archived clients cannot get new representatives.',
    )
    .argument('[client]', 'client id (cl_…) or email address; on a terminal, leave it out to search')
    .option('--first-name <name>', "the representative's first name")
    .option('--last-name <name>', "the representative's last name")
    .option('--email <email>', "the representative's email (the invitation goes there)")
    .option('--dry-run', 'show who would be emailed; invite nobody')
    .option('--idempotency-key <key>', 'reuse a key to retry safely: the portal replays the first answer')
    .addHelpText(
      'after',
      examples([
        'portalctl clients representatives invite ada@example.org --first-name Grace --last-name Hopper --email grace@example.org',
        'portalctl clients representatives invite cl_01jq3v4w5x6y7z --first-name Grace --last-name Hopper --email grace@example.org --json',
      ]),
    )
    .action(
      action(async (deps, client: string | undefined, flags: Record<string, unknown>) => {
        await runRepInvite(parseOptions(RepInviteOptionsSchema, { ...flags, client }, { client: '<client>' }), deps);
      }),
    );
}

export async function runRepInvite(options: RepInviteOptions, deps: Deps): Promise<void> {
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
