// `portalctl portal users access`: switch an external user between all jobs and selected jobs of
// their portal. The portal records the change (from, to, by whom) in the user's history.
import { defineCommand, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { portalUserArg } from '../../../command/shared-options.js';
import { usageError } from '../../../errors.js';
import { resolveJobs } from '../../../io/portal-jobs.js';
import { resolvePortal, resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { accessText, portalUserName, portalUserView } from '../../../io/views/portal-user.js';
import { accessFlags, askAccess, refuseBothAccessFlags } from './invite.js';

const options = { user: portalUserArg(), ...accessFlags() };
type AccessOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['portal', 'users', 'access'],
  summary: "Change a user's access: all jobs or selected jobs",
  description:
    "Switch an external portal user between access to all jobs of their portal (--all-jobs) and to selected jobs only (--jobs, by id or title). The change is recorded in the user's history (portalctl portal users history). On a terminal, leave the user or the access out to be asked.",
  options,
  refine: refuseBothAccessFlags,
  examples: [
    'portalctl portal users access pu_000001 --jobs jb_maple002,jb_maple004',
    'portalctl portal users access rebecca.hughes@maple-logistics.example.com --jobs "Forklift operator"',
    'portalctl portal users access pu_000001 --all-jobs --json',
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
  const updated = await api.call('setPortalUserAccess', {
    params: { id: user.id },
    body: { access: jobIds ? { type: 'selected-jobs', jobIds } : { type: 'all-jobs' } },
  });
  await deps.out.one(portalUserView, updated);
  const before = accessText(user);
  const after = accessText(updated);
  if (before === after) deps.out.info(`${portalUserName(user)} already has ${after}; nothing changed`);
  else deps.out.success(`${portalUserName(user)} now has ${after} (was ${before})`);
}
