// The built-in local portal running in the background between commands (bundled to
// dist/local-portal-daemon.js; src/config/local-portal.ts starts it, detached). It serves the
// default database on 127.0.0.1 and an ephemeral port with an administrator token of its own,
// which commands read from local-portal.json beside the database (mode 0600, like the database).
// It stops after a quiet period with no connection, or on SIGTERM (a command of another build
// replacing it); stopping, it removes that file first, then revokes its token.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runServer } from '../server/main.js';
import { defaultDatabasePath } from '../server/paths.js';
import {
  LOCAL_PORTAL_BASE_URL,
  type LocalPortalState,
  QUIET_MS,
  readState,
  revoke,
  STATE_FILE,
  sessionToken,
} from './local-portal.js';

const { values } = parseArgs({ options: { identity: { type: 'string' }, 'quiet-ms': { type: 'string' } } });
const quietMs = Number(values['quiet-ms'] ?? QUIET_MS);
const env = process.env;
const databasePath = defaultDatabasePath(env);
const stateFile = path.join(path.dirname(databasePath), STATE_FILE);
const token = sessionToken();
const controller = new AbortController();
const sink = { write: () => true };

/** Removes the state file if it is still this process's (a replacement may have written its own). */
function forget(): void {
  if (readState(stateFile)?.pid === process.pid) rmSync(stateFile, { force: true });
}

function stop(): void {
  if (controller.signal.aborted) return;
  forget();
  controller.abort();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.once('SIGHUP', stop);

/** Stops once no connection has been open for quietMs. */
function stopWhenQuiet(server: Server): void {
  let open = 0;
  // Unreferenced: once the server has closed, a pending timer must not keep the process alive.
  const quiet = () => setTimeout(stop, quietMs).unref();
  let timer = quiet();
  server.on('connection', (socket) => {
    open++;
    clearTimeout(timer);
    socket.once('close', () => {
      if (--open === 0) timer = quiet();
    });
  });
}

function listening(url: string, server: Server): void {
  const state: LocalPortalState = { pid: process.pid, url, token, identity: values.identity ?? '' };
  // Written whole under another name, then renamed: a command never reads half a file.
  const partial = `${stateFile}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(state), { mode: 0o600 });
  renameSync(partial, stateFile);
  stopWhenQuiet(server);
  if (process.connected) {
    process.send?.({ state });
    process.disconnect?.();
  }
}

try {
  await runServer(
    // Links are written for `portalctl server`'s default address, as the in-process portal's are.
    { host: '127.0.0.1', port: 0, db: databasePath, sessionToken: token, baseUrl: LOCAL_PORTAL_BASE_URL, pages: false },
    { stdout: sink, stderr: sink, env, signal: controller.signal, onListening: listening },
  );
  // Not when the database went with its directory: opening it would create it again.
  if (existsSync(databasePath)) await revoke(databasePath, token);
} catch (error) {
  forget();
  const hint = (error as { hint?: string }).hint;
  if (process.connected) process.send?.({ error: (error as Error).message, ...(hint ? { hint } : {}) });
  process.exitCode = 1;
}
