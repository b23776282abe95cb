// Runs the built CLI under a real pseudo-terminal, without native addons: util-linux `script`
// allocates the PTY (`script -q -f -e -c CMD /dev/null`), our pipe feeds its stdin, and its
// stdout is the terminal screen. Tests wait for text to appear, then type:
//
//   const term = runPty(['login', '--url', portal.url], { env });
//   await term.waitFor('API token');
//   term.write(`${token}\r`);
//   const { exitCode, screen } = await term.exited;
//
// Keys: '\r' Enter, '\u001b[B' down arrow, '\u001b[A' up, '\u0003' Ctrl-C, '\u007f' backspace.
import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, isolatedEnv } from '../helpers/portal.js';

export interface PtyOptions {
  /** Extra environment (merged over an isolated HOME/XDG; CI is unset so prompts are allowed). */
  env?: Record<string, string>;
  /** The terminal's width, set on the terminal itself (stty) with COLUMNS unset, as a real terminal is. */
  columns?: number;
  /** How long waitFor waits before failing with the screen so far (default 15 s). */
  timeoutMs?: number;
}

export interface PtyResult {
  exitCode: number | null;
  /** Everything the terminal showed, ANSI sequences removed. */
  screen: string;
  /** Everything the terminal showed, as written. */
  raw: string;
}

export interface PtySession {
  /** Resolves once `text` appears on the screen after the previous match (ANSI removed). */
  waitFor(text: string | RegExp): Promise<string>;
  /** Types into the terminal. */
  write(keys: string): void;
  /** The screen so far, ANSI removed. */
  screen(): string;
  readonly exited: Promise<PtyResult>;
  kill(): void;
}

// CSI (including private modes), OSC, and single-character escapes.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '').replace(/\r/g, '');
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs `portalctl ...args` (the built binary) in a pseudo-terminal. */
export function runPty(args: string[], options: PtyOptions = {}): PtySession {
  const portalctl = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  const command = options.columns ? `stty cols ${options.columns} rows 40 && exec ${portalctl}` : portalctl;
  const { CI: _ci, ...base } = { ...process.env, ...isolatedEnv() };
  const env = { ...base, TERM: 'xterm-256color', COLUMNS: '120', LINES: '40', ...options.env };
  delete (env as Record<string, string | undefined>).CI;
  if (options.columns) delete (env as Record<string, string | undefined>).COLUMNS;
  const child: ChildProcess = spawn('script', ['-q', '-f', '-e', '-c', command, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
  });
  const timeoutMs = options.timeoutMs ?? 15_000;
  let raw = '';
  let consumed = 0;
  let waiter: { test: (screen: string) => boolean; resolve: () => void } | undefined;

  const check = () => {
    if (waiter?.test(stripAnsi(raw).slice(consumed))) {
      const w = waiter;
      waiter = undefined;
      w.resolve();
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    check();
  });
  const exited = new Promise<PtyResult>((resolve) => {
    child.on('close', (code) => resolve({ exitCode: code, screen: stripAnsi(raw), raw }));
  });

  return {
    waitFor(text) {
      return new Promise<string>((resolve, reject) => {
        const match = (screen: string) => (typeof text === 'string' ? screen.includes(text) : text.test(screen));
        const timer = setTimeout(() => {
          waiter = undefined;
          reject(new Error(`timed out waiting for ${String(text)}; the screen shows:\n${stripAnsi(raw)}`));
        }, timeoutMs);
        void exited.then((result) => {
          if (!waiter) return;
          clearTimeout(timer);
          waiter = undefined;
          reject(
            new Error(
              `exited (${result.exitCode}) before ${String(text)} appeared; the screen shows:\n${result.screen}`,
            ),
          );
        });
        waiter = {
          test: (screen) => {
            if (!match(screen)) return false;
            clearTimeout(timer);
            return true;
          },
          resolve: () => {
            const screen = stripAnsi(raw);
            const rest = screen.slice(consumed);
            const found =
              typeof text === 'string'
                ? rest.indexOf(text) + text.length
                : (rest.match(text)?.index ?? 0) + (rest.match(text)?.[0].length ?? 0);
            consumed += found;
            resolve(screen);
          },
        };
        check();
      });
    },
    write(keys) {
      child.stdin?.write(keys);
    },
    screen: () => stripAnsi(raw),
    exited,
    kill() {
      child.kill('SIGKILL');
    },
  };
}
