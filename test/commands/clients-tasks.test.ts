// `clients tasks list|complete|reopen` run in-process against a portal in the same process: open and
// done tasks for staff and for the client, a task named by id or title or picked on a terminal.
import { describe, expect, it } from 'vitest';
import { TaskSchema } from '../../src/contract/schemas.js';
import { apiGet, json } from '../helpers/e2e.js';
import { NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, PROVIDER_B } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal, CLIENTS);

describe('clients tasks', () => {
  it('list shows open and done tasks, for staff and for the client; --status and --for narrow it', async () => {
    const added = await run([
      'clients',
      'tasks',
      'add',
      'cl_000007',
      '--title',
      'Call about the forklift course',
      '--for',
      'self',
      '--json',
    ]);
    expect(added.exitCode, added.stderr).toBe(0);
    const mine = TaskSchema().parse(json(added));
    const done = await run(['clients', 'tasks', 'complete', 'lucia.kaur7@example.org', mine.id, '--json']);
    expect(done.exitCode, done.stderr).toBe(0);
    expect(TaskSchema().parse(json(done))).toMatchObject({ status: 'done', completedBy: 'st_clients01' });
    expect(done.stderr).toContain(
      `✓ Task ${mine.id} ("Call about the forklift course") on Lucía Kaur (Alex) (cl_000007) marked done`,
    );

    const all = await run(['clients', 'tasks', 'list', 'cl_000007', '--json']);
    expect(all.exitCode, all.stderr).toBe(0);
    expect(
      json<{ id: string; status: string; assignee: string }[]>(all).map((t) => [t.id, t.status, t.assignee]),
    ).toEqual([
      [mine.id, 'done', 'self'],
      ['tk_000002', 'open', 'client'],
    ]);
    const open = await run(['clients', 'tasks', 'list', 'cl_000007', '--status', 'open', '-q']);
    expect(open.stdout).toBe('tk_000002\n');
    const forClient = await run(['clients', 'tasks', 'list', 'cl_000007', '--for', 'client', '-q']);
    expect(forClient.stdout).toBe('tk_000002\n');
    const table = await run(['clients', 'tasks', 'list', 'cl_000007']);
    expect(table.stdout.split('\n')[0]).toBe('id\tstatus\ttitle\tdueDate\tassignee\tcreatedBy\tcompletedAt');
  });

  it('complete by title; a second complete changes nothing and says so; reopen makes it open again', async () => {
    const first = await run(['clients', 'tasks', 'complete', 'cl_000017', 'upload an updated RESUME']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toContain('✓ Task tk_000004 ("Upload an updated resume")');
    const again = await run(['clients', 'tasks', 'complete', 'cl_000017', 'tk_000004']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('Task tk_000004 ("Upload an updated resume") is already done');
    expect(again.stderr).not.toContain('✓');

    const reopened = await run(['clients', 'tasks', 'reopen', 'cl_000017', 'tk_000004', '--json']);
    expect(reopened.exitCode, reopened.stderr).toBe(0);
    expect(json(reopened)).toMatchObject({ id: 'tk_000004', status: 'open', completedAt: null, completedBy: null });
    expect(reopened.stderr).toContain('is open again');
    const twice = await run(['clients', 'tasks', 'reopen', 'cl_000017', 'tk_000004']);
    expect(twice.stderr).toContain('is already open; nothing changed');

    const audit = await apiGet<{ data: { action: string; detail: Record<string, unknown> }[] }>(
      portal(),
      '/v1/audit?entityId=cl_000017&action=client.task.',
    );
    expect(audit.data.map((e) => e.action)).toEqual(['client.task.reopen', 'client.task.complete']);
  });

  it('on a terminal, picks the client and then one of its open tasks', async () => {
    const r = await run(['clients', 'tasks', 'complete', '--json'], CLIENTS, {
      answers: { '<client>': 'keisha thompson', '<task>': 'Upload an updated resume' },
    });
    expect(r.asked).toEqual(['<client>', '<task>']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ id: 'tk_000008', clientId: 'cl_000037', status: 'done' });
    // Nothing left open to pick.
    const none = await run(['clients', 'tasks', 'complete', 'cl_000037'], CLIENTS, { answers: {} });
    expect(none.exitCode).toBe(NOT_FOUND);
    expect(none.stderr).toContain('Keisha Thompson (cl_000037) has no open task');
  });

  it('refusals: no task named without a terminal, an unknown task, another provider’s client', async () => {
    const missing = await run(['clients', 'tasks', 'complete', 'cl_000022']);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('<task> is required when not running interactively');
    const unknown = await run(['clients', 'tasks', 'complete', 'cl_000022', 'Buy a boat']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('<task>: Kwame Côté (cl_000022) has no task "Buy a boat"');
    // Another client's task id is not a task of this client.
    const otherClients = await run(['clients', 'tasks', 'complete', 'cl_000022', 'tk_000001']);
    expect(otherClients.exitCode).toBe(NOT_FOUND);
    const otherProvider = await run(['clients', 'tasks', 'list', 'cl_000022'], PROVIDER_B);
    expect(otherProvider.exitCode).toBe(NOT_FOUND);
    const status = await run(['clients', 'tasks', 'list', 'cl_000022', '--status', 'closed']);
    expect(status.exitCode).toBe(USAGE);
    expect(status.stderr).toContain('--status must be open, done or all');
  });
});
