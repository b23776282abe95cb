// `portalctl clients representatives decline`: record that a representative declined the
// invitation (their link stops working), or that someone declined before any invitation was sent.
import { defineCommand, flag, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { clientArg } from '../../../command/shared-options.js';
import { RepresentativeCreateSchema } from '../../../contract/schemas.js';
import { usageError } from '../../../errors.js';
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
};
type RepDeclineOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'representatives', 'decline'],
  summary: 'Record that a representative declined',
  description:
    'Record that a client representative declined the portal invitation (for example, they said so by phone): their invite link stops working. Someone who declined before being invited is recorded with --first-name, --last-name and --email; nothing is sent. Inviting either again needs `portalctl clients representatives invite CLIENT --email EMAIL --reinvite`.',
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
  ],
  run: runRepDecline,
});

async function runRepDecline(options: RepDeclineOptions, deps: Deps): Promise<void> {
  deps.out.check(representativeView);
  const client = await resolveClient(deps, options.client, { message: 'Whose representative declined?' });
  const api = await deps.api();
  const who = `${clientName(client)} (${client.id})`;
  if (options.firstName && options.lastName && options.email) {
    const rep = await api.call('inviteRepresentative', {
      params: { id: client.id },
      body: { firstName: options.firstName, lastName: options.lastName, email: options.email, declined: true },
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
  const rep = await api.call('declineRepresentative', { params: { id: client.id, repId: picked.id }, body: {} });
  await deps.out.one(representativeView, rep);
  if (picked.status === 'declined')
    deps.out.info(`${rep.firstName} ${rep.lastName} had already declined; nothing changed`);
  else deps.out.success(`Recorded that ${rep.firstName} ${rep.lastName} declined; their invite link no longer works`);
}
