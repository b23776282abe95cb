// The commander program, built from the static registry: every group and command appears (for
// help and "did you mean" suggestions), but only the command the user named loads its module and
// registers its arguments, options and action.
//
// Loading commander and building its tree costs a command about 10 ms of start-up, so a plain
// command line for a known command is read without it (parseQuick): the command registers on a
// recorder, and the words are read the way commander reads them. Anything else (help, an unknown
// or misspelt option, a missing value, a custom option parser...) goes to commander, which runs
// the command or reports the error as always. test/unit/quick-parse.test.ts holds the two to the
// same results for every command.
import type { Command } from 'commander';
import { CliError } from './errors.js';
import { type CommandEntry, commands, globalOptions, groups, moduleFile } from './registry.js';
import { VERSION } from './version.js';

export interface CommandModule {
  register(cmd: Command): void;
}

/** Loads src/commands/<path>.ts. esbuild bundles every file under src/commands as its own chunk. */
export async function loadCommand(entry: CommandEntry): Promise<CommandModule> {
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

// ── The quick path ───────────────────────────────────────────────────────────────────────────

/** An option as commander reads it (the subset the quick path handles). */
interface QuickOption {
  short?: string;
  long: string;
  /** Key in opts(): camelCase of the long name, without `no-` when negated. */
  key: string;
  takesValue: boolean;
  negate: boolean;
  defaultValue: unknown;
}

interface QuickArgument {
  required: boolean;
  defaultValue: unknown;
}

/** What a command declared in register(). */
interface Declared {
  arguments: QuickArgument[];
  options: QuickOption[];
  action?: (...args: unknown[]) => unknown;
}

/** A command line or a declaration the quick path leaves to commander. */
class NotQuick extends Error {}

const camelcase = (name: string) => name.replace(/-([a-z0-9])/gi, (_, c: string) => c.toUpperCase());

/** commander's reading of option flags such as `-o, --output <format>`, `--no-color`, `--all`. */
function quickOption(flags: string, defaultValue: unknown): QuickOption {
  const parts = flags.split(/[ |,]+/).filter(Boolean);
  let short: string | undefined;
  let long: string | undefined;
  let value: string | undefined;
  for (const part of parts) {
    if (/^-[^-]$/.test(part) && !short && !long) short = part;
    else if (/^--[^-]/.test(part) && !long) long = part;
    else if (/^<[^.<>[\]]+>$/.test(part) && !value && long) value = part;
    else throw new NotQuick(); // [optional] or <variadic...> values, two long flags...
  }
  if (!long) throw new NotQuick();
  const negate = long.startsWith('--no-');
  const name = long.slice(2);
  return {
    ...(short ? { short } : {}),
    long,
    key: camelcase(negate ? name.slice(3) : name),
    takesValue: value !== undefined,
    negate,
    defaultValue,
  };
}

/** A stand-in for the Command a module registers on: records what commander would be told. */
function recorder(declared: Declared): Command {
  const self: Record<string, unknown> = {
    description: () => proxy,
    summary: () => proxy,
    addHelpText: () => proxy,
    argument(name: string, _description?: string, ...rest: unknown[]) {
      if (rest.length > 1 || typeof rest[0] === 'function' || !/^(<[^.<>[\]]+>|\[[^.<>[\]]+\])$/.test(name)) {
        throw new NotQuick(); // custom parser, variadic or odd syntax
      }
      declared.arguments.push({ required: name.startsWith('<'), defaultValue: rest[0] });
      return proxy;
    },
    option(flags: string, _description?: string, ...rest: unknown[]) {
      if (rest.length > 1 || typeof rest[0] === 'function' || rest[0] instanceof RegExp) throw new NotQuick();
      declared.options.push(quickOption(flags, rest[0]));
      return proxy;
    },
    action(fn: (...args: unknown[]) => unknown) {
      declared.action = fn;
      return proxy;
    },
  };
  const proxy = new Proxy(self, {
    get(target, key) {
      if (typeof key === 'string' && Object.hasOwn(target, key)) return target[key];
      throw new NotQuick(); // any other Command method: commander's job
    },
  }) as unknown as Command;
  return proxy;
}

/** Option values as commander keeps them: defaults first, then lone `--no-x` defaults, then the command line. */
class Values {
  readonly values: Record<string, unknown> = {};
  readonly sources: Record<string, string> = {};
  constructor(readonly options: readonly QuickOption[]) {
    for (const option of options) {
      if (option.defaultValue !== undefined) this.set(option.key, option.defaultValue, 'default');
    }
    for (const option of options) {
      const lone = !options.some((o) => o.long === `--${option.long.slice(5)}`);
      if (option.negate && option.defaultValue === undefined && this.values[option.key] === undefined && lone) {
        this.set(option.key, true, 'default');
      }
    }
  }
  find(flag: string): QuickOption | undefined {
    return this.options.find((o) => o.long === flag || o.short === flag);
  }
  set(key: string, value: unknown, source: string): void {
    this.values[key] = value;
    this.sources[key] = source;
  }
  /** Reads the option at args[i] (an option word); returns the index after it. */
  read(args: readonly string[], i: number): number {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const option = this.find(eq > 0 ? arg.slice(0, eq) : arg);
    if (!option) throw new NotQuick(); // unknown, -h/--help, combined short flags, -ojson...
    if (!option.takesValue) {
      if (eq > 0) throw new NotQuick();
      this.set(option.key, !option.negate, 'cli');
      return i + 1;
    }
    if (eq > 0) {
      this.set(option.key, arg.slice(eq + 1), 'cli');
      return i + 1;
    }
    const value = args[i + 1];
    // A missing value is commander's error to report; a value that looks like an option, its call.
    if (value === undefined || (value.length > 1 && value.startsWith('-'))) throw new NotQuick();
    this.set(option.key, value, 'cli');
    return i + 2;
  }
}

/**
 * The parts of a Command that actions use (opts, optsWithGlobals, getOptionValueSource, parent,
 * name, as readGlobals() does); any other member is an error that says so.
 */
function standIn(name: string, parent: Command | null, values = new Values([])): Command {
  const members: Record<string, unknown> = {
    name: () => name,
    parent,
    opts: () => values.values,
    getOptionValueSource: (key: string) => values.sources[key],
    // As commander: the program's values win over the command's.
    optsWithGlobals: () => ({ ...values.values, ...((parent?.optsWithGlobals() as object) ?? {}) }),
  };
  return new Proxy(members, {
    get(target, key) {
      if (typeof key === 'string' && Object.hasOwn(target, key)) return target[key];
      if (key === 'then' || typeof key === 'symbol') return undefined;
      throw new Error(`command.${key} is not available to actions on the quick path (src/program.ts)`);
    },
  }) as unknown as Command;
}

const isOption = (arg: string) => arg.length > 1 && arg.startsWith('-');

/**
 * Reads `argv` for `entry` as commander would, or returns undefined when commander must: the
 * action to run, with the arguments commander would pass it.
 */
export function parseQuick(
  argv: readonly string[],
  entry: CommandEntry,
  module: CommandModule,
): { action: (...args: unknown[]) => unknown; args: unknown[]; command: Command } | undefined {
  try {
    const declared: Declared = { arguments: [], options: [] };
    module.register(recorder(declared));
    if (!declared.action) return undefined;
    // The program's global options, and their hidden copies on the command (see addGlobalOptions).
    const programOptions = globalOptions.map((o) => quickOption(o.flags, undefined));
    const taken = new Set(declared.options.flatMap((o) => [o.long, o.short]));
    const copies = programOptions.filter((o) => !taken.has(o.long) && !(o.short && taken.has(o.short)));
    const program = new Values(programOptions);
    const own = new Values([...declared.options, ...copies]);

    // Program options, then the command's words with nothing in between, then the command's part.
    let i = 0;
    while (i < argv.length && isOption(argv[i]!)) i = program.read(argv, i);
    for (const word of entry.path) {
      if (argv[i] !== word) return undefined;
      i++;
    }
    const operands: string[] = [];
    while (i < argv.length) {
      const arg = argv[i]!;
      if (arg === '--' || arg === '-') return undefined;
      if (isOption(arg)) i = own.read(argv, i);
      else {
        operands.push(arg);
        i++;
      }
    }
    if (operands.length > declared.arguments.length) return undefined; // commander: too many arguments
    const args = declared.arguments.map((argument, n) => {
      if (n < operands.length) return operands[n];
      if (argument.required) throw new NotQuick(); // commander: missing required argument
      return argument.defaultValue;
    });

    let parent = standIn('portalctl', null, program);
    for (let depth = 1; depth < entry.path.length; depth++) parent = standIn(entry.path[depth - 1]!, parent);
    const command = standIn(entry.path.at(-1)!, parent, own);
    return { action: declared.action, args: [...args, own.values, command], command };
  } catch (error) {
    if (error instanceof NotQuick) return undefined;
    throw error;
  }
}

// ── commander ────────────────────────────────────────────────────────────────────────────────

export type Commander = typeof import('commander');

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
  // A known command needs only its own groups; an unknown one, every name for "did you mean".
  for (const group of groups) {
    if (!only || only.slice(0, group.path.length).join(' ') === group.path.join(' ')) node(group.path);
  }
  return { program, nodes };
}

/**
 * commander's program for `target` (registered from `module`), or, without a target, with every
 * command's name (for "did you mean"). `leaf` is the target's Command.
 */
export function commanderProgram(
  commander: Commander,
  target: CommandEntry | undefined,
  module: CommandModule | undefined,
): { program: Command; leaf: Command | undefined } {
  const { program, nodes } = buildProgram(commander, target?.path);
  let leaf: Command | undefined;
  for (const entry of target ? [target] : commands) {
    const parentPath = entry.path.slice(0, -1);
    const parent = parentPath.length === 0 ? program : nodes.get(parentPath.join(' '))!;
    const cmd = parent.command(entry.path.at(-1)!).summary(entry.summary).description(entry.summary);
    if (entry === target && module) {
      module.register(cmd);
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

/**
 * Parses argv and runs the target command. `helpPath` names the group whose help an unknown
 * command should point to.
 */
export async function runProgram(
  argv: string[],
  target: CommandEntry | undefined,
  helpPath: readonly string[] = [],
): Promise<void> {
  const module = target ? await loadCommand(target) : undefined;
  const quick = target && module ? parseQuick(argv, target, module) : undefined;
  try {
    if (quick) {
      await quick.action.apply(quick.command, quick.args);
    } else {
      const commander = await import('commander');
      await commanderProgram(commander, target, module).program.parseAsync(argv, { from: 'user' });
    }
  } catch (error) {
    if (!isCommanderError(error)) throw error;
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
