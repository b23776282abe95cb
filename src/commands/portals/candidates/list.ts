// `portalctl portals candidates list`: the candidates a client portal shows, with their executive
// summaries and documents, for all its jobs or one.
import * as z from 'zod';
import { defineCommand, flag } from '../../../command/define.js';
import { portalArg } from '../../../command/shared-options.js';
import { pickPortal, resolveJob } from '../../../io/resolve-portal.js';
import { candidateView } from '../../../io/views/candidate.js';

export default defineCommand({
  path: ['portals', 'candidates', 'list'],
  summary: 'List the candidates on a client portal',
  description:
    "List the candidates put forward on a client portal, in the order of its jobs, with the executive summary and documents each shows (needs the portal-users permission). --job keeps one job's.",
  options: {
    portal: portalArg(),
    job: flag('--job <job>', 'only the candidates for this job (id jb_… or title)', z.string().min(1).optional()),
  },
  examples: [
    'portalctl portals candidates list po_northstar01',
    'portalctl portals candidates list "Maple Logistics hiring portal" --job "Forklift operator" --json',
    'portalctl portals candidates list po_northstar01 --fields name,jobId,summary -o csv',
  ],
  async run(options, deps) {
    deps.out.check(candidateView);
    const portal = await pickPortal(deps, options.portal, { flag: '<portal>', message: 'Which client portal?' });
    const job = options.job ? resolveJob(portal, options.job, '--job') : undefined;
    const api = await deps.api();
    const { data } = await api.call('listCandidates', {
      params: { id: portal.id },
      query: job ? { jobId: job.id } : {},
    });
    await deps.out.list(candidateView, data);
  },
});
