// `portalctl portals jobs add`: a new job (a position) on a client portal, at the end of its list
// or at --position.
import * as z from 'zod';
import { defineCommand, flag } from '../../../command/define.js';
import { idempotencyKeyFlag, portalArg } from '../../../command/shared-options.js';
import { JobCreateSchema } from '../../../contract/schemas.js';
import { pickPortal } from '../../../io/resolve-portal.js';
import { jobView } from '../../../io/views/portal.js';

const Title = JobCreateSchema().shape.title;

export default defineCommand({
  path: ['portals', 'jobs', 'add'],
  summary: 'Add a job to a client portal',
  description:
    "Add a job (a position) to a client portal (needs the portal-users permission). Its title names it in the portal and in other commands, so it must differ from the portal's other titles. External users with access to all jobs see it at once; users with selected jobs only once it is given to them (portal users access). Candidates are then put forward for it with portals candidates add.",
  options: {
    portal: portalArg(),
    title: flag('--title <title>', 'the job title, as the portal shows it', Title.optional()),
    position: flag(
      '--position <n>',
      "where it shows in the portal's list, 1 first (default: last)",
      z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(1000).optional(),
    ),
    ...idempotencyKeyFlag(),
  },
  examples: [
    'portalctl portals jobs add po_northstar01 --title "Dispatcher (nights)"',
    'portalctl portals jobs add "Maple Logistics hiring portal" --title "Yard jockey" --position 1 --json',
    'portalctl portals jobs add            # on a terminal: pick the portal, type the title',
  ],
  async run(options, deps) {
    deps.out.check(jobView);
    const portal = await pickPortal(deps, options.portal, { flag: '<portal>', message: 'Add a job to which portal?' });
    const title =
      options.title ??
      (
        await deps.prompter.input({
          message: 'Job title',
          flag: '--title',
          validate: (v) => {
            const checked = Title.safeParse(v);
            return checked.success ? true : (checked.error.issues[0]?.message ?? 'not a valid title');
          },
        })
      ).trim();
    const api = await deps.api();
    const job = await api.call(
      'addPortalJob',
      {
        params: { id: portal.id },
        body: { title, ...(options.position === undefined ? {} : { position: options.position }) },
      },
      { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
    );
    await deps.out.one(jobView, job);
    deps.out.success(`Job "${job.title}" (${job.id}) added to ${portal.name}`);
  },
});
