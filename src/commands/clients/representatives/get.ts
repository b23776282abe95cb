// `portalctl clients representatives get`: one representative of a client and where their
// invitation stands (pending, accepted, declined), with the next step.
import { defineCommand } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { resolveClient } from '../../../io/resolve.js';
import { pickRepresentative, representativeArg, representativeNextStep } from '../../../io/resolve-representative.js';
import { representativeView } from '../../../io/views/representative.js';

export default defineCommand({
  path: ['clients', 'representatives', 'get'],
  summary: 'Show a client representative and their invitation',
  description:
    "Show one of a client's representatives: name, email, when they were invited, and the invitation's status (pending, accepted or declined) with when they answered. On a terminal, leave the representative out to pick from the client's.",
  options: { client: clientArg(), representative: representativeArg() },
  examples: [
    'portalctl clients representatives get ada@example.org grace@example.org',
    'portalctl clients representatives get cl_01jq3v4w5x6y7z rp_01jq3v4w5x6y7z --json',
    'portalctl clients representatives get ada@example.org     # on a terminal: pick the representative',
  ],
  async run(options, deps) {
    deps.out.check(representativeView);
    const client = await resolveClient(deps, options.client, { message: 'Whose representative?' });
    const api = await deps.api();
    const picked = await pickRepresentative(deps, api, options.representative, {
      client,
      argument: '<representative>',
      message: 'Which representative?',
    });
    const rep = await api.call('getRepresentative', { params: { id: client.id, repId: picked.id } });
    await deps.out.one(representativeView, rep);
    if (deps.out.format === 'table' && !deps.out.quiet) deps.out.info(representativeNextStep(client.id, rep));
  },
});
