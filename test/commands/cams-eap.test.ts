// cams eap, in-process against a portal in the same process.
import { describe, expect, it } from 'vitest';
import { run, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();

describe('cams eap', () => {
  it('prints the plan of a linked client as the portal gives it with --json', async () => {
    const r = await portal().run(['cams', 'eap', 'cl_000007', '--json']);
    expect(r.exitCode).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({
      clientId: 'cl_000007',
      clientReferenceNumber: '140055433',
      case: { status: 'closed' },
    });
    expect(plan.outcomes.length).toBeGreaterThan(0);
  });

  it('shows the case and each part of the plan, as the CaMS EAP tab does', async () => {
    const r = await portal().run(['cams', 'eap', 'cl_000001', '-o', 'table']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Employment Action Plan of Mary-Ann O'Brien (cl_000001), CaMS client 140007919");
    expect(r.stdout).toMatch(
      /^Case C-24100037: open since \d{4}-\d\d-\d\d; Employment Services, .+; CaMS caseworker .+$/m,
    );
    for (const title of ['Employment goals (1)', 'Outcomes (0)', 'Sub-goals (3)', 'Plan items (3)']) {
      expect(r.stdout).toContain(title);
    }
    expect(r.stdout).toMatch(/^ITEM\s+SUB-GOAL\s+TYPE\s+PROVIDED BY\s+START\s+END\s+STATUS$/m);
  });

  it('a client not linked to CaMS: "not linked to CaMS", with the cams link hint, exit 6', async () => {
    const r = await portal().run(['cams', 'eap', 'cl_000003']);
    expect(r.exitCode).toBe(6);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^error: .+ \(cl_000003\) is not linked to CaMS: the Employment Action Plan comes from CaMS$/m,
    );
    expect(r.stderr).toContain(
      'hint: link them to their CaMS record first: portalctl cams link cl_000003 CLIENT_REFERENCE_NUMBER',
    );
  });

  it('has help with examples', async () => {
    const r = await run(['cams', 'eap', '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Examples:');
  });
});
