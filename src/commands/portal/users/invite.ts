// `portalctl portal users invite`: give an external user (an employer contact, a representative)
// access to a client portal, with all jobs or selected jobs. The portal emails them a shared link;
// the command prints the user and the link.
import type { Command } from 'commander';
import * as z from 'zod';
import { action, examples } from '../../../command/commander.js';
import { flagName, parseOptions } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { IdempotencyKeySchema } from '../../../command/shared-options.js';
import { PortalUserInviteSchema } from '../../../contract/schemas.js';
import { CliError, usageError } from '../../../errors.js';
import { findJob, jobList, type Portal, resolvePortal } from '../../../io/resolve-portal.js';
import { portalInviteView, portalUserName } from '../../../io/views/portal-user.js';

export const InviteOptionsSchema = z.object({
  email: z.string().trim().min(1, 'must not be empty').optional(),
  firstName: z.string().trim().min(1, 'must not be empty').optional(),
  lastName: z.string().trim().min(1, 'must not be empty').optional(),
  portal: z.string().trim().min(1, 'must not be empty').optional(),
  allJobs: z.boolean().default(false),
  jobs: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string()).min(1, 'needs at least one job id, e.g. --jobs jb_maple001,jb_maple002'))
    .optional(),
  idempotencyKey: IdempotencyKeySchema.optional(),
});
export type InviteOptions = z.output<typeof InviteOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      'Invite an external user to a client portal, with access to all its jobs (--all-jobs) or to selected jobs (--jobs). The portal emails them a shared link; the user and the link are printed. On a terminal, missing values are asked for.',
    )
    .option('--email <email>', "the user's email address")
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .option('--portal <portal>', 'client portal id (po_…) or name')
    .option('--all-jobs', 'access to every job of the portal')
    .option('--jobs <jobs>', 'access to these jobs only: job ids (jb_…) or titles, comma-separated')
    .option('--idempotency-key <key>', 'reuse a key to retry safely: the portal replays the first answer')
    .addHelpText(
      'after',
      examples([
        'portalctl portal users invite --email sam@maple.example.com --first-name Sam --last-name Lee --portal po_northstar01 --all-jobs',
        'portalctl portal users invite --email sam@maple.example.com --first-name Sam --last-name Lee --portal "Maple Logistics hiring portal" --jobs jb_maple001,jb_maple002 --json',
        'portalctl portal users invite            # on a terminal: asks for each value',
      ]),
    )
    .action(
      action(async (deps, flags: Record<string, unknown>) => {
        await runInvite(parseOptions(InviteOptionsSchema, flags), deps);
      }),
    );
}

const EmailCheck = PortalUserInviteSchema.shape.email;

function unknownJobs(portal: Portal, ids: string[]): string[] {
  return ids.filter((id) => !findJob(portal, id));
}

/** Request body paths -> the flag that supplies them, for error messages. */
const FLAG_OF: Record<string, string> = {
  portalId: '--portal',
  email: '--email',
  firstName: '--first-name',
  lastName: '--last-name',
  access: '--jobs',
};

export async function runInvite(options: InviteOptions, deps: Deps): Promise<void> {
  deps.out.check(portalInviteView);
  if (options.allJobs && options.jobs) {
    throw usageError(
      'pass only one of --all-jobs and --jobs',
      '--all-jobs gives every job of the portal; --jobs only those',
    );
  }
  if (!deps.prompter.interactive) {
    const missing = (['email', 'firstName', 'lastName', 'portal'] as const)
      .filter((key) => options[key] === undefined)
      .map(flagName);
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

  let jobIds: string[] | undefined = options.jobs;
  if (!options.allJobs && !jobIds) {
    const selected = await prompter.select({
      message: 'Access',
      flag: '--all-jobs or --jobs',
      choices: [
        { name: `All jobs of ${portal.name}`, value: false },
        { name: 'Selected jobs only', value: true },
      ],
    });
    if (selected) {
      const answer = await prompter.input({
        message: `Job ids or titles, comma-separated (${jobList(portal)})`,
        flag: '--jobs',
        validate: (v) => {
          const ids = v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          if (ids.length === 0) return 'enter at least one job id';
          const bad = unknownJobs(portal, ids);
          return bad.length ? `not a job of this portal: ${bad.join(', ')}` : true;
        },
      });
      jobIds = answer
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    }
  }
  if (jobIds) {
    const bad = unknownJobs(portal, jobIds);
    if (bad.length) {
      // No such job in that portal: not found, like an unknown --portal.
      throw new CliError(
        'not-found',
        `--jobs: ${bad.join(', ')} ${bad.length === 1 ? 'is not a job' : 'are not jobs'} of portal ${portal.name} (${portal.id})`,
        { hint: `its jobs: ${jobList(portal)}` },
      );
    }
    // Jobs are named by id or title, in any case, above; the portal wants their ids.
    jobIds = jobIds.map((id) => findJob(portal, id)!.id);
  }

  const body = PortalUserInviteSchema.safeParse({
    portalId: portal.id,
    email,
    firstName,
    lastName,
    access: jobIds ? { type: 'selected-jobs', jobIds } : { type: 'all-jobs' },
  });
  if (!body.success) {
    const issues = body.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return `${FLAG_OF[key] ?? key}: ${issue.message}`;
    });
    throw usageError(issues.join('; '), 'see --help for the accepted values');
  }
  const result = await api.call(
    'invitePortalUser',
    { body: body.data },
    { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
  );
  await deps.out.one(portalInviteView, result);
  deps.out.success(
    `Invited ${portalUserName(result.user)} to ${portal.name}; the shared link was sent to ${result.user.email}`,
  );
}
