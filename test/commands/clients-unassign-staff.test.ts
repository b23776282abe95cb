// `clients unassign-staff` run in-process against a portal in the same process: a client left with
// no caseworker is a referral again; the permission comes first; a removal that changes nothing.
import { describe, expect, it } from 'vitest';
import { clientById, expectHelp, json } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN } from '../helpers/exit-codes.js';
import { CLIENTS, SP_ADMIN } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const getClient = (id: string) => clientById(portal(), id);

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

describe('on a terminal', () => {
  it("picks the client by search and the caseworker among the client's own", async () => {
    const r = await run(['clients', 'unassign-staff', '--json'], SP_ADMIN, {
      answers: {
        '<client>': 'samuel.cote30@example.com',
        '--staff': 'Kevin Nguyen <kevin.nguyen@northstar.example.org>',
      },
    });
    expect(r.asked).toEqual(['<client>', '--staff']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ id: 'cl_000030', caseworkerIds: ['st_cwa003'] });
  });

  it('a client with no caseworker has none to remove (exit 6)', async () => {
    const r = await run(['clients', 'unassign-staff', 'cl_000035'], SP_ADMIN, { answers: {} });
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('Zoë Jean-Baptiste (cl_000035) has no caseworker to remove');
  });
});

describe('help', () => {
  it('has a description and examples', async () => {
    await expectHelp(run, ['clients unassign-staff']);
  });
});
