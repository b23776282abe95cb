// A portal that requires a reason (portalctl server --require-reason), for the many-clients forms
// that remove access: the first refusal stops the run, naming --reason, and nothing is changed;
// with --reason the same command then does the work.
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { apiGet } from '../helpers/e2e.js';
import { CONFLICT as REFUSED } from '../helpers/exit-codes.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal({ server: { requireReason: true } });
const run = runner(portal);
const caseload = async (staffId: string) =>
  (await apiGet<{ data: Client[] }>(portal(), `/v1/clients?caseworkerId=${staffId}&limit=500`)).data.map((c) => c.id);
const auditSize = async () => (await apiGet<{ data: unknown[] }>(portal(), '/v1/audit?limit=500')).data.length;

describe('many clients on a portal that requires a reason', () => {
  for (const [name, args, staff] of [
    ['unassign-staff', ['clients', 'unassign-staff', '--caseworker', 'st_cwc001'], 'st_cwc001'],
    [
      'assign-staff --replace',
      ['clients', 'assign-staff', '--caseworker', 'st_cwb002', '--staff', 'st_cwb001', '--replace', 'st_cwb002'],
      'st_cwb002',
    ],
  ] as const) {
    it(`${name}: refused without --reason, naming it, before any client is changed`, async () => {
      const before = await caseload(staff);
      expect(before.length).toBeGreaterThan(1);
      // The caseworker a move assigns: no client gets them while the removal is refused.
      const newcomer = await caseload('st_cwb001');
      const audit = await auditSize();
      const r = await run([...args, '--yes']);
      expect(r.exitCode).toBe(REFUSED);
      expect(r.stderr).toContain('error: --reason is required: this portal asks why');
      expect(await caseload(staff)).toEqual(before);
      expect(await caseload('st_cwb001')).toEqual(newcomer);
      expect(await auditSize()).toBe(audit);

      const given = await run([...args, '--yes', '--reason', 'Left the team']);
      expect(given.exitCode, given.stderr).toBe(0);
      expect(await caseload(staff)).toEqual([]);
    });
  }

  it('assign-staff --replace --dry-run without --reason: says the move would be refused; changes nothing', async () => {
    const audit = await auditSize();
    const r = await run([
      ...['clients', 'assign-staff', '--caseworker', 'st_cwb001', '--staff', 'st_cwb002', '--replace', 'st_cwb001'],
      '--dry-run',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'this portal requires --reason to remove a caseworker: without one the move would be refused',
    );
    expect(await auditSize()).toBe(audit);
  });
});
