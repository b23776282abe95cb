// The administrator token of `portalctl server`, as an operator meets it: the built binary,
// restarted on one database file with another token, and the CLI refused with the old one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api, cli, jsonError } from '../helpers/e2e.js';
import { type Portal, startPortal } from '../helpers/portal.js';

const T1 = 'operator-token-one-0123456789';
const T2 = 'operator-token-two-0123456789';

const running: Portal[] = [];
afterEach(async () => {
  for (const portal of running.splice(0)) await portal.stop();
});

async function start(args: string[], env: Record<string, string> = {}): Promise<Portal> {
  const portal = await startPortal(args, env);
  running.push(portal);
  return portal;
}

const tempDb = () => path.join(mkdtempSync(path.join(tmpdir(), 'portalctl-admin-token-')), 'portal.db');

describe('the administrator token of portalctl server', () => {
  it('a restart with T2 revokes T1: 401 token-revoked, and the CLI says to log in again', async () => {
    const db = tempDb();
    const first = await start(['--db', db], { PORTALCTL_SERVER_ADMIN_TOKEN: T1 });
    expect((await api(first, '/v1/me', { token: T1 })).status).toBe(200);
    await first.stop();

    const second = await start(['--db', db], { PORTALCTL_SERVER_ADMIN_TOKEN: T2 });
    const refused = await api<Record<string, unknown>>(second, '/v1/me', { token: T1 });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(refused.body).toMatchObject({ code: 'token-revoked' });
    expect((await api(second, '/v1/me', { token: T2 })).status).toBe(200);

    const r = await cli(['whoami', '--json'], { portal: second, token: T1 });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('error: the token was revoked or has expired; run portalctl login');
    expect(jsonError(r)).toMatchObject({ kind: 'auth', code: 'token-revoked', status: 401 });
    expect(r.stderr).not.toContain(T1);
  });

  it('tokens revoked with server tokens revoke are refused by the running server at once', async () => {
    const db = tempDb();
    const portal = await start(['--db', db]);
    const created = await cli(['server', 'tokens', 'create', '--db', db, '--label', 'CI', '--json']);
    expect(created.exitCode, created.stderr).toBe(0);
    const { id, token } = JSON.parse(created.stdout) as { id: string; token: string };
    expect((await cli(['whoami'], { portal, token })).exitCode).toBe(0);

    expect((await cli(['server', 'tokens', 'revoke', id, '--db', db, '--yes'])).exitCode).toBe(0);
    const after = await cli(['whoami'], { portal, token });
    expect(after.exitCode).toBe(3);
    expect(after.stderr).toContain('the token was revoked or has expired; run portalctl login');
  });

  it('warns on stderr when the token is passed as --admin-token, not when it comes from the environment', async () => {
    const fromFlag = await start(['--admin-token', T1], { PORTALCTL_SERVER_ADMIN_TOKEN: '' });
    expect((await api(fromFlag, '/v1/me', { token: T1 })).status).toBe(200);
    await fromFlag.stop();
    expect(fromFlag.stderr()).toContain(
      'warning: --admin-token puts the token where others can read it (ps, /proc, shell history); set PORTALCTL_SERVER_ADMIN_TOKEN instead',
    );
    expect(fromFlag.stderr()).not.toContain(T1);

    const fromEnv = await start([], { PORTALCTL_SERVER_ADMIN_TOKEN: T2 });
    expect((await api(fromEnv, '/v1/me', { token: T2 })).status).toBe(200);
    await fromEnv.stop();
    expect(fromEnv.stderr()).not.toContain('warning');
  });
});
