// API tokens that end: a server start replaces the previous start's administrator token, a
// token can be revoked or expire, and each refusal is a 401 that says which, with a
// WWW-Authenticate challenge (RFC 6750). Only hashes are ever stored or listed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemSchema } from '../../../src/contract/problems.js';
import { openDatabase } from '../../../src/server/db.js';
import { AdminTokenError, ensureAdminToken } from '../../../src/server/platform/auth.js';
import { createToken, listTokens, revokeTokens } from '../../../src/server/token-admin.js';
import { bearer, makeApp } from './support.js';

const T1 = 'first-admin-token-0123456789';
const T2 = 'second-admin-token-0123456789';
const me = { getMe: (ctx: { principal: unknown }) => ctx.principal };

describe('the server administrator token', () => {
  it('a start with T2 on the same database revokes T1: 401 token-revoked, with a challenge', async () => {
    const db = openDatabase(':memory:');
    const first = makeApp({ db, adminToken: T1, handlers: me }).app;
    expect((await first.inject({ url: '/v1/me', headers: bearer(T1) })).statusCode).toBe(200);

    const { app } = makeApp({ db, adminToken: T2, handlers: me });
    const refused = await app.inject({ url: '/v1/me', headers: bearer(T1) });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ProblemSchema().parse(refused.json())).toMatchObject({
      status: 401,
      code: 'token-revoked',
      detail: 'This token was revoked.',
    });
    expect(refused.headers['www-authenticate']).toBe(
      'Bearer realm="jobs-portal", error="invalid_token", error_description="The token was revoked"',
    );
    expect((await app.inject({ url: '/v1/me', headers: bearer(T2) })).statusCode).toBe(200);
  });

  it('a start given a replaced token again restores it and replaces the other; a revoked one is refused', async () => {
    const db = openDatabase(':memory:');
    makeApp({ db, adminToken: T1 });
    makeApp({ db, adminToken: T2 });
    const { app } = makeApp({ db, adminToken: T1, handlers: me });
    expect((await app.inject({ url: '/v1/me', headers: bearer(T1) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/me', headers: bearer(T2) })).json()).toMatchObject({ code: 'token-revoked' });

    const server = listTokens(db, new Date()).find((t) => t.kind === 'server')!;
    revokeTokens(db, [server.id], new Date());
    expect(() => ensureAdminToken(db, T1, new Date())).toThrow(AdminTokenError);
    expect(() => ensureAdminToken(db, T1, new Date())).toThrow(/was revoked on/);
  });

  it('the built-in local portal token of one command replaces nothing', async () => {
    const db = openDatabase(':memory:');
    makeApp({ db, adminToken: T1 });
    const { app } = makeApp({ db, adminToken: T2, adminTokenKind: 'session', handlers: me });
    expect((await app.inject({ url: '/v1/me', headers: bearer(T1) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/me', headers: bearer(T2) })).statusCode).toBe(200);
  });

  it('a token already held by staff cannot be made the administrator token', () => {
    const db = openDatabase(':memory:');
    makeApp({ db });
    const { token } = createToken(db, { label: 'ci' }, new Date());
    expect(() => ensureAdminToken(db, token, new Date())).toThrow(AdminTokenError);
  });

  it('stores and lists hashes only, never a token', () => {
    const db = openDatabase(':memory:');
    makeApp({ db, adminToken: T1 });
    makeApp({ db, adminToken: T2 });
    const stored = JSON.stringify(db.prepare('SELECT * FROM api_tokens').all());
    expect(stored).not.toContain(T1);
    expect(stored).not.toContain(T2);
    const listed = JSON.stringify(listTokens(db, new Date(), { all: true }));
    expect(listed).not.toContain(T1);
    expect(listed).not.toMatch(/[0-9a-f]{64}/);
    expect(listTokens(db, new Date(), { all: true }).map((t) => [t.kind, t.status])).toEqual(
      expect.arrayContaining([
        ['server', 'active'],
        ['server', 'replaced'],
      ]),
    );
  });
});

describe('tokens that expire or are revoked', () => {
  it('an expired token is 401 token-expired, judged by the clock at every request', async () => {
    let now = new Date('2026-06-01T12:00:00.000Z');
    const db = openDatabase(':memory:');
    const { app } = makeApp({ db, clock: () => now, handlers: me });
    const { token } = createToken(
      db,
      { label: 'one hour', expiresAt: new Date('2026-06-01T13:00:00.000Z') },
      new Date('2026-06-01T12:00:00.000Z'),
    );
    expect((await app.inject({ url: '/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    now = new Date('2026-06-01T13:00:00.000Z');
    // The principal was cached a moment ago: expiry still applies.
    const refused = await app.inject({ url: '/v1/me', headers: bearer(token) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'token-expired', detail: 'This token has expired.' });
    expect(refused.headers['www-authenticate']).toContain('error_description="The token has expired"');
    expect(listTokens(db, now, { all: true }).find((t) => t.label === 'one hour')?.status).toBe('expired');
  });

  it('a revoked staff token is 401 token-revoked; revoking is all or nothing and recorded in the audit log', async () => {
    const db = openDatabase(':memory:');
    const { app } = makeApp({ db, handlers: me });
    const a = createToken(db, { label: 'a' }, new Date());
    const b = createToken(db, { label: 'b' }, new Date());
    expect(() => revokeTokens(db, [a.record.id, 'tk_nope'], new Date())).toThrow(/tk_nope.*nothing was revoked/);
    expect((await app.inject({ url: '/v1/me', headers: bearer(a.token) })).statusCode).toBe(200);

    const [result] = revokeTokens(db, [b.record.id], new Date());
    expect(result).toMatchObject({ changed: true, record: { status: 'revoked' } });
    expect(revokeTokens(db, [b.record.id], new Date())[0]?.changed).toBe(false);
    expect((await app.inject({ url: '/v1/me', headers: bearer(b.token) })).json()).toMatchObject({
      status: 401,
      code: 'token-revoked',
    });
    const audit = db.prepare("SELECT action, entity_id FROM audit_log WHERE entity_type = 'token'").all();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'token.create', entity_id: b.record.id },
        { action: 'token.revoke', entity_id: b.record.id },
      ]),
    );
  });

  it('a revocation by another process on the same database counts at the next request', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'portalctl-tokens-')), 'portal.db');
    const db = openDatabase(file);
    const { app } = makeApp({ db, handlers: me });
    const { token, record } = createToken(db, { label: 'ci' }, new Date());
    // Used once: the server now remembers its principal.
    expect((await app.inject({ url: '/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    const other = openDatabase(file);
    revokeTokens(other, [record.id], new Date());
    other.close();
    expect((await app.inject({ url: '/v1/me', headers: bearer(token) })).json()).toMatchObject({
      code: 'token-revoked',
    });
    db.close();
  });

  it('an unknown token and a missing one are told apart from revoked and expired ones', async () => {
    const { app } = makeApp({ handlers: me });
    const unknown = await app.inject({ url: '/v1/me', headers: bearer('never-issued-token-0123') });
    expect(unknown.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(unknown.headers['www-authenticate']).toContain('error="invalid_token"');
    const missing = await app.inject({ url: '/v1/me' });
    expect(missing.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="jobs-portal"');
  });
});
