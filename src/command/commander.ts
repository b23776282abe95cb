// A command's declaration (src/command/define.ts) as a commander command: its arguments, flags,
// help and an action that parses the command line with the declared schemas and calls run().
import type { Command } from 'commander';
import { action, examples, parseOptions, type World } from '../deps.js';
import { type CommandDefinition, innerSchema, optionNames, optionsSchema } from './define.js';

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
