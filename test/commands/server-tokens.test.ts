// `portalctl server tokens list|create|revoke` on a local portal's database file, run in-process;
// the tokens are then presented to the portal's API on that same file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openDatabase } from '../../src/server/db.js';
import { handlers } from '../../src/server/handlers.js';
import { seedDatabase } from '../../src/server/seed.js';
import { run } from '../helpers/world.js';
import { SEED } from '../server/domain/support.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const clock = () => NOW;
let file: string;

beforeAll(() => {
  file = path.join(mkdtempSync(path.join(tmpdir(), 'portalctl-tokens-cmd-')), 'portal.db');
  const db = openDatabase(file);
  seedDatabase(db, SEED, clock);
  db.close();
});

/** GET /v1/me on the database file, as a freshly started server would answer it. */
async function whoIs(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const db = openDatabase(file);
  try {
    const app = createApp({ db, handlers, clock });
    const res = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
    return { status: res.statusCode, body: res.json() };
  } finally {
    db.close();
  }
}

const tokens = (...args: string[]) =>
  run(['server', 'tokens', ...args, '--db', file], { clock, env: { TZ: 'America/Toronto' } });

describe('portalctl server tokens', () => {
  it("create prints the token once; it carries the staff member's permissions and expires when asked", async () => {
    const created = await tokens('create', '--staff', 'st_clients01', '--label', 'support desk', '--expires-in', '30d');
    expect(created.exitCode, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^pct_[A-Za-z0-9_-]{32}$/);
    expect(created.stderr).toContain('support desk');
    expect(created.stderr).toContain('expires 2026-07-01 08:00)');
    expect(created.stderr).not.toContain(token);
    expect(await whoIs(token)).toMatchObject({ status: 200, body: { id: 'st_clients01' } });

    const json = await tokens('create', '--label', 'CI', '--json');
    const record = JSON.parse(json.stdout);
    expect(record).toMatchObject({ label: 'CI', kind: 'staff', status: 'active', staffId: 'st_admin01' });
    expect(record.expiresAt).toBeNull();
    expect(await whoIs(record.token)).toMatchObject({ status: 200, body: { permissions: ['administrator'] } });
  });

  it('list shows tokens by id, never a token or its hash; seeded demo tokens are there and keep working', async () => {
    const listed = await tokens('list', '--json');
    expect(listed.exitCode).toBe(0);
    const records = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(records.filter((r) => r.label === 'demo token').length).toBeGreaterThanOrEqual(8);
    expect(listed.stdout).not.toMatch(/pct_|[0-9a-f]{64}|demo-admin-token/);
    expect(Object.keys(records[0]!).sort()).toEqual(
      [
        'createdAt',
        'expiresAt',
        'id',
        'kind',
        'label',
        'permissions',
        'revokedAt',
        'staffId',
        'staffName',
        'status',
      ].sort(),
    );
    expect(await whoIs('demo-admin-token')).toMatchObject({ status: 200 });
  });

  it('revoke asks for --yes, shows with --dry-run, then revokes: the token is refused with token-revoked', async () => {
    const created = await tokens('create', '--label', 'to revoke', '--json');
    const { id, token } = JSON.parse(created.stdout) as { id: string; token: string };

    const unconfirmed = await tokens('revoke', id);
    expect(unconfirmed.exitCode).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');
    const dry = await tokens('revoke', id, '--dry-run');
    expect(dry.exitCode).toBe(0);
    expect(dry.stderr).toContain(`Would revoke ${id} "to revoke"`);
    expect(await whoIs(token)).toMatchObject({ status: 200 });

    const revoked = await tokens('revoke', id, '--yes');
    expect(revoked.exitCode, revoked.stderr).toBe(0);
    expect(revoked.stderr).toContain(`✓ Revoked ${id} "to revoke" of Priya Raman`);
    expect(await whoIs(token)).toMatchObject({ status: 401, body: { code: 'token-revoked' } });

    const active = JSON.parse((await tokens('list', '--json')).stdout) as { id: string }[];
    expect(active.map((t) => t.id)).not.toContain(id);
    const all = JSON.parse((await tokens('list', '--all', '--json')).stdout) as { id: string; status: string }[];
    expect(all.find((t) => t.id === id)?.status).toBe('revoked');
    expect((await tokens('revoke', id, '--yes')).stderr).toContain(
      `${id} was already revoked on 2026-06-01 08:00 (just now)`,
    );
  });

  it('refuses what it cannot do, naming why: unknown ids and staff, a database that is not there', async () => {
    const unknown = await tokens('revoke', 'tk_0000000000000000', '--yes');
    expect(unknown.exitCode).toBe(5);
    expect(unknown.stderr).toContain('there is no token tk_0000000000000000');
    expect((await tokens('revoke', 'not-an-id', '--yes')).stderr).toContain('must be a token id');
    const staff = await tokens('create', '--staff', 'nobody@example.org');
    expect(staff.exitCode).toBe(5);
    expect(staff.stdout).toBe('');
    expect((await tokens('create', '--expires-in', 'soon')).stderr).toContain('--expires-in');

    const missing = await run(['server', 'tokens', 'list', '--db', path.join(path.dirname(file), 'none.db')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('there is no portal database at');
    expect((await run(['server', 'tokens', 'list', '--db', ':memory:'])).exitCode).toBe(2);
  });
});
