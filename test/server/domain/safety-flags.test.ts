// Safety flags through the API: ids, removal kept with who, when and why, audited with the reason;
// the client shows only the flags in force.
import { describe, expect, it } from 'vitest';
import { SafetyFlagRecordSchema } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, type Json, portal } from './support.js';

describe('safety flags: list and remove', () => {
  it('removes a flag, keeping it with its removal; the client keeps only those in force', async () => {
    const p = portal();
    const client = expectOk(
      await p.post('/v1/clients/cl_000009/flags', { reason: 'Office visits only.' }, 'clients'),
      201,
    );
    const [flag] = client.safetyFlags;
    expect(flag.id).toMatch(/^sf_[0-9a-z]+$/);
    expectOk(await p.post('/v1/clients/cl_000009/flags', { reason: 'Second flag.' }, 'clients'), 201);

    const removed = SafetyFlagRecordSchema().parse(
      expectOk(
        await p.post(`/v1/clients/cl_000009/flags/${flag.id}/remove`, { reason: 'No longer needed.' }, 'spAdmin'),
      ),
    );
    expect(removed).toMatchObject({
      id: flag.id,
      clientId: 'cl_000009',
      reason: 'Office visits only.',
      status: 'removed',
      removedBy: 'st_spadmin01',
      removalReason: 'No longer needed.',
    });
    // Removing again answers the flag as it is: the first removal stands.
    expect(
      expectOk(await p.post(`/v1/clients/cl_000009/flags/${flag.id}/remove`, { reason: 'Other.' }, 'clients')),
    ).toEqual(removed);

    expect(expectOk(await p.get('/v1/clients/cl_000009', 'clients')).safetyFlags.map((f: Json) => f.reason)).toEqual([
      'Second flag.',
    ]);
    const all = expectOk(await p.get('/v1/clients/cl_000009/flags', 'clients')).data;
    expect(all.map((f: Json) => [f.reason, f.status])).toEqual([
      ['Office visits only.', 'removed'],
      ['Second flag.', 'active'],
    ]);
    expect(expectOk(await p.get('/v1/clients/cl_000009/flags?status=removed', 'clients')).data).toEqual([removed]);

    const audit = expectOk(await p.get('/v1/audit?entityId=cl_000009&action=client.flag*')).data;
    expect(audit.map((e: Json) => [e.action, e.actorId])).toEqual([
      ['client.flag.remove', 'st_spadmin01'],
      ['client.flag', 'st_clients01'],
      ['client.flag', 'st_clients01'],
    ]);
    expect(audit[0].detail).toEqual({ flagId: flag.id, reason: 'No longer needed.' });
  });

  it('seeded flags have ids from their client and position', async () => {
    const p = portal();
    expect(expectOk(await p.get('/v1/clients/cl_000005', 'clients')).safetyFlags[0].id).toBe('sf_00000501');
    const added = expectOk(await p.post('/v1/clients/cl_000005/flags', { reason: 'Another.' }, 'clients'), 201);
    expect(added.safetyFlags.map((f: Json) => f.id)).toEqual(['sf_00000501', expect.stringMatching(/^sf_/)]);
    expectOk(await p.post('/v1/clients/cl_000005/flags/sf_00000501/remove', { reason: 'Done.' }, 'clients'));
    expect(expectOk(await p.get('/v1/clients/cl_000005', 'clients')).safetyFlags.map((f: Json) => f.reason)).toEqual([
      'Another.',
    ]);
  });

  it('refuses a removal without a reason, an unknown flag, another provider and no clients permission', async () => {
    const p = portal();
    expectProblem(await p.post('/v1/clients/cl_000005/flags/sf_00000501/remove', {}, 'clients'), 422, 'validation');
    expectProblem(
      await p.post('/v1/clients/cl_000005/flags/sf_00000501/remove', { reason: ' ' }, 'clients'),
      422,
      'validation',
    );
    expectProblem(
      await p.post('/v1/clients/cl_000005/flags/sf_00000999/remove', { reason: 'x' }, 'clients'),
      404,
      'not-found',
    );
    expectProblem(
      await p.post('/v1/clients/cl_000005/flags/sf_00000501/remove', { reason: 'x' }, 'providerB'),
      404,
      'not-found',
    );
    expectProblem(await p.get('/v1/clients/cl_000005/flags', 'noClients'), 403, 'forbidden');
    expect(expectOk(await p.get('/v1/clients/cl_000005/flags', 'clients')).data[0].status).toBe('active');
  });
});
