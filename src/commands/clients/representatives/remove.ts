// `portalctl clients representatives remove`: a representative no longer acts for the client.
// Their invite link stops working; the portal keeps the record for the audit.
import { defineCommand, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { clientArg, dryRunFlag, reasonFlag } from '../../../command/shared-options.js';
import { confirmAction } from '../../../io/confirm.js';
import { printDryRun } from '../../../io/dry-run.js';
import { withReasonFlag } from '../../../io/reason.js';
import { resolveClient } from '../../../io/resolve.js';
import { pickRepresentative, representativeArg } from '../../../io/resolve-representative.js';
import { clientName } from '../../../io/views/client.js';
import { representativeView } from '../../../io/views/representative.js';

const options = {
  client: clientArg(),
  representative: representativeArg(),
  ...reasonFlag(),
  ...dryRunFlag('show who would be removed; change nothing'),
};
type RepRemoveOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'representatives', 'remove'],
  summary: 'Remove a client representative',
  description:
    "Remove one of a client's representatives: they are no longer listed and their invite link stops working. The portal keeps the record, and the audit log says who removed them and when. Asks to confirm (--yes in scripts).",
  options,
  examples: [
    'portalctl clients representatives remove ada@example.org grace@example.org --yes',
    'portalctl clients representatives remove cl_01jq3v4w5x6y7z rp_01jq3v4w5x6y7z --yes --json',
    'portalctl clients representatives remove ada@example.org grace@example.org --dry-run',
    'portalctl clients representatives remove ada@example.org grace@example.org --yes --reason "No longer their advocate"',
  ],
  run: runRepRemove,
});

async function runRepRemove(options: RepRemoveOptions, deps: Deps): Promise<void> {
  deps.out.check(representativeView);
  const client = await resolveClient(deps, options.client, { message: 'Whose representative?' });
  const api = await deps.api();
  const rep = await pickRepresentative(deps, api, options.representative, {
    client,
    argument: '<representative>',
    message: 'Which representative should be removed?',
  });
  const who = `${clientName(client)} (${client.id})`;
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'client.representative.remove', clientId: client.id, representativeId: rep.id },
      [],
      `Dry run: would remove ${rep.firstName} ${rep.lastName} <${rep.email}> (${rep.id}) as a representative of ${who}; ${rep.status === 'pending' ? 'their invite link would stop working' : 'they would no longer be listed'}. Nothing was changed.`,
      options.reason,
    );
    return;
  }
  await confirmAction(deps, {
    message: `Remove ${rep.firstName} ${rep.lastName} <${rep.email}> as a representative of ${who}?`,
    consequence: `this removes ${rep.email} as a representative of ${client.id}`,
  });
  const removed = await withReasonFlag(
    api.call('removeRepresentative', {
      params: { id: client.id, repId: rep.id },
      query: options.reason ? { reason: options.reason } : {},
    }),
  );
  await deps.out.one(representativeView, removed);
  deps.out.success(
    `Removed ${removed.firstName} ${removed.lastName} as a representative of ${who}; kept for the audit`,
  );
}
