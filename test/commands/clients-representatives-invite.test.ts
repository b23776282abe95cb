// `clients representatives invite` run in-process against a portal in the same process: the
// invitation emailed to the representative, --dry-run, the missing flags named, the refusals.
import { describe, expect, it } from 'vitest';
import { RepresentativeSchema } from '../../src/contract/schemas.js';
import { argv, json, outbox } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, USAGE } from '../helpers/exit-codes.js';
import { ADMIN, NO_CLIENTS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);

describe('clients representatives invite', () => {
  it('invite emails the representative (JSON = the representative); list shows them', async () => {
    const r = await run(argv`clients representatives invite cl_000033
      --first-name Grace --last-name Hopper --email grace.rep@example.org --json`);
    expect(r.exitCode, r.stderr).toBe(0);
    const rep = RepresentativeSchema().parse(json(r));
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
    expect(RepresentativeSchema().array().parse(json(list))).toEqual([rep]);
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

  it('on a terminal, asks for the fields not given', async () => {
    const r = await run(['clients', 'representatives', 'invite', 'cl_000039', '--first-name', 'Ada', '--json'], ADMIN, {
      answers: { '--last-name': 'Wang', '--email': 'ada.wang.rep@example.org' },
    });
    expect(r.asked).toEqual(['--last-name', '--email']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ clientId: 'cl_000039', firstName: 'Ada', email: 'ada.wang.rep@example.org' });
  });
});
