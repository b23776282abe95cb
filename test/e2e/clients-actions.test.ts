// The actions on one client through the built binary: archive/restore, unassign staff, flag, task
// add, notes list/add. Happy path, JSON shape, and the refusals (permissions, --yes without a
// terminal, --dry-run changes nothing, unknown client, states the portal refuses). assign-staff,
// refer, password-reset and representatives invite run in-process: test/commands/clients-*.test.ts.
import { describe, expect, it } from 'vitest';
import { ClientSchema, NoteSchema, TaskSchema } from '../../src/contract/schemas.js';
import { api, argv, clientById, expectHelp, json, runner, usePortal } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, NO_CLIENTS, SP_ADMIN } from '../helpers/tokens.js';

const portal = usePortal();
const run = runner(portal);
const getClient = (id: string) => clientById(portal(), id);

describe('help', () => {
  it('every clients command has a description and examples', async () => {
    const commands = 'archive restore unassign-staff flag'.split(' ');
    const subcommands = ['task add', 'notes list', 'notes add', 'representatives list'];
    const all = [...commands, ...subcommands].map((command) => `clients ${command}`);
    await expectHelp(run, all);
  });
});

describe('clients archive / restore', () => {
  it('archive --yes hides the client from the default list; restore brings it back (JSON = the client)', async () => {
    const r = await run(['clients', 'archive', 'leila.haile19@example.org', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(ClientSchema.parse(json(r))).toMatchObject({ id: 'cl_000019', archived: true });
    expect(r.stderr).toContain('Archived Leila Haile (cl_000019)');
    const listed = await api<{ data: { id: string }[] }>(portal(), '/v1/clients?search=haile&limit=500');
    expect(listed.body.data.map((c) => c.id)).not.toContain('cl_000019');

    const back = await run(['clients', 'restore', 'cl_000019', '--json']);
    expect(back.exitCode, back.stderr).toBe(0);
    expect(json(back)).toMatchObject({ id: 'cl_000019', archived: false });
  });

  it('without a terminal, archive needs --yes (named), and changes nothing', async () => {
    const r = await run(['clients', 'archive', 'cl_000021']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('pass --yes to confirm when not running interactively');
    expect(r.stderr).toContain('--dry-run');
    expect((await getClient('cl_000021')).archived).toBe(false);
  });

  it('--dry-run shows what would change and changes nothing', async () => {
    const r = await run(['clients', 'archive', 'cl_000021', '--dry-run', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toEqual({
      dryRun: true,
      action: 'client.archive',
      clientId: 'cl_000021',
      changes: [{ field: 'archived', from: false, to: true }],
      notify: [],
    });
    expect((await getClient('cl_000021')).archived).toBe(false);
    const text = await run(['clients', 'archive', 'cl_000021', '--dry-run', '-o', 'table']);
    expect(text.stdout).toContain('Dry run: would archive Amara Osei (cl_000021)');
  });

  it('refusals: already archived, not archived, unknown client, missing permission', async () => {
    const twice = await run(['clients', 'archive', 'cl_000024', '--yes']);
    expect(twice.exitCode).toBe(CONFLICT);
    expect(twice.stderr).toContain('Grace Côté (cl_000024) is already archived');
    const notArchived = await run(['clients', 'restore', 'cl_000029']);
    expect(notArchived.exitCode).toBe(CONFLICT);
    expect(notArchived.stderr).toContain('is not archived');
    const unknown = await run(['clients', 'archive', 'cl_nope404', '--yes']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('no client cl_nope404');
    const forbidden = await run(['clients', 'restore', 'cl_000031'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `clients` permission');
    expect((await getClient('cl_000031')).archived).toBe(true);
  });
});

describe('clients unassign-staff', () => {
  it('unassigns: a client without caseworkers is a referral again', async () => {
    const removed = await run(['clients', 'unassign-staff', 'cl_000014', '--staff', 'st_cwa001', '--json'], SP_ADMIN);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(json(removed)).toMatchObject({ status: 'referral', caseworkerIds: [] });
    expect(removed.stderr).toContain('referral again');
  });

  it('the permission is checked before anything else: a change that would be a no-op needs sp-admin too', async () => {
    // cl_000008 has Kevin Nguyen (st_cwa002) and not Sarah Thompson (st_cwa001).
    const unassign = await run(['clients', 'unassign-staff', 'cl_000008', '--staff', 'st_cwa001'], CLIENTS);
    expect(unassign.exitCode, unassign.stderr).toBe(FORBIDDEN);
    expect(unassign.stderr).toContain('your token lacks the `sp-admin` permission');
    expect(unassign.stderr).not.toContain('nothing changed');

    // With it, the no-op says so and changes nothing.
    const noop = await run(['clients', 'unassign-staff', 'cl_000008', '--staff', 'st_cwa001', '--json'], SP_ADMIN);
    expect(noop.exitCode, noop.stderr).toBe(0);
    expect(noop.stderr).toContain('Sarah Thompson is not assigned to Kwame Chen (cl_000008); nothing changed.');
    expect(noop.stderr).not.toContain('Removed');
    expect(json(noop)).toMatchObject({ id: 'cl_000008', caseworkerIds: ['st_cwa002'] });
    expect((await getClient('cl_000008')).caseworkerIds).toEqual(['st_cwa002']);
  });
});

describe('clients flag', () => {
  it('adds a safety flag with its reason (JSON = the client)', async () => {
    const r = await run(['clients', 'flag', 'cl_000023', '--reason', 'Meet in pairs only', '--json'], CLIENTS);
    expect(r.exitCode, r.stderr).toBe(0);
    const client = ClientSchema.parse(json(r));
    expect(client.safetyFlags).toEqual([
      expect.objectContaining({ reason: 'Meet in pairs only', createdBy: 'st_clients01' }),
    ]);
    expect(r.stderr).toContain('Safety flag added to Minh Patel (cl_000023); 1 flag in all');
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

describe('clients task add', () => {
  it('creates a task for the client with a due date (JSON = the task)', async () => {
    const r = await run(
      argv`clients task add cl_000025 --title ${'Upload your resume'} --due 2026-12-01 --for client --json`,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(TaskSchema.parse(json(r))).toMatchObject({
      clientId: 'cl_000025',
      title: 'Upload your resume',
      dueDate: '2026-12-01',
      assignee: 'client',
      createdBy: 'st_admin01',
    });
    const own = await run(['clients', 'task', 'add', 'cl_000025', '--title', 'Call back', '--json']);
    expect(json(own)).toMatchObject({ assignee: 'self', dueDate: null });
    const tasks = await api<{ data: unknown[] }>(portal(), '/v1/clients/cl_000025/tasks');
    expect(tasks.body.data).toHaveLength(2);
  });

  it('refusals: missing --title, bad --due, bad --for, missing permission', async () => {
    const title = await run(['clients', 'task', 'add', 'cl_000025']);
    expect(title.exitCode).toBe(USAGE);
    expect(title.stderr).toContain('--title is required when not running interactively');
    const due = await run(['clients', 'task', 'add', 'cl_000025', '--title', 'x', '--due', 'tomorrow']);
    expect(due.exitCode).toBe(USAGE);
    expect(due.stderr).toContain('--due must be a date like 2026-12-01');
    const who = await run(['clients', 'task', 'add', 'cl_000025', '--title', 'x', '--for', 'boss']);
    expect(who.exitCode).toBe(USAGE);
    expect(who.stderr).toContain('--for must be self or client');
    const forbidden = await run(['clients', 'task', 'add', 'cl_000025', '--title', 'x'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
  });
});

describe('clients notes', () => {
  it('add writes a general note; list shows it first, with --kind filtering', async () => {
    const added = await run(argv`clients notes add dakota.wang26@example.com --text ${'Called about Monday'} --json`);
    expect(added.exitCode, added.stderr).toBe(0);
    const note = NoteSchema.parse(json(added));
    expect(note).toMatchObject({ clientId: 'cl_000026', kind: 'general', text: 'Called about Monday' });

    const list = await run(['clients', 'notes', 'list', 'cl_000026', '--json']);
    expect(list.exitCode, list.stderr).toBe(0);
    const notes = NoteSchema.array().parse(json(list));
    expect(notes[0]).toEqual(note);
    const reasons = NoteSchema.array().parse(
      json(await run(['clients', 'notes', 'list', 'cl_000026', '--kind', 'referral-reasons', '--json'])),
    );
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
