import { describe, expect, it } from 'vitest';
import { BatchResultSchema } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, type Json, newClient, portal } from './support.js';

const key = (n: number | string) => `batch-item-key-${n}`;

describe('batch create', () => {
  it('creates each valid item and refuses each invalid one, as POST /v1/clients would', async () => {
    const p = portal();
    const good1 = newClient({ firstName: 'Ada' });
    const good2 = newClient({ firstName: 'Grace', referral: { reasons: 'Batch reasons.' } });
    const answer = expectOk(
      await p.post(
        '/v1/clients/batch',
        {
          items: [
            { idempotencyKey: key(1), client: good1 },
            { idempotencyKey: key(2), client: newClient({ email: 'maryann.obrien1@example.org' }) },
            { idempotencyKey: key(3), client: { firstName: 'No', lastName: 'Email' } },
            { idempotencyKey: key(4), client: newClient({ link: { caNumber: 'CA-3009013' } }) },
            { idempotencyKey: key(5), client: newClient({ caseworkerIds: ['st_cwa001'] }) },
            { idempotencyKey: key(6), client: good2 },
          ],
        },
        'clients',
      ),
    );
    BatchResultSchema().parse(answer);
    expect(answer.results.map((r: Json) => [r.index, r.status, r.replayed, r.problem?.code ?? null])).toEqual([
      [0, 201, false, null],
      [1, 409, false, 'email-taken'],
      [2, 422, false, 'validation'],
      [3, 404, false, 'ca-in-progress'],
      [4, 403, false, 'forbidden'],
      [5, 201, false, null],
    ]);
    expect(answer.results[1].problem.existingClientId).toBe('cl_000001');
    expect(answer.results[4].problem.missingPermission).toBe('sp-admin');

    const created = [answer.results[0].client, answer.results[5].client];
    for (const client of created) expect(expectOk(await p.get(`/v1/clients/${client.id}`))).toEqual(client);
    // Each created item has its invitation, note and audit entry, like a single create.
    const mail = expectOk(await p.get('/v1/outbox?kind=invitation')).data.map((m: Json) => m.clientId);
    expect(mail.sort()).toEqual(created.map((c) => c.id).sort());
    expect(expectOk(await p.get(`/v1/clients/${created[1].id}/notes`)).data.map((n: Json) => n.text)).toEqual([
      'Batch reasons.',
    ]);
    expect(expectOk(await p.get('/v1/audit?action=client.create')).data).toHaveLength(2);
    // A refused item left nothing behind.
    expect(expectOk(await p.get('/v1/clients?search=No%20Email')).data).toEqual([]);
  });

  it('replays items by key: stored results come back marked replayed, nothing is created twice', async () => {
    const p = portal();
    const items = [
      { idempotencyKey: key('a'), client: newClient() },
      { idempotencyKey: key('b'), client: newClient({ email: 'maryann.obrien1@example.org' }) },
    ];
    const first = expectOk(await p.post('/v1/clients/batch', { items }, 'clients'));
    const fresh = { idempotencyKey: key('c'), client: newClient() };
    const second = expectOk(await p.post('/v1/clients/batch', { items: [...items, fresh] }, 'clients'));
    expect(second.results.map((r: Json) => [r.status, r.replayed])).toEqual([
      [201, true],
      [409, true],
      [201, false],
    ]);
    expect(second.results[0].client).toEqual(first.results[0].client);
    expect(second.results[1].problem).toEqual(first.results[1].problem);
    const ids = expectOk(await p.get('/v1/audit?action=client.create')).data.map((e: Json) => e.entityId);
    expect(ids.sort()).toEqual([first.results[0].client.id, second.results[2].client.id].sort());
  });

  it('refuses an item whose key was used for a different client, the others still succeed', async () => {
    const p = portal();
    expectOk(
      await p.post('/v1/clients/batch', { items: [{ idempotencyKey: key('x'), client: newClient() }] }, 'clients'),
    );
    const answer = expectOk(
      await p.post(
        '/v1/clients/batch',
        {
          items: [
            { idempotencyKey: key('x'), client: newClient() },
            { idempotencyKey: key('y'), client: newClient() },
          ],
        },
        'clients',
      ),
    );
    expect(answer.results[0]).toMatchObject({
      status: 422,
      replayed: false,
      problem: { code: 'idempotency-key-reused' },
    });
    expect(answer.results[1]).toMatchObject({ status: 201, replayed: false });
  });

  it('shares keys with single creates: a batch item key replays on POST /v1/clients and back', async () => {
    const p = portal();
    const body = newClient();
    const batch = expectOk(
      await p.post('/v1/clients/batch', { items: [{ idempotencyKey: key('s'), client: body }] }, 'clients'),
    );
    const single = await p.post('/v1/clients', body, 'clients', { 'idempotency-key': key('s') });
    expect(single.status).toBe(201);
    expect(single.headers['idempotent-replayed']).toBe('true');
    expect(single.body).toEqual(batch.results[0].client);

    const other = newClient();
    const created = expectOk(await p.post('/v1/clients', other, 'clients', { 'idempotency-key': key('t') }), 201);
    const again = expectOk(
      await p.post('/v1/clients/batch', { items: [{ idempotencyKey: key('t'), client: other }] }, 'clients'),
    );
    expect(again.results[0]).toMatchObject({ status: 201, replayed: true, client: { id: created.id } });
  });

  it('handles the same email twice in one batch: the first wins, the second names it', async () => {
    const p = portal();
    const email = 'twice.in.batch@example.org';
    const answer = expectOk(
      await p.post(
        '/v1/clients/batch',
        {
          items: [
            { idempotencyKey: key('d1'), client: newClient({ email }) },
            { idempotencyKey: key('d2'), client: newClient({ email: email.toUpperCase() }) },
          ],
        },
        'clients',
      ),
    );
    expect(answer.results[0].status).toBe(201);
    expect(answer.results[1]).toMatchObject({
      status: 409,
      problem: { existingClientId: answer.results[0].client.id },
    });
  });

  it('with Prefer: return=minimal answers ids and statuses only, and says so; replays too', async () => {
    const p = portal();
    const items = [
      { idempotencyKey: key('m1'), client: newClient({ firstName: 'Minimal' }) },
      { idempotencyKey: key('m2'), client: newClient({ email: 'maryann.obrien1@example.org' }) },
    ];
    const minimal = { prefer: 'respond-async, return=minimal' };
    const first = await p.post('/v1/clients/batch', { items }, 'clients', minimal);
    expect(first.headers['preference-applied']).toBe('return=minimal');
    const answer = expectOk(first);
    BatchResultSchema().parse(answer);
    expect(answer.results[0]).toEqual({ index: 0, status: 201, replayed: false, clientId: expect.any(String) });
    expect(answer.results[1]).toMatchObject({ index: 1, status: 409, problem: { code: 'email-taken' } });
    expect(expectOk(await p.get(`/v1/clients/${answer.results[0].clientId}`)).firstName).toBe('Minimal');

    // The same keys again: replayed, minimal or in full as this request asks.
    const again = expectOk(await p.post('/v1/clients/batch', { items }, 'clients', minimal));
    expect(again.results[0]).toEqual({ ...answer.results[0], replayed: true });
    const full = await p.post('/v1/clients/batch', { items }, 'clients');
    expect(full.headers['preference-applied']).toBeUndefined();
    const fullAnswer = expectOk(full);
    expect(fullAnswer.results[0]).toMatchObject({ clientId: answer.results[0].clientId, replayed: true });
    expect(fullAnswer.results[0].client).toMatchObject({ id: answer.results[0].clientId, firstName: 'Minimal' });
  });

  it('ignores Prefer on routes that do not honour it', async () => {
    const p = portal();
    const created = await p.post('/v1/clients', newClient(), 'clients', { prefer: 'return=minimal' });
    expect(created.headers['preference-applied']).toBeUndefined();
    expect(expectOk(created, 201).email).toEqual(expect.any(String));
  });

  it('takes at most 100 items', async () => {
    const p = portal();
    const items = Array.from({ length: 101 }, (_, i) => ({ idempotencyKey: key(`m${i}`), client: newClient() }));
    expectProblem(await p.post('/v1/clients/batch', { items }, 'clients'), 422, 'validation');
    const hundred = expectOk(await p.post('/v1/clients/batch', { items: items.slice(0, 100) }, 'clients'));
    expect(hundred.results.filter((r: Json) => r.status === 201)).toHaveLength(100);
  });
});
