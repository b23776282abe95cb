// `staff list`, `providers list`, `portals list` and `portals jobs` run in-process against a portal in
// the same process: the ids, emails and names other commands accept, their filters, and the pickers.
import { describe, expect, it } from 'vitest';
import { json } from '../helpers/e2e.js';
import { FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, PORTAL_USERS, PROVIDER_B } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);

describe('staff list', () => {
  it('lists name, email, provider (by name) and permissions; --json is the API object', async () => {
    const table = await run(['staff', 'list', '--provider', 'Lakeshore Career Centre']);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toBe('id\tname\temail\tprovider\tpermissions');
    expect(table.stdout).toContain(
      'st_provb01\tGurpreet Sandhu\tgurpreet.sandhu@lakeshore.example.org\tLakeshore Career Centre\tclients; sp-admin',
    );
    expect(table.stdout).not.toContain('northstar');
    const data = json<Record<string, unknown>[]>(await run(['staff', 'list', '--provider', 'sp_lakeshore', '--json']));
    expect(data.map((s) => s.id)).toEqual(['st_cwb002', 'st_cwb001', 'st_provb01']);
    expect(data[0]).toEqual({
      id: 'st_cwb002',
      name: 'Carlos Mendes',
      email: 'carlos.mendes@lakeshore.example.org',
      providerId: 'sp_lakeshore',
      permissions: ['clients'],
    });
  });

  it('--permission keeps the staff holding it (administrators hold every one)', async () => {
    const r = await run(['staff', 'list', '--permission', 'sp-group-admin', '-q']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual(
      ['st_admin01', 'st_allperm01', 'st_grpadmin01', 'st_provc01'].sort(),
    );
    const bad = await run(['staff', 'list', '--permission', 'boss']);
    expect(bad.exitCode).toBe(USAGE);
    expect(bad.stderr).toContain('--permission must be one of administrator, clients');
  });

  it("staff see their own provider's staff; asking for another's says why the list is empty", async () => {
    const mine = await run(['staff', 'list', '-q'], PROVIDER_B);
    expect(mine.stdout.trim().split('\n').sort()).toEqual(['st_cwb001', 'st_cwb002', 'st_provb01']);
    const other = await run(['staff', 'list', '--provider', 'Northstar Employment Services'], PROVIDER_B);
    expect(other.exitCode, other.stderr).toBe(0);
    expect(other.stdout).not.toContain('st_');
    expect(other.stderr).toContain('you see only the staff of your own service provider (Lakeshore Career Centre)');
  });

  it('an unknown provider is not found, naming the flag and the known providers', async () => {
    const r = await run(['staff', 'list', '--provider', 'Nowhere']);
    expect(r.exitCode).toBe(NOT_FOUND);
    expect(r.stderr).toContain('--provider: no service provider "Nowhere"');
    expect(r.stderr).toContain('Lakeshore Career Centre (sp_lakeshore)');
  });
});

describe('providers list', () => {
  it('lists every provider with its group', async () => {
    const r = await run(['providers', 'list'], CLIENTS);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('sp_rideau\tRideau Valley Job Connections\tEastern Ontario Employment Partners');
    expect(json<unknown[]>(await run(['providers', 'list', '--json'], CLIENTS))).toContainEqual({
      id: 'sp_lakeshore',
      name: 'Lakeshore Career Centre',
      groupId: 'grp_gta',
      groupName: 'Greater Toronto Employment Network',
    });
  });
});

describe('portals list and portals jobs', () => {
  it('lists the portals a portal-users token manages, with their job counts', async () => {
    const r = await run(['portals', 'list'], PORTAL_USERS);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('po_northstar01\tMaple Logistics hiring portal\tsp_northstar\t4');
    expect(r.stdout).not.toContain('sp_lakeshore');
    const forbidden = await run(['portals', 'list'], CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `portal-users` permission');
  });

  it('lists the jobs of a portal named by id or name (any case)', async () => {
    const byName = await run(['portals', 'jobs', 'maple logistics HIRING portal', '--json'], PORTAL_USERS);
    expect(byName.exitCode, byName.stderr).toBe(0);
    expect(json(byName)).toEqual([
      { id: 'jb_maple001', title: 'Warehouse associate (days)' },
      { id: 'jb_maple002', title: 'Forklift operator' },
      { id: 'jb_maple003', title: 'Shipping coordinator' },
      { id: 'jb_maple004', title: 'Inventory clerk' },
    ]);
    const byId = await run(['portals', 'jobs', 'po_northstar02', '-q'], PORTAL_USERS);
    expect(byId.stdout).toBe('jb_harbour001\njb_harbour002\njb_harbour003\n');
  });

  it('on a terminal, picks the portal; without one, names the argument', async () => {
    const picked = await run(['portals', 'jobs', '-q'], PORTAL_USERS, {
      answers: { '<portal>': 'Harbourfront Hospitality portal' },
    });
    expect(picked.asked).toEqual(['<portal>']);
    expect(picked.exitCode, picked.stderr).toBe(0);
    expect(picked.stdout).toBe('jb_harbour001\njb_harbour002\njb_harbour003\n');
    const missing = await run(['portals', 'jobs'], PORTAL_USERS);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('<portal> is required when not running interactively');
    const unknown = await run(['portals', 'jobs', 'Nope portal'], PORTAL_USERS);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('<portal>: no client portal "Nope portal" that you manage');
  });
});
