// The built-in local portal: with nothing configured, a command starts the same server
// `portalctl server` runs, in this process, on 127.0.0.1 and an ephemeral port, over the same
// database file (seeded on first use). It gets an administrator token made for this process
// alone, which is revoked when the command ends. Loaded lazily: other paths never load Fastify.
import { randomBytes } from 'node:crypto';
import { CliError } from '../errors.js';

export interface LocalPortal {
  url: string;
  token: string;
  databasePath: string;
  stop(): Promise<void>;
}

const sink = { write: () => true };
export const LOCAL_PORTAL_BASE_URL = 'http://127.0.0.1:4010';

/** What a command tells its user about the portal it starts: on a terminal, which database it uses. */
export interface LocalPortalNotices {
  terminal: boolean;
  info(message: string): void;
  debug(line: string): void;
}

export async function startLocalPortal(
  env: Record<string, string | undefined>,
  notices: LocalPortalNotices,
): Promise<LocalPortal> {
  const [{ runServer }, { defaultDatabasePath }] = await Promise.all([
    import('../server/main.js'),
    import('../server/paths.js'),
  ]);
  const databasePath = defaultDatabasePath(env as NodeJS.ProcessEnv);
  const token = `pct_local_${randomBytes(24).toString('base64url')}`;
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
  if (notices.terminal) notices.info(`Using the local portal at ${databasePath}; run portalctl login to use yours`);
  notices.debug(`local portal listening on ${started}`);
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

/** Removes this process's admin token, so it is not left valid in the database. */
async function revoke(databasePath: string, token: string): Promise<void> {
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
