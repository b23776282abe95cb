// `portalctl cams unlink`: remove a client's CaMS link. The field values stay, and become editable
// in the portal again. Confirmed on a terminal or with --yes; --dry-run changes nothing.
import { defineCommand, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg, dryRunFlag, reasonFlag } from '../../command/shared-options.js';
import { CAMS_OWNED_FIELDS } from '../../contract/schemas.js';
import { CliError } from '../../errors.js';
import { confirmAction } from '../../io/confirm.js';
import { printDryRun } from '../../io/dry-run.js';
import { withReasonFlag } from '../../io/reason.js';
import { resolveClient } from '../../io/resolve.js';
import { CAMS_FIELD_LABELS } from '../../io/views/cams-link.js';
import { clientName, clientView } from '../../io/views/client.js';

const options = {
  client: clientArg(),
  ...reasonFlag(),
  ...dryRunFlag('show which link would be removed; change nothing'),
};
type UnlinkOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['cams', 'unlink'],
  summary: 'Remove the CaMS link of a client',
  description:
    "Remove the CaMS link of a client. The client's name, phone, address, date of birth and self-identification keep their current values (they are not changed back) and become editable in the portal; CaMS no longer updates them. Asks to confirm on a terminal; pass --yes otherwise.",
  options,
  examples: [
    'portalctl cams unlink ada@example.org',
    'portalctl cams unlink cl_01jq3v4w5x6y7z --yes --json',
    'portalctl cams unlink ada@example.org --dry-run',
    'portalctl cams unlink ada@example.org --yes --reason "Linked to the wrong CaMS record"',
  ],
  run: runUnlink,
});

async function runUnlink(options: UnlinkOptions, deps: Deps): Promise<void> {
  deps.out.check(clientView);
  const client = await resolveClient(deps, options.client, {
    message: 'Whose CaMS link should be removed? (type a name or email)',
  });
  if (client.link.type !== 'cams') {
    throw new CliError('conflict', `${clientName(client)} (${client.id}) is not linked to CaMS`, {
      hint: `link them with: portalctl cams link ${client.id} CLIENT_REFERENCE_NUMBER`,
      details: { code: 'not-linked' },
    });
  }
  const ref = client.link.clientReferenceNumber;
  const labels = CAMS_OWNED_FIELDS.map((f) => CAMS_FIELD_LABELS[f]);
  const kept = `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)} keep their current values`;
  if (options.dryRun) {
    printDryRun(
      deps,
      { action: 'cams.unlink', clientId: client.id, clientReferenceNumber: ref, valuesKept: [...CAMS_OWNED_FIELDS] },
      [],
      `Dry run: would remove the link of ${clientName(client)} (${client.id}) to CaMS client ${ref}; ${kept} and become editable. Nothing was changed.`,
      options.reason,
    );
    return;
  }
  await confirmAction(deps, {
    message: `Remove the link of ${clientName(client)} to CaMS client ${ref}? The ${kept}; CaMS will no longer update them.`,
    consequence: `this removes the link of ${client.id} to CaMS client ${ref}`,
  });
  const api = await deps.api();
  const updated = await withReasonFlag(
    api.call('unlinkCams', { params: { id: client.id }, query: options.reason ? { reason: options.reason } : {} }),
  );
  await deps.out.one(clientView, updated);
  deps.out.success(`Removed the CaMS link of ${updated.id} (was ${ref})`);
  deps.out.info(`The ${kept}, now edited in the portal; CaMS no longer updates them.`);
}
