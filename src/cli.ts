// The entry point (bundled to dist/cli.js, started by bin/portalctl.js). It reads argv against
// the static registry: --version, --help and group help are answered from the registry alone;
// any other command loads the one module the command line names (and commander, when the command
// line needs it: see src/program.ts). Every error
// ends here, is printed once, and becomes the exit code of its kind (src/errors.ts):
// this is the only place that sets process.exitCode.
import { CliError, cancelled, exitCodeFor, formatError } from './errors.js';
import { groupHelp, rootHelp } from './help.js';
import { type CommandEntry, findCommand, GLOBAL_VALUE_FLAGS, isGroup } from './registry.js';
import { VERSION } from './version.js';

interface ErrorStyle {
  json: boolean;
  debug: boolean;
  color: boolean;
}

type Target =
  | { kind: 'version' }
  | { kind: 'help'; path: string[] }
  | { kind: 'missing-command'; path: string[] }
  | { kind: 'command'; entry: CommandEntry; argv: string[] }
  | { kind: 'unknown'; argv: string[]; group: string[] };

/** The words of argv (not flags, not values of global flags), up to `--`. */
function words(argv: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      if (GLOBAL_VALUE_FLAGS.has(arg)) i++;
      continue;
    }
    found.push(arg);
  }
  return found;
}

function resolveTarget(argv: string[]): Target {
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const list = words(argv);
  // `portalctl help clients list` is `portalctl clients list --help`; `help exit-codes` is a command.
  if (list[0] === 'help' && list[1] !== 'exit-codes') {
    if (list.length === 1) return { kind: 'help', path: [] };
    const rest = [...argv];
    rest.splice(argv.indexOf('help'), 1);
    const inner = resolveTarget([...rest, '--help']);
    // `help nope`: report the unknown command rather than print the root help.
    return inner.kind === 'unknown' ? resolveTarget(rest) : inner;
  }
  if (list.length === 0) {
    if (!wantsHelp && (argv.includes('--version') || argv.includes('-V'))) return { kind: 'version' };
    if (argv.length === 0 || wantsHelp) return { kind: 'help', path: [] };
    return { kind: 'unknown', argv, group: [] };
  }
  for (let n = list.length; n > 0; n--) {
    const path = list.slice(0, n);
    const entry = findCommand(path);
    if (entry) return { kind: 'command', entry, argv };
    if (isGroup(path)) {
      if (n < list.length) return { kind: 'unknown', argv, group: path };
      return wantsHelp ? { kind: 'help', path } : { kind: 'missing-command', path };
    }
  }
  return { kind: 'unknown', argv, group: [] };
}

/** Enough of the global flags to print an error the way the user asked, even when parsing failed. */
function errorStyle(argv: string[], env: NodeJS.ProcessEnv): ErrorStyle {
  const outputIndex = argv.findIndex((a) => a === '-o' || a === '--output');
  const json =
    argv.includes('--json') || argv.includes('--output=json') || (outputIndex >= 0 && argv[outputIndex + 1] === 'json');
  const color = !argv.includes('--no-color') && !env.NO_COLOR && env.TERM !== 'dumb' && process.stderr.isTTY === true;
  return { json, debug: argv.includes('--debug'), color };
}

function normaliseError(error: unknown): unknown {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'ExitPromptError' || name === 'AbortPromptError') return cancelled();
  return error;
}

async function main(argv: string[]): Promise<number> {
  const style = errorStyle(argv, process.env);
  try {
    const target = resolveTarget(argv);
    switch (target.kind) {
      case 'version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case 'help':
        process.stdout.write(target.path.length === 0 ? rootHelp() : groupHelp(target.path));
        return 0;
      case 'missing-command':
        process.stderr.write(groupHelp(target.path));
        throw new CliError('usage', `missing command after 'portalctl ${target.path.join(' ')}'`, {
          hint: `run 'portalctl ${target.path.join(' ')} --help' to see its commands`,
        });
      case 'command':
      case 'unknown': {
        const { runProgram } = await import('./program.js');
        if (target.kind === 'command') await runProgram(target.argv, target.entry);
        else await runProgram(target.argv, undefined, target.group);
        return 0;
      }
    }
  } catch (caught) {
    const error = normaliseError(caught);
    process.stderr.write(formatError(error, style));
    return error instanceof CliError ? error.exitCode : exitCodeFor('unexpected');
  }
}

// `portalctl … | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
