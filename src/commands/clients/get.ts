// `portalctl clients get`: the reference for a command that names one client.
import * as z from 'zod';
import { arg, defineCommand } from '../../command/define.js';
import { resolveClient } from '../../io/resolve.js';
import { clientView } from '../../io/views/client.js';

export default defineCommand({
  path: ['clients', 'get'],
  summary: 'Show one client',
  description:
    'Show one client: profile, status, invitation (with the current invite link), CaMS or CA link and safety flags. Name the client by id or email; on a terminal, leave it out to search.',
  options: {
    client: arg('[client]', 'client id (cl_…) or email address', z.string().min(1).optional()),
  },
  examples: [
    'portalctl clients get cl_01jq3v4w5x6y7z',
    'portalctl clients get ada@example.org --json',
    'portalctl clients get ada@example.org --fields id,inviteLink -o tsv',
    'portalctl clients get            # on a terminal: search by name',
  ],
  async run(options, deps) {
    deps.out.check(clientView);
    const client = await resolveClient(deps, options.client);
    await deps.out.one(clientView, client);
  },
});
