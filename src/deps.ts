// What a command's `run(options, deps)` gets from the world: streams, output layer, prompter,
// the API (created on first use), clock. `run` never touches `process`, never exits and never
// prompts on its own; tests hand it other streams and a real server.
//
// The pattern of every command module (see src/commands/clients/get.ts):
//
//   export function register(cmd: Command): void {
//     cmd.description('…').argument('[client]', '…').option('--flag <v>', '…')
//       .addHelpText('after', examples(['portalctl …']))
//       .action(action(async (deps, client: string | undefined, flags: Flags) => {
//         const options = parseOptions(OptionsSchema, { …flags, client });   // usage errors name the flag
//         await run(options, deps);
//       }));
//   }
//   export async function run(options: Options, deps: Deps): Promise<void> { … deps.out.one(view, item) }
import type { Command } from 'commander';
import type { ZodType, z } from 'zod';
import type { ApiClient } from './api/client.js';
import { type Connection, resolveConnection } from './config/connection.js';
import type { LocalPortal } from './config/local-portal.js';
import type { ProfileStore } from './config/store.js';
import { usageError } from './errors.js';
import { issueSentence } from './io/issue-text.js';
import { createOutput, type Output, type OutStream } from './io/output.js';
import { createPrompter, isInteractive, type Prompter } from './io/prompter.js';
import { processWorld, type World } from './world.js';

export { processWorld, type World } from './world.js';

/** Options of the root program, available to every command. */
export interface GlobalFlags {
  json?: boolean;
  output?: string;
  fields?: string;
  quiet?: boolean;
  /** false with --no-color */
  color?: boolean;
  /** false with --no-input */
  input?: boolean;
  yes?: boolean;
  profile?: string;
  url?: string;
  /** Seconds, as typed. */
  timeout?: string;
  insecureHttp?: boolean;
  debug?: boolean;
}

export interface Deps {
  readonly flags: GlobalFlags;
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Record<string, string | undefined>;
  /** A person can answer prompts (TTY on stdin and stderr, no --no-input, not CI). */
  readonly interactive: boolean;
  readonly clock: () => Date;
  /** The output layer, bound to --json/-o/--fields/-q/--no-color. */
  readonly out: Output;
  readonly prompter: Prompter;
  /** The API client for the resolved portal; created (and the local portal started) on first call. */
  api(): Promise<ApiClient>;
  /** Which portal and token, and where each came from (never print the token). */
  connection(): Promise<Connection>;
  /** The saved profiles (opens the config file). */
  profiles(): Promise<ProfileStore>;
  /** The Idempotency-Key for a create/send: the one given (--idempotency-key), else a fresh UUID. */
  idempotencyKey(given?: string): string;
  /** A --debug line on stderr (never pass a token or personal data). */
  debug(line: string): void;
  /** Closes the API pool and stops the local portal. `action()` calls it. */
  close(): Promise<void>;
}

export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw usageError(`--timeout must be a number of seconds between 0 and 3600 (got "${value}")`, 'e.g. --timeout 60');
  }
  return Math.round(seconds * 1000);
}

export function createDeps(flags: GlobalFlags, world: World = processWorld()): Deps {
  const env = world.env;
  const out = createOutput({
    stdout: world.stdout,
    stderr: world.stderr,
    env,
    ...(flags.json === undefined ? {} : { json: flags.json }),
    ...(flags.output === undefined ? {} : { output: flags.output }),
    ...(flags.fields === undefined ? {} : { fields: flags.fields }),
    ...(flags.quiet === undefined ? {} : { quiet: flags.quiet }),
    ...(flags.color === undefined ? {} : { color: flags.color }),
    ...(world.clock ? { now: world.clock } : {}),
  });
  const timeoutMs = parseTimeout(flags.timeout);
  const interactive = isInteractive({
    ...(flags.input === undefined ? {} : { input: flags.input }),
    stdin: { isTTY: world.stdinIsTTY ?? world.stdin.isTTY },
    stderr: world.stderr,
    env,
  });
  let prompter: Prompter | undefined;
  const debug = (line: string) => {
    if (flags.debug) world.stderr.write(`debug: ${line}\n`);
  };

  let store: Promise<ProfileStore> | undefined;
  let connection: Promise<Connection> | undefined;
  let api: Promise<ApiClient> | undefined;
  let local: LocalPortal | undefined;

  const deps: Deps = {
    flags,
    stdout: world.stdout,
    stderr: world.stderr,
    get stdin() {
      return world.stdin;
    },
    env,
    interactive: world.prompter?.interactive ?? interactive,
    clock: world.clock ?? (() => new Date()),
    out,
    get prompter() {
      prompter ??= world.prompter ?? createPrompter(interactive, { input: world.stdin, output: world.stderr });
      return prompter;
    },
    profiles() {
      store ??= import('./config/store.js').then(({ openProfileStore }) =>
        openProfileStore({ env, warn: (message) => out.warn(message) }),
      );
      return store;
    },
    connection() {
      connection ??= resolveConnection(
        { ...(flags.url ? { url: flags.url } : {}), ...(flags.profile ? { profile: flags.profile } : {}) },
        env,
        () => deps.profiles(),
      );
      return connection;
    },
    api() {
      api ??= (async () => {
        const resolved = await deps.connection();
        let url = resolved.url;
        let token = resolved.token;
        if (resolved.local) {
          const { startLocalPortal } = await import('./config/local-portal.js');
          local = await startLocalPortal(env);
          url = local.url;
          token ??= local.token;
          if (world.stderr.isTTY) {
            out.info(`Using the local portal at ${local.databasePath}; run portalctl login to use yours`);
          }
          debug(`local portal listening on ${local.url}`);
        }
        const { createApiClient } = await import('./api/client.js');
        return createApiClient({
          baseUrl: url!,
          ...(token ? { token } : {}),
          ...(timeoutMs ? { timeoutMs } : {}),
          insecureHttp: flags.insecureHttp ?? false,
          ...(flags.debug ? { debug } : {}),
          onWait: (message) => out.info(message),
        });
      })();
      return api;
    },
    // Web Crypto's global: node:crypto loads ~10 ms of modules that most commands never use.
    idempotencyKey: (given) => given ?? globalThis.crypto.randomUUID(),
    debug,
    async close() {
      const client = api;
      api = undefined;
      try {
        if (client) await (await client.catch(() => undefined))?.close();
      } finally {
        const portal = local;
        local = undefined;
        await portal?.stop();
      }
    },
  };
  return deps;
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

/** `camelCase` option key -> `--kebab-case` flag, for messages. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Parses a command's raw flags with its zod options schema. A failure is a usage error naming
 * the flag (or `<argument>` when `argumentNames` maps the key) and why.
 */
export function parseOptions<S extends ZodType>(
  schema: S,
  raw: Record<string, unknown>,
  argumentNames: Record<string, string> = {},
): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = (schema as { shape?: Record<string, ZodType> }).shape ?? {};
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

/** The Examples block of a command's --help. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
