// The world a command line runs in: streams and environment. Its own module, so that --help and
// --version, answered from the command list alone, load neither the output layer nor its
// dependencies (chalk's ES import of node:process has Node create process.stdin: ~2 ms).
import { isatty } from 'node:tty';
import type { Prompter } from './io/prompter.js';

export interface World {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  clock?: () => Date;
  /** Whether stdin is a terminal, when that is known without opening stdin (default: stdin.isTTY). */
  stdinIsTTY?: boolean;
  /** Answers prompts instead of a terminal (tests). */
  prompter?: Prompter;
  /**
   * Calls `stop` on Ctrl-C or SIGTERM, until the function it returns is called: how a command that
   * runs until stopped (`server`) hears it. Without it, nothing stops such a command.
   */
  onInterrupt?(stop: () => void): () => void;
  /** The command line as typed, after `portalctl` (for hints that repeat it). */
  argv?: readonly string[];
  /** Aborted when the user asks to stop (the first Ctrl-C): a command that can stop cleanly watches it. */
  signal?: AbortSignal | undefined;
  /**
   * A last word before the process quits at once (a second Ctrl-C): the listener writes what the
   * user needs to know, synchronously. Returns its removal.
   */
  onQuit?(listener: () => void): () => void;
}

/** Ctrl-C as the entry point hands it to commands (src/cli.ts). */
export interface Interrupts {
  readonly signal: AbortSignal;
  onQuit(listener: () => void): () => void;
}

export function processWorld(interrupts?: Interrupts, argv?: readonly string[]): World {
  return {
    ...(argv ? { argv } : {}),
    // Read only by a command that watches it: reading it is what makes Ctrl-C stop that command
    // cleanly instead of ending the process (src/cli.ts).
    get signal() {
      return interrupts?.signal;
    },
    ...(interrupts ? { onQuit: (listener: () => void) => interrupts.onQuit(listener) } : {}),
    // process.stdin is a stream created on first read (over a file, pipe or terminal: ~2 ms of
    // start-up); most commands never read it, and isatty() answers the one question all ask.
    get stdin() {
      return process.stdin;
    },
    stdinIsTTY: isatty(0),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt(stop) {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      };
    },
  };
}
