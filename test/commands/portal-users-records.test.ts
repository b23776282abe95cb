// A portal whose database holds two records of one person on one portal (made by the earlier way
// back in: deactivate, then invite again). Naming that person by email says so once, with both
// records, instead of calling them "a user of several portals"; and the deactivated record cannot
// be reactivated beside the active one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CONFLICT, USAGE } from '../helpers/exit-codes.js';
import { ROOT } from '../helpers/portal.js';
import { PORTAL_USERS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const CLAIRE = 'claire.fontaine@maple-logistics.example.com';
const dir = mkdtempSync(path.join(tmpdir(), 'portalctl-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** fixtures/seed.json, plus a second, active record of Claire Fontaine (pu_000003 is deactivated). */
function seedWithSecondRecord(): string {
  const seed = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/seed.json'), 'utf8'));
  seed.portalUsers.push({
    id: 'pu_000090',
    portalId: 'po_northstar01',
    email: CLAIRE,
    firstName: 'Claire',
    lastName: 'Fontaine',
    access: { type: 'all-jobs' },
    status: 'active',
    invitedAt: '2026-09-02T09:00:00.000Z',
    deactivatedAt: null,
  });
  const file = path.join(dir, 'seed.json');
  writeFileSync(file, JSON.stringify(seed));
  return file;
}

const portal = useInProcessPortal({ seed: seedWithSecondRecord });
const run = runner(portal, PORTAL_USERS);

it('an email with two records on one portal: named once, with both records', async () => {
  const r = await run(['portal', 'users', 'get', CLAIRE]);
  expect(r.exitCode).toBe(USAGE);
  expect(r.stderr).toContain(
    `${CLAIRE} has 2 records on portal po_northstar01: pu_000003 (deactivated), pu_000090 (active)`,
  );
  expect(r.stderr).not.toContain('several portals');
  expect(r.stderr).toContain('pass the portal user id (pu_…) instead');
});

it('the deactivated record is not reactivated beside the active one', async () => {
  const r = await run(['portal', 'users', 'reactivate', 'pu_000003']);
  expect(r.exitCode).toBe(CONFLICT);
  expect(r.stderr).toContain(`${CLAIRE} is already an active user of portal po_northstar01 (pu_000090)`);
  expect(r.stderr).toContain('portalctl portal users send-link pu_000090');
});
