// `portalctl invite decline`: record that a client declined the portal invitation. The current
// link stops working; inviting them again later needs `invite send --reinvite`. A decline can be
// recorded before any invitation was sent; the first invitation then needs --reinvite too.
import { defineCommand, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg } from '../../command/shared-options.js';
import { resolveClient } from '../../io/resolve.js';
import { clientName, clientView } from '../../io/views/client.js';

const options = { client: clientArg() };
type DeclineOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['invite', 'decline'],
  summary: 'Record that a client declined the invitation',
  description:
    'Record that a client declined the portal invitation (for example, they told you by phone). The current invite link stops working, and inviting them again needs `portalctl invite send --reinvite`. A client who has not been invited yet may decline too: nothing is sent, and a later invitation needs --reinvite as well. Prints the updated client. On a terminal, leave the client out to search (those who have logged in are marked: there is nothing to decline).',
  options,
  examples: ['portalctl invite decline ada@example.org', 'portalctl invite decline cl_01jq3v4w5x6y7z --json'],
  run: runDecline,
});

async function runDecline(options: DeclineOptions, deps: Deps): Promise<void> {
  deps.out.check(clientView);
  const client = await resolveClient(deps, options.client, {
    message: 'Who declined the invitation? (type a name or email)',
    notApplicable: (c) =>
      c.invite.lastLoginAt || c.invite.status === 'accepted'
        ? { reason: 'has logged in', instead: `portalctl invite status ${c.id}` }
        : undefined,
  });
  const api = await deps.api();
  const already = client.invite.status === 'declined';
  const neverInvited = client.invite.status === 'none';
  const updated = await api.call('declineInvite', { params: { id: client.id } });
  await deps.out.one(clientView, updated);
  if (already) deps.out.info(`${clientName(updated)} had already declined the invitation; nothing changed`);
  else if (neverInvited)
    deps.out.success(
      `Recorded that ${clientName(updated)} declined the portal before any invitation was sent; to invite them later: portalctl invite send ${updated.id} --reinvite`,
    );
  else
    deps.out.success(`Recorded that ${clientName(updated)} declined the invitation; the invite link no longer works`);
}
