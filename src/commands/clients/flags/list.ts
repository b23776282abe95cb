// `portalctl clients flags list`: a client's safety flags; removed ones with who removed them and why.
import * as z from 'zod';
import { defineCommand, flag } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { resolveClient } from '../../../io/resolve.js';
import { safetyFlagView } from '../../../io/views/safety-flag.js';

export default defineCommand({
  path: ['clients', 'flags', 'list'],
  summary: "List a client's safety flags (removed ones too)",
  description:
    "List a client's safety flags, oldest first: those in force (the default), or with --status removed|all those removed too, each with who removed it, when and why.",
  options: {
    client: clientArg(),
    status: flag(
      '--status <status>',
      'active, removed or all',
      z.enum(['active', 'removed', 'all'], { message: 'must be active, removed or all' }).default('active'),
    ),
  },
  examples: [
    'portalctl clients flags list ada@example.org',
    'portalctl clients flags list cl_01jq3v4w5x6y7z --status all --json',
  ],
  async run(options, deps) {
    deps.out.check(safetyFlagView);
    const client = await resolveClient(deps, options.client, { message: 'Whose safety flags?' });
    const api = await deps.api();
    const { data } = await api.call('listSafetyFlags', { params: { id: client.id } });
    const shown = options.status === 'all' ? data : data.filter((f) => f.status === options.status);
    await deps.out.list(safetyFlagView, shown);
    const removed = data.filter((f) => f.status === 'removed').length;
    if (options.status === 'active' && removed > 0) {
      deps.out.info(`${removed} removed flag${removed === 1 ? '' : 's'} not shown (--status all shows them)`);
    }
  },
});
