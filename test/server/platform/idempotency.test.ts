import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../../src/server/context.js';
import { openDatabase, transaction } from '../../../src/server/db.js';
import {
  abandonIdempotent,
  beginIdempotent,
  bodyHash,
  completeIdempotent,
  purgeExpiredIdempotency,
  recordIdempotent,
} from '../../../src/server/idempotency.js';
import { ADMIN, bearer, makeApp } from './support.js';

const URL = '/v1/clients/cl_abcdef123/notes';

function counting() {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    handler: () => {
      calls++;
      return { id: `note-${calls}`, n: calls };
    },
  };
}

const post = (key: string | undefined, payload: unknown, url = URL) => ({
  method: 'POST' as const,
  url,
  headers: { ...bearer(ADMIN), ...(key === undefined ? {} : { 'idempotency-key': key }) },
  payload: payload as Record<string, unknown>,
});

describe('bodyHash', () => {
  it('does not depend on key order, and tells different bodies apart', () => {
    expect(bodyHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(bodyHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(bodyHash({ a: 1 })).not.toBe(bodyHash({ a: 2 }));
    expect(bodyHash({ a: [1, 2] })).not.toBe(bodyHash({ a: [2, 1] }));
    expect(bodyHash(undefined)).toBe(bodyHash(null));
  });

  it('is the SHA-256 of the sorted-key JSON, unchanged across versions (stored keys still match)', () => {
    const body = {
      targetOccupations: ['Analyst'],
      sendInvite: true,
      link: { caNumber: 'CA-1' },
      lastName: 'Lovelace',
      firstName: 'Ada',
      email: 'ada@example.org',
      phone: undefined,
    };
    // sha256('{"email":"ada@example.org","firstName":"Ada","lastName":"Lovelace","link":{"caNumber":"CA-1"},"sendInvite":true,"targetOccupations":["Analyst"]}')
    expect(bodyHash(body)).toBe('575532a2b0cac8ea113c260a0222fe0ea2dddfde4b99ef23bd2be6c51f755609');
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer byte for byte, with Idempotent-Replayed', async () => {
    const note = counting();
    const { app } = makeApp({ handlers: { createNote: note.handler } });
    const first = await app.inject(post('key-00000001', { text: 'hello' }));
    const second = await app.inject(post('key-00000001', { text: 'hello' }));
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(second.body).toBe(first.body);
    expect(note.calls).toBe(1);
  });

  it('runs each request that has no key', async () => {
    const note = counting();
    const { app } = makeApp({ handlers: { createNote: note.handler } });
    await app.inject(post(undefined, { text: 'a' }));
    await app.inject(post(undefined, { text: 'a' }));
    expect(note.calls).toBe(2);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const task = counting();
    const { app } = makeApp({ handlers: { createTask: task.handler } });
    const url = '/v1/clients/cl_abcdef123/tasks';
    await app.inject(post('key-00000002', { title: 'Call', assignee: 'self' }, url));
    const again = await app.inject(post('key-00000002', { assignee: 'self', title: 'Call' }, url));
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(task.calls).toBe(1);
  });

  it('refuses the same key with a different body, or on another route, with 422', async () => {
    const note = counting();
    const { app } = makeApp({ handlers: { createNote: note.handler } });
    await app.inject(post('key-00000003', { text: 'hello' }));
    const otherBody = await app.inject(post('key-00000003', { text: 'goodbye' }));
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.json()).toMatchObject({ code: 'idempotency-key-reused', status: 422 });
    const otherPath = await app.inject(post('key-00000003', { text: 'hello' }, '/v1/clients/cl_other0001/notes'));
    expect(otherPath.statusCode).toBe(422);
    expect(otherPath.json().code).toBe('idempotency-key-reused');
    expect(note.calls).toBe(1);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const note = counting();
    const { app, db } = makeApp({ handlers: { createNote: note.handler }, latencyMs: 300 });
    const first = app.inject(post('key-00000004', { text: 'hello' }));
    // The first request holds the key (a committed 'running' row) while it waits out the latency.
    const running = db.prepare("SELECT state FROM idempotency_keys WHERE key = 'key-00000004'");
    while (!running.get()) await new Promise((resolve) => setImmediate(resolve));
    const second = await app.inject(post('key-00000004', { text: 'hello' }));
    expect(second.statusCode).toBe(409);
    expect(second.headers['retry-after']).toBe('1');
    expect(second.json()).toMatchObject({ code: 'idempotency-key-in-flight' });
    expect((await first).statusCode).toBe(201);
    const third = await app.inject(post('key-00000004', { text: 'hello' }));
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(note.calls).toBe(1);
  });

  it('stores a 4xx answer and replays it', async () => {
    let calls = 0;
    const { app } = makeApp({
      handlers: {
        createNote: () => {
          calls++;
          throw new ProblemError(409, 'archived', 'Client archived', 'Restore the client first.');
        },
      },
    });
    const first = await app.inject(post('key-00000005', { text: 'hello' }));
    const second = await app.inject(post('key-00000005', { text: 'hello' }));
    expect(first.statusCode).toBe(409);
    expect(second.statusCode).toBe(409);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(second.body).toBe(first.body);
    expect(calls).toBe(1);
  });

  it('releases the key after a 5xx so that a retry runs', async () => {
    let calls = 0;
    const { app } = makeApp({
      handlers: {
        createNote: () => {
          calls++;
          if (calls === 1) throw new Error('disk on fire');
          return { id: 'n1' };
        },
      },
    });
    const first = await app.inject(post('key-00000006', { text: 'hello' }));
    expect(first.statusCode).toBe(500);
    const retry = await app.inject(post('key-00000006', { text: 'hello' }));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(calls).toBe(2);
  });

  it('forgets answers after 24 hours and purges them', async () => {
    let now = new Date('2026-11-23T10:00:00.000Z');
    const note = counting();
    const { app, db } = makeApp({ handlers: { createNote: note.handler }, clock: () => now });
    await app.inject(post('key-00000007', { text: 'hello' }));
    now = new Date(now.getTime() + 24 * 3600 * 1000 - 1);
    expect((await app.inject(post('key-00000007', { text: 'other' }))).statusCode).toBe(422);
    now = new Date(now.getTime() + 1);
    const later = await app.inject(post('key-00000007', { text: 'other' }));
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    await app.inject(post('key-00000008', { text: 'x' }));
    now = new Date(now.getTime() + 25 * 3600 * 1000);
    await app.inject(post('key-00000009', { text: 'y' }));
    const keys = (db.prepare('SELECT key FROM idempotency_keys ORDER BY key').all() as { key: string }[]).map(
      (r) => r.key,
    );
    expect(keys).toEqual(['key-00000009']);
  });

  it('purges from the oldest key up to the first fresh one; a key taken over counts from its new answer', () => {
    const db = openDatabase(':memory:');
    const at = (hours: number) => new Date(Date.UTC(2026, 10, 1) + hours * 3600 * 1000);
    const record = (key: string, hours: number) =>
      recordIdempotent(db, 'st_1', key, { method: 'POST', path: URL, hash: 'h', now: at(hours) }, 201, '{}');
    const keys = () =>
      (db.prepare('SELECT key FROM idempotency_keys ORDER BY rowid').all() as { key: string }[]).map((r) => r.key);
    record('key-a', 0);
    record('key-b', 1);
    record('key-c', 2);
    record('key-a', 30); // expired, then used again: its row moves to the end
    expect(keys()).toEqual(['key-b', 'key-c', 'key-a']);
    expect(purgeExpiredIdempotency(db, at(25.5))).toBe(1);
    expect(keys()).toEqual(['key-c', 'key-a']);
    expect(purgeExpiredIdempotency(db, at(25.5))).toBe(0);
    expect(purgeExpiredIdempotency(db, at(60))).toBe(2);
    expect(keys()).toEqual([]);
  });

  it('takes over a key whose first request has been running for more than a minute', async () => {
    let now = new Date('2026-11-23T10:00:00.000Z');
    const note = counting();
    const { app, db } = makeApp({ handlers: { createNote: note.handler }, clock: () => now });
    // A server that crashed mid-request left this row behind.
    const staff = 'st_localadmin';
    expect(beginIdempotent(db, staff, 'key-00000010', 'POST', URL, bodyHash({ text: 'hello' }), now).kind).toBe('miss');
    expect((await app.inject(post('key-00000010', { text: 'hello' }))).statusCode).toBe(409);
    now = new Date(now.getTime() + 60_000);
    const res = await app.inject(post('key-00000010', { text: 'hello' }));
    expect(res.statusCode).toBe(201);
    expect(note.calls).toBe(1);
  });

  it("releases at start the keys left running by a server process that is gone, and keeps a live one's", async () => {
    const now = new Date('2026-11-23T10:00:00.000Z');
    const db = openDatabase(':memory:');
    makeApp({ db, clock: () => now }); // the admin's staff row
    const staff = 'st_localadmin';
    const hash = bodyHash({ text: 'hello' });
    // A process that has exited: its pid names no process any more.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const claim = db.prepare(
      `INSERT INTO idempotency_keys (principal_id, key, method, path, body_hash, state, created_at, owner)
       VALUES (?, ?, 'POST', ?, ?, 'running', ?, ?)`,
    );
    claim.run(staff, 'key-crashed1', URL, hash, now.toISOString(), `${gone}@${hostname()}`);
    claim.run(staff, 'key-running1', URL, hash, now.toISOString(), `${process.pid}@${hostname()}`);

    // The portal restarts on the same database, seconds later.
    const note = counting();
    const { app } = makeApp({ db, handlers: { createNote: note.handler }, clock: () => now });
    expect((await app.inject(post('key-crashed1', { text: 'hello' }))).statusCode).toBe(201);
    expect((await app.inject(post('key-running1', { text: 'hello' }))).statusCode).toBe(409);
    expect(note.calls).toBe(1);
  });

  it('records which process holds a running key', () => {
    const db = openDatabase(':memory:');
    const now = new Date();
    beginIdempotent(db, 'st_a', 'key-00000020', 'POST', URL, bodyHash({}), now);
    expect(db.prepare("SELECT owner FROM idempotency_keys WHERE key = 'key-00000020'").get()).toEqual({
      owner: `${process.pid}@${hostname()}`,
    });
  });

  it('refuses a key shorter than 8 or longer than 200 characters, naming the header', async () => {
    const { app } = makeApp({ handlers: { createNote: counting().handler } });
    for (const key of ['short', 'k'.repeat(201)]) {
      const res = await app.inject(post(key, { text: 'hello' }));
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toContainEqual({
        path: 'Idempotency-Key',
        message: 'must be one header of 8 to 200 characters',
      });
    }
  });
});

describe('idempotency primitives', () => {
  it('work inside an enclosing transaction (the batch endpoint) without opening their own', () => {
    const db = openDatabase(':memory:');
    const now = new Date('2026-11-23T10:00:00.000Z');
    const h = bodyHash({ a: 1 });
    transaction(db, () => {
      expect(beginIdempotent(db, 'st_a', 'item-0001', 'POST', '/v1/clients/batch', h, now)).toEqual({ kind: 'miss' });
      completeIdempotent(db, 'st_a', 'item-0001', 201, { id: 'cl_1', name: 'x' });
    });
    expect(beginIdempotent(db, 'st_a', 'item-0001', 'POST', '/v1/clients/batch', h, now)).toEqual({
      kind: 'replay',
      status: 201,
      response: { id: 'cl_1', name: 'x' },
      body: '{"id":"cl_1","name":"x"}',
    });
    expect(beginIdempotent(db, 'st_b', 'item-0001', 'POST', '/v1/clients/batch', h, now).kind).toBe('miss');
    expect(beginIdempotent(db, 'st_b', 'item-0001', 'POST', '/v1/clients/batch', h, now).kind).toBe('running');
    abandonIdempotent(db, 'st_b', 'item-0001');
    expect(beginIdempotent(db, 'st_b', 'item-0001', 'POST', '/v1/clients/batch', bodyHash({ a: 2 }), now).kind).toBe(
      'miss',
    );
    expect(beginIdempotent(db, 'st_a', 'item-0001', 'POST', '/v1/clients/batch', bodyHash({ a: 2 }), now).kind).toBe(
      'mismatch',
    );
  });
});
