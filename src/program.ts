// The commander program for one command line: every group and command appears (for help and
// "did you mean" suggestions), but only the command the user named loads its module and declares
// its arguments and flags (src/command/commander.ts).
import type { Command } from 'commander';
import { applyDefinition, type Commander } from './command/commander.js';
import type { CommandDefinition } from './command/define.js';
import { CliError } from './errors.js';
import { type CommandEntry, commands, globalOptions, groups, moduleFile } from './registry.js';
import { VERSION } from './version.js';
import type { World } from './world.js';

export interface CommandModule {
  /** The command's declaration (src/command/define.ts). */
  default?: CommandDefinition;
}

/** Loads src/commands/<path>.ts. esbuild bundles every file under src/commands as its own chunk. */
export async function loadCommand(entry: CommandEntry): Promise<CommandModule> {
  let module: CommandModule;
  try {
    // esbuild bundles the files this template matches; under vitest the path is resolved as it is.
    module = (await import(/* @vite-ignore */ `./commands/${moduleFile(entry.path)}.ts`)) as CommandModule;
  } catch (error) {
    if (String((error as Error)?.message).includes('not found')) {
      throw new CliError('usage', `portalctl ${entry.path.join(' ')} is not available in this version yet`);
    }
    throw error;
  }
  if (!module.default) {
    throw new Error(`src/commands/${moduleFile(entry.path)}.ts exports no command (export default defineCommand(…))`);
  }
  return module;
}

/** The global options on the command itself (hidden: its help lists them as global options). */
function addGlobalOptions(cmd: Command, { Option }: Commander): void {
  const taken = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
  for (const option of globalOptions) {
    const flags = option.flags.split(/[ ,]+/).filter((f) => f.startsWith('-'));
    if (flags.some((f) => taken.has(f))) continue;
    cmd.addOption(new Option(option.flags, option.description).hideHelp());
  }
}

function buildProgram(
  { Command }: Commander,
  only?: readonly string[],
  world?: World,
): { program: Command; nodes: Map<string, Command> } {
  const program = new Command('portalctl');
  program
    .description('Administer a Jobs Portal from the command line.')
    .version(VERSION, '-V, --version', 'Print the version')
    .helpOption('-h, --help', 'Show help')
    .helpCommand(false)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    // Errors are printed once, by src/run-cli.ts, in the same format as every other error.
    .configureOutput({
      outputError: () => {},
      ...(world
        ? { writeOut: (text: string) => world.stdout.write(text), writeErr: (text: string) => world.stderr.write(text) }
        : {}),
    });
  // Before the command words, the program takes the global options; after them, the command
  // does (see addGlobalOptions), so a command may define its own option of the same name
  // (`server --json`) without the program swallowing it.
  program.enablePositionalOptions();
  for (const option of globalOptions) program.option(option.flags, option.description);

  const nodes = new Map<string, Command>([['', program]]);
  const node = (path: readonly string[]): Command => {
    const key = path.join(' ');
    const existing = nodes.get(key);
    if (existing) return existing;
    const parent = node(path.slice(0, -1));
    const entry = groups.find((g) => g.path.join(' ') === key);
    const summary = entry?.summary ?? '';
    // Older names are not offered by "did you mean".
    const group = parent
      .command(path.at(-1)!, { hidden: entry?.hidden === true })
      .summary(summary)
      .description(summary);
    nodes.set(key, group);
    return group;
  };
  // A known command needs only its own groups; an unknown one, every name for "did you mean".
  for (const group of groups) {
    if (!only || only.slice(0, group.path.length).join(' ') === group.path.join(' ')) node(group.path);
  }
  return { program, nodes };
}

/**
 * commander's program for `target` (declared from `module`), or, without a target, with every
 * command's name (for "did you mean"). `leaf` is the target's Command.
 */
export function commanderProgram(
  commander: Commander,
  target: CommandEntry | undefined,
  module: CommandModule | undefined,
  world?: World,
): { program: Command; leaf: Command | undefined } {
  const { program, nodes } = buildProgram(commander, target?.path, world);
  let leaf: Command | undefined;
  for (const entry of target ? [target] : commands()) {
    const parentPath = entry.path.slice(0, -1);
    const parent = parentPath.length === 0 ? program : nodes.get(parentPath.join(' '))!;
    // A command can also be a group (`server`, and `server tokens …`): one node for both.
    const cmd = (
      nodes.get(entry.path.join(' ')) ?? parent.command(entry.path.at(-1)!, { hidden: entry.hidden === true })
    )
      .summary(entry.summary)
      .description(entry.summary);
    if (entry === target && module?.default) {
      applyDefinition(cmd, module.default, commander, world);
      addGlobalOptions(cmd, commander);
      leaf = cmd;
    }
  }
  return { program, leaf };
}

/** commander's own errors (a CommanderError, without loading commander to ask instanceof). */
function isCommanderError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('commander.');
}

/** Words that can name a command; anything else is not repeated back (it may be a pasted token). */
const COMMAND_WORD = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * commander's message without the values typed on the command line. A value refused there may be a
 * token pasted in the wrong place (`login SECRET`, `--token=SECRET`), and error messages end up in
 * terminals, CI logs and --json output: they name the flag or argument, never the value.
 */
export function withoutValues(code: string, message: string): string {
  switch (code) {
    case 'commander.unknownOption':
      return message.replace(/^unknown option '(.*)'/s, (_, flag: string) => {
        // `--name=value` -> `--name`; `-xVALUE` -> `-x`.
        const name = flag.startsWith('--') ? flag.split('=', 1)[0]! : flag.slice(0, 2);
        return `unknown option '${name}'`;
      });
    case 'commander.excessArguments':
      return message.replace(/ but got (\d+): .*$/s, ' but got $1 (not repeated here).');
    case 'commander.invalidArgument':
      return message
        .replace(/^option '(.+?)' argument '.*' is invalid\./s, "option '$1' has an invalid value:")
        .replace(/^option '(.+?)' value '.*' from env '(.+?)' is invalid\./s, "option '$1' has an invalid value in $2:")
        .replace(
          /^command-argument value '.*' is invalid for argument '(.+?)'\./s,
          "argument '$1' has an invalid value:",
        );
    case 'commander.unknownCommand':
      return message.replace(/^unknown command '(.*?)'(?=$|\n| )/s, (whole, word: string) =>
        COMMAND_WORD.test(word) ? whole : 'unknown command (not repeated here: it is not a command name)',
      );
    default:
      return message;
  }
}

/**
 * Parses argv and runs the target command. `helpPath` names the group whose help an unknown
 * command should point to.
 */
export async function runProgram(
  argv: string[],
  target: CommandEntry | undefined,
  helpPath: readonly string[] = [],
  world?: World,
): Promise<void> {
  const [module, commander] = await Promise.all([target ? loadCommand(target) : undefined, import('commander')]);
  try {
    await commanderProgram(commander, target, module, world).program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!isCommanderError(error)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return;
    if (error.code === 'commander.executeSubCommandAsync') throw error;
    const [first, ...rest] = withoutValues(error.code, error.message.replace(/^error: /, '')).split('\n');
    const suggestion = rest.join(' ').trim();
    const where = `portalctl ${(target?.path ?? helpPath).join(' ')} --help`.replace(/ {2}/, ' ');
    const didYouMean = suggestion.replace(/^\(|\)$/g, '').replace(/^Did you mean/, 'did you mean');
    const secretFlag = error.code === 'commander.unknownOption' && /token|key|secret|password/i.test(first ?? '');
    const loginArgument = error.code === 'commander.excessArguments' && target?.path.join(' ') === 'login';
    throw new CliError('usage', first ?? 'invalid command line', {
      hint:
        secretFlag || loginArgument
          ? 'a token is never taken from the command line (ps and shell history show it): portalctl login asks for it, or reads it from stdin with --with-token; scripts can set PORTALCTL_TOKEN'
          : didYouMean
            ? `${didYouMean} See '${where}'.`
            : `see '${where}'`,
    });
  }
}
