// Commander glue: a command's declaration (src/command/define.ts) as a commander command (its
// arguments, flags, help, and an action that parses the command line and calls run()), and
// `action()`, which builds a command's deps from the global flags and closes them afterwards.
import type { Command } from 'commander';
import { innerSchema } from '../contract/paths.js';
import type { World } from '../world.js';
import { type CommandDefinition, optionNames, optionsSchema, parseOptions } from './define.js';
import { createDeps, type Deps, type GlobalFlags } from './deps.js';

export type Commander = typeof import('commander');

/** The value a flag takes when left out, for --help (booleans say nothing). */
function defaultShown(schema: CommandDefinition['options'][string]['schema']): string | undefined {
  if (schema.type !== 'default' || innerSchema(schema).type === 'boolean') return undefined;
  const value = (schema.def as { defaultValue?: unknown }).defaultValue;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

const collect = (value: string, previous: unknown) => [...(Array.isArray(previous) ? previous : []), value];

/** Declares `definition` on `cmd` (a fresh commander Command named after its last word). */
export function applyDefinition(
  cmd: Command,
  definition: CommandDefinition,
  { Option, Argument }: Commander,
  world?: World,
): void {
  cmd.description(definition.description ?? definition.summary);
  const argumentKeys: string[] = [];
  for (const [key, spec] of Object.entries(definition.options)) {
    if (spec.kind === 'arg') {
      cmd.addArgument(new Argument(spec.name, spec.description));
      argumentKeys.push(key);
      continue;
    }
    const option = new Option(spec.flags, spec.description);
    const shown = defaultShown(spec.schema);
    if (shown !== undefined) option.default(shown, spec.defaultText ?? shown);
    else if (spec.defaultText) option.default(undefined, spec.defaultText);
    if (spec.repeatable) option.argParser(collect);
    if (spec.hidden) option.hideHelp();
    cmd.addOption(option);
    if (spec.negation !== undefined) {
      const negated = new Option(`--no-${option.long!.slice(2)}`, spec.negation);
      if (spec.hidden) negated.hideHelp();
      cmd.addOption(negated);
    }
  }
  if (definition.help) cmd.addHelpText('after', definition.help);
  if (definition.examples?.length) cmd.addHelpText('after', examples([...definition.examples]));
  const schema = optionsSchema(definition);
  const names = optionNames(definition);
  cmd.action(
    action(async (deps, ...received: unknown[]) => {
      // commander passes the arguments in order, then the flags (the Command itself is taken by action()).
      const raw: Record<string, unknown> = { ...(received[argumentKeys.length] as Record<string, unknown>) };
      argumentKeys.forEach((key, i) => {
        raw[key] = received[i];
      });
      await definition.run(parseOptions(schema, raw, names), deps);
    }, world),
  );
}

/**
 * The options a command line gives `definition`, parsed exactly as when the command runs, without
 * running it: for tests ("this command line means these options").
 */
export async function parseCommandLine<O extends CommandDefinition['options']>(
  definition: CommandDefinition<O>,
  argv: readonly string[],
): Promise<Parameters<CommandDefinition<O>['run']>[0]> {
  const commander = await import('commander');
  let parsed: Parameters<CommandDefinition<O>['run']>[0] | undefined;
  const cmd = new commander.Command(definition.path.at(-1));
  cmd.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  const capture = {
    ...definition,
    run: async (options: Parameters<CommandDefinition<O>['run']>[0]) => {
      parsed = options;
    },
  } as unknown as CommandDefinition;
  applyDefinition(cmd, capture, commander);
  await cmd.parseAsync([...argv], { from: 'user' });
  if (!parsed) throw new Error(`portalctl ${definition.path.join(' ')}: the command line did not reach the command`);
  return parsed;
}

/**
 * The global options as a command sees them: given before the command words (the program's) or
 * after them (the command's own copy); a value typed on the command line beats a default.
 */
export function readGlobals(command: Command): GlobalFlags {
  const merged: Record<string, unknown> = {};
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c);
  for (const cmd of chain) {
    for (const [key, value] of Object.entries(cmd.opts())) {
      if (value === undefined) continue;
      if (cmd.getOptionValueSource(key) !== 'default' || merged[key] === undefined) merged[key] = value;
    }
  }
  return merged as GlobalFlags;
}

/**
 * Wraps a command's action: builds deps from the global flags, runs, and always closes the API
 * pool and the local portal. Commander passes (...arguments, options, command).
 */
export function action<Args extends unknown[]>(
  fn: (deps: Deps, ...args: Args) => Promise<void>,
  world?: World,
): (...received: unknown[]) => Promise<void> {
  return async (...received: unknown[]) => {
    const command = received.at(-1) as Command;
    const deps = createDeps(readGlobals(command), world);
    try {
      await fn(deps, ...(received.slice(0, -1) as Args));
    } finally {
      await deps.close();
    }
  };
}

/** The Examples block of a command's --help. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
