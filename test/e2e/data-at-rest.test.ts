// Personal data at rest is readable by its owner only, whatever the umask: the built-in local
// portal's database (with its -wal and -shm files) and its directory, a database that
// `portalctl server --db PATH` creates, and the import's journal and report. Every process here
// runs under `umask 022`, the usual default, which would leave new files 0644.
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, BIN, isolatedEnv } from '../helpers/portal.js';
import { clientsCsv, workDir, writeCsv } from './import-support.js';

const mode = (file: string) => statSync(file).mode & 0o777;

/** The built CLI in a shell that sets `umask 022` first. */
function underUmask022(args: string[], env: Record<string, string>) {
  return execa('sh', ['-c', 'umask 022 && exec "$@"', 'sh', process.execPath, BIN, ...args], {
    env: { ...isolatedEnv(), ...env },
    extendEnv: true,
    reject: false,
    stdin: 'ignore',
  });
}

interface Server {
  url: string;
  stop(): Promise<void>;
}

/** `portalctl server --port 0 --json …` under umask 022, once it listens. */
async function serverUnderUmask022(args: string[], env: Record<string, string>): Promise<Server> {
  const child = execa(
    'sh',
    ['-c', 'umask 022 && exec "$@"', 'sh', process.execPath, BIN, 'server', '--port', '0', '--json', ...args],
    {
      env: { ...isolatedEnv(), PORTALCTL_SERVER_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
      extendEnv: true,
      reject: false,
      buffer: false,
      stdin: 'ignore',
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    void child.then((r) => reject(new Error(`server exited (${r.exitCode}) before listening`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await child;
    },
  };
}

describe('the local portal database', () => {
  it('built in: the data directory is created 0700 and portal.db 0600', async () => {
    const env = isolatedEnv();
    const r = await underUmask022(['clients', 'list', '--limit', '1', '-q'], env);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const dir = path.join(env.XDG_DATA_HOME!, 'portalctl');
    expect(mode(dir)).toBe(0o700);
    const files = readdirSync(dir).filter((f) => f.startsWith('portal.db'));
    expect(files).toContain('portal.db');
    for (const file of files) expect(mode(path.join(dir, file)), file).toBe(0o600);
  });

  it('built in: a directory and database an earlier version left readable by others are made private', async () => {
    const env = isolatedEnv();
    expect((await underUmask022(['clients', 'list', '--limit', '1', '-q'], env)).exitCode).toBe(0);
    const dir = path.join(env.XDG_DATA_HOME!, 'portalctl');
    const db = path.join(dir, 'portal.db');
    chmodSync(dir, 0o755);
    chmodSync(db, 0o644);
    expect((await underUmask022(['clients', 'list', '--limit', '1', '-q'], env)).exitCode).toBe(0);
    expect(mode(dir)).toBe(0o700);
    expect(mode(db)).toBe(0o600);
  });

  it('portalctl server --db PATH: the directories it creates are 0700; the database, -wal and -shm 0600', async () => {
    const root = workDir();
    const db = path.join(root, 'data', 'portal', 'portal.db');
    const server = await serverUnderUmask022(['--db', db], {});
    try {
      // A write, so the WAL has something in it while the server runs.
      const response = await fetch(`${server.url}/v1/clients`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'Ada', lastName: 'Rest', email: 'ada.rest@example.org', sendInvite: false }),
      });
      expect(response.status).toBe(201);
      for (const file of [db, `${db}-wal`, `${db}-shm`]) {
        expect(existsSync(file), file).toBe(true);
        expect(mode(file), file).toBe(0o600);
      }
      expect(mode(path.join(root, 'data', 'portal'))).toBe(0o700);
      expect(mode(path.join(root, 'data'))).toBe(0o700);
    } finally {
      await server.stop();
    }
  });

  it('portalctl server --db PATH leaves the mode of an existing directory alone', async () => {
    const root = workDir();
    const shared = path.join(root, 'shared');
    mkdirSync(shared, { mode: 0o755 });
    chmodSync(shared, 0o755);
    const server = await serverUnderUmask022(['--db', path.join(shared, 'portal.db')], {});
    await server.stop();
    expect(mode(shared)).toBe(0o755);
    expect(mode(path.join(shared, 'portal.db'))).toBe(0o600);
  });
});

describe('the import journal and report', () => {
  it('are written 0600 (they locate rows of people), next to the file and under the state directory', async () => {
    const server = await serverUnderUmask022(['--db', ':memory:'], {});
    try {
      const dir = workDir();
      const file = writeCsv(dir, 'rest.csv', clientsCsv(2, 'AtRest'));
      const report = path.join(dir, 'report.csv');
      const env = { PORTALCTL_URL: server.url, PORTALCTL_TOKEN: ADMIN_TOKEN };
      const r = await underUmask022(['clients', 'import', file, '--yes', '--no-invite', '--report', report], env);
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(mode(`${file}.portalctl-journal`)).toBe(0o600);
      expect(mode(report)).toBe(0o600);

      const state = path.join(dir, 'state');
      const stdin = execa(
        'sh',
        ['-c', 'umask 022 && exec "$@"', 'sh', process.execPath, BIN, 'clients', 'import', '-', '--yes', '--no-invite'],
        {
          env: { ...isolatedEnv(), ...env, XDG_STATE_HOME: state },
          extendEnv: true,
          reject: false,
          input: clientsCsv(1, 'AtRestStdin'),
        },
      );
      const piped = await stdin;
      expect(piped.exitCode, String(piped.stderr)).toBe(0);
      const imports = path.join(state, 'portalctl', 'imports');
      expect(mode(imports)).toBe(0o700);
      for (const journal of readdirSync(imports)) expect(mode(path.join(imports, journal)), journal).toBe(0o600);
    } finally {
      await server.stop();
    }
  });
});
