// `portalctl portal users links`: a portal user's shared links, newest first.
import * as z from 'zod';
import { defineCommand, flag } from '../../../command/define.js';
import { portalUserArg } from '../../../command/shared-options.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { sharedLinkView } from '../../../io/views/portal-user.js';

export default defineCommand({
  path: ['portal', 'users', 'links'],
  summary: "List a user's shared links",
  description:
    "List a portal user's shared links, newest first: when each was sent, whether it is active or expired, and when and from which IP it was last used.",
  options: {
    user: portalUserArg(),
    active: flag('--active', 'only links that still work', z.boolean().default(false)),
  },
  examples: [
    'portalctl portal users links pu_000002',
    'portalctl portal users links rebecca.hughes@maple-logistics.example.com --json',
    'portalctl portal users links pu_000002 --active -q',
  ],
  async run(options, deps) {
    deps.out.check(sharedLinkView);
    const user = await resolvePortalUser(deps, options.user);
    const api = await deps.api();
    const { data } = await api.call('listSharedLinks', { params: { id: user.id } });
    await deps.out.list(sharedLinkView, options.active ? data.filter((l) => l.status === 'active') : data);
  },
});
