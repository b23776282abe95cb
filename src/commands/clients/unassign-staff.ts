// `portalctl clients unassign-staff`: remove a caseworker from a client (needs sp-admin). A client
// left with no caseworker is a referral again.
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../deps.js';
import { CliError } from '../../errors.js';
import { resolveClient } from '../../io/resolve.js';
import { pickStaff } from '../../io/resolve-staff.js';
import { clientName, clientView } from '../../io/views/client.js';

export const UnassignOptionsSchema = z.object({
  client: z.string().min(1).optional(),
  staff: z.string().trim().min(1, 'must not be empty').optional(),
});
export type UnassignOptions = z.output<typeof UnassignOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'Remove a caseworker from a client (needs the sp-admin permission). A client left with no caseworker is a referral again.',
    )
    .argument('[client]', 'client id (cl_…) or email address; on a terminal, leave it out to search')
    .option(
      '--staff <staff>',
      'the caseworker: staff id (st_…), email or full name; on a terminal, leave it out to pick',
    )
    .addHelpText(
      'after',
      examples([
        'portalctl clients unassign-staff ada@example.org --staff kevin.nguyen@northstar.example.org',
        'portalctl clients unassign-staff cl_01jq3v4w5x6y7z --staff st_cwa002 --json',
      ]),
    )
    .action(
      action(async (deps, client: string | undefined, flags: Record<string, unknown>) => {
        await runUnassign(parseOptions(UnassignOptionsSchema, { ...flags, client }, { client: '<client>' }), deps);
      }),
    );
}

export async function runUnassign(options: UnassignOptions, deps: Deps): Promise<void> {
  deps.out.check(clientView);
  const client = await resolveClient(deps, options.client, { message: 'Which client loses a caseworker?' });
  if (!options.staff && deps.prompter.interactive && client.caseworkerIds.length === 0) {
    throw new CliError('conflict', `${clientName(client)} (${client.id}) has no caseworker to remove`, {
      details: { code: 'no-caseworker' },
    });
  }
  const api = await deps.api();
  const staff = await pickStaff(deps, api, options.staff, {
    providerId: client.providerId,
    flag: '--staff',
    message: `Caseworker to remove from ${clientName(client)}`,
    only: client.caseworkerIds,
  });
  if (!client.caseworkerIds.includes(staff.id)) {
    await deps.out.one(clientView, client);
    deps.out.info(`${staff.name} is not assigned to ${clientName(client)} (${client.id}); nothing changed.`);
    return;
  }
  const updated = await api.call('unassignStaff', { params: { id: client.id, staffId: staff.id } });
  await deps.out.one(clientView, updated);
  const became =
    updated.status === 'referral' && client.status === 'client'
      ? '; with no caseworker left it is a referral again'
      : '';
  deps.out.success(`Removed ${staff.name} (${staff.id}) from ${clientName(updated)} (${updated.id})${became}`);
}
