// `portalctl outbox list`: what the portal sent (to, kind, link, time), newest first. The local
// portal mails nothing and keeps every message here, so scripts and tests can read the links.
import * as z from 'zod';
import { defineCommand, flag } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { MESSAGE_KINDS } from '../../contract/schemas.js';
import { pagingFlags, printPages } from '../../io/listing.js';
import { resolveClient } from '../../io/resolve.js';
import { outboxView } from '../../io/views/outbox.js';

export default defineCommand({
  path: ['outbox', 'list'],
  summary: 'List messages the portal sent (to, kind, link, time)',
  description:
    'List the messages the portal sent, newest first: to whom, what kind, the link in it and when. You see the messages your permissions cover (client messages with clients, portal-user messages with portal-users; administrators see all).',
  options: {
    to: flag('--to <email>', 'sent to this address', z.string().trim().min(1).max(254).optional()),
    kind: flag('--kind <kind>', `of this kind (${MESSAGE_KINDS.join('|')})`, z.enum(MESSAGE_KINDS).optional()),
    client: flag(
      '--client <client>',
      'to or about this client (id cl_… or email)',
      z.string().trim().min(1).optional(),
    ),
    ...pagingFlags('message', 'messages'),
  },
  examples: [
    'portalctl outbox list',
    'portalctl outbox list --to ada@example.org --kind invitation --limit 1 --fields link -o tsv',
    'portalctl outbox list --client cl_01jq3v4w5x6y7z --json',
    'portalctl outbox list --kind portal-user-invitation --all -o csv > sent.csv',
  ],
  async run(options, deps) {
    await printPages(deps, outboxView, 'listOutbox', options, async () => ({
      to: options.to,
      kind: options.kind,
      clientId: await outboxClientId(deps, options.client),
    }));
  },
});

/** The --client filter: an id is passed as is (no lookup, so no clients permission needed), an email is looked up. */
async function outboxClientId(deps: Deps, client: string | undefined): Promise<string | undefined> {
  if (!client) return undefined;
  if (/^cl_/i.test(client)) return client.toLowerCase();
  return (await resolveClient(deps, client, { argument: '--client' })).id;
}
