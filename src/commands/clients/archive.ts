// `portalctl clients archive`: hide a client from the default list (found again with
// `clients list --archived`, and restored with `clients restore`). Archived clients are sent no
// email, so this confirms on a terminal and needs --yes otherwise; --dry-run changes nothing.
import { bulkFlags, isBulk } from '../../bulk/bulk-flags.js';
import { defineCommand, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg, dryRunFlag, reasonFlag } from '../../command/shared-options.js';
import { CliError } from '../../errors.js';
import { confirmAction } from '../../io/confirm.js';
import { printDryRun } from '../../io/dry-run.js';
import { withReasonFlag } from '../../io/reason.js';
import { resolveClient } from '../../io/resolve.js';
import { clientName, clientView } from '../../io/views/client.js';

const options = {
  client: clientArg(),
  ...reasonFlag(),
  ...dryRunFlag('show what would change; archive nothing'),
  ...bulkFlags(),
};
type ArchiveOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'archive'],
  summary: 'Archive a client (hidden from the default list)',
  description:
    'Archive a client: hidden from the default client list and sent no more portal email. Archived clients are still found with portalctl clients list --archived, and can be restored (portalctl clients restore). Confirms on a terminal; pass --yes otherwise.',
  options,
  examples: [
    'portalctl clients archive ada@example.org',
    'portalctl clients archive cl_01jq3v4w5x6y7z --yes --json',
    'portalctl clients archive ada@example.org --dry-run',
    'portalctl clients archive --from-file leavers.csv --dry-run   # many clients: an id or email column',
  ],
  run: runArchive,
});

async function runArchive(options: ArchiveOptions, deps: Deps): Promise<void> {
  if (isBulk(options)) return archiveMany(options, deps);
  deps.out.check(clientView);
  const client = await resolveClient(deps, options.client, { message: 'Which client do you want to archive?' });
  const who = `${clientName(client)} (${client.id})`;
  if (client.archived) {
    throw new CliError('conflict', `${who} is already archived`, {
      hint: `to bring the client back: portalctl clients restore ${client.id}`,
      details: { code: 'archived' },
    });
  }
  const pending =
    client.invite.status === 'pending' ? '; the pending invite link stays valid but no email is sent' : '';
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'client.archive', clientId: client.id, changes: [{ field: 'archived', from: false, to: true }] },
      [],
      `Dry run: would archive ${who}: hidden from the default list and sent no more portal email${pending}. Nothing was changed.`,
      options.reason,
    );
    return;
  }
  await confirmAction(deps, {
    message: `Archive ${who}? The client is hidden from the default list and sent no more portal email.`,
    consequence: `archiving ${client.id} hides the client and stops portal email`,
  });
  const api = await deps.api();
  const updated = await withReasonFlag(
    api.call('archiveClient', { params: { id: client.id }, body: options.reason ? { reason: options.reason } : {} }),
  );
  await deps.out.one(clientView, updated);
  deps.out.success(`Archived ${who}. Restore with: portalctl clients restore ${client.id}`);
}

/** The many-clients form: the bulk engine with the archive step. */
async function archiveMany(options: ArchiveOptions, deps: Deps): Promise<void> {
  const [{ runBulkCommand }, { archiveStep }] = await Promise.all([
    import('../../bulk/bulk-command.js'),
    import('../../bulk/steps.js'),
  ]);
  await runBulkCommand(archiveStep({ reason: options.reason }), options, deps);
}
