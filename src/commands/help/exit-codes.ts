// `portalctl help exit-codes`: the exit-code table, from the same table src/cli.ts uses.
import type { Command } from 'commander';
import { action, examples } from '../../deps.js';
import { EXIT_CODES } from '../../errors.js';
import { exitCodesHelp } from '../../help.js';

export function register(cmd: Command): void {
  cmd
    .description('What each exit code of portalctl means (the same for every command).')
    .addHelpText('after', examples(['portalctl help exit-codes', 'portalctl help exit-codes --json']))
    .action(
      action(async (deps) => {
        if (deps.out.format === 'json' || deps.out.format === 'ndjson') deps.out.value(EXIT_CODES);
        else deps.out.line(exitCodesHelp().trimEnd());
      }),
    );
}
