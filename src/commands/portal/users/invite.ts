// `portalctl portal users invite`: give an external user (an employer contact, a representative)
// access to a client portal, with all jobs or selected jobs. The portal emails them a shared link;
// the command prints the user and the link. Someone who already has a record on that portal gets a
// fresh link (send-link) or is reactivated instead: the portal refuses a second record and says which.
import * as z from 'zod';
import { defineCommand, flag, type OptionsOf } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { dryRunFlag, idempotencyKeyFlag, reasonFlag } from '../../../command/shared-options.js';
import { PortalUserInviteSchema } from '../../../contract/schemas.js';
import { usageError } from '../../../errors.js';
import { plannedMessage, printDryRun } from '../../../io/dry-run.js';
import { checkJobs, jobList, resolveJobs, splitJobs } from '../../../io/portal-jobs.js';
import { withReasonFlag } from '../../../io/reason.js';
import { type Portal, resolvePortal } from '../../../io/resolve-portal-user.js';
import { portalInviteView, portalUserName } from '../../../io/views/portal-user.js';

const NonEmpty = z.string().trim().min(1, 'must not be empty');

/** `--all-jobs` and `--jobs`, shared with `portal users access`. */
export const accessFlags = () => ({
  allJobs: flag('--all-jobs', 'access to every job of the portal', z.boolean().default(false)),
  jobs: flag(
    '--jobs <jobs>',
    'access to these jobs only: job ids (jb_…) or titles, comma-separated',
    z
      .string()
      .transform(splitJobs)
      .pipe(z.array(z.string()).min(1, 'needs at least one job id or title, e.g. --jobs jb_maple001,jb_maple002'))
      .optional(),
  ),
});

/** Both access flags given: a usage error naming them. */
export function refuseBothAccessFlags(o: { allJobs: boolean; jobs?: string[] | undefined }, ctx: z.RefinementCtx) {
  if (o.allJobs && o.jobs) {
    ctx.addIssue({
      code: 'custom',
      path: ['jobs'],
      message: 'pass only one of --all-jobs and --jobs',
      params: { hint: '--all-jobs gives every job of the portal; --jobs only those' },
    });
  }
}

/** On a terminal: all jobs, or selected jobs typed as ids or titles. undefined means all jobs. */
export async function askAccess(deps: Deps, portal: Portal, message = 'Access'): Promise<string[] | undefined> {
  const selected = await deps.prompter.select({
    message,
    flag: '--all-jobs or --jobs',
    choices: [
      { name: `All jobs of ${portal.name}`, value: false },
      { name: 'Selected jobs only', value: true },
    ],
  });
  if (!selected) return undefined;
  const answer = await deps.prompter.input({
    message: `Jobs, ids or titles, comma-separated (${jobList(portal)})`,
    flag: '--jobs',
    validate: (v) => checkJobs(portal, v),
  });
  return resolveJobs(portal, splitJobs(answer), '--jobs');
}

const options = {
  email: flag('--email <email>', "the user's email address", NonEmpty.optional()),
  firstName: flag('--first-name <name>', 'first name', NonEmpty.optional()),
  lastName: flag('--last-name <name>', 'last name', NonEmpty.optional()),
  portal: flag('--portal <portal>', 'client portal id (po_…) or name', NonEmpty.optional()),
  ...accessFlags(),
  ...reasonFlag(),
  ...dryRunFlag('show who would be invited and emailed, with what access; change nothing'),
  ...idempotencyKeyFlag(),
};
type InviteOptions = OptionsOf<typeof options>;

export default defineCommand({
  path: ['portal', 'users', 'invite'],
  summary: 'Invite an external user to a client portal',
  description:
    'Invite an external user to a client portal, with access to all its jobs (--all-jobs) or to selected jobs (--jobs, by id or title). The portal emails them a shared link; the user and the link are printed. Someone who already has a record on that portal is not invited twice: give them a fresh link with `portalctl portal users send-link`, or reactivate a deactivated user with `portalctl portal users reactivate`. On a terminal, missing values are asked for.',
  options,
  refine: refuseBothAccessFlags,
  examples: [
    'portalctl portal users invite --email sam@maple.example.com --first-name Sam --last-name Lee --portal po_northstar01 --all-jobs',
    'portalctl portal users invite --email sam@maple.example.com --first-name Sam --last-name Lee --portal "Maple Logistics hiring portal" --jobs jb_maple001,"Forklift operator" --json',
    'portalctl portal users invite --email sam@maple.example.com --first-name Sam --last-name Lee --portal po_northstar01 --all-jobs --dry-run',
    'portalctl portal users invite            # on a terminal: asks for each value',
  ],
  run: runInvite,
});

const EmailCheck = PortalUserInviteSchema().shape.email;

/** Request body paths -> the flag that supplies them, for error messages. */
const FLAG_OF: Record<string, string> = {
  portalId: '--portal',
  email: '--email',
  firstName: '--first-name',
  lastName: '--last-name',
  access: '--jobs',
  reason: '--reason',
};

async function runInvite(options: InviteOptions, deps: Deps): Promise<void> {
  deps.out.check(portalInviteView);
  if (!deps.prompter.interactive) {
    const missing = (['email', 'firstName', 'lastName', 'portal'] as const)
      .filter((key) => options[key] === undefined)
      .map((key) => FLAG_OF[key === 'portal' ? 'portalId' : key]!);
    if (!options.allJobs && !options.jobs)
      missing.push(missing.length ? '(--all-jobs or --jobs)' : '--all-jobs or --jobs');
    if (missing.length) {
      const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
      throw usageError(
        `${list} ${missing.length === 1 ? 'is' : 'are'} required when not running interactively`,
        'pass them as flags (prompts appear only in a terminal, without --no-input and CI=true)',
      );
    }
  }
  const { prompter } = deps;
  const email =
    options.email ??
    (await prompter.input({
      message: 'Email address',
      flag: '--email',
      validate: (v) => (EmailCheck.safeParse(v).success ? true : 'enter an email address like name@example.org'),
    }));
  const firstName =
    options.firstName ??
    (await prompter.input({
      message: 'First name',
      flag: '--first-name',
      validate: (v) => (v.trim() ? true : 'required'),
    }));
  const lastName =
    options.lastName ??
    (await prompter.input({
      message: 'Last name',
      flag: '--last-name',
      validate: (v) => (v.trim() ? true : 'required'),
    }));

  const api = await deps.api();
  let portal: Portal;
  if (options.portal) {
    portal = await resolvePortal(api, options.portal, '--portal');
  } else {
    const { data } = await api.call('listPortals', {});
    if (data.length === 0) throw usageError('you manage no client portal', 'ask an administrator for access to one');
    portal = await prompter.select({
      message: 'Client portal',
      flag: '--portal',
      choices: data.map((p) => ({ name: p.name, value: p, description: `${p.id} · ${p.jobs.length} jobs` })),
    });
  }
  const jobIds = options.jobs
    ? resolveJobs(portal, options.jobs, '--jobs')
    : options.allJobs
      ? undefined
      : await askAccess(deps, portal);

  const body = PortalUserInviteSchema().safeParse({
    portalId: portal.id,
    email,
    firstName,
    lastName,
    access: jobIds ? { type: 'selected-jobs', jobIds } : { type: 'all-jobs' },
    ...(options.reason ? { reason: options.reason } : {}),
  });
  if (!body.success) {
    const issues = body.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return `${FLAG_OF[key] ?? key}: ${issue.message}`;
    });
    throw usageError(issues.join('; '), 'see --help for the accepted values');
  }
  if (options.dryRun) {
    const { reason: _, ...invite } = body.data;
    printDryRun(
      deps,
      { action: 'portal-user.invite', invite },
      [plannedMessage('portalAccess', invite.email)],
      `Dry run: would invite ${firstName} ${lastName} <${email}> to ${portal.name} (${portal.id}) with access to ${jobIds ? `the jobs ${jobIds.join(', ')}` : 'all jobs'}. Nothing was sent.`,
      options.reason,
    );
    return;
  }
  const result = await withReasonFlag(
    api.call('invitePortalUser', { body: body.data }, { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) }),
  );
  await deps.out.one(portalInviteView, result);
  deps.out.success(
    `Invited ${portalUserName(result.user)} to ${portal.name}; the shared link was sent to ${result.user.email}`,
  );
}
