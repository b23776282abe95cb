// `clients assign-staff` run in-process against a portal in the same process: by staff email or
// id (a referral becomes a client), an assignment that changes nothing, and the refusals.
import { describe, expect, it } from 'vitest';
import { ClientSchema } from '../../src/contract/schemas.js';
import { clientById, json } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, SP_ADMIN } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const getClient = (id: string) => clientById(portal(), id);

describe('clients assign-staff', () => {
  it('assigns by staff email (a referral becomes a client) and by id', async () => {
    const r = await run(
      ['clients', 'assign-staff', 'cl_000009', '--staff', 'kevin.nguyen@northstar.example.org', '--json'],
      SP_ADMIN,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(ClientSchema().parse(json(r))).toMatchObject({ status: 'client', caseworkerIds: ['st_cwa002'] });
    expect(r.stderr).toContain(
      'Assigned Kevin Nguyen (st_cwa002) to Anastasia Morin (cl_000009); the referral is now a client',
    );
    const again = await run(['clients', 'assign-staff', 'cl_000009', '--staff', 'st_cwa002'], SP_ADMIN);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('already assigned');
  });

  it('on a terminal, picks the client by search and the caseworker from a list', async () => {
    const r = await run(['clients', 'assign-staff', '--json'], SP_ADMIN, {
      answers: { '<client>': 'keisha thompson', '--staff': 'Kevin Nguyen <kevin.nguyen@northstar.example.org>' },
    });
    expect(r.asked).toEqual(['<client>', '--staff']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ id: 'cl_000037', caseworkerIds: ['st_cwa002'] });
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

  it('the permission is checked before anything else: an assignment that would be a no-op needs sp-admin too', async () => {
    // cl_000008 has Kevin Nguyen (st_cwa002).
    const assign = await run(['clients', 'assign-staff', 'cl_000008', '--staff', 'st_cwa002'], CLIENTS);
    expect(assign.exitCode, assign.stderr).toBe(FORBIDDEN);
    expect(assign.stderr).toContain('your token lacks the `sp-admin` permission');
    expect(assign.stderr).not.toContain('already assigned');
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
});
