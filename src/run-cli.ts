// One run of portalctl in a world (streams, environment): argv is read against the command list;
// --version, --help and group help are answered from it alone; any other command loads the one
// module the command line names (src/program.ts). Every error ends here, is printed once, and
// becomes the exit code of its kind (src/errors.ts). src/cli.ts runs it in the process; tests run
// it in theirs with captured streams (test/helpers/world.ts).

import { CliError, cancelled, exitCodeFor, formatError } from './errors.js';
import { groupHelp, rootHelp } from './help.js';
import { colorEnabled } from './io/color.js';
import { type CommandEntry, findCommand, GLOBAL_VALUE_FLAGS, isGroup } from './registry.js';
import { OperatorError } from './server/operator-error.js';
import { readableTimesIn } from './time.js';
import { VERSION } from './version.js';
import { processWorld, type World } from './world.js';

interface ErrorStyle {
  json: boolean;
  debug: boolean;
  color: boolean;
  times: (text: string) => string;
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
function errorStyle(argv: string[], world: World): ErrorStyle {
  const outputIndex = argv.findIndex((a) => a === '-o' || a === '--output');
  const json =
    argv.includes('--json') || argv.includes('--output=json') || (outputIndex >= 0 && argv[outputIndex + 1] === 'json');
  const env = world.env;
  const color = colorEnabled(world.stderr, env, argv.includes('--no-color') ? false : undefined);
  const now = world.clock ?? (() => new Date());
  return { json, debug: argv.includes('--debug'), color, times: (text) => readableTimesIn(text, now(), env.TZ) };
}

function normaliseError(error: unknown): unknown {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'ExitPromptError' || name === 'AbortPromptError') return cancelled();
  if (error instanceof OperatorError) {
    return new CliError(error.kind, error.message, { ...(error.hint ? { hint: error.hint } : {}), cause: error });
  }
  return error;
}

/** Runs one command line; returns the exit code. */
export async function runCli(argv: string[], given?: World): Promise<number> {
  // The world given (src/cli.ts's, or a test's) reaches the command; without one, the process's.
  const world = given ?? processWorld(undefined, argv);
  const style = errorStyle(argv, world);
  try {
    const target = resolveTarget(argv);
    switch (target.kind) {
      case 'version':
        world.stdout.write(`${VERSION}\n`);
        return 0;
      case 'help':
        world.stdout.write(target.path.length === 0 ? rootHelp() : groupHelp(target.path));
        return 0;
      case 'missing-command':
        world.stderr.write(groupHelp(target.path));
        throw new CliError('usage', `missing command after 'portalctl ${target.path.join(' ')}'`, {
          hint: `run 'portalctl ${target.path.join(' ')} --help' to see its commands`,
        });
      case 'command':
      case 'unknown': {
        const { runProgram } = await import('./program.js');
        if (target.kind === 'command') await runProgram(target.argv, target.entry, [], world);
        else await runProgram(target.argv, undefined, target.group, world);
        return 0;
      }
    }
  } catch (caught) {
    const error = normaliseError(caught);
    world.stderr.write(formatError(error, style));
    return error instanceof CliError ? error.exitCode : exitCodeFor('unexpected');
  }
}
