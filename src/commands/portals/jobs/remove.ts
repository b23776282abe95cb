// `portalctl portals jobs remove`: take a job off a client portal. A job with candidates is
// refused unless --with-candidates says to take them off too: people leave an employer's view
// only by a choice written on the command line, never as a side effect.
import * as z from 'zod';
import { arg, defineCommand, flag } from '../../../command/define.js';
import { dryRunFlag, portalArg, reasonFlag } from '../../../command/shared-options.js';
import { JobRemoveSchema } from '../../../contract/schemas.js';
import { CliError } from '../../../errors.js';
import { confirmAction } from '../../../io/confirm.js';
import { printDryRun } from '../../../io/dry-run.js';
import { withReasonFlag } from '../../../io/reason.js';
import { pickJob, pickPortal } from '../../../io/resolve-portal.js';
import { candidateName } from '../../../io/views/candidate.js';
import { jobView } from '../../../io/views/portal.js';

export default defineCommand({
  path: ['portals', 'jobs', 'remove'],
  summary: 'Remove a job from a client portal',
  description:
    'Remove a job from a client portal (needs the portal-users permission): its users no longer see it. A job with candidates is refused unless --with-candidates takes them off the portal with it (their feedback is kept). It is refused while it is the only job an external user has access to: change their access first (portal users access); users who had it among other jobs lose it, in their history. Confirms on a terminal; pass --yes otherwise.',
  options: {
    portal: portalArg(),
    job: arg('[job]', 'job id (jb_…) or title; on a terminal, leave it out to pick', z.string().min(1).optional()),
    withCandidates: flag(
      '--with-candidates',
      "also take the job's candidates off the portal (otherwise a job with candidates is refused)",
      z.boolean().default(false),
    ),
    ...reasonFlag('why, kept in the audit log', JobRemoveSchema().shape.reason.unwrap()),
    ...dryRunFlag('show the job and its candidates; remove nothing'),
  },
  examples: [
    'portalctl portals jobs remove po_northstar01 "Shipping coordinator" --yes',
    'portalctl portals jobs remove po_northstar01 jb_maple002 --with-candidates --reason "Position filled" --yes',
    'portalctl portals jobs remove po_northstar01 "Forklift operator" --dry-run',
  ],
  async run(options, deps) {
    deps.out.check(jobView);
    const portal = await pickPortal(deps, options.portal, {
      flag: '<portal>',
      message: 'Remove a job of which portal?',
    });
    const job = await pickJob(deps, portal, options.job, { flag: '<job>', message: 'Which job?' });
    const api = await deps.api();
    const { data: candidates } = await api.call('listCandidates', {
      params: { id: portal.id },
      query: { jobId: job.id },
    });
    const who = candidates.map(candidateName).join(', ');
    const many = candidates.length === 1 ? '1 candidate' : `${candidates.length} candidates`;
    if (options.dryRun) {
      const refused = candidates.length > 0 && !options.withCandidates;
      printDryRun(
        deps,
        {
          action: 'client-portal.job.remove',
          portalId: portal.id,
          jobId: job.id,
          title: job.title,
          removeCandidateIds: refused ? [] : candidates.map((c) => c.id),
          ...(refused ? { refused: 'job-has-candidates' } : {}),
        },
        [],
        candidates.length === 0
          ? `Dry run: would remove ${job.title} (${job.id}) from ${portal.name}; it has no candidates. Nothing was changed.`
          : options.withCandidates
            ? `Dry run: would remove ${job.title} (${job.id}) from ${portal.name} and take its ${many} off: ${who}. Nothing was changed.`
            : `Dry run: ${job.title} (${job.id}) has ${many} (${who}): removing it needs --with-candidates. Nothing was changed.`,
        options.reason,
      );
      return;
    }
    if (candidates.length && !options.withCandidates) {
      throw new CliError('conflict', `${job.title} (${job.id}) has ${many} on ${portal.name}: ${who}`, {
        hint: 'pass --with-candidates to take them off the portal with the job, or take them off first: portalctl portals candidates remove',
      });
    }
    await confirmAction(deps, {
      message: `Remove ${job.title} from ${portal.name}?${candidates.length ? ` Its ${many} (${who}) are taken off too.` : ''}`,
      consequence: `this removes ${job.title} (${job.id}) from ${portal.name}${candidates.length ? ` with its ${many}` : ''}`,
    });
    const removed = await withReasonFlag(
      api.call('removePortalJob', {
        params: { id: portal.id, jobId: job.id },
        body: {
          ...(options.withCandidates ? { withCandidates: true } : {}),
          ...(options.reason ? { reason: options.reason } : {}),
        },
      }),
    );
    await deps.out.one(jobView, removed.job);
    deps.out.success(`Job "${removed.job.title}" (${removed.job.id}) removed from ${portal.name}`);
    if (removed.removedCandidates.length) {
      deps.out.info(`Taken off the portal with it: ${removed.removedCandidates.map(candidateName).join(', ')}`);
    }
    if (removed.accessChanged.length) {
      deps.out.info(`No longer among the selected jobs of ${removed.accessChanged.join(', ')}`);
    }
  },
});
