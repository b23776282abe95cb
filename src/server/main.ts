// `portalctl server`: opens (or creates) the database, seeds an empty one, makes sure there is an
// administrator token, and serves the API until asked to stop.
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { isIP } from 'node:net';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { type AppOptions, createApp } from './app.js';
import { DatabaseVersionError, openDatabase, restrictDataDirectory } from './db.js';
import { operatorUsage } from './operator-error.js';
import { defaultDatabasePath } from './paths.js';
import { AdminTokenError } from './platform/auth.js';
import { startCheckpointer } from './platform/checkpointer.js';
import { randomFaultSeed } from './platform/faults.js';
import { resolveSettings } from './settings.js';
import { generateToken } from './tokens.js';

export interface ServerOptions {
  host?: string | undefined;
  port?: number | undefined;
  /** Database file, or `:memory:`; default: the user's data directory. */
  db?: string | undefined;
  /** Seed file given explicitly: loaded even into a non-empty database (seeding is idempotent). */
  seed?: string | undefined;
  /** From --admin-token (warned about: the process list shows it); otherwise ADMIN_TOKEN_ENV. */
  adminToken?: string | undefined;
  /**
   * The built-in local portal's token for one command: an administrator token alongside the
   * server's own, which it neither replaces nor prints (src/config/local-portal.ts).
   */
  sessionToken?: string | undefined;
  json?: boolean | undefined;
  /** The pages the links open and the outbox viewer (default on); a command's built-in portal has no use for them. */
  pages?: boolean | undefined;
  testEndpoints?: boolean | undefined;
  baseUrl?: string | undefined;
  rateLimit?: number | undefined;
  failRate?: number | undefined;
  resetRate?: number | undefined;
  dropAfterCommitRate?: number | undefined;
  latencyMs?: number | undefined;
  /** Seed of the fault knobs' draws (default: a random one, printed when a knob draws). */
  faultSeed?: number | undefined;
  /** --resend-cooldown (default: PORTALCTL_SERVER_RESEND_COOLDOWN, else 10 minutes). */
  resendCooldownMs?: number | undefined;
  /** --require-reason (or PORTALCTL_SERVER_REQUIRE_REASON=1). */
  requireReason?: boolean | undefined;
}

export interface ServerIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** Aborting it stops the server: in-flight requests finish, then the database is closed. */
  signal?: AbortSignal;
  /** Called once the server listens (tests use it instead of parsing stdout), with its HTTP server. */
  onListening?: (url: string, server: Server) => void;
}

export const ADMIN_TOKEN_ENV = 'PORTALCTL_SERVER_ADMIN_TOKEN';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '']);

/** The package root (holds package.json and fixtures/): from dist/ or, in tests, from src/server/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'fixtures'))) return dir;
    dir = path.dirname(dir);
  }
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

function readSeed(file: string, explicit: boolean): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'does not exist' : 'is not readable JSON';
    throw operatorUsage(
      `the seed file ${file} ${reason}`,
      explicit
        ? 'pass a JSON seed file to --seed (see fixtures/seed.json)'
        : 'reinstall portalctl, or pass --seed FILE',
    );
  }
}

function formatUrl(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

export async function runServer(options: ServerOptions, io: ServerIo): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 4010;
  const dbFile = options.db ?? defaultDatabasePath(io.env);
  const settings = resolveSettings(options, io.env);
  if (!LOOPBACK.has(host)) {
    io.stderr.write(
      `warning: listening on ${host}: the local portal speaks plain HTTP, meant for this machine only; tokens sent to it over a network can be read.\n`,
    );
  }

  let db: DatabaseSync;
  try {
    if (path.resolve(dbFile) === path.resolve(defaultDatabasePath(io.env))) restrictDataDirectory(dbFile);
    db = openDatabase(dbFile);
  } catch (error) {
    if (error instanceof DatabaseVersionError) {
      throw operatorUsage(error.message, 'run the portalctl that created this database, or pass another --db');
    }
    throw operatorUsage(
      `cannot open the database ${dbFile}: ${(error as Error).message}`,
      'check the path given to --db and its permissions',
    );
  }

  // A file database is checkpointed by a worker thread, off the event loop (platform/checkpointer.ts).
  const checkpointer = dbFile === ':memory:' ? null : startCheckpointer(db, dbFile);
  try {
    const clock = () => new Date();
    const { handlers, testHandlers } = await import('./handlers.js');

    const providers = (db.prepare('SELECT COUNT(*) AS n FROM providers').get() as { n: number }).n;
    const seedFile = options.seed ?? path.join(packageRoot(), 'fixtures', 'seed.json');
    if (options.seed !== undefined || providers === 0) {
      // Without --seed, a missing default seed file just leaves the database empty.
      if (options.seed !== undefined || existsSync(seedFile)) {
        // Loaded only to seed: its schemas are built as it loads, which a seeded database never needs.
        const { seedDatabase, SeedError } = await import('./seed.js');
        try {
          seedDatabase(db, readSeed(seedFile, options.seed !== undefined), clock);
        } catch (error) {
          if (!(error instanceof SeedError)) throw error;
          throw operatorUsage(
            `the seed file ${seedFile} is not valid: ${error.message}`,
            'fix the file given to --seed',
          );
        }
      }
    }

    if (options.adminToken !== undefined) {
      io.stderr.write(
        `warning: --admin-token puts the token where others can read it (ps, /proc, shell history); set ${ADMIN_TOKEN_ENV} instead\n`,
      );
    }
    let adminToken = options.sessionToken ?? options.adminToken ?? io.env[ADMIN_TOKEN_ENV];
    if (!adminToken) {
      adminToken = generateToken();
      // The one place a token is printed: nobody could use this server without it.
      io.stderr.write(
        `Administrator token (shown once; it replaces the previous one; set ${ADMIN_TOKEN_ENV} to choose your own):\n  ${adminToken}\n`,
      );
    }

    const appOptions: AppOptions = {
      db,
      docsFile: path.join(packageRoot(), 'dist', 'docs', 'index.html'),
      clock,
      handlers,
      testHandlers,
      testEndpoints: options.testEndpoints ?? false,
      pages: options.pages ?? true,
      adminToken,
      adminTokenKind: options.sessionToken === undefined ? 'server' : 'session',
      rateLimit: options.rateLimit ?? 0,
      failRate: options.failRate ?? 0,
      resetRate: options.resetRate ?? 0,
      dropAfterCommitRate: options.dropAfterCommitRate ?? 0,
      latencyMs: options.latencyMs ?? 0,
      faultSeed: options.faultSeed ?? randomFaultSeed(),
      settings,
    };
    const randomFaults = [appOptions.failRate, appOptions.resetRate, appOptions.dropAfterCommitRate].some(
      (r) => r! > 0,
    );
    if (checkpointer) appOptions.afterCommit = checkpointer.committed;
    // Links point at this server: the address it listens on once known (not the Host a request
    // names), unless --base-url says otherwise or it listens on every address.
    let listeningUrl: string | undefined;
    if (options.baseUrl) appOptions.baseUrl = options.baseUrl.replace(/\/+$/, '');
    else if (!ANY_ADDRESS.has(host)) appOptions.baseUrl = () => listeningUrl;
    let app: ReturnType<typeof createApp>;
    try {
      app = createApp(appOptions);
    } catch (error) {
      if (!(error instanceof AdminTokenError)) throw error;
      throw operatorUsage(
        error.message,
        `set ${ADMIN_TOKEN_ENV} to a new token (e.g. openssl rand -hex 32), or leave it unset to get a fresh one`,
      );
    }

    try {
      await app.listen({ host, port });
    } catch (error) {
      await app.close();
      const code = (error as { code?: string }).code;
      if (code === 'EADDRINUSE') {
        throw operatorUsage(`port ${port} on ${host} is already in use`, 'choose another --port (0 picks a free one)');
      }
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        throw operatorUsage(`cannot listen on ${host}: no such address here`, 'use --host 127.0.0.1');
      }
      throw operatorUsage(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
    }
    const address = app.server.address();
    const url = formatUrl(
      typeof address === 'object' && address ? address.address : host,
      typeof address === 'object' && address ? address.port : port,
    );
    listeningUrl = url;
    if (options.testEndpoints) io.stderr.write('test endpoints enabled under /v1/_test (not for real use)\n');
    // Said before the first request, so that a failing run can be replayed with the same faults.
    if (randomFaults) {
      io.stderr.write(
        `fault seed ${appOptions.faultSeed} (replay these faults with --fault-seed ${appOptions.faultSeed})\n`,
      );
    }
    if (dbFile === ':memory:') io.stderr.write('database in memory: data is lost when the server stops\n');
    else io.stderr.write(`database ${dbFile}\n`);
    io.stdout.write(options.json ? `${JSON.stringify({ url })}\n` : `listening ${url}\n`);
    io.onListening?.(url, app.server);

    await new Promise<void>((resolve) => {
      if (!io.signal) return;
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    io.stderr.write('stopping: finishing requests in progress\n');
    await app.close();
  } finally {
    await checkpointer?.close();
    db.close();
  }
}
