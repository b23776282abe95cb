// `portalctl invite status`: where a client's portal invitation stands, with the current link.
import type { Command } from 'commander';
import { z } from 'zod';
import type { Client } from '../../api/schemas.js';
import { action, type Deps, examples, parseOptions } from '../../deps.js';
import { resolveClient } from '../../io/resolve.js';
import { inviteStatusOf, inviteStatusView } from '../../io/views/invite.js';

export const StatusOptionsSchema = z.object({
  client: z.string().min(1).optional(),
});
export type StatusOptions = z.output<typeof StatusOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      "Show a client's portal invitation: status (none, pending, accepted, declined), when and to whom it was sent, the current invite link (while pending) and the last login. --json prints the client's invitation object with the client id, name and email.",
    )
    .argument('[client]', 'client id (cl_…) or email address; on a terminal, leave it out to search')
    .addHelpText(
      'after',
      examples([
        'portalctl invite status ada@example.org',
        'portalctl invite status cl_01jq3v4w5x6y7z --json',
        'portalctl invite status ada@example.org --fields link -o tsv',
      ]),
    )
    .action(
      action(async (deps, client: string | undefined) => {
        await runStatus(parseOptions(StatusOptionsSchema, { client }, { client: '<client>' }), deps);
      }),
    );
}

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

export async function runStatus(options: StatusOptions, deps: Deps): Promise<void> {
  deps.out.check(inviteStatusView);
  const client = await resolveClient(deps, options.client);
  await deps.out.one(inviteStatusView, inviteStatusOf(client));
  // A note for a person reading the table; machine formats stay data only.
  if (deps.out.format === 'table' && !deps.out.quiet) deps.out.info(nextStep(client));
}
