// `portalctl profiles use NAME`: makes a saved profile the current one.
import type { Command } from 'commander';
import { action, type Deps, examples } from '../../deps.js';
import { usageError } from '../../errors.js';

export function register(cmd: Command): void {
  cmd
    .description('Make a saved profile the current one: later commands use its URL and token.')
    .argument('<name>', 'profile name (see portalctl profiles list)')
    .addHelpText('after', examples(['portalctl profiles use staging']))
    .action(
      action(async (deps, name: string) => {
        await runProfilesUse({ name }, deps);
      }),
    );
}

export async function runProfilesUse(options: { name: string }, deps: Deps): Promise<void> {
  const store = await deps.profiles();
  const profile = store.get(options.name);
  if (!profile) {
    const known = store.list().map((p) => p.name);
    throw usageError(
      `there is no profile named "${options.name}"`,
      known.length ? `saved profiles: ${known.join(', ')}` : 'create one with portalctl login --profile NAME',
    );
  }
  store.setCurrent(options.name);
  deps.out.success(`Now using profile ${options.name} (${profile.url})`);
}
