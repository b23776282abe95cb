// Test helpers: a real `portalctl server` subprocess on an ephemeral port, and the built CLI run
// through execa against it. Requires `npm run build` first (npm test does it).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options, type ResultPromise } from 'execa';

/** How startPortal runs the server (execa's result type follows its options). */
type ServerProcessOptions = { env: Record<string, string>; reject: false; buffer: false; stdin: 'ignore' };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/portalctl.js');
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface Portal {
  url: string;
  adminToken: string;
  process: ResultPromise<ServerProcessOptions>;
  /** What the server wrote on stderr so far. */
  stderr(): string;
  /** The seed of its fault knobs' draws, as it printed it at start (undefined when no knob draws). */
  faultSeed: string | undefined;
  stop(): Promise<void>;
}

/** A private, empty HOME/XDG so tests never read or write the developer's own config. */
export function isolatedEnv(): Record<string, string> {
  const home = mkdtempSync(path.join(tmpdir(), 'portalctl-test-'));
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_STATE_HOME: path.join(home, '.local/state'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    NO_COLOR: '1',
    CI: 'true',
    // Messages and tables name times in local time: the same on every machine.
    TZ: 'UTC',
    // A command that uses the built-in local portal stops it at its end: a test leaves no process behind.
    PORTALCTL_LOCAL_PORTAL: 'in-process',
  };
}

/**
 * Starts `portalctl server --port 0` (seeded from fixtures/seed.json, test endpoints on) and waits
 * for its `{"url": ...}` line. Extra args go to the server (e.g. fault knobs, --db FILE).
 */
export async function startPortal(args: string[] = [], env: Record<string, string> = {}): Promise<Portal> {
  const hasDb = args.includes('--db');
  const child = execa(
    process.execPath,
    [BIN, 'server', '--port', '0', '--json', '--test-endpoints', ...(hasDb ? [] : ['--db', ':memory:']), ...args],
    // The administrator token comes from the environment, as the README says to pass it.
    {
      env: { ...isolatedEnv(), PORTALCTL_SERVER_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
      reject: false,
      buffer: false,
      stdin: 'ignore',
    } as ServerProcessOptions,
  );
  let stderr = '';
  // The start-up lines on stderr (the fault seed among them) end with the database line.
  let startedUp: () => void = () => {};
  const stderrReady = new Promise<void>((resolve) => {
    startedUp = resolve;
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (/^database /m.test(stderr)) startedUp();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        child.stdout?.off('data', onData);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    };
    child.stdout?.on('data', onData);
    void child.then((result) => reject(new Error(`server exited (${result.exitCode}) before listening:\n${stderr}`)));
  });
  await Promise.race([stderrReady, child]);
  let exited = false;
  void child.then(() => {
    exited = true;
  });
  return {
    url,
    adminToken: env.PORTALCTL_SERVER_ADMIN_TOKEN ?? ADMIN_TOKEN,
    process: child,
    stderr: () => stderr,
    faultSeed: /^fault seed (\d+)/m.exec(stderr)?.[1],
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await child;
      }
    },
  };
}

export type RunOptions = Options & {
  portal?: Pick<Portal, 'url' | 'adminToken'>;
  token?: string;
};

/** Runs the built CLI with a private HOME; `portal`/`token` set PORTALCTL_URL/PORTALCTL_TOKEN. */
export function portalctl(args: string[], opts: RunOptions = {}) {
  const { portal, token, env, ...rest } = opts;
  return execa(process.execPath, [BIN, ...args], {
    reject: false,
    stdin: 'ignore',
    ...rest,
    env: {
      ...isolatedEnv(),
      ...(portal ? { PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: token ?? portal.adminToken } : {}),
      ...(env ?? {}),
    },
    extendEnv: true,
  } as Options);
}
