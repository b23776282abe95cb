// One declaration per command: its words, summary, help, positional arguments, flags (each with
// the zod schema that checks it) and run. The commander command, `--help`, shell completion, the
// command list (dist/manifest.json, written at build time) and option parsing all come from it.
//
//   export default defineCommand({
//     path: ['clients', 'get'],
//     summary: 'Show one client',
//     description: 'Show one client: profile, status, invitation…',
//     options: {
//       client: arg('[client]', 'client id (cl_…) or email address', z.string().min(1).optional()),
//       dryRun: flag('--dry-run', 'show what would happen, change nothing', z.boolean().default(false)),
//     },
//     examples: ['portalctl clients get ada@example.org --json'],
//     run: async (options, deps) => { … },
//   });
import * as z from 'zod';
import { innerSchema } from '../contract/paths.js';
import { usageError } from '../errors.js';
import { issueSentence } from '../io/issue-text.js';
import type { Deps } from './deps.js';

/** A flag: commander's flags text (`--limit <n>`, `-o, --output <format>`, `--no-invite`). */
export interface FlagSpec<S extends z.ZodType = z.ZodType> {
  kind: 'flag';
  flags: string;
  description: string;
  schema: S;
  /** Shown in --help as the default (what the schema fills in when the flag is left out). */
  defaultText?: string;
  /** The flag may be given several times; its values are collected into an array. */
  repeatable?: boolean;
  /**
   * A boolean flag that also has its `--no-` form, described by this text (`--job-post-updates`
   * and `--no-job-post-updates`): true, false, or left out (undefined).
   */
  negation?: string;
  hidden?: boolean;
}

/** A positional argument: `<name>` (required), `[name]` (optional), `[name...]` (several). */
export interface ArgSpec<S extends z.ZodType = z.ZodType> {
  kind: 'arg';
  name: string;
  description: string;
  schema: S;
}

export type OptionSpec = FlagSpec | ArgSpec;
export type OptionSpecs = Record<string, OptionSpec>;

/** What run() gets: each declared option's parsed value. */
export type OptionsOf<O extends OptionSpecs> = { [K in keyof O]: z.output<O[K]['schema']> };

export interface CommandDefinition<O extends OptionSpecs = OptionSpecs> {
  path: readonly string[];
  /** One line, for the list of commands. */
  summary: string;
  /** The command's own --help text (default: the summary). */
  description?: string;
  options: O;
  /** More --help after the flags, before the examples: sections such as "Columns:" or "Exit codes:". */
  help?: string;
  /** Rules across options (e.g. two flags that exclude each other); issues name the flags. */
  refine?(options: OptionsOf<O>, ctx: z.RefinementCtx): void;
  examples?: readonly string[];
  /** An older name, kept so that scripts keep working: it runs, but lists and completion leave it out. */
  hidden?: boolean;
  run(options: OptionsOf<O>, deps: Deps): Promise<void>;
}

export function flag<S extends z.ZodType>(
  flags: string,
  description: string,
  schema: S,
  extra: Pick<FlagSpec, 'defaultText' | 'repeatable' | 'negation' | 'hidden'> = {},
): FlagSpec<S> {
  return { kind: 'flag', flags, description, schema, ...extra };
}

export function arg<S extends z.ZodType>(name: string, description: string, schema: S): ArgSpec<S> {
  return { kind: 'arg', name, description, schema };
}

export function defineCommand<O extends OptionSpecs>(definition: CommandDefinition<O>): CommandDefinition<O> {
  return definition;
}

/** `definition` under an older name of it (`clients task add` for `clients tasks add`), hidden. */
export function olderName<O extends OptionSpecs>(
  definition: CommandDefinition<O>,
  path: readonly string[],
): CommandDefinition<O> {
  const current = `portalctl ${definition.path.join(' ')}`;
  return {
    ...definition,
    path,
    hidden: true,
    description: `The older name of ${current}, kept so that scripts written for it keep working. ${definition.description ?? definition.summary}`,
  };
}

// ── Reading a declaration ────────────────────────────────────────────────────────────────────

export const camelCase = (name: string) => name.replace(/-([a-z0-9])/gi, (_, c: string) => c.toUpperCase());

/** `camelCase` option key -> `--kebab-case` flag, for messages. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The parts of commander's flags text: `-o, --output <format>` -> short, long, value. */
export function parseFlags(flags: string): { short?: string; long: string; value?: string; key: string } {
  const parts = flags.split(/[ ,|]+/).filter(Boolean);
  const short = parts.find((p) => /^-[^-]$/.test(p));
  const long = parts.find((p) => p.startsWith('--'));
  const value = parts.find((p) => /^[<[]/.test(p));
  if (!long) throw new Error(`flag "${flags}" has no --long name`);
  const name = long.slice(2);
  const key = camelCase(name.startsWith('no-') ? name.slice(3) : name);
  return { ...(short ? { short } : {}), long, ...(value ? { value } : {}), key };
}

/** The values of an enum flag, for --help and completion. */
export function choicesOf(schema: z.ZodType): string[] | undefined {
  const inner = innerSchema(schema);
  return inner instanceof z.ZodEnum ? (inner.options as string[]) : undefined;
}

/** The options schema that checks a command line: every declared option, plus `refine`. */
export function optionsSchema<O extends OptionSpecs>(definition: CommandDefinition<O>): z.ZodType<OptionsOf<O>> {
  const shape = Object.fromEntries(Object.entries(definition.options).map(([key, spec]) => [key, spec.schema]));
  const object = z.object(shape) as unknown as z.ZodType<OptionsOf<O>>;
  const refine = definition.refine;
  return refine ? object.superRefine((value, ctx) => refine(value, ctx)) : object;
}

/** Each option with how it is named in messages: `--flag` or `<argument>`. */
export function optionNames(definition: CommandDefinition): Record<string, string> {
  return Object.fromEntries(
    Object.entries(definition.options).map(([key, spec]) => [
      key,
      spec.kind === 'arg' ? `<${spec.name.replace(/[[\]<>.]/g, '')}>` : parseFlags(spec.flags).long,
    ]),
  );
}

/**
 * Checks that a declaration is consistent: each flag's key is the option's key (as commander
 * names it), arguments are in a valid order. The build runs it for every command.
 */
export function checkDefinition(definition: CommandDefinition): string[] {
  const problems: string[] = [];
  const where = `portalctl ${definition.path.join(' ')}`;
  let optionalSeen = false;
  for (const [key, spec] of Object.entries(definition.options)) {
    if (spec.kind === 'flag') {
      const parsed = parseFlags(spec.flags);
      if (parsed.key !== key)
        problems.push(`${where}: flag ${spec.flags} must be declared as "${parsed.key}", not "${key}"`);
      const boolean = innerSchema(spec.schema).type === 'boolean';
      if (boolean === Boolean(parsed.value)) {
        problems.push(
          `${where}: flag ${spec.flags} ${boolean ? 'is a boolean and takes no value' : 'needs a <value>'}`,
        );
      }
      if (spec.negation !== undefined && (!boolean || parsed.long.startsWith('--no-')))
        problems.push(`${where}: flag ${spec.flags} has a --no- form only as a positive boolean flag`);
    } else {
      if (!/^(<[\w-]+(\.\.\.)?>|\[[\w-]+(\.\.\.)?\])$/.test(spec.name))
        problems.push(`${where}: argument ${spec.name}`);
      const name = camelCase(spec.name.replace(/[[\]<>.]/g, ''));
      if (name !== key) problems.push(`${where}: argument ${spec.name} must be declared as "${name}", not "${key}"`);
      if (spec.name.startsWith('[')) optionalSeen = true;
      else if (optionalSeen) problems.push(`${where}: required argument ${spec.name} after an optional one`);
    }
  }
  return problems;
}

/** What the command list needs of a command without loading it (dist/manifest.json). */
export interface ManifestEntry {
  path: string[];
  summary: string;
  /** Long flags with their value placeholder (for completion). */
  flags: { long: string; short?: string; value?: string; choices?: string[] }[];
  /** An older name (see CommandDefinition.hidden). */
  hidden?: true;
}

export function manifestEntry(definition: CommandDefinition): ManifestEntry {
  return {
    path: [...definition.path],
    summary: definition.summary,
    ...(definition.hidden ? { hidden: true as const } : {}),
    flags: Object.values(definition.options)
      .filter((spec): spec is FlagSpec => spec.kind === 'flag' && !spec.hidden)
      .flatMap((spec) => {
        const { short, long, value } = parseFlags(spec.flags);
        const choices = choicesOf(spec.schema);
        const entry = {
          long,
          ...(short ? { short } : {}),
          ...(value ? { value } : {}),
          ...(choices ? { choices } : {}),
        };
        return spec.negation === undefined ? [entry] : [entry, { long: `--no-${long.slice(2)}` }];
      }),
  };
}

// ── Parsing a command line ───────────────────────────────────────────────────────────────────

/**
 * Parses a command's raw flags with its zod options schema. A failure is a usage error naming
 * the flag (or `<argument>` when `argumentNames` maps the key) and why.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  raw: Record<string, unknown>,
  argumentNames: Record<string, string> = {},
): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = (schema as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const issues = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    if (!key) return issue.message;
    return issueSentence(argumentNames[key] ?? flagName(key), issue, fields[key]);
  });
  // A rule across options (a command's refine) may say how to fix it: `params: { hint }`.
  const hint = parsed.error.issues
    .map((issue) => (issue.code === 'custom' ? issue.params?.hint : undefined))
    .find((h): h is string => typeof h === 'string');
  throw usageError(issues.join('; '), hint ?? 'see --help for the accepted values');
}

export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw usageError(`--timeout must be a number of seconds between 0 and 3600 (got "${value}")`, 'e.g. --timeout 60');
  }
  return Math.round(seconds * 1000);
}
