// `portalctl portal users get`: one external portal user.
import { defineCommand } from '../../../command/define.js';
import { portalUserArg } from '../../../command/shared-options.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { portalUserView } from '../../../io/views/portal-user.js';

export default defineCommand({
  path: ['portal', 'users', 'get'],
  summary: 'Show one external portal user',
  description:
    'Show one external portal user: portal, access (all jobs or selected jobs), status and dates. Name the user by id or email; on a terminal, leave it out to search.',
  options: { user: portalUserArg('portal user id (pu_…) or email address') },
  examples: [
    'portalctl portal users get pu_000001',
    'portalctl portal users get rebecca.hughes@maple-logistics.example.com --json',
  ],
  async run(options, deps) {
    deps.out.check(portalUserView);
    const user = await resolvePortalUser(deps, options.user);
    await deps.out.one(portalUserView, user);
  },
});
