import { describe, expect, it } from 'vitest';
import { CamsEapSchema } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, newClient, portal } from './support.js';

// Fixture facts (fixtures/seed.json): cl_000001 is linked to CaMS client 140007919 (an open case,
// C-24100037); cl_000007 to 140055433 (a closed case, with an outcome); cl_000003 has no link;
// CaMS client 210314187 is not linked and has no plan in CaMS.
describe('CaMS Employment Action Plan', () => {
  it("reads a linked client's plan: case, goals, outcomes, sub-goals, plan items", async () => {
    const p = portal();
    const plan = CamsEapSchema().parse(expectOk(await p.get('/v1/clients/cl_000001/cams-eap', 'clients')));
    expect(plan).toMatchObject({
      clientId: 'cl_000001',
      clientReferenceNumber: '140007919',
      case: { caseReferenceNumber: 'C-24100037', status: 'open', closedOn: null },
    });
    expect(plan.employmentGoals.length).toBeGreaterThan(0);
    expect(plan.subGoals.every((s) => plan.employmentGoals.some((g) => g.id === s.goalId))).toBe(true);
    expect(plan.planItems.every((i) => plan.subGoals.some((s) => s.id === i.subGoalId))).toBe(true);
    const closed = expectOk(await p.get('/v1/clients/cl_000007/cams-eap', 'clients'));
    expect(closed.case.status).toBe('closed');
    expect(closed.outcomes.length).toBeGreaterThan(0);
  });

  it('refuses a client not linked to CaMS, naming the command that links', async () => {
    const p = portal();
    const problem = expectProblem(await p.get('/v1/clients/cl_000003/cams-eap', 'clients'), 409, 'not-linked');
    expect(problem.detail).toBe('client cl_000003 is not linked to CaMS: the Employment Action Plan comes from CaMS');
    expect(problem.hint).toContain('portalctl cams link cl_000003');
  });

  it('says when CaMS has no plan for a linked client', async () => {
    const p = portal();
    const client = expectOk(
      await p.post('/v1/clients', newClient({ link: { camsClientReferenceNumber: '210314187' } }), 'clients'),
      201,
    );
    const problem = expectProblem(await p.get(`/v1/clients/${client.id}/cams-eap`, 'clients'), 404, 'not-found');
    expect(problem.detail).toContain('CaMS has no Employment Action Plan');
  });

  it("does not show another provider's client's plan", async () => {
    const p = portal();
    expectProblem(await p.get('/v1/clients/cl_000001/cams-eap', 'providerB'), 404, 'not-found');
  });
});
