// GET /v1/shared-links/:id: one shared link by its id, as `portal users links` lists it, within the
// caller's provider. Seed (fixtures/seed.json): pu_000002 (Northstar) has ln_000002 (expired, last
// used from 198.51.100.14) and ln_000003 (active, never used); ln_000004 belongs to the deactivated
// pu_000003; ln_000007 belongs to pu_000006 on Lakeshore's portal.
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../../src/api/client.js';
import { buildOpenApi } from '../../../src/contract/openapi.js';
import { routes } from '../../../src/contract/routes.js';
import { SharedLinkSchema } from '../../../src/contract/schemas.js';
import { hashToken } from '../../../src/server/tokens.js';
import { expectOk, expectProblem, type Json, type Portal, portal } from './support.js';

/** A Lakeshore staff member holding `portal-users` (the seed has none); returns their token. */
function lakeshorePortalStaff(p: Portal): string {
  const token = 'lakeshore-portal-users-token-0123456789';
  p.db
    .prepare('INSERT INTO staff (id, provider_id, name, email, permissions) VALUES (?, ?, ?, ?, ?)')
    .run(
      'st_portalb01',
      'sp_lakeshore',
      'Lakeshore Portal Staff',
      'portal.staff@lakeshore.example.org',
      '["portal-users"]',
    );
  p.db
    .prepare('INSERT INTO api_tokens (token_hash, staff_id, name, created_at) VALUES (?, ?, ?, ?)')
    .run(hashToken(token), 'st_portalb01', 'test', '2026-11-23T10:00:00.000Z');
  return token;
}

async function getAs(p: Portal, url: string, token: string) {
  const res = await p.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, body: res.json() as Json, headers: res.headers };
}

describe('GET /v1/shared-links/:id', () => {
  it("answers the link exactly as the user's list of links has it", async () => {
    const p = portal();
    const listed = expectOk(await p.get('/v1/portal-users/pu_000002/links', 'portalUsers')).data;
    for (const id of ['ln_000002', 'ln_000003']) {
      const link = expectOk(await p.get(`/v1/shared-links/${id}`, 'portalUsers'));
      // The contract's shape, no more: parsing (which drops unknown keys) changes nothing.
      expect(SharedLinkSchema().parse(link)).toEqual(link);
      expect(link).toEqual(listed.find((l: Json) => l.id === id));
    }
    expect(expectOk(await p.get('/v1/shared-links/ln_000002', 'portalUsers'))).toMatchObject({
      id: 'ln_000002',
      portalUserId: 'pu_000002',
      status: 'expired',
      sentAt: '2026-06-10T13:30:00.000Z',
      lastUsedAt: '2026-07-01T12:05:00.000Z',
      lastUsedIp: '198.51.100.14',
      expiredAt: '2026-08-15T09:00:00.000Z',
    });
    expect(expectOk(await p.get('/v1/shared-links/ln_000003', 'portalUsers'))).toMatchObject({
      portalUserId: 'pu_000002',
      status: 'active',
      lastUsedAt: null,
      lastUsedIp: null,
      expiredAt: null,
    });
    expect(expectOk(await p.get('/v1/shared-links/ln_000003', 'portalUsers')).url).toMatch(
      /^http:\/\/portal\.test\/p\/[A-Za-z0-9_-]{16,}$/,
    );
    // A deactivated user's links can still be read.
    expect(expectOk(await p.get('/v1/shared-links/ln_000004', 'portalUsers'))).toMatchObject({
      portalUserId: 'pu_000003',
      status: 'expired',
    });
  });

  it('follows the link as it is used and expired, and reading it changes nothing', async () => {
    const p = portal();
    const audit = async () => expectOk(await p.get('/v1/audit?entityId=ln_000003')).data;
    const history = async () => expectOk(await p.get('/v1/portal-users/pu_000002/history')).data;
    const [auditBefore, historyBefore] = [await audit(), await history()];
    expectOk(await p.get('/v1/shared-links/ln_000003', 'portalUsers'));
    expect(await audit()).toEqual(auditBefore);
    expect(await history()).toEqual(historyBefore);

    const used = expectOk(await p.post('/v1/_test/shared-links/ln_000003/use', { ip: '203.0.113.61' }));
    expect(expectOk(await p.get('/v1/shared-links/ln_000003', 'portalUsers'))).toEqual(used);
    const expired = expectOk(await p.post('/v1/shared-links/ln_000003/expire', {}, 'portalUsers'));
    const read = expectOk(await p.get('/v1/shared-links/ln_000003', 'portalUsers'));
    expect(read).toEqual(expired);
    expect(read).toMatchObject({ status: 'expired', lastUsedIp: '203.0.113.61', expiredAt: expect.any(String) });
  });

  it('answers 401 without a token or with an unknown one', async () => {
    const p = portal();
    for (const headers of [{}, { authorization: 'Bearer not-a-real-token-0123456789' }]) {
      const res = await p.app.inject({ method: 'GET', url: '/v1/shared-links/ln_000003', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    }
  });

  it('needs portal-users (administrators pass), naming the missing permission', async () => {
    const p = portal();
    for (const token of ['clients', 'noClients', 'spAdmin', 'groupAdmin', 'providerB'] as const) {
      const problem = expectProblem(await p.get('/v1/shared-links/ln_000003', token), 403, 'forbidden');
      expect(problem.missingPermission, token).toBe('portal-users');
    }
    for (const token of ['portalUsers', 'full', 'admin'] as const) {
      expect(expectOk(await p.get('/v1/shared-links/ln_000003', token)).id, token).toBe('ln_000003');
    }
  });

  it('answers 404 problem details for an unknown link, whatever the shape of its id', async () => {
    const p = portal();
    for (const id of ['ln_999999', 'ln_doesnotexist', 'pu_000002', 'LN_000003']) {
      const answer = await p.get(`/v1/shared-links/${id}`, 'portalUsers');
      const problem = expectProblem(answer, 404, 'not-found');
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(problem.detail).toBe(`no shared link ${id}`);
    }
    expect(p.errors).toEqual([]);
  });

  it("answers 404 for another provider's link, exactly as for an unknown one", async () => {
    const p = portal();
    const lakeshore = lakeshorePortalStaff(p);
    // Northstar staff, with portal-users, cannot see Lakeshore's link, nor Lakeshore's staff Northstar's.
    for (const token of ['portalUsers', 'full'] as const) {
      const problem = expectProblem(await p.get('/v1/shared-links/ln_000007', token), 404, 'not-found');
      const unknown = expectProblem(await p.get('/v1/shared-links/ln_999999', token), 404, 'not-found');
      expect({ ...problem, detail: undefined, instance: undefined }).toEqual({
        ...unknown,
        detail: undefined,
        instance: undefined,
      });
      expect(problem.detail).toBe('no shared link ln_000007');
    }
    const other = await getAs(p, '/v1/shared-links/ln_000003', lakeshore);
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ code: 'not-found', detail: 'no shared link ln_000003' });
    // Each provider's own links, and every link for administrators.
    expect((await getAs(p, '/v1/shared-links/ln_000007', lakeshore)).body).toMatchObject({
      id: 'ln_000007',
      portalUserId: 'pu_000006',
    });
    expect(expectOk(await p.get('/v1/shared-links/ln_000007', 'admin')).portalUserId).toBe('pu_000006');
  });

  it('is in the OpenAPI document (so the walk of every path without a token covers it)', () => {
    const doc = buildOpenApi('test') as Json;
    const operation = doc.paths['/v1/shared-links/{id}']?.get;
    expect(operation).toMatchObject({
      operationId: 'getSharedLink',
      tags: ['portal-users'],
      security: [{ bearer: [] }],
      'x-permissions': ['portal-users'],
      parameters: [{ name: 'id', in: 'path', required: true }],
    });
    expect(operation.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SharedLink',
    });
    expect(Object.keys(operation.responses['404'].content['application/problem+json'].examples)).toEqual(['not-found']);
    expect(operation.requestBody).toBeUndefined();
  });
});

describe("the CLI's check of getSharedLink answers", () => {
  it('takes a real answer as it is, and refuses it broken field by field, naming the field', async () => {
    const p = portal();
    for (const id of ['ln_000001', 'ln_000002', 'ln_000003']) {
      const answer = expectOk(await p.get(`/v1/shared-links/${id}`));
      expect(checkAnswer(routes.getSharedLink.response, structuredClone(answer))).toEqual({ ok: true, data: answer });
      for (const key of Object.keys(answer)) {
        for (const value of [12345, {}, []]) {
          const result = checkAnswer(routes.getSharedLink.response, { ...answer, [key]: value });
          expect(result, `${key}: ${JSON.stringify(value)}`).toMatchObject({ ok: false });
          expect((result as { problem: string }).problem.startsWith(`${key}: `), `${key}`).toBe(true);
        }
      }
    }
  });
});
