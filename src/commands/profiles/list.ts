// `portalctl profiles list`: saved profiles (name, URL, whether a token is saved; never the token).
import { defineCommand } from '../../command/define.js';
import { type ProfileRow, profileView } from '../../io/views/profile.js';

export default defineCommand({
  path: ['profiles', 'list'],
  summary: 'List saved profiles',
  description: 'List saved profiles: name, URL, whether a token is saved, and which one is current (*).',
  options: {},
  examples: ['portalctl profiles list', 'portalctl profiles list --json'],
  async run(_options, deps) {
    deps.out.check(profileView);
    const store = await deps.profiles();
    const rows: ProfileRow[] = store
      .list()
      .map(({ name, profile, current }) => ({ name, url: profile.url, current, hasToken: Boolean(profile.token) }));
    await deps.out.list(profileView, rows);
  },
});
