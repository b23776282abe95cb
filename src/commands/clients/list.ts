// `portalctl clients list`: the reference for a list command. Declaration -> options -> view.
import * as z from 'zod';
import { defineCommand, flag } from '../../command/define.js';
import { clientFilterFlags, clientFilterQuery } from '../../io/client-filters.js';
import { pagingFlags, printPages } from '../../io/listing.js';
import { clientView } from '../../io/views/client.js';

export default defineCommand({
  path: ['clients', 'list'],
  summary: 'List clients, with filters',
  description:
    "List clients of your service provider (all providers for administrators), newest first. Archived clients are listed only with --archived. --provider names another provider only for administrators (anyone else is refused: another provider's clients are not theirs to see).",
  options: {
    ...clientFilterFlags('list'),
    sort: flag(
      '--sort <order>',
      'newest (clients added last come first) or oldest',
      z.enum(['newest', 'oldest'], { message: 'must be newest or oldest' }).default('newest'),
      { defaultText: 'newest' },
    ),
    ...pagingFlags('client', 'clients'),
  },
  examples: [
    'portalctl clients list',
    'portalctl clients list --status referral --invite pending',
    'portalctl clients list --search obrien --json',
    'portalctl clients list --all -o csv --fields id,email,status > clients.csv',
    'portalctl clients list --archived -q',
    'portalctl clients list --sort oldest --all --json',
  ],
  async run(options, deps) {
    await printPages(deps, clientView, 'listClients', options, async (api) => ({
      ...(await clientFilterQuery(api, options)),
      sort: options.sort,
    }));
  },
});
