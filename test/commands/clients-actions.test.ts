// The actions on one client, in-process against a seeded portal: flags add, tasks add, notes list/add.
// Happy path, JSON shape, and the refusals (permissions, unknown client, states the portal refuses).
// archive/restore, assign-staff, unassign-staff, refer, password-reset and representatives invite:
// test/commands/clients-*.test.ts.
import { describe, expect, it } from 'vitest';
import { ClientSchema, NoteSchema, TaskSchema } from '../../src/contract/schemas.js';
import { api, argv, clientById, expectHelp, json } from '../helpers/e2e.js';
import { FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, NO_CLIENTS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const getClient = (id: string) => clientById(portal(), id);

describe('help', () => {
  it('every clients command has a description and examples', async () => {
    const commands = ['flag'];
    const subcommands = ['flags add', 'flags remove', 'tasks add', 'notes list', 'notes add', 'representatives list'];
    const all = [...commands, ...subcommands].map((command) => `clients ${command}`);
    await expectHelp(run, all);
  });
});

describe('clients flag CLIENT, the older form of clients flags add', () => {
  it('adds a safety flag with its reason (JSON = the client)', async () => {
    const r = await run(['clients', 'flag', 'cl_000023', '--reason', 'Meet in pairs only', '--json'], CLIENTS);
    expect(r.exitCode, r.stderr).toBe(0);
    const client = ClientSchema().parse(json(r));
    expect(client.safetyFlags).toEqual([
      expect.objectContaining({ reason: 'Meet in pairs only', createdBy: 'st_clients01' }),
    ]);
    expect(r.stderr).toMatch(/Safety flag sf_\w+ added to Minh Patel \(cl_000023\); 1 flag in force/);
  });

  it('refusals: no --reason without a terminal, too long, missing permission, unknown client', async () => {
    const missing = await run(['clients', 'flag', 'cl_000023']);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('--reason is required when not running interactively');
    const long = await run(['clients', 'flag', 'cl_000023', '--reason', 'x'.repeat(201)]);
    expect(long.exitCode).toBe(USAGE);
    expect(long.stderr).toContain('--reason must be at most 200 characters');
    const forbidden = await run(['clients', 'flag', 'cl_000023', '--reason', 'x'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    const unknown = await run(['clients', 'flag', 'gone@example.org', '--reason', 'x']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect((await getClient('cl_000023')).safetyFlags).toHaveLength(1);
  });
});

describe('clients tasks add', () => {
  it('creates a task for the client with a due date (JSON = the task)', async () => {
    const r = await run(
      argv`clients tasks add cl_000025 --title ${'Upload your resume'} --due 2026-12-01 --for client --json`,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(TaskSchema().parse(json(r))).toMatchObject({
      clientId: 'cl_000025',
      title: 'Upload your resume',
      dueDate: '2026-12-01',
      assignee: 'client',
      createdBy: 'st_admin01',
    });
    const own = await run(['clients', 'tasks', 'add', 'cl_000025', '--title', 'Call back', '--json']);
    expect(json(own)).toMatchObject({ assignee: 'self', dueDate: null });
    const tasks = await api<{ data: unknown[] }>(portal(), '/v1/clients/cl_000025/tasks');
    expect(tasks.body.data).toHaveLength(2);
  });

  it('refusals: missing --title, bad --due, bad --for, missing permission', async () => {
    const title = await run(['clients', 'tasks', 'add', 'cl_000025']);
    expect(title.exitCode).toBe(USAGE);
    expect(title.stderr).toContain('--title is required when not running interactively');
    const due = await run(['clients', 'tasks', 'add', 'cl_000025', '--title', 'x', '--due', 'tomorrow']);
    expect(due.exitCode).toBe(USAGE);
    expect(due.stderr).toContain('--due must be a date like 2026-12-01');
    const who = await run(['clients', 'tasks', 'add', 'cl_000025', '--title', 'x', '--for', 'boss']);
    expect(who.exitCode).toBe(USAGE);
    expect(who.stderr).toContain('--for must be self or client');
    const forbidden = await run(['clients', 'tasks', 'add', 'cl_000025', '--title', 'x'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
  });
});

describe('clients notes', () => {
  it('add writes a general note; list shows it first, with --kind filtering', async () => {
    const added = await run(argv`clients notes add dakota.wang26@example.com --text ${'Called about Monday'} --json`);
    expect(added.exitCode, added.stderr).toBe(0);
    const note = NoteSchema().parse(json(added));
    expect(note).toMatchObject({ clientId: 'cl_000026', kind: 'general', text: 'Called about Monday' });

    const list = await run(['clients', 'notes', 'list', 'cl_000026', '--json']);
    expect(list.exitCode, list.stderr).toBe(0);
    const notes = NoteSchema().array().parse(json(list));
    expect(notes[0]).toEqual(note);
    const reasons = NoteSchema()
      .array()
      .parse(json(await run(['clients', 'notes', 'list', 'cl_000026', '--kind', 'referral-reasons', '--json'])));
    expect(reasons.every((n) => n.kind === 'referral-reasons')).toBe(true);
    expect(reasons.map((n) => n.id)).not.toContain(note.id);

    const tsv = await run(['clients', 'notes', 'list', 'cl_000026']);
    expect(tsv.stdout.split('\n')[0]).toBe('id\tcreatedAt\tkind\tcreatedBy\ttext');
  });

  it('refusals: empty text, missing permission, unknown client', async () => {
    const empty = await run(['clients', 'notes', 'add', 'cl_000026', '--text', '  ']);
    expect(empty.exitCode).toBe(USAGE);
    expect(empty.stderr).toContain('--text must not be empty');
    const forbidden = await run(['clients', 'notes', 'list', 'cl_000026'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `clients` permission');
    const unknown = await run(['clients', 'notes', 'list', 'cl_nope404']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
  });
});
