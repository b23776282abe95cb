import { afterEach, describe, expect, it } from 'vitest';
import type { AppOptions } from '../../../src/server/app.js';
import { ADMIN, bearer, makeApp } from './support.js';

/** A random source that returns these values in turn. */
function sequence(...values: number[]) {
  let i = 0;
  return () => {
    const value = values[i % values.length]!;
    i++;
    return value;
  };
}

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A real listening app: resets and drops are about sockets, which only a real connection shows. */
async function listening(options: Partial<AppOptions>) {
  const made = makeApp(options);
  await made.app.listen({ host: '127.0.0.1', port: 0 });
  stops.push(() => made.app.close());
  const address = made.app.server.address() as { port: number };
  return { ...made, url: `http://127.0.0.1:${address.port}` };
}

function countingNotes() {
  const state = { calls: 0 };
  const handler = (ctx: { db: import('node:sqlite').DatabaseSync }) => {
    state.calls++;
    ctx.db.prepare('INSERT INTO provider_groups (id, name) VALUES (?, ?)').run(`gr_note${state.calls}`, 'note');
    return { id: `n${state.calls}` };
  };
  return { state, handler };
}

describe('fault knobs', () => {
  it('--fail-rate answers 500 or 503 (with Retry-After) without running the handler', async () => {
    const notes = countingNotes();
    // Each request draws once for "fail?" and once for "500 or 503?".
    const { app } = makeApp({
      failRate: 0.5,
      random: sequence(0.1, 0.2, 0.1, 0.9, 0.7),
      handlers: { getMe: notes.handler },
    });
    const a = await app.inject({ url: '/v1/me', headers: bearer(ADMIN) });
    expect(a.statusCode).toBe(500);
    expect(a.json()).toMatchObject({ code: 'internal', status: 500 });
    const b = await app.inject({ url: '/v1/me', headers: bearer(ADMIN) });
    expect(b.statusCode).toBe(503);
    expect(b.headers['retry-after']).toBe('1');
    expect(b.json()).toMatchObject({ code: 'unavailable', status: 503 });
    const c = await app.inject({ url: '/v1/me', headers: bearer(ADMIN) });
    expect(c.statusCode).toBe(200);
    expect(notes.state.calls).toBe(1);
  });

  it('--reset-rate drops the connection without an answer and without running the handler', async () => {
    const notes = countingNotes();
    const { url } = await listening({ resetRate: 0.5, random: sequence(0.1, 0.9), handlers: { getMe: notes.handler } });
    await expect(fetch(`${url}/v1/me`, { headers: bearer(ADMIN) })).rejects.toThrow();
    const ok = await fetch(`${url}/v1/me`, { headers: bearer(ADMIN) });
    expect(ok.status).toBe(200);
    expect(notes.state.calls).toBe(1);
  });

  it('--drop-after-commit-rate commits the change, then drops the connection; the key replays it', async () => {
    const notes = countingNotes();
    const { url, db } = await listening({
      dropAfterCommitRate: 0.5,
      random: sequence(0.1, 0.9),
      handlers: { createNote: notes.handler, listNotes: () => ({ data: [] }) },
    });
    const request = () =>
      fetch(`${url}/v1/clients/cl_abcdef123/notes`, {
        method: 'POST',
        headers: { ...bearer(ADMIN), 'content-type': 'application/json', 'idempotency-key': 'drop-0000001' },
        body: JSON.stringify({ text: 'hello' }),
      });
    await expect(request()).rejects.toThrow();
    expect(db.prepare("SELECT id FROM provider_groups WHERE id = 'gr_note1'").get()).toBeDefined();
    const retry = await request();
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual({ id: 'n1' });
    expect(notes.state.calls).toBe(1);
  });

  it('--drop-after-commit-rate leaves reads alone', async () => {
    const { url } = await listening({ dropAfterCommitRate: 1, handlers: { listNotes: () => ({ data: [] }) } });
    const res = await fetch(`${url}/v1/clients/cl_abcdef123/notes`, { headers: bearer(ADMIN) });
    expect(res.status).toBe(200);
  });

  it('--latency still answers, and the knobs never touch /healthz or /openapi.json', async () => {
    const { app } = makeApp({ failRate: 1, resetRate: 0, latencyMs: 5 });
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    expect((await app.inject({ url: '/openapi.json' })).statusCode).toBe(200);
    expect([500, 503]).toContain((await app.inject({ url: '/v1/me', headers: bearer(ADMIN) })).statusCode);
    const slow = makeApp({ latencyMs: 5, handlers: { getMe: () => ({ ok: true }) } });
    expect((await slow.app.inject({ url: '/v1/me', headers: bearer(ADMIN) })).json()).toEqual({ ok: true });
  });

  it('--latency waits before the handler, for reads and writes', async () => {
    const events: string[] = [];
    const { app } = makeApp({
      latencyMs: 250,
      sleep: async (ms) => {
        events.push(`sleep ${ms}`);
      },
      handlers: {
        getMe: () => {
          events.push('getMe');
          return { ok: true };
        },
        createNote: () => {
          events.push('createNote');
          return { id: 'n1' };
        },
      },
    });
    await app.inject({ url: '/v1/me', headers: bearer(ADMIN) });
    await app.inject({
      method: 'POST',
      url: '/v1/clients/cl_abcdef123/notes',
      headers: bearer(ADMIN),
      payload: { text: 'x' },
    });
    expect(events).toEqual(['sleep 250', 'getMe', 'sleep 250', 'createNote']);
  });

  it('--fault-seed: the same seed fails the same requests, another seed others', async () => {
    const statuses = async (faultSeed: number) => {
      const { app } = makeApp({ failRate: 0.5, faultSeed, handlers: { getMe: () => ({ ok: true }) } });
      const seen: number[] = [];
      for (let i = 0; i < 40; i++) seen.push((await app.inject({ url: '/v1/me', headers: bearer(ADMIN) })).statusCode);
      return seen;
    };
    const first = await statuses(1234);
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
    expect(await statuses(1234)).toEqual(first);
    expect(await statuses(4321)).not.toEqual(first);
  });

  it('refuses a fault seed that is not a whole number from 0 to 2^32-1', () => {
    expect(() => makeApp({ faultSeed: -1 })).toThrow(/faultSeed/);
    expect(() => makeApp({ faultSeed: 1.5 })).toThrow(/faultSeed/);
    expect(() => makeApp({ faultSeed: 2 ** 32 })).toThrow(/faultSeed/);
  });

  it('refuses rates outside 0..1', () => {
    expect(() => makeApp({ failRate: 1.5 })).toThrow(/failRate/);
    expect(() => makeApp({ latencyMs: -1 })).toThrow(/latencyMs/);
  });
});
