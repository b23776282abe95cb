// `clients archive` and `clients restore` run in-process against a portal in the same process: the
// client hidden from the default list and back, --yes without a terminal, --dry-run, a search among
// archived clients on a terminal, and the refusals.
import { describe, expect, it } from 'vitest';
import { ClientSchema } from '../../src/contract/schemas.js';
import { api, clientById, expectHelp, json } from '../helpers/e2e.js';
import { CANCELLED, CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { NO_CLIENTS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const getClient = (id: string) => clientById(portal(), id);

describe('clients archive / restore', () => {
  it('archive --yes hides the client from the default list; restore brings it back (JSON = the client)', async () => {
    const r = await run(['clients', 'archive', 'leila.haile19@example.org', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(ClientSchema().parse(json(r))).toMatchObject({ id: 'cl_000019', archived: true });
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

describe('on a terminal', () => {
  it('archive searches for the client and asks first; "no" archives nothing (exit 130)', async () => {
    const no = await run(['clients', 'archive'], undefined, {
      answers: { '<client>': 'isabelle.wilson25@example.org', '--yes': false },
    });
    expect(no.asked).toEqual(['<client>', '--yes']);
    expect(no.exitCode).toBe(CANCELLED);
    expect((await getClient('cl_000025')).archived).toBe(false);
    const yes = await run(['clients', 'archive', '--json'], undefined, {
      answers: { '<client>': 'isabelle.wilson25@example.org', '--yes': true },
    });
    expect(yes.exitCode, yes.stderr).toBe(0);
    expect(json(yes)).toMatchObject({ id: 'cl_000025', archived: true });
  });

  it('restore with no client searches among archived clients only', async () => {
    const r = await run(['clients', 'restore', '--json'], undefined, { answers: { '<client>': 'agnieszka' } });
    expect(r.asked).toEqual(['<client>']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ id: 'cl_000017', archived: false });
  });
});

describe('help', () => {
  it('archive and restore have a description and examples', async () => {
    await expectHelp(run, ['clients archive', 'clients restore']);
  });
});
