// Commands run in the test's own process (like gh's iostreams.Test()): captured stdout and stderr,
// an environment of the test's choosing, prompts answered from a script, a fixed clock, against a
// real portal server started in the same process on an ephemeral port. Use it for a command's
// logic; keep the built binary (test/helpers/e2e.ts) for the entry point, exit codes end to end,
// terminals and import faults.
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import type { Choice, Prompter } from '../../src/io/prompter.js';
import { runCli } from '../../src/run-cli.js';
import type { World } from '../../src/world.js';
import { isolatedEnv } from './portal.js';
import { type ServedPortal, type ServedPortalOptions, servePortal } from './served-portal.js';
import { ADMIN } from './tokens.js';

/** A writable stream that keeps what it is given. */
export class Captured extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super({ decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    done();
  }
}

/**
 * A prompter that answers from a script, by the flag each prompt names (confirmations: '--yes').
 * A prompt the script does not answer fails the test, naming it.
 */
export function scriptedPrompter(answers: Record<string, unknown>): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const answer = <T>(flag: string, message: string): T => {
    asked.push(flag);
    if (!(flag in answers)) throw new Error(`unexpected prompt "${message}" (${flag})`);
    return answers[flag] as T;
  };
  return {
    interactive: true,
    asked,
    input: async ({ message, flag }) => answer<string>(flag, message),
    password: async ({ message, flag }) => answer<string>(flag, message),
    confirm: async ({ message, flag = '--yes' }) => answer<boolean>(flag, message),
    select: async <T>({ message, flag, choices }: { message: string; flag: string; choices: Choice<T>[] }) => {
      const wanted = answer<unknown>(flag, message);
      const choice = choices.find((c) => c.value === wanted || c.name === wanted);
      if (!choice) throw new Error(`"${String(wanted)}" is not a choice of "${message}"`);
      return choice.value;
    },
    search: async <T>({
      message,
      flag,
      source,
    }: {
      message: string;
      flag: string;
      source: (term: string | undefined, signal: AbortSignal) => Promise<Choice<T>[]>;
    }) => {
      const term = answer<string>(flag, message);
      // As on a terminal, a choice shown as not available cannot be picked.
      const first = (await source(term, new AbortController().signal)).find((c) => c.disabled === undefined);
      if (!first) throw new Error(`the search "${term}" of "${message}" found nothing that can be chosen`);
      return first.value;
    },
  };
}

/** The user answers yes to the confirmation, then presses Ctrl-C at once: before anything is sent. */
export function ctrlCAfterYes(): Pick<TestWorldOptions, 'answers' | 'signal'> {
  const stop = new AbortController();
  const answers = {
    get '--yes'() {
      stop.abort();
      return true;
    },
  };
  return { answers, signal: stop.signal };
}

export interface TestWorldOptions {
  env?: Record<string, string>;
  /** Answers to prompts (makes the world interactive). */
  answers?: Record<string, unknown>;
  /** What the command reads on standard input. */
  stdin?: string;
  clock?: () => Date;
  /** Stands for Ctrl-C: aborting it is the user asking the command to stop. */
  signal?: AbortSignal;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The flags of the prompts that were answered, in order. */
  asked: string[];
}

/** Runs `portalctl ...args` in this process, in a world of its own. */
export async function run(args: string[], options: TestWorldOptions = {}): Promise<RunResult> {
  const stdout = new Captured();
  const stderr = new Captured(options.answers !== undefined);
  const prompter = options.answers ? scriptedPrompter(options.answers) : undefined;
  const world: World = {
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    stdinIsTTY: prompter !== undefined,
    stdout,
    stderr,
    env: { ...isolatedEnv(), ...options.env },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(prompter ? { prompter } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    argv: args,
  };
  const exitCode = await runCli(args, world);
  return { exitCode, stdout: stdout.text, stderr: stderr.text, asked: prompter?.asked ?? [] };
}

export interface InProcessPortal {
  url: string;
  /** The portal's own administrator token (as `portalctl server --admin-token`), for direct API calls. */
  adminToken: string;
  /** Runs a command against this portal as `token` (default: the seeded administrator). */
  run(args: string[], options?: TestWorldOptions & { token?: string }): Promise<RunResult>;
}

/** `run(args, token?, options?)`: commands against the portal as `defaultToken` unless a call names another. */
export function runner(portal: () => InProcessPortal, defaultToken = ADMIN) {
  return (args: string[], token = defaultToken, options: TestWorldOptions = {}) =>
    portal().run(args, { ...options, token });
}

/** A seeded portal on an in-memory database for the tests of a file, in this process (`seed`: another seed file). */
export function useInProcessPortal(
  options: { seed?: () => string; server?: ServedPortalOptions['server'] } = {},
): () => InProcessPortal {
  let portal: InProcessPortal | undefined;
  let served: ServedPortal | undefined;
  beforeAll(async () => {
    served = await servePortal({
      ...(options.seed ? { seed: options.seed() } : {}),
      ...(options.server ? { server: options.server } : {}),
    });
    const { url } = served;
    portal = {
      url,
      adminToken: served.adminToken,
      run: (args, { token = ADMIN, env = {}, ...rest } = {}) =>
        run(args, { ...rest, env: { PORTALCTL_URL: url, PORTALCTL_TOKEN: token, ...env } }),
    };
  });
  afterAll(async () => {
    await served?.stop();
  });
  return () => {
    if (!portal) throw new Error('the portal is started in beforeAll: use it inside a test');
    return portal;
  };
}
