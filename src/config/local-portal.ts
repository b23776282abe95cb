// The built-in local portal: with nothing configured, a command uses the same server `portalctl
// server` runs, on 127.0.0.1 and an ephemeral port, over the same database file (seeded on first
// use), with an administrator token made for it. By default it keeps running in the background
// between commands (src/config/local-portal-daemon.ts): the first command starts it, later ones
// find it through local-portal.json beside the database, and it stops after a quiet period, or
// when a command of another build or other server settings replaces it. With
// PORTALCTL_LOCAL_PORTAL=in-process each command starts it inside itself and stops it at its end.
// Loaded lazily: other paths never load any of this.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, usageError } from '../errors.js';
import { REQUIRE_REASON_ENV, RESEND_COOLDOWN_ENV } from '../server/settings.js';
import { VERSION } from '../version.js';

export interface LocalPortal {
  url: string;
  token: string;
  databasePath: string;
  /** Ends this command's use of it: stops an in-process portal; a background one keeps running. */
  stop(): Promise<void>;
}

const sink = { write: () => true };
export const LOCAL_PORTAL_BASE_URL = 'http://127.0.0.1:4010';
export const LOCAL_PORTAL_MODE_ENV = 'PORTALCTL_LOCAL_PORTAL';
/** Beside the database: where commands find the background portal (mode 0600: it holds its token). */
export const STATE_FILE = 'local-portal.json';
const LOCK_FILE = 'local-portal.lock';
/** A background portal with no connection for this long stops. */
export const QUIET_MS = 10 * 60_000;
/** How long a command waits for a portal to start or stop before it gives up. */
const WAIT_MS = 30_000;

/** What a background portal writes into STATE_FILE once it listens. */
export interface LocalPortalState {
  pid: number;
  url: string;
  token: string;
  identity: string;
}

/** What a command tells its user about the portal it starts: on a terminal, which database it uses. */
export interface LocalPortalNotices {
  terminal: boolean;
  info(message: string): void;
  debug(line: string): void;
}

/** A fresh administrator token for one portal process (Web Crypto: node:crypto's ES facade is slow to load). */
export function sessionToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(24));
  return `pct_local_${Buffer.from(bytes).toString('base64url')}`;
}

export async function startLocalPortal(
  env: Record<string, string | undefined>,
  notices: LocalPortalNotices,
): Promise<LocalPortal> {
  const mode = env[LOCAL_PORTAL_MODE_ENV] || 'background';
  if (mode !== 'background' && mode !== 'in-process') {
    throw usageError(
      `${LOCAL_PORTAL_MODE_ENV} must be background or in-process, not "${mode}"`,
      `unset ${LOCAL_PORTAL_MODE_ENV}, or set it to in-process to start the local portal inside each command`,
    );
  }
  const { defaultDatabasePath } = await import('../server/paths.js');
  const databasePath = defaultDatabasePath(env as NodeJS.ProcessEnv);
  // Only a built portalctl has the background portal's entry point (tests of the sources run in-process).
  const entry = daemonEntry();
  const portal =
    mode === 'background' && entry
      ? await useBackground(env, databasePath, entry)
      : await startInProcess(env, databasePath);
  if (notices.terminal) notices.info(`Using the local portal at ${databasePath}; run portalctl login to use yours`);
  notices.debug(`local portal listening on ${portal.url}`);
  return portal;
}

function daemonEntry(): string | undefined {
  const file = fileURLToPath(new URL('./local-portal-daemon.js', import.meta.url));
  return existsSync(file) ? file : undefined;
}

/**
 * Which background portal a command may use: the same version and build of portalctl (after an
 * upgrade the old one is replaced) and the same server settings from the environment.
 */
export function portalIdentity(env: Record<string, string | undefined>, entry: string): string {
  return JSON.stringify([
    VERSION,
    entry,
    statSync(entry).mtimeMs,
    env[RESEND_COOLDOWN_ENV] ?? '',
    env[REQUIRE_REASON_ENV] ?? '',
  ]);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readState(file: string): LocalPortalState | undefined {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalPortalState>;
    if (typeof state.pid !== 'number' || typeof state.url !== 'string' || typeof state.token !== 'string') return;
    return { pid: state.pid, url: state.url, token: state.token, identity: String(state.identity) };
  } catch {
    return undefined;
  }
}

/** Resolves on the next change to STATE_FILE or LOCK_FILE in `dir`, or after `ms` (a stuck peer). */
function watchDirectory(dir: string): { change(ms: number): Promise<void>; close(): void } {
  let notify: () => void = () => {};
  let changed = false;
  const watcher = watch(dir, (_event, name) => {
    if (name !== STATE_FILE && name !== LOCK_FILE) return;
    changed = true;
    notify();
  });
  return {
    change(ms) {
      if (changed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        notify = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    close: () => watcher.close(),
  };
}

/** Whether a portal answers at `url` (its health check), within a second. */
function answers(url: string): Promise<boolean> {
  const http = process.getBuiltinModule('node:http');
  return new Promise<boolean>((resolve) => {
    const request = http.get(`${url}/healthz`, { timeout: 1000, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** Takes the start lock; false when a live command holds it (a stale one is removed). */
function claimLock(file: string): boolean {
  // The lock appears whole, already naming its holder: written aside, then linked into place
  // (which fails if it exists), so another command never reads it empty and takes it for stale.
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, String(process.pid), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(mine, file);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        let holder: number;
        try {
          holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
        } catch {
          continue; // released meanwhile: try again
        }
        if (holder > 0 && isAlive(holder)) return false;
        rmSync(file, { force: true });
      }
    }
    return false;
  } finally {
    rmSync(mine, { force: true });
  }
}

async function useBackground(
  env: Record<string, string | undefined>,
  databasePath: string,
  entry: string,
): Promise<LocalPortal> {
  const dir = path.dirname(databasePath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const identity = portalIdentity(env, entry);
  const stateFile = path.join(dir, STATE_FILE);
  const lockFile = path.join(dir, LOCK_FILE);
  const found = (state: LocalPortalState): LocalPortal => ({
    url: state.url,
    token: state.token,
    databasePath,
    stop: async () => {},
  });
  for (let round = 0; round < 20; round++) {
    // Watching starts before looking, so a change between the two is not missed.
    const watcher = watchDirectory(dir);
    try {
      const state = readState(stateFile);
      // A process of that number that does not answer there is not it (it crashed; the number was reused).
      if (state && isAlive(state.pid) && (await answers(state.url))) {
        if (state.identity === identity) return found(state);
        // Another build or other settings: it removes its file as it stops, then a new one starts.
        process.kill(state.pid, round < 2 ? 'SIGTERM' : 'SIGKILL');
        await watcher.change(WAIT_MS);
        continue;
      }
      // No file, or one a portal that crashed left behind (nothing is signalled then).
      if (state) rmSync(stateFile, { force: true });
      if (!claimLock(lockFile)) {
        // Another command is starting it: wait for its file.
        await watcher.change(WAIT_MS);
        continue;
      }
      try {
        return found(await spawnBackground(entry, identity, env));
      } finally {
        rmSync(lockFile, { force: true });
      }
    } finally {
      watcher.close();
    }
  }
  throw new CliError('server', 'cannot start the local portal: another portalctl kept it from starting', {
    hint: `try again, or set ${LOCAL_PORTAL_MODE_ENV}=in-process`,
  });
}

type DaemonMessage = { state: LocalPortalState } | { error: string; hint?: string };

/** Starts the background portal, detached, and resolves once it listens and has written its file. */
function spawnBackground(
  entry: string,
  identity: string,
  env: Record<string, string | undefined>,
): Promise<LocalPortalState> {
  const child: ChildProcess = spawn(process.execPath, [entry, '--identity', identity, '--quiet-ms', String(QUIET_MS)], {
    detached: true,
    // Not the command's directory, which it would keep in use for as long as it runs.
    cwd: path.dirname(entry),
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: env as NodeJS.ProcessEnv,
  });
  return new Promise<LocalPortalState>((resolve, reject) => {
    const fail = (message: string, hint?: string) =>
      reject(
        new CliError('server', `cannot start the local portal: ${message}`, {
          hint: hint ?? 'run portalctl login to use your portal, or set PORTALCTL_URL',
        }),
      );
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`it stopped before it listened (exit code ${code})`));
    child.once('message', (message: DaemonMessage) => {
      child.removeAllListeners('exit');
      child.disconnect();
      child.unref();
      if ('state' in message) resolve(message.state);
      else fail(message.error, message.hint);
    });
  });
}

async function startInProcess(env: Record<string, string | undefined>, databasePath: string): Promise<LocalPortal> {
  const { runServer } = await import('../server/main.js');
  const token = sessionToken();
  const controller = new AbortController();
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    listening = resolve;
  });
  const done = runServer(
    // Links are written for `portalctl server`'s default address, not this process's passing port,
    // so an invite link printed now still opens once the user runs the server; that server serves
    // the pages they open, this one (gone when the command ends) has no use for them.
    { host: '127.0.0.1', port: 0, db: databasePath, sessionToken: token, baseUrl: LOCAL_PORTAL_BASE_URL, pages: false },
    { stdout: sink, stderr: sink, env, signal: controller.signal, onListening: (u) => listening(u) },
  );
  let started: string | undefined;
  try {
    started = await Promise.race([url, done.then(() => undefined)]);
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    throw new CliError('server', `cannot start the local portal: ${(error as Error).message}`, {
      hint: hint ?? 'run portalctl login to use your portal, or set PORTALCTL_URL',
      cause: error,
    });
  }
  if (started === undefined) throw new CliError('server', 'the local portal stopped before it listened');
  return {
    url: started,
    token,
    databasePath,
    async stop() {
      controller.abort();
      await done;
      await revoke(databasePath, token);
    },
  };
}

/** Removes a portal process's admin token, so it is not left valid in the database. */
export async function revoke(databasePath: string, token: string): Promise<void> {
  const [{ openDatabase }, { hashToken }] = await Promise.all([
    import('../server/db.js'),
    import('../server/tokens.js'),
  ]);
  const db = openDatabase(databasePath);
  try {
    db.prepare('DELETE FROM api_tokens WHERE token_hash = ?').run(hashToken(token));
  } finally {
    db.close();
  }
}
