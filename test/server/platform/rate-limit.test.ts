import { describe, expect, it } from 'vitest';
import { ADMIN, bearer, makeApp, makeStaff } from './support.js';

describe('rate limit', () => {
  it('answers 429 with Retry-After once a token exceeds its requests per second', async () => {
    let now = new Date('2026-11-23T10:00:00.250Z');
    const { app } = makeApp({ rateLimit: 2, clock: () => now, handlers: { getMe: () => ({ ok: true }) } });
    const headers = bearer(ADMIN);
    const first = await app.inject({ url: '/v1/me', headers });
    expect(first.statusCode).toBe(200);
    expect(first.headers['ratelimit-limit']).toBe('2');
    expect(first.headers['ratelimit-remaining']).toBe('1');
    expect(first.headers['ratelimit-reset']).toBe('1');
    const second = await app.inject({ url: '/v1/me', headers });
    expect(second.headers['ratelimit-remaining']).toBe('0');
    const third = await app.inject({ url: '/v1/me', headers });
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.headers['ratelimit-remaining']).toBe('0');
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(third.json()).toMatchObject({ status: 429, code: 'rate-limited' });
    now = new Date('2026-11-23T10:00:01.000Z');
    const nextSecond = await app.inject({ url: '/v1/me', headers });
    expect(nextSecond.statusCode).toBe(200);
    expect(nextSecond.headers['ratelimit-remaining']).toBe('1');
  });

  it('counts each token separately, and puts the headers on problems too', async () => {
    const now = new Date('2026-11-23T10:00:00.000Z');
    const { app, db } = makeApp({ rateLimit: 1, clock: () => now, handlers: { getMe: () => ({ ok: true }) } });
    const other = makeStaff(db, []).token;
    expect((await app.inject({ url: '/v1/me', headers: bearer(ADMIN) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/me', headers: bearer(ADMIN) })).statusCode).toBe(429);
    expect((await app.inject({ url: '/v1/me', headers: bearer(other) })).statusCode).toBe(200);
    const unknown = await app.inject({ url: '/v1/nothing', headers: bearer(other) });
    expect(unknown.statusCode).toBe(429);
    const unauthenticated = await app.inject({ url: '/v1/me' });
    expect(unauthenticated.statusCode).toBe(401);
    expect(unauthenticated.headers['ratelimit-limit']).toBe('1');
  });

  it('sends no RateLimit headers when off, and never limits /healthz or /openapi.json', async () => {
    const off = makeApp({ handlers: { getMe: () => ({ ok: true }) } });
    expect(
      (await off.app.inject({ url: '/v1/me', headers: bearer(ADMIN) })).headers['ratelimit-limit'],
    ).toBeUndefined();
    const { app } = makeApp({ rateLimit: 1 });
    for (let i = 0; i < 3; i++) {
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/openapi.json' })).statusCode).toBe(200);
    }
  });
});
