// `portalctl profiles list`: saved profiles (name, URL, whether a token is saved; never the token).
import type { Command } from 'commander';
import { action, type Deps, examples } from '../../deps.js';
import { type ProfileRow, profileView } from '../../io/views/profile.js';

export function register(cmd: Command): void {
  cmd
    .description('List saved profiles: name, URL, whether a token is saved, and which one is current (*).')
    .addHelpText('after', examples(['portalctl profiles list', 'portalctl profiles list --json']))
    .action(action(async (deps) => runProfilesList(deps)));
}

export async function runProfilesList(deps: Deps): Promise<void> {
  deps.out.check(profileView);
  const store = await deps.profiles();
  const rows: ProfileRow[] = store
    .list()
    .map(({ name, profile, current }) => ({ name, url: profile.url, current, hasToken: Boolean(profile.token) }));
  await deps.out.list(profileView, rows);
}
