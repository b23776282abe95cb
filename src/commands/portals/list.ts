// `portalctl portals list`: the client portals you manage (needs portal-users), with how many jobs
// each shares: the ids and names other commands accept for a portal (--portal, portals jobs).
import { defineCommand } from '../../command/define.js';
import { portalView } from '../../io/views/portal.js';

export default defineCommand({
  path: ['portals', 'list'],
  summary: 'List the client portals you manage',
  description:
    "List the client portals of your service provider (every provider's for administrators) with the number of jobs each shares (needs the portal-users permission). Either id or name names a portal in other commands (--portal); portalctl portals jobs PORTAL lists its jobs.",
  options: {},
  examples: [
    'portalctl portals list',
    'portalctl portals list --json',
    'portalctl portals list --fields id,name,jobs -o csv',
  ],
  async run(_options, deps) {
    deps.out.check(portalView);
    const api = await deps.api();
    const { data } = await api.call('listPortals', {});
    await deps.out.list(portalView, data);
  },
});
