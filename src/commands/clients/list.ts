// `portalctl clients list`: the reference for a list command. Flags -> zod options -> run -> view.
import type { Command } from 'commander';
import { z } from 'zod';
import type { ApiClient } from '../../api/client.js';
import { CLIENT_STATUSES, INVITE_STATUSES } from '../../api/schemas.js';
import { action, type Deps, examples, parseOptions } from '../../deps.js';
import { resolveProvider, resolveStaff } from '../../io/resolve.js';
import { clientView } from '../../io/views/client.js';

export const ListOptionsSchema = z.object({
  status: z.enum(CLIENT_STATUSES).optional(),
  archived: z.boolean().default(false),
  search: z.string().min(1).max(200).optional(),
  caseworker: z.string().min(1).optional(),
  provider: z.string().min(1).optional(),
  invite: z.enum(INVITE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').default(50),
  all: z.boolean().default(false),
});
export type ListOptions = z.output<typeof ListOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'List clients of your service provider (all providers for administrators), newest first. Archived clients are listed only with --archived.',
    )
    .option('--status <status>', `referral or client (${CLIENT_STATUSES.join('|')})`)
    .option('--archived', 'list archived clients instead')
    .option('--search <text>', 'name or email contains (accents, case and punctuation ignored)')
    .option('--caseworker <staff>', 'assigned to this caseworker (staff id st_… or email)')
    .option('--provider <provider>', 'of this service provider (id sp_… or name)')
    .option('--invite <state>', `invitation state (${INVITE_STATUSES.join('|')})`)
    .option('--limit <n>', 'at most this many clients', '50')
    .option('--all', 'every matching client (ignores --limit)')
    .addHelpText(
      'after',
      examples([
        'portalctl clients list',
        'portalctl clients list --status referral --invite pending',
        'portalctl clients list --search obrien --json',
        'portalctl clients list --all -o csv --fields id,email,status > clients.csv',
        'portalctl clients list --archived -q',
      ]),
    )
    .action(
      action(async (deps, flags: Record<string, unknown>) => {
        await runList(parseOptions(ListOptionsSchema, flags), deps);
      }),
    );
}

export async function runList(options: ListOptions, deps: Deps): Promise<void> {
  deps.out.check(clientView);
  const api = await deps.api();
  const clients = api.paginate(
    'listClients',
    { query: await clientFilterQuery(api, options) },
    { limit: options.limit, all: options.all },
  );
  await deps.out.list(clientView, clients);
}

/** The listClients query for the filters `clients list` and `clients export` share. */
export async function clientFilterQuery(
  api: ApiClient,
  options: Pick<ListOptions, 'status' | 'archived' | 'search' | 'caseworker' | 'provider' | 'invite'>,
) {
  const caseworkerId = options.caseworker
    ? (await resolveStaff(api, options.caseworker, '--caseworker')).id
    : undefined;
  const providerId = options.provider ? (await resolveProvider(api, options.provider, '--provider')).id : undefined;
  return {
    ...(options.status ? { status: options.status } : {}),
    ...(options.archived ? { archived: 'true' as const } : {}),
    ...(options.search ? { search: options.search } : {}),
    ...(caseworkerId ? { caseworkerId } : {}),
    ...(providerId ? { providerId } : {}),
    ...(options.invite ? { invite: options.invite } : {}),
  };
}
