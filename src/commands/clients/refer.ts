// `portalctl clients refer`: refer a client to another service provider of the same group (needs
// sp-group-admin). The client moves with their file; the current caseworkers are removed, so the
// client is a referral there and your provider no longer sees them. That removes access, so it
// confirms on a terminal and needs --yes otherwise; --dry-run changes nothing. Many clients at
// once: a query (its provider filter is --from-provider, --provider being where they go) or a file.

import { bulkFlags, isBulk } from '../../bulk/bulk-flags.js';
import { defineCommand, flag, type OptionsOf } from '../../command/define.js';
import type { Deps } from '../../command/deps.js';
import { clientArg, dryRunFlag, idempotencyKeyFlag, providerFlag, reasonFlag } from '../../command/shared-options.js';
import { ReferSchema } from '../../contract/schemas.js';
import { CliError, usageError } from '../../errors.js';
import { clientFilterOptions } from '../../io/client-filters.js';
import { confirmAction } from '../../io/confirm.js';
import { requirePermission } from '../../io/permissions.js';
import { resolveClient } from '../../io/resolve.js';
import { findProvider, pickProvider } from '../../io/resolve-provider.js';
import { textFromFlag } from '../../io/stdin.js';
import { clientName, clientView } from '../../io/views/client.js';

const Reason = ReferSchema().shape.reason.unwrap().min(1, 'must not be empty');

// The query's provider filter is --from-provider here: --provider names where the clients go.
const { provider: _providerFilter, ...manyClients } = bulkFlags();

const options = {
  client: clientArg(),
  ...providerFlag('the service provider to refer to: id (sp_…) or name'),
  ...reasonFlag('reasons for the referral (saved as a case note); - reads them from standard input', Reason),
  ...dryRunFlag('show what would change; refer nothing'),
  ...idempotencyKeyFlag(),
  ...manyClients,
  fromProvider: flag(
    '--from-provider <provider>',
    'many clients: of this service provider (sp_… or name)',
    clientFilterOptions.provider,
  ),
};
type ReferOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['clients', 'refer'],
  summary: 'Refer a client to another service provider',
  description:
    'Refer a client to another service provider of the same group (needs the sp-group-admin permission). The caseworkers are removed, so the client becomes a referral of the new provider; a reason is saved as the new reasons for referral, with a case note. Confirms on a terminal; pass --yes otherwise. Many clients at once: a query (--from-provider, --status, --search, --caseworker…) or --from-file, with --provider naming where they all go.',
  options,
  examples: [
    'portalctl clients refer ada@example.org --provider "Lakeshore Career Centre" --reason "Closer to home"',
    'portalctl clients refer cl_01jq3v4w5x6y7z --provider sp_lakeshore --yes --json',
    'portalctl clients refer ada@example.org --provider sp_lakeshore --dry-run',
    'portalctl clients refer ada@example.org --provider sp_lakeshore --reason - --yes < reasons.txt',
    'portalctl clients refer --from-provider sp_northstar --status referral --provider sp_lakeshore --dry-run',
    'portalctl clients refer --from-file moving.csv --provider sp_lakeshore --reason "Office closing" --yes',
  ],
  run: runRefer,
});

async function runRefer(options: ReferOptions, deps: Deps): Promise<void> {
  const many = { ...options, provider: options.fromProvider };
  if (isBulk(many)) return referMany(options, many, deps);
  deps.out.check(clientView);
  const client = await resolveClient(deps, options.client, { message: 'Which client do you want to refer?' });
  const api = await deps.api();
  await requirePermission(api, 'sp-group-admin', 'to refer a client to another service provider');
  const { data: providers } = await api.call('listProviders');
  const current = providers.find((p) => p.id === client.providerId);
  const target = await pickProvider(deps, api, options.provider, {
    flag: '--provider',
    message: `Refer ${clientName(client)} to`,
    only: (p) => p.id !== client.providerId && (!current || p.groupId === current.groupId),
    noneMessage: `no other service provider in ${current?.groupName ?? 'the group'} to refer to`,
  });
  if (target.id === client.providerId) {
    throw usageError(
      `--provider: ${clientName(client)} (${client.id}) is already with ${target.name}`,
      'name another provider',
    );
  }
  if (current && target.groupId !== current.groupId) {
    throw new CliError(
      'conflict',
      `${target.name} (${target.id}) is not in ${current.groupName}: a client is referred within their provider's group only`,
      { details: { code: 'provider-not-in-group' } },
    );
  }
  // Guided (the provider was picked at the prompt): the optional reason is asked for too.
  const guided = !options.provider && deps.prompter.interactive;
  const given = await textFromFlag(deps, options.reason, {
    flag: '--reason',
    what: 'the reasons for the referral',
    schema: Reason,
  });
  const reason =
    given ??
    (guided
      ? (await deps.prompter.input({ message: 'Reasons for the referral (optional)', flag: '--reason' })).trim() ||
        undefined
      : undefined);
  const who = `${clientName(client)} (${client.id})`;
  const removed = client.caseworkerIds.length
    ? `; caseworker${client.caseworkerIds.length === 1 ? '' : 's'} ${client.caseworkerIds.join(', ')} removed`
    : '';
  if (options.dryRun) {
    deps.out.value(
      {
        dryRun: true,
        action: 'client.refer',
        clientId: client.id,
        changes: [
          { field: 'providerId', from: client.providerId, to: target.id },
          { field: 'caseworkerIds', from: client.caseworkerIds, to: [] },
          ...(reason ? [{ field: 'referral.reasons', from: client.referral.reasons, to: reason }] : []),
        ],
        notify: [],
      },
      `Dry run: would refer ${who} from ${current?.name ?? client.providerId} to ${target.name}${removed}. Nothing was changed.`,
    );
    return;
  }
  await confirmAction(deps, {
    message: `Refer ${who} to ${target.name}? The caseworkers are removed and your provider loses access.`,
    consequence: `referring ${client.id} to ${target.id} removes its caseworkers and moves it out of ${client.providerId}`,
  });
  const updated = await api.call(
    'referClient',
    { params: { id: client.id }, body: { providerId: target.id, ...(reason ? { reason } : {}) } },
    { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
  );
  await deps.out.one(clientView, updated);
  deps.out.success(`Referred ${who} to ${target.name} (${target.id})${removed}`);
}

/** The many-clients form: the provider they go to (required), the reason read once, then the bulk engine. */
async function referMany(options: ReferOptions, many: ReferOptions, deps: Deps): Promise<void> {
  const [{ runBulkCommand }, { referStep }] = await Promise.all([
    import('../../bulk/bulk-command.js'),
    import('../../bulk/steps.js'),
  ]);
  if (!options.provider) {
    throw usageError(
      '--provider is required with many clients: the service provider they are referred to',
      'e.g. --provider sp_lakeshore (the clients are chosen with --from-provider, --status, --from-file…)',
    );
  }
  const api = await deps.api();
  await requirePermission(api, 'sp-group-admin', 'to refer clients to another service provider');
  const { data: providers } = await api.call('listProviders');
  const provider = findProvider(providers, options.provider, '--provider');
  const reason = await textFromFlag(deps, options.reason, {
    flag: '--reason',
    what: 'the reasons for the referral',
    schema: Reason,
  });
  const groupOf = new Map(providers.map((p) => [p.id, p.groupId]));
  await runBulkCommand(referStep({ provider, groupOf, reason }), many, deps, ['idempotencyKey']);
}
