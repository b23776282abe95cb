// `portalctl logout`: forgets the token of a profile (the URL stays, so login can reuse it).
import { defineCommand } from '../command/define.js';
import { usageError } from '../errors.js';

export default defineCommand({
  path: ['logout'],
  summary: 'Forget the token of a profile',
  description: 'Forget the saved token of the current profile (or --profile NAME). The URL stays saved.',
  options: {},
  examples: ['portalctl logout', 'portalctl logout --profile staging'],
  async run(_options, deps) {
    const store = await deps.profiles();
    const name = deps.flags.profile ?? store.current();
    if (!name) throw usageError('you are not logged in to any profile', 'see portalctl profiles list');
    const profile = store.get(name);
    if (!profile) throw usageError(`there is no profile named "${name}"`, 'see portalctl profiles list');
    if (!profile.token) {
      deps.out.info(`Profile ${name} has no saved token.`);
      return;
    }
    store.set(name, { url: profile.url });
    deps.out.success(`Logged out of ${profile.url} (profile ${name}): the token was removed from ${store.path}`);
    if (deps.env.PORTALCTL_TOKEN) deps.out.warn('PORTALCTL_TOKEN is still set in your environment');
  },
});
