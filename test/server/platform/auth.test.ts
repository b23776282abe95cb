import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../src/contract/openapi.js';
import { openDatabase } from '../../../src/server/db.js';
import { seedDatabase } from '../../../src/server/seed.js';
import { testRoutes } from '../../../src/server/test-routes.js';
import { SEED } from '../domain/support.js';
import { ADMIN, bearer, makeApp, makeStaff } from './support.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Every operation of the generated API document, with path parameters filled in. */
function documentOperations(): { method: Method; url: string }[] {
  const doc = buildOpenApi('test') as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  const operations: { method: Method; url: string }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      // Operations open to all (the health check) say so with an empty security list.
      if (operation.security?.length === 0) continue;
      operations.push({ method: method.toUpperCase() as Method, url: path.replace(/\{[^}]+\}/g, 'xx_0123456789') });
    }
  }
  return operations;
}

describe('authentication', () => {
  it('answers 401 problem to every operation of the API document without a token', async () => {
    const { app } = makeApp({ testEndpoints: true });
    const operations = documentOperations();
    expect(operations.length).toBeGreaterThan(30);
    const testOperations = Object.values(testRoutes).map((r) => ({
      method: r.method as Method,
      url: r.path.replace(/:[A-Za-z]+/g, 'xx_0123456789'),
    }));
    for (const { method, url } of [...operations, ...testOperations]) {
      const res = await app.inject({
        method,
        url,
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      });
      expect({ method, url, status: res.statusCode }).toEqual({ method, url, status: 401 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    }
  });

  it('answers 401 to unknown /v1 paths without a token, 404 with one, 405 for a known path with another method', async () => {
    const { app } = makeApp();
    expect((await app.inject({ url: '/v1/no-such-thing' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/v1' })).statusCode).toBe(401);
    const notFound = await app.inject({ url: '/v1/no-such-thing', headers: bearer(ADMIN) });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toMatchObject({ code: 'not-found', status: 404 });
    const wrongMethod = await app.inject({ method: 'DELETE', url: '/v1/clients', headers: bearer(ADMIN) });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, POST');
    expect(wrongMethod.json()).toMatchObject({ code: 'method-not-allowed' });
  });

  it('answers a wrong path or method before reading its body: 401 without a token, else 405 or 404', async () => {
    const { app } = makeApp({ bodyLimit: 64 });
    const bodies = [
      { 'content-type': 'application/json', payload: '{"not json' },
      { 'content-type': 'text/plain', payload: 'hello' },
      { 'content-type': 'application/json', payload: JSON.stringify({ text: 'x'.repeat(200) }) },
    ];
    for (const { payload, ...headers } of bodies) {
      const anonymous = await app.inject({ method: 'PATCH', url: '/v1/me', headers, payload });
      expect({ payload, status: anonymous.statusCode }).toEqual({ payload, status: 401 });
      const wrongMethod = await app.inject({
        method: 'PATCH',
        url: '/v1/me',
        headers: { ...headers, ...bearer(ADMIN) },
        payload,
      });
      expect({ payload, status: wrongMethod.statusCode }).toEqual({ payload, status: 405 });
      expect(wrongMethod.headers.allow).toBe('GET');
      const unknown = await app.inject({
        method: 'POST',
        url: '/v1/nothing',
        headers: { ...headers, ...bearer(ADMIN) },
        payload,
      });
      expect({ payload, status: unknown.statusCode }).toEqual({ payload, status: 404 });
    }
  });

  it('answers 405 for a known path whose parameter is empty, as the router matches it', async () => {
    const { app } = makeApp();
    const res = await app.inject({ method: 'GET', url: '/v1/portal-users//links/expire', headers: bearer(ADMIN) });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  it('answers 404 problem outside /v1 without asking for a token', async () => {
    const { app } = makeApp();
    const res = await app.inject({ url: '/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not-found' });
  });

  it('refuses a wrong token, a token of another scheme, and an empty bearer', async () => {
    const { app } = makeApp({ handlers: { getMe: () => ({}) } });
    for (const authorization of [`Bearer ${ADMIN}x`, `Basic ${ADMIN}`, 'Bearer ', ADMIN]) {
      const res = await app.inject({ url: '/v1/me', headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthenticated', detail: 'The bearer token is not valid.' });
    }
    expect((await app.inject({ url: '/v1/me', headers: bearer(ADMIN) })).statusCode).toBe(200);
  });

  it('refuses an unauthenticated request before reading its body', async () => {
    const { app } = makeApp({ bodyLimit: 10 });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/clients',
      headers: { 'content-type': 'application/json' },
      payload: '{"this is": "not read and too large"',
    });
    expect(res.statusCode).toBe(401);
  });

  it('gives the handler the principal of the token', async () => {
    const { app, db } = makeApp({ handlers: { getMe: (ctx) => ctx.principal } });
    const { token, staffId } = makeStaff(db, ['clients', 'sp-admin']);
    const res = await app.inject({ url: '/v1/me', headers: bearer(token) });
    expect(res.json()).toMatchObject({
      staffId,
      permissions: ['clients', 'sp-admin'],
      isAdmin: false,
      tokenName: 'test',
    });
    const admin = await app.inject({ url: '/v1/me', headers: bearer(ADMIN) });
    expect(admin.json()).toMatchObject({
      staffId: 'st_localadmin',
      isAdmin: true,
      permissions: ['administrator'],
      tokenName: 'server admin token',
    });
  });
});

describe('permissions', () => {
  it('answers 403 naming the missing permission', async () => {
    const { app, db } = makeApp({ handlers: { listClients: () => ({ data: [], nextCursor: null }) } });
    const { token } = makeStaff(db, ['portal-users']);
    const res = await app.inject({ url: '/v1/clients', headers: bearer(token) });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'forbidden', status: 403, missingPermission: 'clients' });
  });

  it('requires every permission of a route; administrator passes all', async () => {
    const handlers = { assignStaff: () => ({ ok: true }), listAudit: () => ({ data: [], nextCursor: null }) };
    const { app, db } = makeApp({ handlers });
    const clientsOnly = makeStaff(db, ['clients']).token;
    const both = makeStaff(db, ['clients', 'sp-admin']).token;
    const payload = { staffId: 'st_0123456789' };
    const url = '/v1/clients/cl_0123456789/staff';
    const refused = await app.inject({ method: 'POST', url, headers: bearer(clientsOnly), payload });
    expect(refused.json()).toMatchObject({ status: 403, missingPermission: 'sp-admin' });
    expect((await app.inject({ method: 'POST', url, headers: bearer(both), payload })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url, headers: bearer(ADMIN), payload })).statusCode).toBe(200);
    const audit = await app.inject({ url: '/v1/audit', headers: bearer(both) });
    expect(audit.json()).toMatchObject({ status: 403, missingPermission: 'administrator' });
    expect((await app.inject({ url: '/v1/audit', headers: bearer(ADMIN) })).statusCode).toBe(200);
  });

  it('lets any valid token reach routes that need no permission', async () => {
    const { app, db } = makeApp({ handlers: { getMe: () => ({ ok: true }) } });
    const { token } = makeStaff(db, []);
    expect((await app.inject({ url: '/v1/me', headers: bearer(token) })).statusCode).toBe(200);
  });
});

describe('admin token', () => {
  it('creates the local administrator once, however often the server starts', async () => {
    const db = openDatabase(':memory:');
    makeApp({ db });
    makeApp({ db });
    makeApp({ db, adminToken: 'a-second-admin-token-000' });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT COUNT(*) AS n FROM staff WHERE id = 'st_localadmin'")).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM providers')).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM api_tokens')).toBe(2);
    // Only hashes are stored.
    const stored = db.prepare('SELECT token_hash FROM api_tokens').all() as { token_hash: string }[];
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash) && row.token_hash !== ADMIN)).toBe(true);
  });
});

describe("the portal's administrator", () => {
  const seeded = () => {
    const db = openDatabase(':memory:');
    seedDatabase(db, SEED, () => new Date('2026-10-01T00:00:00.000Z'));
    return db;
  };

  it("is the seed's administrator: the admin token acts as them, and no pseudo-provider is made", async () => {
    const db = seeded();
    const { app } = makeApp({ db, handlers: { getMe: (ctx) => ctx.principal } });
    const me = await app.inject({ url: '/v1/me', headers: bearer(ADMIN) });
    expect(me.json()).toMatchObject({ staffId: 'st_admin01', providerId: 'sp_northstar', isAdmin: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT COUNT(*) AS n FROM providers WHERE id = 'sp_localadmin'")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM staff WHERE id = 'st_localadmin'")).toBe(0);
  });

  it('takes over a token an older version bound to the Local administrator, when it is given again', async () => {
    const db = openDatabase(':memory:');
    makeApp({ db });
    seedDatabase(db, SEED, () => new Date('2026-10-01T00:00:00.000Z'));
    const { app } = makeApp({ db, handlers: { getMe: (ctx) => ctx.principal } });
    const me = await app.inject({ url: '/v1/me', headers: bearer(ADMIN) });
    expect(me.json()).toMatchObject({ staffId: 'st_admin01', isAdmin: true });
  });
});

describe('test endpoints', () => {
  it('exist only when enabled', async () => {
    const url = '/v1/_test/clients/cl_0123456789/login';
    const off = makeApp();
    expect((await off.app.inject({ method: 'POST', url, headers: bearer(ADMIN) })).statusCode).toBe(404);
    const on = makeApp({ testEndpoints: true, testHandlers: { simulateLogin: () => ({ ok: true }) } });
    expect((await on.app.inject({ method: 'POST', url, headers: bearer(ADMIN) })).statusCode).toBe(200);
  });
});
