// What the benchmarks share about the processes they run: an environment that keeps portalctl off
// the user's own config and data, and a server started on an ephemeral port.
import { spawn } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * A private copy of the build (bin/ and dist/) for one long run, so that a rebuild of dist/ during
 * it cannot pull it away. It lives under node_modules/ so that Fastify and the package root
 * (fixtures/seed.json) still resolve. Returns the copied launcher and the copy's directory.
 */
export function snapshotBuild(root, name) {
  const snapshot = path.join(root, 'node_modules/.cache', name, String(process.pid));
  cpSync(path.join(root, 'dist'), path.join(snapshot, 'dist'), { recursive: true });
  cpSync(path.join(root, 'bin'), path.join(snapshot, 'bin'), { recursive: true });
  return { bin: path.join(snapshot, 'bin/portalctl.js'), snapshot };
}

/** The environment for every process of a run: HOME and the XDG directories inside `work`. */
export function benchEnv(work, extra = {}) {
  return {
    ...process.env,
    HOME: work,
    XDG_CONFIG_HOME: path.join(work, 'config'),
    XDG_DATA_HOME: path.join(work, 'data'),
    XDG_STATE_HOME: path.join(work, 'state'),
    NO_COLOR: '1',
    ...extra,
  };
}

/**
 * Runs `node ARGS` (a server that prints {"url": …} once listening, like `portalctl server --json`)
 * and resolves with the child and that URL; rejects, with its stderr, if it exits first.
 */
export function spawnListening(args, env) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const listening = new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const line = seen.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, url: JSON.parse(line).url });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${stderr}`)));
  });
  return { child, listening };
}

/**
 * Runs `node ARGS` to its end, collecting its output; `children` (a Set) holds it while it runs, so
 * that a benchmark stopped early can kill it. Resolves with stdout, stderr, the exit code and the
 * wall time.
 */
export function runCollected(args, env, children) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const started = performance.now();
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      children.delete(child);
      resolve({ stdout, stderr, code, wallMs: performance.now() - started });
    });
  });
}

/**
 * `portalctl server` (the launcher `bin`) on a fresh database `db`, with `args` added; resolves with
 * its URL and a stop function that ends it and removes the database. `children` holds it meanwhile.
 */
export async function startServer({ bin, db, token, env, children, args = [] }) {
  const { child, listening } = spawnListening(
    [bin, 'server', '--port', '0', '--json', '--db', db, '--admin-token', token, ...args],
    env,
  );
  children.add(child);
  const { url } = await listening;
  return {
    url,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => {
          children.delete(child);
          for (const file of [db, `${db}-wal`, `${db}-shm`]) rmSync(file, { force: true });
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
