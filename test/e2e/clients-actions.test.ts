// The actions on one client through the built binary: archive/restore, assign/unassign staff,
// refer, flag, task add, notes list/add, password-reset, representatives invite/list. Happy
// path, JSON shape, and the refusals (permissions, --yes without a terminal, --dry-run changes
// nothing, unknown client, states the portal refuses).
import { describe, expect, it } from 'vitest';
import { ClientSchema, NoteSchema, RepresentativeSchema, TaskSchema } from '../../src/api/schemas.js';
import { api, argv, clientById, expectHelp, json, outbox, runner, simulateLogin, usePortal } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, GROUP_ADMIN, NO_CLIENTS, SP_ADMIN } from '../helpers/tokens.js';

const portal = usePortal();
const run = runner(portal);
const getClient = (id: string) => clientById(portal(), id);

describe('help', () => {
  it('every clients command has a description and examples', async () => {
    const commands = 'find edit archive restore assign-staff unassign-staff refer flag password-reset'.split(' ');
    const subcommands = ['task add', 'notes list', 'notes add', 'representatives invite', 'representatives list'];
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

describe('clients assign-staff / unassign-staff', () => {
  it('assigns by staff email (a referral becomes a client) and by id; unassigns', async () => {
    const r = await run(
      ['clients', 'assign-staff', 'cl_000009', '--staff', 'kevin.nguyen@northstar.example.org', '--json'],
      SP_ADMIN,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(ClientSchema.parse(json(r))).toMatchObject({ status: 'client', caseworkerIds: ['st_cwa002'] });
    expect(r.stderr).toContain(
      'Assigned Kevin Nguyen (st_cwa002) to Anastasia Morin (cl_000009); the referral is now a client',
    );
    const again = await run(['clients', 'assign-staff', 'cl_000009', '--staff', 'st_cwa002'], SP_ADMIN);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('already assigned');

    const removed = await run(['clients', 'unassign-staff', 'cl_000014', '--staff', 'st_cwa001', '--json'], SP_ADMIN);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(json(removed)).toMatchObject({ status: 'referral', caseworkerIds: [] });
    expect(removed.stderr).toContain('referral again');
  });

  it('refusals: unknown staff, missing sp-admin, missing --staff without a terminal', async () => {
    const unknown = await run(['clients', 'assign-staff', 'cl_000035', '--staff', 'nobody@example.org'], SP_ADMIN);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('--staff: no staff member "nobody@example.org" in service provider sp_northstar');
    const forbidden = await run(['clients', 'assign-staff', 'cl_000035', '--staff', 'st_cwa002'], CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `sp-admin` permission');
    const missing = await run(['clients', 'assign-staff', 'cl_000035'], SP_ADMIN);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('--staff is required when not running interactively');
    expect((await getClient('cl_000035')).caseworkerIds).toEqual([]);
  });

  it('refuses staff without the clients permission, naming them and why (exit 6)', async () => {
    for (const [staff, named] of [
      ['helene.tremblay@northstar.example.org', 'st_noclients01 (Hélène Tremblay)'],
      ['jordan.macdonald@northstar.example.org', 'st_portal01 (Jordan MacDonald)'],
    ]) {
      const r = await run(['clients', 'assign-staff', 'cl_000035', '--staff', staff!], SP_ADMIN);
      expect(r.exitCode).toBe(CONFLICT);
      expect(r.stderr).toContain(`${named} lacks the clients permission a caseworker needs`);
    }
    expect((await getClient('cl_000035')).caseworkerIds).toEqual([]);
  });

  it('the permission is checked before anything else: a change that would be a no-op needs sp-admin too', async () => {
    // cl_000008 has Kevin Nguyen (st_cwa002) and not Sarah Thompson (st_cwa001).
    const unassign = await run(['clients', 'unassign-staff', 'cl_000008', '--staff', 'st_cwa001'], CLIENTS);
    expect(unassign.exitCode, unassign.stderr).toBe(FORBIDDEN);
    expect(unassign.stderr).toContain('your token lacks the `sp-admin` permission');
    expect(unassign.stderr).not.toContain('nothing changed');
    const assign = await run(['clients', 'assign-staff', 'cl_000008', '--staff', 'st_cwa002'], CLIENTS);
    expect(assign.exitCode, assign.stderr).toBe(FORBIDDEN);
    expect(assign.stderr).toContain('your token lacks the `sp-admin` permission');

    // With it, the no-op says so and changes nothing.
    const noop = await run(['clients', 'unassign-staff', 'cl_000008', '--staff', 'st_cwa001', '--json'], SP_ADMIN);
    expect(noop.exitCode, noop.stderr).toBe(0);
    expect(noop.stderr).toContain('Sarah Thompson is not assigned to Kwame Chen (cl_000008); nothing changed.');
    expect(noop.stderr).not.toContain('Removed');
    expect(json(noop)).toMatchObject({ id: 'cl_000008', caseworkerIds: ['st_cwa002'] });
    expect((await getClient('cl_000008')).caseworkerIds).toEqual(['st_cwa002']);
  });
});

describe('clients refer', () => {
  it('refers to a provider of the same group by name: caseworkers removed, reason saved as a note', async () => {
    const r = await run(
      argv`clients refer cl_000016 --provider ${'Lakeshore Career Centre'} --reason ${'Closer to home'} --yes --json`,
      GROUP_ADMIN,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(ClientSchema.parse(json(r))).toMatchObject({
      providerId: 'sp_lakeshore',
      caseworkerIds: [],
      status: 'referral',
      referral: expect.objectContaining({ reasons: 'Closer to home' }),
    });
    expect(r.stderr).toContain('Referred Jacob Sutherland (cl_000016) to Lakeshore Career Centre (sp_lakeshore)');
    const notes = await api<{ data: { kind: string; text: string }[] }>(portal(), '/v1/clients/cl_000016/notes');
    expect(notes.body.data[0]).toMatchObject({ kind: 'referral-reasons', text: 'Closer to home' });
  });

  it('--dry-run changes nothing; without a terminal it needs --yes', async () => {
    const dry = await run(
      ['clients', 'refer', 'cl_000020', '--provider', 'sp_lakeshore', '--dry-run', '--json'],
      GROUP_ADMIN,
    );
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(json(dry)).toMatchObject({
      dryRun: true,
      action: 'client.refer',
      clientId: 'cl_000020',
      changes: expect.arrayContaining([{ field: 'providerId', from: 'sp_northstar', to: 'sp_lakeshore' }]),
    });
    const noYes = await run(['clients', 'refer', 'cl_000020', '--provider', 'sp_lakeshore'], GROUP_ADMIN);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain('--yes');
    expect((await getClient('cl_000020')).providerId).toBe('sp_northstar');
  });

  it('refusals: another group, unknown provider, missing sp-group-admin', async () => {
    const group = await run(['clients', 'refer', 'cl_000022', '--provider', 'sp_rideau', '--yes'], GROUP_ADMIN);
    expect(group.exitCode).toBe(CONFLICT);
    expect(group.stderr).toContain(
      "is not in Greater Toronto Employment Network: a client is referred within their provider's group only",
    );
    const unknown = await run(['clients', 'refer', 'cl_000022', '--provider', 'Nowhere Inc', '--yes'], GROUP_ADMIN);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('--provider: no service provider "Nowhere Inc"');
    expect(unknown.stderr).toContain('Lakeshore Career Centre (sp_lakeshore)');
    const forbidden = await run(['clients', 'refer', 'cl_000022', '--provider', 'sp_lakeshore', '--yes'], CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `sp-group-admin` permission');
    // Checked before anything else: a dry run, or a referral to the client's own provider, too.
    for (const args of [
      ['--provider', 'sp_lakeshore', '--dry-run'],
      ['--provider', 'sp_northstar', '--yes'],
    ]) {
      const r = await run(['clients', 'refer', 'cl_000022', ...args], CLIENTS);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(FORBIDDEN);
      expect(r.stderr).toContain(
        'your token lacks the `sp-group-admin` permission, needed to refer a client to another service provider',
      );
    }
    expect((await getClient('cl_000022')).providerId).toBe('sp_northstar');
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
    expect(long.stderr).toContain('--reason: must be at most 200 characters');
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
    expect(due.stderr).toContain('--due: must be a date like 2026-12-01');
    const who = await run(['clients', 'task', 'add', 'cl_000025', '--title', 'x', '--for', 'boss']);
    expect(who.exitCode).toBe(USAGE);
    expect(who.stderr).toContain('--for: must be self or client');
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
    expect(empty.stderr).toContain('--text: must not be empty');
    const forbidden = await run(['clients', 'notes', 'list', 'cl_000026'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `clients` permission');
    const unknown = await run(['clients', 'notes', 'list', 'cl_nope404']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
  });
});

describe('clients password-reset', () => {
  it('emails a reset link to a client who has logged in (JSON = the API answer)', async () => {
    const r = await run(['clients', 'password-reset', 'cl_000027', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toEqual({ ok: true });
    expect(r.stderr).toContain('Password reset emailed to Amelia Morin <amelia.morin27@example.org>');
    expect(await outbox(portal(), 'clientId=cl_000027&kind=password-reset')).toEqual([
      expect.objectContaining({ to: 'amelia.morin27@example.org', link: expect.stringContaining('/reset-password/') }),
    ]);
  });

  it('works once a newly invited client has logged in', async () => {
    const added = await run(
      argv`clients add --first-name Reset --last-name Later --email reset.later@example.org --no-link --json`,
    );
    const id = json<{ id: string }>(added).id;
    const before = await run(['clients', 'password-reset', id, '--yes']);
    expect(before.exitCode).toBe(CONFLICT);
    expect(before.stderr).toContain('has not logged in yet, so has no password to reset');
    expect(before.stderr).toContain(`hint: send the invitation again instead: portalctl invite resend ${id}`);
    await simulateLogin(portal(), id);
    const after = await run(['clients', 'password-reset', 'reset.later@example.org', '--yes']);
    expect(after.exitCode, after.stderr).toBe(0);
  });

  it('without a terminal it needs --yes; --dry-run sends nothing', async () => {
    const noYes = await run(['clients', 'password-reset', 'cl_000032']);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain('this emails a password reset link to yuki.patel32@example.com: pass --yes');
    const dry = await run(['clients', 'password-reset', 'cl_000032', '--dry-run', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(json(dry)).toEqual({
      dryRun: true,
      action: 'client.password-reset',
      clientId: 'cl_000032',
      notify: [{ to: 'yuki.patel32@example.com', kind: 'password-reset' }],
    });
    expect(await outbox(portal(), 'clientId=cl_000032&kind=password-reset')).toEqual([]);
  });

  it('refusals: archived client, missing permission', async () => {
    const archived = await run(['clients', 'password-reset', 'cl_000017', '--yes']);
    expect(archived.exitCode).toBe(CONFLICT);
    expect(archived.stderr).toContain('is archived: archived clients are sent no email');
    const forbidden = await run(['clients', 'password-reset', 'cl_000027', '--yes'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `clients` permission');
  });
});

describe('clients representatives', () => {
  it('invite emails the representative (JSON = the representative); list shows them', async () => {
    const r = await run(argv`clients representatives invite cl_000033
      --first-name Grace --last-name Hopper --email grace.rep@example.org --json`);
    expect(r.exitCode, r.stderr).toBe(0);
    const rep = RepresentativeSchema.parse(json(r));
    expect(rep).toMatchObject({
      clientId: 'cl_000033',
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace.rep@example.org',
    });
    expect(await outbox(portal(), 'to=grace.rep%40example.org')).toEqual([
      expect.objectContaining({ kind: 'representative-invitation', clientId: 'cl_000033' }),
    ]);
    const list = await run(['clients', 'representatives', 'list', 'chloe.lavoie33@example.org', '--json']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(RepresentativeSchema.array().parse(json(list))).toEqual([rep]);
  });

  it('--dry-run invites nobody; missing fields are named; archived clients and missing permission are refused', async () => {
    const dry = await run(argv`clients representatives invite cl_000033
      --first-name Dry --last-name Rep --email dry.rep@example.org --dry-run --json`);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(json(dry)).toMatchObject({
      dryRun: true,
      notify: [{ to: 'dry.rep@example.org', kind: 'representative-invitation' }],
    });
    expect(await outbox(portal(), 'to=dry.rep%40example.org')).toEqual([]);
    const missing = await run(['clients', 'representatives', 'invite', 'cl_000033', '--first-name', 'A']);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('--last-name, --email are required when not running interactively');
    const archived = await run(
      argv`clients representatives invite cl_000038 --first-name A --last-name B --email a.b.rep@example.org`,
    );
    expect(archived.exitCode).toBe(CONFLICT);
    expect(archived.stderr).toContain('archived');
    const forbidden = await run(['clients', 'representatives', 'list', 'cl_000033'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
  });
});
