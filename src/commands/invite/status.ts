// `portalctl invite status`: a client's invitation, its link while pending, and the next step.

import { defineCommand } from '../../command/define.js';
import { clientArg } from '../../command/shared-options.js';
import type { Client } from '../../contract/schemas.js';
import { resolveClient } from '../../io/resolve.js';
import { inviteStatusOf, inviteStatusView } from '../../io/views/invite.js';

function nextStep(client: Client): string {
  switch (client.invite.status) {
    case 'none':
      return `not invited yet: portalctl invite send ${client.id}`;
    case 'pending':
      return `waiting for the client; to send a fresh link: portalctl invite resend ${client.id}`;
    case 'accepted':
      return `the client has logged in; if they forgot their password: portalctl clients password-reset ${client.id}`;
    case 'declined':
      return `to invite them again: portalctl invite send ${client.id} --reinvite`;
  }
}

export default defineCommand({
  path: ['invite', 'status'],
  summary: "Show a client's invitation status and link",
  description:
    "Show a client's portal invitation: status (none, pending, accepted, declined), when and to whom it was sent, the current invite link (while pending) and the last login. --json prints the client's invitation object with the client id, name and email.",
  options: { client: clientArg() },
  examples: [
    'portalctl invite status ada@example.org',
    'portalctl invite status cl_01jq3v4w5x6y7z --json',
    'portalctl invite status ada@example.org --fields link -o tsv',
  ],
  async run(options, deps) {
    deps.out.check(inviteStatusView);
    const client = await resolveClient(deps, options.client);
    await deps.out.one(inviteStatusView, inviteStatusOf(client));
    // A note for a person reading the table; machine formats stay data only.
    if (deps.out.format === 'table' && !deps.out.quiet) deps.out.info(nextStep(client));
  },
});
