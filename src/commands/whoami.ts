// `portalctl whoami`: who the token belongs to, and which portal, profile and token source are
// in use (never the token itself).
import { defineCommand } from '../command/define.js';
import { type Identity, identityView } from '../io/views/me.js';

export default defineCommand({
  path: ['whoami'],
  summary: 'Show who the token belongs to and where it came from',
  description:
    'Show the staff member the token belongs to (name, permissions, service provider), the portal, the profile, and where the URL and token came from (flag, environment, profile, local portal). The token itself is never shown.',
  options: {},
  examples: ['portalctl whoami', 'portalctl whoami --json', 'portalctl whoami --profile staging'],
  async run(_options, deps) {
    deps.out.check(identityView);
    const api = await deps.api();
    const connection = await deps.connection();
    const me = await api.call('getMe');
    const identity: Identity = {
      ...me,
      portal: {
        url: connection.local ? `local (${api.baseUrl})` : api.baseUrl,
        profile: connection.profile ?? null,
        urlSource: connection.urlSource,
        tokenSource: connection.tokenSource ?? null,
      },
    };
    await deps.out.one(identityView, identity);
  },
});
