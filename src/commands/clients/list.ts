// `portalctl clients list`: the reference for a list command. Flags -> zod options -> run -> view.
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../deps.js';
import { addClientFilterFlags, clientFilterOptions, clientFilterQuery } from '../../io/client-filters.js';
import { addPagingFlags, pagingOptions, printPages } from '../../io/listing.js';
import { clientView } from '../../io/views/client.js';

export const ListOptionsSchema = z.object({ ...clientFilterOptions, ...pagingOptions });
export type ListOptions = z.output<typeof ListOptionsSchema>;

export function register(cmd: Command): void {
  cmd.description(
    'List clients of your service provider (all providers for administrators), newest first. Archived clients are listed only with --archived.',
  );
  addClientFilterFlags(cmd, 'list');
  addPagingFlags(cmd, 'client', 'clients')
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
  await printPages(deps, clientView, 'listClients', options, (api) => clientFilterQuery(api, options));
}
