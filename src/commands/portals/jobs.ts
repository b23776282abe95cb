// `portalctl portals jobs`: the jobs a client portal shares, in the portal's order: the ids and
// titles other commands accept for a job (portal users invite --jobs).
import { defineCommand } from '../../command/define.js';
import { portalArg } from '../../command/shared-options.js';
import { pickPortal } from '../../io/resolve-portal.js';
import { jobView } from '../../io/views/portal.js';

export default defineCommand({
  path: ['portals', 'jobs'],
  summary: 'List the jobs a client portal shares',
  description:
    'List the jobs shared through a client portal, in the order the portal shows them (needs the portal-users permission). External users invited with selected-jobs access see only some of them. Commands: portals jobs add (a new job, --title) and portals jobs remove (a job; with candidates, --with-candidates).',
  options: {
    portal: portalArg(),
  },
  examples: [
    'portalctl portals jobs po_northstar01',
    'portalctl portals jobs "Maple Logistics hiring portal" --json',
    'portalctl portals jobs            # on a terminal: pick the portal',
    'portalctl portals jobs add po_northstar01 --title "Dispatcher (nights)"',
    'portalctl portals jobs remove po_northstar01 "Shipping coordinator" --yes',
  ],
  async run(options, deps) {
    deps.out.check(jobView);
    const portal = await pickPortal(deps, options.portal, { flag: '<portal>', message: 'Which client portal?' });
    await deps.out.list(jobView, portal.jobs);
  },
});
