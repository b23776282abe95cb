// The commander program, built from the static registry: every group and command appears (for
// help and "did you mean" suggestions), but only the command the user named loads its module and
// registers its arguments, options and action.
import { Command, CommanderError, Option } from 'commander';
import { CliError } from './errors.js';
import { type CommandEntry, commands, globalOptions, groups, moduleFile } from './registry.js';
import { VERSION } from './version.js';

export interface CommandModule {
  register(cmd: Command): void;
}

/** Loads src/commands/<path>.ts. esbuild bundles every file under src/commands as its own chunk. */
async function loadCommand(entry: CommandEntry): Promise<CommandModule> {
  let module: Partial<CommandModule>;
  try {
    module = (await import(`./commands/${moduleFile(entry.path)}.ts`)) as Partial<CommandModule>;
  } catch (error) {
    if (String((error as Error)?.message).includes('not found')) {
      throw new CliError('usage', `portalctl ${entry.path.join(' ')} is not available in this version yet`);
    }
    throw error;
  }
  if (typeof module.register !== 'function') {
    throw new Error(`src/commands/${moduleFile(entry.path)}.ts does not export register(cmd)`);
  }
  return module as CommandModule;
}

/** The global options on the command itself (hidden: its help lists them as global options). */
function addGlobalOptions(cmd: Command): void {
  const taken = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
  for (const option of globalOptions) {
    const flags = option.flags.split(/[ ,]+/).filter((f) => f.startsWith('-'));
    if (flags.some((f) => taken.has(f))) continue;
    cmd.addOption(new Option(option.flags, option.description).hideHelp());
  }
}

function buildProgram(): { program: Command; nodes: Map<string, Command> } {
  const program = new Command('portalctl');
  program
    .description('Administer a Jobs Portal from the command line.')
    .version(VERSION, '-V, --version', 'Print the version')
    .helpOption('-h, --help', 'Show help')
    .helpCommand(false)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    // Errors are printed once, by src/cli.ts, in the same format as every other error.
    .configureOutput({ outputError: () => {} });
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
    const summary = groups.find((g) => g.path.join(' ') === key)?.summary ?? '';
    const group = parent.command(path.at(-1)!).summary(summary).description(summary);
    nodes.set(key, group);
    return group;
  };
  for (const group of groups) node(group.path);
  return { program, nodes };
}

/**
 * Parses argv and runs the target command. `helpPath` names the group whose help an unknown
 * command should point to.
 */
export async function runProgram(
  argv: string[],
  target: CommandEntry | undefined,
  helpPath: readonly string[] = [],
): Promise<void> {
  const { program, nodes } = buildProgram();
  // A known command needs only itself in the tree; an unknown one needs every name, for the
  // "did you mean" suggestion.
  for (const entry of target ? [target] : commands) {
    const parentPath = entry.path.slice(0, -1);
    const parent = parentPath.length === 0 ? program : nodes.get(parentPath.join(' '))!;
    const cmd = parent.command(entry.path.at(-1)!).summary(entry.summary).description(entry.summary);
    if (entry === target) {
      (await loadCommand(entry)).register(cmd);
      addGlobalOptions(cmd);
    }
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return;
    if (error.code === 'commander.executeSubCommandAsync') throw error;
    const [first, ...rest] = error.message.replace(/^error: /, '').split('\n');
    const suggestion = rest.join(' ').trim();
    const where = `portalctl ${(target?.path ?? helpPath).join(' ')} --help`.replace(/ {2}/, ' ');
    const didYouMean = suggestion.replace(/^\(|\)$/g, '').replace(/^Did you mean/, 'did you mean');
    throw new CliError('usage', first ?? 'invalid command line', {
      hint: didYouMean ? `${didYouMean} See '${where}'.` : `see '${where}'`,
    });
  }
}
