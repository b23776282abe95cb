// The built-in local portal kept running between commands: started by the first command that needs
// it, found again by the next through local-portal.json, replaced by a command of another build,
// gone after a quiet period, and started anew after a crash. Every test stops what it started.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalPortalState, portalIdentity } from '../../src/config/local-portal.js';
import { cli } from '../helpers/e2e.js';
import { isolatedEnv, ROOT } from '../helpers/portal.js';

const DAEMON = path.join(ROOT, 'dist/local-portal-daemon.js');

function backgroundEnv(): Record<string, string> {
  return { ...isolatedEnv(), PORTALCTL_LOCAL_PORTAL: 'background' };
}

const dataDir = (env: Record<string, string>) => path.join(env.XDG_DATA_HOME!, 'portalctl');
const stateFile = (env: Record<string, string>) => path.join(dataDir(env), 'local-portal.json');
const readState = (env: Record<string, string>): LocalPortalState =>
  JSON.parse(readFileSync(stateFile(env), 'utf8')) as LocalPortalState;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `file` no longer exists (watching its directory, no polling). */
async function gone(file: string): Promise<void> {
  const watcher = watch(path.dirname(file));
  try {
    await new Promise<void>((resolve) => {
      watcher.on('change', () => {
        if (!existsSync(file)) resolve();
      });
      if (!existsSync(file)) resolve();
    });
  } finally {
    watcher.close();
  }
}

const started: Record<string, string>[] = [];
const children: ChildProcess[] = [];

/** Runs the background portal directly, as a child of the test (which can then await its exit). */
async function startDaemon(env: Record<string, string>, identity: string, quietMs = 600_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, [DAEMON, '--identity', identity, '--quiet-ms', String(quietMs)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the background portal exited with ${code}`)));
  });
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

async function list(env: Record<string, string>) {
  started.push(env);
  const r = await cli(['clients', 'list', '--limit', '3', '--json', '--debug'], { env });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toHaveLength(3);
  return /local portal listening on (\S+)/.exec(r.stderr)?.[1];
}

afterEach(async () => {
  // Whatever a command started is stopped (SIGTERM: it removes its file, then exits).
  for (const env of started.splice(0)) {
    if (!existsSync(stateFile(env))) continue;
    process.kill(readState(env).pid, 'SIGTERM');
    await gone(stateFile(env));
  }
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
  }
});

describe('the background local portal', () => {
  it('the first command starts it, the next finds it again, and the file holding its token is private', async () => {
    const env = backgroundEnv();
    const first = await list(env);
    const state = readState(env);
    expect(first).toBe(state.url);
    expect(alive(state.pid)).toBe(true);
    expect(statSync(stateFile(env)).mode & 0o777).toBe(0o600);
    const second = await list(env);
    expect(second).toBe(first);
    expect(readState(env).pid).toBe(state.pid);
  });

  it('two first commands at once share one', async () => {
    const env = backgroundEnv();
    const [a, b] = await Promise.all([list(env), list(env)]);
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(readState(env).url).toBe(a);
  });

  it('a command of another build replaces it, and the old one stops', async () => {
    const env = backgroundEnv();
    const old = await startDaemon(env, 'an older build of portalctl');
    const oldPid = readState(env).pid;
    expect(oldPid).toBe(old.pid);
    const url = await list(env);
    expect(await exited(old)).toBe(0);
    const state = readState(env);
    expect(state.pid).not.toBe(oldPid);
    expect(state.url).toBe(url);
  });

  it('other server settings in the environment replace it too', async () => {
    const env = backgroundEnv();
    const first = await list(env);
    const firstPid = readState(env).pid;
    const second = await list({ ...env, PORTALCTL_SERVER_REQUIRE_REASON: '1' });
    expect(second).not.toBe(first);
    expect(readState(env).pid).not.toBe(firstPid);
  });

  it('after a quiet period it stops, removes its file and revokes its token', async () => {
    const env = backgroundEnv();
    const daemon = await startDaemon(env, portalIdentity(env, DAEMON), 300);
    expect(await exited(daemon)).toBe(0);
    expect(existsSync(stateFile(env))).toBe(false);
    const db = new DatabaseSync(path.join(dataDir(env), 'portal.db'), { readOnly: true });
    try {
      const row = db.prepare("SELECT COUNT(*) AS n FROM api_tokens WHERE name = 'local portal session'").get() as {
        n: number;
      };
      expect(row.n).toBe(0);
    } finally {
      db.close();
    }
  });

  it('a file naming a live process that is not the portal is stale, and that process is left alone', async () => {
    const env = backgroundEnv();
    // The number of a crashed portal, since reused by another program of the user.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
    children.push(other);
    await new Promise((resolve) => other.once('spawn', resolve));
    mkdirSync(dataDir(env), { recursive: true, mode: 0o700 });
    const stale = { pid: other.pid, url: 'http://127.0.0.1:9', token: 'pct_local_gone', identity: 'an older build' };
    writeFileSync(stateFile(env), JSON.stringify(stale), { mode: 0o600 });
    const url = await list(env);
    expect(url).not.toBe(stale.url);
    expect(readState(env).pid).not.toBe(other.pid);
    expect(other.exitCode).toBeNull();
    expect(other.signalCode).toBeNull();
  });

  it('one that crashed is detected and a new one started', async () => {
    const env = backgroundEnv();
    const crashed = await startDaemon(env, portalIdentity(env, DAEMON));
    const { url: oldUrl } = readState(env);
    crashed.kill('SIGKILL');
    await exited(crashed);
    // Its file is left behind, naming a process that is gone.
    expect(existsSync(stateFile(env))).toBe(true);
    const url = await list(env);
    expect(url).not.toBe(oldUrl);
    expect(readState(env).url).toBe(url);
  });
});
