// `portalctl portal users feedback`: what an external user said about the candidates on their
// portal (the Feedback tab of a portal user).
import { defineCommand } from '../../../command/define.js';
import { portalUserArg } from '../../../command/shared-options.js';
import { resolvePortalUser } from '../../../io/resolve-portal-user.js';
import { feedbackView } from '../../../io/views/candidate.js';
import { portalUserName } from '../../../io/views/portal-user.js';

export default defineCommand({
  path: ['portal', 'users', 'feedback'],
  summary: 'Show the feedback a user left on candidates',
  description:
    'Show the feedback an external portal user left on candidates, newest first: when, which candidate, for which job, and what they said. Feedback on candidates since taken off the portal is kept.',
  options: { user: portalUserArg() },
  examples: [
    'portalctl portal users feedback pu_000001',
    'portalctl portal users feedback rebecca.hughes@maple-logistics.example.com --json',
    'portalctl portal users feedback            # on a terminal: find the user',
  ],
  async run(options, deps) {
    deps.out.check(feedbackView);
    const user = await resolvePortalUser(deps, options.user, { message: 'Whose feedback? (type a name or email)' });
    const api = await deps.api();
    const { data } = await api.call('listPortalUserFeedback', { params: { id: user.id } });
    await deps.out.list(feedbackView, data);
    if (data.length === 0) deps.out.info(`${portalUserName(user)} (${user.id}) has left no feedback`);
  },
});
