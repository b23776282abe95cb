// `portalctl portal users access`: switch an external user between all jobs and selected jobs of
// their portal. The portal records the change (from, to, by whom) in the user's history.
import { defineCommand, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { dryRunFlag, portalUserArg, reasonFlag } from '../../../command/shared-options.js';
import type { PortalUser } from '../../../contract/schemas.js';
import { usageError } from '../../../errors.js';
import { printDryRun } from '../../../io/dry-run.js';
import { resolveJobs } from '../../../io/portal-jobs.js';
import { withReasonFlag } from '../../../io/reason.js';
import { resolvePortal, resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { accessText, portalUserName, portalUserView } from '../../../io/views/portal-user.js';
import { accessFlags, askAccess, refuseBothAccessFlags } from './invite.js';

const options = {
  user: portalUserArg(),
  ...accessFlags(),
  ...reasonFlag(
    'why, when the change takes a job away from them (one line, at most 200 characters): kept in the audit log and their history; required then when the portal says so',
  ),
  ...dryRunFlag('show the access before and after; change nothing'),
};
type AccessOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['portal', 'users', 'access'],
  summary: "Change a user's access: all jobs or selected jobs",
  description:
    "Switch an external portal user between access to all jobs of their portal (--all-jobs) and to selected jobs only (--jobs, by id or title). The change is recorded in the user's history (portalctl portal users history). A change that takes a job away from them (all jobs to selected jobs, or a job left out) removes access: it takes --reason, which a portal run with --require-reason asks for. On a terminal, leave the user or the access out to be asked.",
  options,
  refine: refuseBothAccessFlags,
  examples: [
    'portalctl portal users access pu_000001 --jobs jb_maple002,jb_maple004',
    'portalctl portal users access rebecca.hughes@maple-logistics.example.com --jobs "Forklift operator"',
    'portalctl portal users access pu_000001 --all-jobs --json',
    'portalctl portal users access pu_000001 --jobs jb_maple002 --reason "The warehouse roles are filled" --dry-run',
  ],
  run: runAccess,
});

async function runAccess(options: AccessOptions, deps: Deps): Promise<void> {
  deps.out.check(portalUserView);
  if (!options.allJobs && !options.jobs && !deps.prompter.interactive) {
    throw usageError(
      '--all-jobs or --jobs is required when not running interactively',
      'e.g. --all-jobs, or --jobs jb_maple001,"Forklift operator"',
    );
  }
  const user = await resolvePortalUser(deps, options.user, {
    message: 'Whose access should change? (type a name or email)',
  });
  const api = await deps.api();
  const portal = await resolvePortal(api, user.portalId, '--portal');
  const jobIds = options.jobs
    ? resolveJobs(portal, options.jobs, '--jobs')
    : options.allJobs
      ? undefined
      : await askAccess(deps, portal, `Access of ${portalUserName(user)} (now ${accessText(user)})`);
  const access: PortalUser['access'] = jobIds ? { type: 'selected-jobs', jobIds } : { type: 'all-jobs' };
  if (options.dryRun) return dryRunAccess(deps, user, access, options.reason);
  const updated = await withReasonFlag(
    api.call('setPortalUserAccess', {
      params: { id: user.id },
      body: { access, ...(options.reason ? { reason: options.reason } : {}) },
    }),
  );
  await deps.out.one(portalUserView, updated);
  const before = accessText(user);
  const after = accessText(updated);
  if (before === after) deps.out.info(`${portalUserName(user)} already has ${after}; nothing changed`);
  else deps.out.success(`${portalUserName(user)} now has ${after} (was ${before})`);
}

/** The jobs the user sees now and would not after (all jobs: every job, those added later too). */
function jobsTakenAway(before: PortalUser['access'], after: PortalUser['access']): string[] | 'some' {
  if (after.type === 'all-jobs') return [];
  if (before.type === 'all-jobs') return 'some';
  return before.jobIds.filter((id) => !after.jobIds.includes(id));
}

function dryRunAccess(deps: Deps, user: PortalUser, access: PortalUser['access'], reason: string | undefined): void {
  const before = accessText(user);
  const after = accessText({ access });
  const taken = jobsTakenAway(user.access, access);
  const removes = taken === 'some' || taken.length > 0;
  const lost =
    taken === 'some'
      ? '; they would no longer see the jobs left out'
      : taken.length
        ? `; they would no longer see ${taken.join(', ')}`
        : '';
  printDryRun(
    deps,
    { action: 'portal-user.access', portalUserId: user.id, from: user.access, to: access, removesAccess: removes },
    [],
    before === after
      ? `Dry run: ${portalUserName(user)} already has ${after}; nothing would change.`
      : `Dry run: would change the access of ${portalUserName(user)} (${user.id}) from ${before} to ${after}${lost}. Nothing was changed.`,
    reason,
  );
}
