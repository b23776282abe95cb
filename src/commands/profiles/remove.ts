// `portalctl profiles remove NAME`: deletes a saved profile and its token.
import type { Command } from 'commander';
import { action, type Deps, examples } from '../../deps.js';
import { usageError } from '../../errors.js';

export function register(cmd: Command): void {
  cmd
    .description('Remove a saved profile, with its token. If it was current, no profile is current afterwards.')
    .argument('<name>', 'profile name (see portalctl profiles list)')
    .addHelpText('after', examples(['portalctl profiles remove staging']))
    .action(
      action(async (deps, name: string) => {
        await runProfilesRemove({ name }, deps);
      }),
    );
}

export async function runProfilesRemove(options: { name: string }, deps: Deps): Promise<void> {
  const store = await deps.profiles();
  if (!store.remove(options.name)) {
    throw usageError(`there is no profile named "${options.name}"`, 'see portalctl profiles list');
  }
  deps.out.success(`Removed profile ${options.name}`);
}
