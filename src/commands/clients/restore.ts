// `portalctl clients restore`: bring an archived client back into the default list; --dry-run
// changes nothing. Many clients at once: a query among the archived clients, or a file.
import { bulkFlags, isBulk } from '../../bulk/bulk-flags.js';
import { defineCommand, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg, dryRunFlag } from '../../command/shared-options.js';
import type { Client } from '../../contract/schemas.js';
import { CliError } from '../../errors.js';
import { printDryRun } from '../../io/dry-run.js';
import { resolveClient } from '../../io/resolve.js';
import { clientName, clientView } from '../../io/views/client.js';

const options = {
  client: clientArg(),
  ...dryRunFlag('show what would change; restore nothing'),
  ...bulkFlags(),
};
type RestoreOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'restore'],
  summary: 'Restore an archived client',
  description:
    'Restore an archived client: back in the default client list. On a terminal with no client given, search the archived clients. Many clients at once: a query (it looks among archived clients) or --from-file; more than one needs --yes without a terminal.',
  options,
  examples: [
    'portalctl clients restore ada@example.org',
    'portalctl clients restore cl_01jq3v4w5x6y7z --json',
    'portalctl clients restore ada@example.org --dry-run',
    'portalctl clients list --archived --search lovelace   # find the archived client first',
    'portalctl clients restore --from-file returning.csv --dry-run   # many clients: an id or email column',
    'portalctl clients restore --provider sp_lakeshore --status client --yes --report restore-report.csv',
  ],
  run: runRestore,
});

/** On a terminal with no client given: search among archived clients only. */
async function searchArchived(deps: Deps): Promise<Client> {
  if (!deps.prompter.interactive) return resolveClient(deps, undefined);
  const api = await deps.api();
  return deps.prompter.search<Client>({
    message: 'Which archived client do you want to restore? (type a name or email)',
    flag: '<client>',
    source: async (term, signal) => {
      const page = await api.call(
        'listClients',
        { query: { limit: 10, archived: 'true', ...(term?.trim() ? { search: term.trim() } : {}) } },
        { signal },
      );
      return page.data.map((c) => ({ name: `${clientName(c)} <${c.email}>`, value: c, description: c.id }));
    },
  });
}

async function runRestore(options: RestoreOptions, deps: Deps): Promise<void> {
  if (isBulk(options)) return restoreMany(options, deps);
  deps.out.check(clientView);
  const client = options.client ? await resolveClient(deps, options.client) : await searchArchived(deps);
  const who = `${clientName(client)} (${client.id})`;
  if (!client.archived) {
    throw new CliError('conflict', `${who} is not archived`, {
      hint: 'archived clients are listed with portalctl clients list --archived',
      details: { code: 'not-archived' },
    });
  }
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'client.restore', clientId: client.id, changes: [{ field: 'archived', from: true, to: false }] },
      [],
      `Dry run: would restore ${who}: back in the default client list. Nothing was changed.`,
      undefined,
    );
    return;
  }
  const api = await deps.api();
  const updated = await api.call('restoreClient', { params: { id: client.id }, body: {} });
  await deps.out.one(clientView, updated);
  deps.out.success(`Restored ${who}`);
}

/** The many-clients form: the bulk engine with the restore step. */
async function restoreMany(options: RestoreOptions, deps: Deps): Promise<void> {
  const [{ runBulkCommand }, { restoreStep }] = await Promise.all([
    import('../../bulk/bulk-command.js'),
    import('../../bulk/steps.js'),
  ]);
  await runBulkCommand(restoreStep(), options, deps);
}
