// `portalctl clients representatives invite`: invite a client representative (first name, last
// name, email) to the portal for a client; the invitation is emailed to them.
import type { Command } from 'commander';
import { z } from 'zod';
import { RepresentativeCreateSchema } from '../../../api/schemas.js';
import { action, type Deps, examples, parseOptions } from '../../../deps.js';
import { IdempotencyKeySchema, missingFlags } from '../../../io/client-profile.js';
import { resolveClient } from '../../../io/resolve.js';
import { clientName } from '../../../io/views/client.js';
import { representativeView } from '../../../io/views/representative.js';

const R = RepresentativeCreateSchema.shape;

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

function check(schema: z.ZodType): (value: string) => true | string {
  return (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? true : (parsed.error.issues[0]?.message ?? 'invalid value');
  };
}

export async function runRepInvite(options: RepInviteOptions, deps: Deps): Promise<void> {
  deps.out.check(representativeView);
  if (!deps.prompter.interactive) {
    const missing = (['firstName', 'lastName', 'email'] as const)
      .filter((k) => !options[k])
      .map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    if (missing.length) throw missingFlags(missing, '');
  }
  const client = await resolveClient(deps, options.client, { message: 'Whose representative?' });
  const firstName =
    options.firstName ??
    (
      await deps.prompter.input({
        message: "Representative's first name",
        flag: '--first-name',
        validate: check(R.firstName),
      })
    ).trim();
  const lastName =
    options.lastName ??
    (
      await deps.prompter.input({
        message: "Representative's last name",
        flag: '--last-name',
        validate: check(R.lastName),
      })
    ).trim();
  const email =
    options.email ??
    (
      await deps.prompter.input({ message: "Representative's email", flag: '--email', validate: check(R.email) })
    ).trim();
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
