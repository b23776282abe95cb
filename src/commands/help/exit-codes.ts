// `portalctl help exit-codes`: the exit-code table, from the same table src/run-cli.ts uses.
import { defineCommand } from '../../command/define.js';
import { EXIT_CODES } from '../../errors.js';
import { exitCodesHelp } from '../../help.js';

export default defineCommand({
  path: ['help', 'exit-codes'],
  summary: 'What each exit code means',
  description: 'What each exit code of portalctl means (the same for every command).',
  options: {},
  examples: ['portalctl help exit-codes', 'portalctl help exit-codes --json'],
  async run(_options, deps) {
    if (deps.out.format === 'json' || deps.out.format === 'ndjson') deps.out.value(EXIT_CODES);
    else deps.out.line(exitCodesHelp().trimEnd());
  },
});
