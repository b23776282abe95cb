// Tasks done and reopened through the API: who and when, audited once per change, another
// client's or provider's task not found.
import { describe, expect, it } from 'vitest';
import { TaskSchema } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, type Json, portal } from './support.js';

describe('tasks: complete and reopen', () => {
  it('marks a task done (by whom, when), lists by status, reopens it; repeats change nothing', async () => {
    const p = portal();
    const done = TaskSchema().parse(
      expectOk(await p.post('/v1/clients/cl_000007/tasks/tk_000002/complete', {}, 'clients')),
    );
    expect(done).toMatchObject({ id: 'tk_000002', status: 'done', completedBy: 'st_clients01' });
    expect(done.completedAt).toEqual(expect.any(String));
    // Completing again answers the task as it is: the first completion stands.
    expect(expectOk(await p.post('/v1/clients/cl_000007/tasks/tk_000002/complete', {}, 'spAdmin'))).toEqual(done);

    const created = expectOk(await p.post('/v1/clients/cl_000007/tasks', { title: 'Call back' }, 'clients'), 201);
    expect(created).toMatchObject({ status: 'open', completedAt: null, completedBy: null });
    expect(
      expectOk(await p.get('/v1/clients/cl_000007/tasks?status=done', 'clients')).data.map((t: Json) => t.id),
    ).toEqual(['tk_000002']);
    expect(
      expectOk(await p.get('/v1/clients/cl_000007/tasks?status=open', 'clients')).data.map((t: Json) => t.id),
    ).toEqual([created.id]);

    const reopened = expectOk(await p.post('/v1/clients/cl_000007/tasks/tk_000002/reopen', undefined, 'clients'));
    expect(reopened).toMatchObject({ status: 'open', completedAt: null, completedBy: null });
    expect(expectOk(await p.post('/v1/clients/cl_000007/tasks/tk_000002/reopen', undefined, 'clients'))).toEqual(
      reopened,
    );

    const audit = expectOk(await p.get('/v1/audit?entityId=cl_000007&action=client.task.')).data;
    expect(audit.map((e: Json) => [e.action, e.actorId, e.detail.taskId])).toEqual([
      ['client.task.reopen', 'st_clients01', 'tk_000002'],
      ['client.task.create', 'st_clients01', created.id],
      ['client.task.complete', 'st_clients01', 'tk_000002'],
    ]);
    expect(audit.find((e: Json) => e.action === 'client.task.reopen').detail).toEqual({
      taskId: 'tk_000002',
      completedAt: done.completedAt,
      completedBy: 'st_clients01',
    });
  });

  it("another client's task, an unknown one and another provider's client are not found", async () => {
    const p = portal();
    expectProblem(await p.post('/v1/clients/cl_000002/tasks/tk_000002/complete', {}, 'clients'), 404, 'not-found');
    expectProblem(await p.post('/v1/clients/cl_000007/tasks/tk_nope000/complete', {}, 'clients'), 404, 'not-found');
    expectProblem(await p.post('/v1/clients/cl_000007/tasks/tk_000002/reopen', {}, 'providerB'), 404, 'not-found');
    expectProblem(await p.post('/v1/clients/cl_000007/tasks/tk_000002/complete', {}, 'noClients'), 403, 'forbidden');
    expectProblem(await p.get('/v1/clients/cl_000007/tasks?status=closed', 'clients'), 422, 'validation');
  });
});
