import { describe, expect, it } from 'vitest';
import { NoteSchema, TaskSchema } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, type Json, newClient, portal } from './support.js';

describe('staff assignment', () => {
  it('turns a referral into a client and back', async () => {
    const p = portal();
    const referral = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    const assigned = expectOk(await p.post(`/v1/clients/${referral.id}/staff`, { staffId: 'st_cwa003' }, 'spAdmin'));
    expect(assigned).toMatchObject({ status: 'client', caseworkerIds: ['st_cwa003'] });
    const two = expectOk(await p.post(`/v1/clients/${referral.id}/staff`, { staffId: 'st_cwa004' }, 'spAdmin'));
    expect(two.caseworkerIds).toEqual(['st_cwa003', 'st_cwa004']);
    // Assigning again changes nothing.
    expect(expectOk(await p.post(`/v1/clients/${referral.id}/staff`, { staffId: 'st_cwa004' }, 'spAdmin'))).toEqual(
      two,
    );

    expect(expectOk(await p.del(`/v1/clients/${referral.id}/staff/st_cwa003`, 'spAdmin')).caseworkerIds).toEqual([
      'st_cwa004',
    ]);
    const none = expectOk(await p.del(`/v1/clients/${referral.id}/staff/st_cwa004`, 'spAdmin'));
    expect(none).toMatchObject({ status: 'referral', caseworkerIds: [] });
    expect(expectOk(await p.del(`/v1/clients/${referral.id}/staff/st_cwa004`, 'spAdmin'))).toEqual(none);

    const actions = expectOk(await p.get(`/v1/audit?entityId=${referral.id}&action=client.staff.`)).data;
    expect(actions.map((e: Json) => [e.action, e.detail.staffId])).toEqual([
      ['client.staff.unassign', 'st_cwa004'],
      ['client.staff.unassign', 'st_cwa003'],
      ['client.staff.assign', 'st_cwa004'],
      ['client.staff.assign', 'st_cwa003'],
    ]);
  });

  it('refuses staff of another provider, and callers without sp-admin', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post('/v1/clients/cl_000009/staff', { staffId: 'st_cwb001' }, 'spAdmin'),
      422,
      'staff-not-in-provider',
    );
    expect(problem.errors).toEqual([
      { path: 'staffId', message: 'st_cwb001 (Emily Wong) is not staff of sp_northstar' },
    ]);
    expectProblem(
      await p.post('/v1/clients/cl_000009/staff', { staffId: 'st_nobody1' }, 'spAdmin'),
      422,
      'staff-not-in-provider',
    );
    // Staff of the provider without the clients permission cannot be caseworkers.
    for (const [staffId, name] of [
      ['st_noclients01', 'Hélène Tremblay'],
      ['st_portal01', 'Jordan MacDonald'],
    ]) {
      const refused = expectProblem(
        await p.post('/v1/clients/cl_000009/staff', { staffId }, 'spAdmin'),
        422,
        'staff-not-caseworker',
      );
      expect(refused.errors).toEqual([
        { path: 'staffId', message: `${staffId} (${name}) lacks the clients permission a caseworker needs` },
      ]);
    }
    expect(expectOk(await p.get('/v1/clients/cl_000009', 'spAdmin')).caseworkerIds).toEqual([]);
    const forbidden = expectProblem(
      await p.post('/v1/clients/cl_000009/staff', { staffId: 'st_cwa001' }, 'clients'),
      403,
      'forbidden',
    );
    expect(forbidden.missingPermission).toBe('sp-admin');
  });
});

describe('referral to another provider', () => {
  it('moves the client within the group, clears the caseworkers and keeps the reason as a note', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient({ caseworkerIds: ['st_cwa001'] }), 'full'), 201);
    const referred = expectOk(
      await p.post(
        `/v1/clients/${client.id}/referral`,
        { providerId: 'sp_lakeshore', reason: 'Moved to Mississauga.' },
        'groupAdmin',
      ),
    );
    expect(referred).toMatchObject({ providerId: 'sp_lakeshore', caseworkerIds: [], status: 'referral' });
    expect(referred.referral.reasons).toBe('Moved to Mississauga.');
    // Now Lakeshore's client: hidden from Northstar staff, visible to Lakeshore.
    expectProblem(await p.get(`/v1/clients/${client.id}`, 'groupAdmin'), 404, 'not-found');
    const notes = expectOk(await p.get(`/v1/clients/${client.id}/notes`, 'providerB')).data;
    expect(notes[0]).toMatchObject({ kind: 'referral-reasons', text: 'Moved to Mississauga.' });
    const audit = expectOk(await p.get(`/v1/audit?entityId=${client.id}&action=client.refer`)).data;
    expect(audit[0].detail).toEqual({ fromProviderId: 'sp_northstar', toProviderId: 'sp_lakeshore' });
  });

  it('refuses a provider of another group, the same provider, and callers without sp-group-admin', async () => {
    const p = portal();
    expectProblem(
      await p.post('/v1/clients/cl_000009/referral', { providerId: 'sp_rideau' }, 'groupAdmin'),
      409,
      'provider-not-in-group',
    );
    expectProblem(
      await p.post('/v1/clients/cl_000009/referral', { providerId: 'sp_rideau' }, 'admin'),
      409,
      'provider-not-in-group',
    );
    expectProblem(
      await p.post('/v1/clients/cl_000009/referral', { providerId: 'sp_northstar' }, 'groupAdmin'),
      422,
      'validation',
    );
    expectProblem(
      await p.post('/v1/clients/cl_000009/referral', { providerId: 'sp_unknown1' }, 'groupAdmin'),
      422,
      'validation',
    );
    const forbidden = expectProblem(
      await p.post('/v1/clients/cl_000009/referral', { providerId: 'sp_lakeshore' }, 'spAdmin'),
      403,
      'forbidden',
    );
    expect(forbidden.missingPermission).toBe('sp-group-admin');
  });
});

describe('safety flags, tasks and notes', () => {
  it('appends safety flags with their reason', async () => {
    const p = portal();
    const first = expectOk(
      await p.post('/v1/clients/cl_000009/flags', { reason: 'Office visits only.' }, 'clients'),
      201,
    );
    expect(first.safetyFlags).toEqual([
      {
        id: expect.stringMatching(/^sf_/),
        reason: 'Office visits only.',
        createdAt: expect.any(String),
        createdBy: 'st_clients01',
      },
    ]);
    const second = expectOk(await p.post('/v1/clients/cl_000009/flags', { reason: 'Second flag.' }, 'clients'), 201);
    expect(second.safetyFlags.map((f: Json) => f.reason)).toEqual(['Office visits only.', 'Second flag.']);
    const audit = expectOk(await p.get('/v1/audit?entityId=cl_000009&action=client.flag')).data;
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('Office visits');
  });

  it('creates tasks for oneself or assigned to the client, listed newest first', async () => {
    const p = portal();
    const mine = TaskSchema().parse(
      expectOk(
        await p.post(
          '/v1/clients/cl_000009/tasks',
          { title: 'Call about the interview', dueDate: '2026-12-01' },
          'clients',
        ),
        201,
      ),
    );
    expect(mine).toMatchObject({
      assignee: 'self',
      dueDate: '2026-12-01',
      createdBy: 'st_clients01',
      clientId: 'cl_000009',
    });
    const theirs = expectOk(
      await p.post('/v1/clients/cl_000009/tasks', { title: 'Upload your resume', assignee: 'client' }, 'clients'),
      201,
    );
    expect(theirs).toMatchObject({ assignee: 'client', dueDate: null });
    const list = expectOk(await p.get('/v1/clients/cl_000009/tasks', 'clients')).data;
    expect(list.map((t: Json) => t.id)).toEqual([theirs.id, mine.id]);
    expect(expectOk(await p.get('/v1/audit?action=client.task.create')).data[0].detail).toEqual({
      taskId: theirs.id,
      assignee: 'client',
    });
  });

  it('adds case notes, listed newest first with the seeded ones', async () => {
    const p = portal();
    const before = expectOk(await p.get('/v1/clients/cl_000004/notes', 'clients')).data;
    expect(before.length).toBeGreaterThan(0);
    const note = NoteSchema().parse(
      expectOk(await p.post('/v1/clients/cl_000004/notes', { text: 'Called; no answer.' }, 'clients'), 201),
    );
    expect(note).toMatchObject({ kind: 'general', text: 'Called; no answer.', createdBy: 'st_clients01' });
    const after = expectOk(await p.get('/v1/clients/cl_000004/notes', 'clients')).data;
    expect(after.map((n: Json) => n.id)).toEqual([note.id, ...before.map((n: Json) => n.id)]);
    const times = after.map((n: Json) => n.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});
