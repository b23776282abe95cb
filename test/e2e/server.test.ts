// `portalctl server` as users and scripts run it: the built binary, a database file, signals.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { api, apiGet, outbox } from '../helpers/e2e.js';
import { BIN, isolatedEnv, type Portal, portalctl, startPortal } from '../helpers/portal.js';

const running: Portal[] = [];
afterEach(async () => {
  for (const portal of running.splice(0)) await portal.stop();
});

async function start(args: string[] = []): Promise<Portal> {
  const portal = await startPortal(args);
  running.push(portal);
  return portal;
}

type Body = Record<string, unknown>;

/** POST /v1/clients as the portal's administrator, with an Idempotency-Key. */
function createClient(portal: Portal, client: Body, idempotencyKey: string) {
  return api<Body>(portal, '/v1/clients', {
    method: 'POST',
    body: client,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

const tempDb = () => path.join(mkdtempSync(path.join(tmpdir(), 'portalctl-server-e2e-')), 'portal.db');

describe('portalctl server', () => {
  it('keeps clients and their outbox invitation across a restart on the same database file', async () => {
    const db = tempDb();
    const first = await start(['--db', db]);
    // An empty database is seeded with the demo data of fixtures/seed.json.
    const seeded = await apiGet<{ data: unknown[] }>(first, '/v1/clients?limit=100');
    expect(seeded.data.length).toBeGreaterThanOrEqual(20);
    const grace = { firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@example.org' };
    const created = await createClient(first, grace, 'e2e-create-0001');
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^cl_/);

    await first.stop();
    expect((await first.process).exitCode).toBe(0);

    const second = await start(['--db', db]);
    const found = await apiGet(second, `/v1/clients/${id}`);
    expect(found).toMatchObject({ id, firstName: 'Grace', email: 'grace.hopper@example.org' });
    const messages = await outbox(second, `clientId=${id}`);
    expect(messages).toContainEqual(
      expect.objectContaining({ kind: 'invitation', to: 'grace.hopper@example.org', link: expect.any(String) }),
    );
    // The idempotency key survives the restart too: the same request replays the first answer.
    const replay = await createClient(second, grace, 'e2e-create-0001');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(id);
  });

  it('exits 0 on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const portal = await startPortal();
      expect((await fetch(`${portal.url}/healthz`)).status).toBe(200);
      portal.process.kill(signal);
      const result = await portal.process;
      expect({ signal, exitCode: result.exitCode }).toEqual({ signal, exitCode: 0 });
    }
  });

  it('finishes a request in progress before stopping on SIGTERM', async () => {
    const db = tempDb();
    const portal = await startPortal(['--db', db, '--latency', '400']);
    const pending = createClient(
      portal,
      { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@example.org', sendInvite: false },
      'e2e-inflight-001',
    );
    // The keyed request commits its claim before the latency wait: once it is there, the request
    // is in the server.
    const reader = new DatabaseSync(db, { readOnly: true });
    const claim = reader.prepare("SELECT state FROM idempotency_keys WHERE key = 'e2e-inflight-001'");
    while (!claim.get()) await new Promise((resolve) => setImmediate(resolve));
    reader.close();
    portal.process.kill('SIGTERM');
    const answer = await pending;
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ email: 'ada.lovelace@example.org' });
    expect((await portal.process).exitCode).toBe(0);
  });

  it('refuses a database from a newer portalctl, clearly, without touching it', async () => {
    const db = tempDb();
    const newer = new DatabaseSync(db);
    newer.exec('PRAGMA user_version = 999');
    newer.close();
    const result = await portalctl(['server', '--port', '0', '--db', db, '--admin-token', 'x'.repeat(20)]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('schema version 999');
    expect(result.stderr).toContain('newer than this portalctl supports');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const check = new DatabaseSync(db);
    expect(check.prepare('PRAGMA user_version').get()).toEqual({ user_version: 999 });
    check.close();
  });

  it('without --admin-token, prints a fresh admin token once to stderr, and listens in the data directory', async () => {
    const env = isolatedEnv();
    const child = execa(process.execPath, [BIN, 'server', '--port', '0'], {
      env,
      reject: false,
      buffer: false,
      stdin: 'ignore',
    });
    try {
      let stdout = '';
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /^listening (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
          if (match) resolve(match[1]!);
        });
        void child.then((r) => reject(new Error(`exited ${r.exitCode}: ${stderr}`)));
      });
      const token = /\b(pct_[A-Za-z0-9_-]{20,})\b/.exec(stderr)?.[1];
      expect(token).toBeDefined();
      expect(stderr.split(token!).length - 1).toBe(1);
      expect(stdout).not.toContain(token!);
      const me = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(existsSync(path.join(env.XDG_DATA_HOME!, 'portalctl', 'portal.db'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await child;
    }
  });

  it('refuses a --seed file that is missing or not seed data, naming it', async () => {
    const missing = await portalctl(['server', '--port', '0', '--db', ':memory:', '--seed', '/nonexistent/seed.json']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('the seed file /nonexistent/seed.json does not exist');
    expect(missing.stderr).toContain('--seed');
  });

  it('prints the fault seed at start; the same --fault-seed fails the same requests', async () => {
    const statuses = async (portal: Portal) => {
      const seen: number[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`${portal.url}/v1/me`, { headers: { authorization: `Bearer ${portal.adminToken}` } });
        seen.push(res.status);
      }
      return seen;
    };
    const random = await start(['--fail-rate', '0.5']);
    const seed = /fault seed (\d+) \(replay these faults with --fault-seed \1\)/.exec(random.stderr())?.[1];
    expect(seed, random.stderr()).toBeDefined();
    const first = await statuses(random);
    expect(new Set(first).size, `fault seed ${seed}`).toBeGreaterThan(1);
    const replay = await start(['--fail-rate', '0.5', '--fault-seed', seed!]);
    expect(replay.stderr()).toContain(`fault seed ${seed} `);
    expect(await statuses(replay), `fault seed ${seed}`).toEqual(first);
  });

  it('names the flag when a number is wrong', async () => {
    const result = await portalctl(['server', '--port', 'eighty']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('--port');
    const rate = await portalctl(['server', '--fail-rate', '2']);
    expect(rate.exitCode).not.toBe(0);
    expect(rate.stderr).toContain('--fail-rate');
    const seed = await portalctl(['server', '--fault-seed', '-3']);
    expect(seed.exitCode).toBe(2);
    expect(seed.stderr).toContain('--fault-seed');
  });
});
