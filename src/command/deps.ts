// What a command's `run(options, deps)` gets from the world: streams, output layer, prompter,
// the API (created, and the local portal started, on first use), clock. `run` never touches
// `process`, never exits and never prompts on its own; tests hand it other streams and a real server.
import type { ApiClient } from '../api/client.js';
import { type Connection, resolveConnection } from '../config/connection.js';
import type { LocalPortal } from '../config/local-portal.js';
import type { ProfileStore } from '../config/store.js';
import { createOutput, type Output, type OutStream } from '../io/output.js';
import { createPrompter, isInteractive, type Prompter } from '../io/prompter.js';
import { processWorld, type World } from '../world.js';
import { parseTimeout } from './define.js';

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
  /**
   * The API client for the resolved portal; created (and the local portal started) on first call,
   * with `connections` keep-alive connections when the first call asks (default 8).
   */
  api(options?: { connections?: number }): Promise<ApiClient>;
  /** Which portal and token, and where each came from (never print the token). */
  connection(): Promise<Connection>;
  /** The saved profiles (opens the config file). */
  profiles(): Promise<ProfileStore>;
  /** The Idempotency-Key for a create/send: the one given (--idempotency-key), else a fresh UUID. */
  idempotencyKey(given?: string): string;
  /** A --debug line on stderr (never pass a token or personal data). */
  debug(line: string): void;
  /** Calls `stop` on Ctrl-C or SIGTERM until the returned function is called (a command that runs until stopped). */
  onInterrupt(stop: () => void): () => void;
  /**
   * Aborted when the user asks to stop (the first Ctrl-C). A command that watches it stops
   * cleanly and ends with a cancelled error (exit 130); src/cli.ts owns the signal and the exit.
   */
  readonly signal: AbortSignal;
  /** A last word, written synchronously, before a second Ctrl-C quits at once (130). Returns its removal. */
  onQuit(listener: () => void): () => void;
  /** The command line as typed, after `portalctl` (for hints that repeat it). */
  readonly argv: readonly string[];
  /** Closes the API pool and stops the local portal. `action()` calls it. */
  close(): Promise<void>;
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
    names: async (kinds) => {
      const { lookupNames } = await import('../io/names.js');
      return lookupNames(await deps.api(), kinds);
    },
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
  let signal: AbortSignal | undefined;

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
    onInterrupt: (stop) => world.onInterrupt?.(stop) ?? (() => {}),
    get prompter() {
      prompter ??= world.prompter ?? createPrompter(interactive, { input: world.stdin, output: world.stderr });
      return prompter;
    },
    profiles() {
      store ??= import('../config/store.js').then(({ openProfileStore }) =>
        openProfileStore({ env, warn: (message) => out.warn(message) }),
      );
      return store;
    },
    connection() {
      connection ??= resolveConnection(
        { ...(flags.url ? { url: flags.url } : {}), ...(flags.profile ? { profile: flags.profile } : {}) },
        env,
        // With no config file there is no profile: the store (and `conf`) is not loaded.
        async () => {
          const { hasConfigFile, NO_PROFILES } = await import('../config/store.js');
          return hasConfigFile(env) ? deps.profiles() : NO_PROFILES;
        },
      );
      return connection;
    },
    api(apiOptions = {}) {
      api ??= (async () => {
        const resolved = await deps.connection();
        let url = resolved.url;
        let token = resolved.token;
        if (resolved.local) {
          const { startLocalPortal } = await import('../config/local-portal.js');
          local = await startLocalPortal(env, {
            terminal: world.stderr.isTTY === true,
            info: (message) => out.info(message),
            debug,
          });
          url = local.url;
          token ??= local.token;
        }
        const { createApiClient } = await import('../api/client.js');
        return createApiClient({
          baseUrl: url!,
          ...(token ? { token } : {}),
          ...(timeoutMs ? { timeoutMs } : {}),
          insecureHttp: flags.insecureHttp ?? false,
          ...(apiOptions.connections ? { connections: apiOptions.connections } : {}),
          ...(flags.debug ? { debug } : {}),
          onWait: (message) => out.info(message),
        });
      })();
      return api;
    },
    get signal() {
      signal ??= world.signal ?? new AbortController().signal;
      return signal;
    },
    onQuit: (listener) => world.onQuit?.(listener) ?? (() => {}),
    argv: world.argv ?? [],
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
