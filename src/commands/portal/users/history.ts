// `portalctl portal users history`: what a portal user did and what was done to them.
import { defineCommand } from '../../../command/define.js';
import { portalUserArg } from '../../../command/shared-options.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { historyView } from '../../../io/views/portal-user.js';

export default defineCommand({
  path: ['portal', 'users', 'history'],
  summary: "Show a user's history",
  description:
    "Show a portal user's history, newest first: invited, links sent, used (from which IP) and expired, deactivated, and by whom.",
  options: { user: portalUserArg() },
  examples: ['portalctl portal users history pu_000001', 'portalctl portal users history pu_000001 --json'],
  async run(options, deps) {
    deps.out.check(historyView());
    const user = await resolvePortalUser(deps, options.user);
    const api = await deps.api();
    const { data } = await api.call('portalUserHistory', { params: { id: user.id } });
    await deps.out.list(historyView(user), data);
  },
});
