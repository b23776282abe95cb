// `portalctl clients representatives list`: who was invited to represent a client, when, and their answers.
import { defineCommand } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { resolveClient } from '../../../io/resolve.js';
import { representativeView } from '../../../io/views/representative.js';

export default defineCommand({
  path: ['clients', 'representatives', 'list'],
  summary: "List a client's representatives",
  description:
    "List a client's representatives: who was invited and when, and where each invitation stands (pending, accepted or declined; a decline recorded before any invitation has no INVITED time). Removed representatives are not listed.",
  options: { client: clientArg() },
  examples: [
    'portalctl clients representatives list ada@example.org',
    'portalctl clients representatives list cl_01jq3v4w5x6y7z --json',
  ],
  async run(options, deps) {
    deps.out.check(representativeView);
    const client = await resolveClient(deps, options.client, { message: 'Whose representatives?' });
    const api = await deps.api();
    const { data } = await api.call('listRepresentatives', { params: { id: client.id } });
    await deps.out.list(representativeView, data);
  },
});
