// `portalctl cams lookup`: a CaMS client by Client Reference Number, and which portal client (if
// any) is linked to it. A Case Reference Number is "no match", with the portal's hint.
import * as z from 'zod';
import { arg, defineCommand, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { CliError } from '../../errors.js';
import { camsClientView } from '../../io/views/cams-client.js';
import { clientName } from '../../io/views/client.js';

const options = {
  ref: arg(
    '<ref>',
    'CaMS Client Reference Number, e.g. 140007919',
    z.string().trim().min(1, 'must not be empty').max(50),
  ),
};
type LookupOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['cams', 'lookup'],
  summary: 'Look up a CaMS client by Client Reference Number',
  description:
    'Look up a CaMS client by CaMS Client Reference Number (9 digits). A Case Reference Number (C-…) is a different identifier and finds no match. Shows the portal client linked to it, if any.',
  options,
  examples: ['portalctl cams lookup 140007919', 'portalctl cams lookup 210104729 --json'],
  run: runLookup,
});

async function runLookup(options: LookupOptions, deps: Deps): Promise<void> {
  deps.out.check(camsClientView);
  const api = await deps.api();
  const record = await api.call('lookupCams', { params: { ref: options.ref } });
  await deps.out.one(camsClientView, record);
  if (deps.out.format !== 'table' || deps.out.quiet) return;
  if (record.linkedElsewhere) {
    deps.out.info('Linked to a client at another service provider: a CaMS client links to one portal client only.');
    return;
  }
  if (!record.linkedClientId) {
    deps.out.info(
      `Not linked to a portal client. Link one with: portalctl cams link CLIENT ${record.clientReferenceNumber}`,
    );
    return;
  }
  try {
    const linked = await api.call('getClient', { params: { id: record.linkedClientId } });
    deps.out.info(`Linked to portal client ${linked.id}: ${clientName(linked)} <${linked.email}>`);
  } catch (error) {
    // Another provider's client: the link exists, but its record is not ours to show.
    if (!(error instanceof CliError) || (error.kind !== 'not-found' && error.kind !== 'forbidden')) throw error;
    deps.out.info(`Linked to portal client ${record.linkedClientId}`);
  }
}
