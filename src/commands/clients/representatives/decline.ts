// `portalctl clients representatives decline`: record that a representative declined the
// invitation (their link stops working), or that someone declined before any invitation was sent.
import { defineCommand, flag, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { clientArg, dryRunFlag, reasonFlag } from '../../../command/shared-options.js';
import { RepresentativeCreateSchema } from '../../../contract/schemas.js';
import { usageError } from '../../../errors.js';
import { printDryRun } from '../../../io/dry-run.js';
import { withReasonFlag } from '../../../io/reason.js';
import { resolveClient } from '../../../io/resolve.js';
import { pickRepresentative, representativeArg } from '../../../io/resolve-representative.js';
import { clientName } from '../../../io/views/client.js';
import { representativeView } from '../../../io/views/representative.js';

const R = RepresentativeCreateSchema().shape;
const options = {
  client: clientArg(),
  representative: representativeArg(),
  firstName: flag('--first-name <name>', 'someone not invited yet: their first name', R.firstName.optional()),
  lastName: flag('--last-name <name>', 'someone not invited yet: their last name', R.lastName.optional()),
  email: flag('--email <email>', 'someone not invited yet: their email (nothing is sent)', R.email.optional()),
  ...reasonFlag(
    'why (one line, at most 200 characters): kept in the audit log; for a pending invitation (its link stops working), required when the portal says so',
  ),
  ...dryRunFlag('show what would be recorded; change nothing'),
};
type RepDeclineOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'representatives', 'decline'],
  summary: 'Record that a representative declined',
  description:
    'Record that a client representative declined the portal invitation (for example, they said so by phone): their invite link stops working, which removes access: it takes --reason, which a portal run with --require-reason asks for. Someone who declined before being invited is recorded with --first-name, --last-name and --email; nothing is sent. Inviting either again needs `portalctl clients representatives invite CLIENT --email EMAIL --reinvite`.',
  options,
  refine(o, ctx) {
    const named = [o.firstName, o.lastName, o.email].filter((v) => v !== undefined).length;
    if (o.representative && named > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message:
          'name either a representative on record or, with --first-name, --last-name and --email, someone not invited yet',
      });
    } else if (named > 0 && named < 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: '--first-name, --last-name and --email go together (someone not invited yet)',
      });
    }
  },
  examples: [
    'portalctl clients representatives decline ada@example.org grace@example.org',
    'portalctl clients representatives decline ada@example.org --first-name Grace --last-name Hopper --email grace@example.org   # never invited',
    'portalctl clients representatives decline cl_01jq3v4w5x6y7z rp_01jq3v4w5x6y7z --json',
    'portalctl clients representatives decline ada@example.org grace@example.org --reason "Said so by phone" --dry-run',
  ],
  run: runRepDecline,
});

async function runRepDecline(options: RepDeclineOptions, deps: Deps): Promise<void> {
  deps.out.check(representativeView);
  const client = await resolveClient(deps, options.client, { message: 'Whose representative declined?' });
  const api = await deps.api();
  const who = `${clientName(client)} (${client.id})`;
  const reason = options.reason ? { reason: options.reason } : {};
  if (options.firstName && options.lastName && options.email) {
    if (options.dryRun) {
      const plan = { action: 'client.representative.decline', clientId: client.id, email: options.email };
      const sentence = `Dry run: would record that ${options.firstName} ${options.lastName} <${options.email}> declined to represent ${who}; no invitation would be sent. Nothing was changed.`;
      return printDryRun(deps, plan, [], sentence, options.reason);
    }
    const rep = await api.call('inviteRepresentative', {
      params: { id: client.id },
      body: {
        firstName: options.firstName,
        lastName: options.lastName,
        email: options.email,
        declined: true,
        ...reason,
      },
    });
    await deps.out.one(representativeView, rep);
    deps.out.success(
      `Recorded that ${rep.firstName} ${rep.lastName} declined to represent ${who}; no invitation was sent`,
    );
    return;
  }
  if (!options.representative && !deps.prompter.interactive) {
    throw usageError(
      '<representative> is required when not running interactively',
      `pass the representative's id (rp_…) or email, or --first-name, --last-name and --email for someone not invited yet`,
    );
  }
  const picked = await pickRepresentative(deps, api, options.representative, {
    client,
    argument: '<representative>',
    message: 'Who declined?',
    statuses: ['pending'],
  });
  if (options.dryRun) {
    const plan = { action: 'client.representative.decline', clientId: client.id, representativeId: picked.id };
    const sentence =
      picked.status === 'declined'
        ? `Dry run: ${picked.firstName} ${picked.lastName} <${picked.email}> had already declined; nothing would change.`
        : `Dry run: would record that ${picked.firstName} ${picked.lastName} <${picked.email}> (${picked.id}) declined to represent ${who}; their invite link would stop working. Nothing was changed.`;
    return printDryRun(deps, plan, [], sentence, options.reason);
  }
  const rep = await withReasonFlag(
    api.call('declineRepresentative', { params: { id: client.id, repId: picked.id }, body: reason }),
  );
  await deps.out.one(representativeView, rep);
  if (picked.status === 'declined')
    deps.out.info(`${rep.firstName} ${rep.lastName} had already declined; nothing changed`);
  else deps.out.success(`Recorded that ${rep.firstName} ${rep.lastName} declined; their invite link no longer works`);
}
