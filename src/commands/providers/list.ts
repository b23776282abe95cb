// `portalctl providers list`: the service providers and their group: the ids and names other
// commands accept for a provider (--provider).
import { defineCommand } from '../../command/define.js';
import { providerView } from '../../io/views/provider.js';

export default defineCommand({
  path: ['providers', 'list'],
  summary: 'List service providers, with their group',
  description:
    'List the service providers of the portal, each with its service-provider group. Either id or name names a provider in other commands (--provider); clients are referred only within a group.',
  options: {},
  examples: ['portalctl providers list', 'portalctl providers list --json', 'portalctl providers list -q'],
  async run(_options, deps) {
    deps.out.check(providerView);
    const api = await deps.api();
    const { data } = await api.call('listProviders', {});
    await deps.out.list(providerView, data);
  },
});
