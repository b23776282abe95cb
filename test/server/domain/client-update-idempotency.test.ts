// PATCH /v1/clients/{id} honours Idempotency-Key, as the creating POSTs do: `clients update
// --from-file` re-sends a row that was in flight when a run stopped with the same key, and the
// portal answers from its record instead of applying the change (or emailing a confirmation) again.
import { describe, expect, it } from 'vitest';
import { expectOk, expectProblem, portal } from './support.js';

const KEY = { 'idempotency-key': 'upd_row-0000001-abcdef' };

describe('PATCH /v1/clients/{id} with an Idempotency-Key', () => {
  it('replays the first answer: the change and its confirmation email happen once', async () => {
    const p = portal();
    const body = { email: 'zoe.new@example.org', phone: '416-555-0199' };
    const first = await p.call('PATCH', '/v1/clients/cl_000003', 'admin', body, KEY);
    expect(expectOk(first)).toMatchObject({ pendingEmail: 'zoe.new@example.org', phone: '416-555-0199' });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Someone changes the phone in between: the replay does not put the file's value back.
    expectOk(await p.patch('/v1/clients/cl_000003', { phone: '416-555-0123' }));
    const again = await p.call('PATCH', '/v1/clients/cl_000003', 'admin', body, KEY);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(expectOk(await p.get('/v1/clients/cl_000003')).phone).toBe('416-555-0123');
    const outbox = expectOk(await p.get('/v1/outbox?to=zoe.new@example.org'));
    expect(outbox.data.filter((m: { kind: string }) => m.kind === 'email-confirmation')).toHaveLength(1);
  });

  it('refuses the same key with another body, and replays a refusal', async () => {
    const p = portal();
    expectOk(await p.call('PATCH', '/v1/clients/cl_000003', 'admin', { phone: '416-555-0199' }, KEY));
    expectProblem(
      await p.call('PATCH', '/v1/clients/cl_000003', 'admin', { phone: '416-555-0100' }, KEY),
      422,
      'idempotency-key-reused',
    );
    const refusal = { 'idempotency-key': 'upd_row-0000002-abcdef' };
    const owned = await p.call('PATCH', '/v1/clients/cl_000001', 'admin', { phone: '416-555-0000' }, refusal);
    expectProblem(owned, 409, 'cams-owned-field');
    const replayed = await p.call('PATCH', '/v1/clients/cl_000001', 'admin', { phone: '416-555-0000' }, refusal);
    expectProblem(replayed, 409, 'cams-owned-field');
    expect(replayed.headers['idempotent-replayed']).toBe('true');
  });
});
