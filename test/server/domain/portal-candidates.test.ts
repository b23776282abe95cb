// What a client portal shows: jobs added and removed, candidates put forward with their consent
// (executive summary, documents from their own files), the feedback external users leave, and
// the notices that tell a portal's users what changed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CandidateSchema, ClientSchema, FeedbackSchema, PortalNoticeSchema } from '../../../src/contract/schemas.js';
import { createApp } from '../../../src/server/app.js';
import { openDatabase } from '../../../src/server/db.js';
import { handlers, testHandlers } from '../../../src/server/handlers.js';
import { seedDatabase } from '../../../src/server/seed.js';
import { pdf } from '../../helpers/documents.js';
import { expectOk, expectProblem, type Json, type Portal, portal, SEED, TOKENS } from './support.js';

const MAPLE = 'po_northstar01';

async function uploadPdf(p: Portal, clientId: string, label: string): Promise<string> {
  const response = await p.app.inject({
    method: 'POST',
    url: `/v1/clients/${clientId}/files?name=${label}.pdf`,
    headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/octet-stream' },
    payload: pdf(label),
  });
  expect(response.statusCode, response.body).toBe(201);
  return JSON.parse(response.body).id;
}

const jobTitles = async (p: Portal, portalId = MAPLE): Promise<string[]> =>
  expectOk(await p.get('/v1/portals'))
    .data.find((x: Json) => x.id === portalId)
    .jobs.map((j: Json) => j.title);

const candidateIds = async (p: Portal, query = ''): Promise<string[]> =>
  expectOk(await p.get(`/v1/portals/${MAPLE}/candidates${query}`, 'portalUsers')).data.map((c: Json) => c.id);

const consent = (p: Portal, clientId: string, body: Json, as: 'clients' | 'admin' | 'portalUsers' = 'clients') =>
  p.put(`/v1/clients/${clientId}/consent`, body, as);

describe('jobs of a client portal', () => {
  it('adds a job at a position of the portal, audited; a title in use is refused', async () => {
    const p = portal();
    const job = expectOk(
      await p.post(`/v1/portals/${MAPLE}/jobs`, { title: 'Dispatcher (nights)', position: 2 }, 'portalUsers'),
      201,
    );
    expect(job).toEqual({ id: expect.stringMatching(/^jb_/), title: 'Dispatcher (nights)', portalId: MAPLE });
    expect(await jobTitles(p)).toEqual([
      'Warehouse associate (days)',
      'Dispatcher (nights)',
      'Forklift operator',
      'Shipping coordinator',
      'Inventory clerk',
    ]);
    const last = expectOk(await p.post(`/v1/portals/${MAPLE}/jobs`, { title: 'Yard jockey' }, 'portalUsers'), 201);
    expect((await jobTitles(p)).at(-1)).toBe('Yard jockey');
    const [entry] = expectOk(await p.get(`/v1/audit?entityId=${MAPLE}`)).data;
    expect(entry).toMatchObject({ action: 'client-portal.job.add', detail: { jobId: last.id, title: 'Yard jockey' } });

    const taken = expectProblem(
      await p.post(`/v1/portals/${MAPLE}/jobs`, { title: '  forklift OPERATOR ' }, 'portalUsers'),
      409,
      'job-title-taken',
    );
    expect(taken.detail).toBe('portal po_northstar01 already has a job "Forklift operator" (jb_maple002)');
    expectProblem(await p.post(`/v1/portals/${MAPLE}/jobs`, { title: '' }, 'portalUsers'), 422, 'validation');
  });

  it("another provider's portal is not found; without portal-users it is forbidden", async () => {
    const p = portal();
    expectProblem(
      await p.post('/v1/portals/po_lakeshore01/jobs', { title: 'Driver' }, 'portalUsers'),
      404,
      'not-found',
    );
    expectProblem(await p.post(`/v1/portals/${MAPLE}/jobs`, { title: 'Driver' }, 'clients'), 403, 'forbidden');
    expectProblem(await p.get(`/v1/portals/${MAPLE}/candidates`, 'clients'), 403, 'forbidden');
  });

  it('removes a job without candidates: gone from the portal, kept for the audit', async () => {
    const p = portal();
    const removed = expectOk(
      await p.post(`/v1/portals/${MAPLE}/jobs/jb_maple003/remove`, { reason: 'Position filled' }, 'portalUsers'),
    );
    expect(removed).toEqual({
      job: { id: 'jb_maple003', title: 'Shipping coordinator', portalId: MAPLE },
      removedCandidates: [],
      accessChanged: [],
    });
    expect(await jobTitles(p)).not.toContain('Shipping coordinator');
    expectProblem(await p.post(`/v1/portals/${MAPLE}/jobs/jb_maple003/remove`, {}, 'portalUsers'), 404, 'not-found');
    const [entry] = expectOk(await p.get(`/v1/audit?entityId=${MAPLE}`)).data;
    expect(entry).toMatchObject({
      action: 'client-portal.job.remove',
      detail: { jobId: 'jb_maple003', reason: 'Position filled' },
    });
  });

  it('refuses a job with candidates unless withCandidates takes them off; selected-jobs users lose it', async () => {
    const p = portal();
    const refused = expectProblem(
      await p.post(`/v1/portals/${MAPLE}/jobs/jb_maple002/remove`, {}, 'portalUsers'),
      409,
      'job-has-candidates',
    );
    expect(refused.detail).toBe('job jb_maple002 (Forklift operator) has 1 candidate on the portal: Chloé Da Silva');
    expect(await jobTitles(p)).toContain('Forklift operator');

    const removed = expectOk(
      await p.post(`/v1/portals/${MAPLE}/jobs/jb_maple002/remove`, { withCandidates: true }, 'portalUsers'),
    );
    expect(removed.removedCandidates.map((c: Json) => [c.id, c.removedBy])).toEqual([['cd_000001', 'st_portal01']]);
    expect(removed.accessChanged).toEqual(['pu_000002']);
    expect(await candidateIds(p)).toEqual(['cd_000002']);
    // Vikram Desai had jb_maple001 and jb_maple002: he keeps the first.
    expect(expectOk(await p.get('/v1/portal-users/pu_000002')).access).toEqual({
      type: 'selected-jobs',
      jobIds: ['jb_maple001'],
    });
    const [history] = expectOk(await p.get('/v1/portal-users/pu_000002/history')).data;
    expect(history).toMatchObject({
      action: 'access-changed',
      detail: 'selected jobs: jb_maple001, jb_maple002 -> selected jobs: jb_maple001 (job removed)',
    });
    // A removed job takes no candidate.
    expectProblem(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple002', clientId: 'cl_000014' }, 'full'),
      422,
      'validation',
    );
  });

  it('refuses the only job a selected-jobs user may see, naming them', async () => {
    const p = portal();
    const refused = expectProblem(
      await p.post('/v1/portals/po_northstar02/jobs/jb_harbour001/remove', {}, 'portalUsers'),
      409,
      'job-only-access',
    );
    expect(refused.detail).toContain('is the only job Ines Carvalho (pu_000005) has access to');
    expect(await jobTitles(p, 'po_northstar02')).toContain('Line cook');
  });
});

describe("a client's consent to being shared with employers", () => {
  it('is recorded by staff with clients, shown on the client and audited with old and new value', async () => {
    const p = portal();
    expect(ClientSchema().parse(expectOk(await p.get('/v1/clients/cl_000004', 'clients'))).consent).toEqual({
      shareWithEmployers: null,
      recordedAt: null,
      recordedBy: null,
    });
    const { client, removedCandidates } = expectOk(
      await consent(p, 'cl_000004', { shareWithEmployers: true, reason: 'Agreed at the intake meeting' }),
    );
    expect(client.consent).toEqual({
      shareWithEmployers: true,
      recordedAt: expect.any(String),
      recordedBy: 'st_clients01',
    });
    expect(removedCandidates).toEqual([]);
    expect(expectOk(await p.get('/v1/clients/cl_000004', 'clients')).consent.shareWithEmployers).toBe(true);
    const audit = expectOk(await p.get('/v1/audit?entityId=cl_000004')).data;
    expect(audit[0]).toMatchObject({
      action: 'client.consent',
      actorId: 'st_clients01',
      detail: {
        changes: { 'consent.shareWithEmployers': { from: null, to: true } },
        reason: 'Agreed at the intake meeting',
      },
    });
    // The same answer again changes nothing.
    expectOk(await consent(p, 'cl_000004', { shareWithEmployers: true }));
    expect(expectOk(await p.get('/v1/audit?entityId=cl_000004')).data).toHaveLength(audit.length);
    expectProblem(await consent(p, 'cl_000004', { shareWithEmployers: true }, 'portalUsers'), 403, 'forbidden');
    expectProblem(await consent(p, 'cl_000004', { shareWithEmployers: 'yes' }), 422, 'validation');
    expectProblem(await consent(p, 'cl_000102', { shareWithEmployers: true }), 404, 'not-found');
  });

  it('withdrawing it from a candidate is refused naming the portals, unless removeCandidates takes them off', async () => {
    const p = portal();
    const refused = expectProblem(
      await consent(p, 'cl_000006', { shareWithEmployers: false }),
      409,
      'client-is-candidate',
    );
    expect(refused.detail).toBe(
      'Chloé Da Silva (cl_000006) is a candidate on Maple Logistics hiring portal (Forklift operator)',
    );
    expect(await candidateIds(p)).toContain('cd_000001');
    const { client, removedCandidates } = expectOk(
      await consent(p, 'cl_000006', { shareWithEmployers: false, removeCandidates: true }),
    );
    expect(client.consent.shareWithEmployers).toBe(false);
    expect(removedCandidates.map((c: Json) => c.id)).toEqual(['cd_000001']);
    expect(await candidateIds(p)).not.toContain('cd_000001');
    const [entry] = expectOk(await p.get('/v1/audit?entityId=cl_000006')).data;
    expect(entry.detail).toMatchObject({ removedCandidateIds: ['cd_000001'] });
  });
});

describe('candidates on a client portal', () => {
  it('lists the candidates in the portal order, with summaries and documents; one job with jobId', async () => {
    const p = portal();
    const { data } = expectOk(await p.get(`/v1/portals/${MAPLE}/candidates`, 'portalUsers'));
    expect(data.map((c: Json) => [c.id, c.jobId, `${c.firstName} ${c.lastName}`])).toEqual([
      ['cd_000002', 'jb_maple001', 'Kwame Chen'],
      ['cd_000001', 'jb_maple002', 'Chloé Da Silva'],
    ]);
    for (const c of data) CandidateSchema().parse(c);
    expect(data[1].summary).toMatch(/^Forklift certified/);
    expect(await candidateIds(p, '?jobId=jb_maple002')).toEqual(['cd_000001']);
    expectProblem(await p.get(`/v1/portals/${MAPLE}/candidates?jobId=jb_harbour001`, 'portalUsers'), 404, 'not-found');
    expectProblem(await p.get('/v1/portals/po_lakeshore01/candidates', 'portalUsers'), 404, 'not-found');
  });

  it("puts a consenting client forward with a summary and the client's own documents", async () => {
    const p = portal();
    const resume = await uploadPdf(p, 'cl_000014', 'resume');
    const added = expectOk(
      await p.post(
        `/v1/portals/${MAPLE}/candidates`,
        { jobId: 'jb_maple004', clientId: 'cl_000014', summary: 'Inventory experience.', documentIds: [resume] },
        'full',
      ),
      201,
    );
    expect(CandidateSchema().parse(added)).toMatchObject({
      portalId: MAPLE,
      jobId: 'jb_maple004',
      clientId: 'cl_000014',
      firstName: 'Darnell',
      lastName: 'Lévesque',
      summary: 'Inventory experience.',
      documents: [{ id: resume, name: 'resume.pdf', kind: 'pdf' }],
      addedBy: 'st_allperm01',
      removedAt: null,
    });
    expect(await candidateIds(p, '?jobId=jb_maple004')).toEqual([added.id]);
    const [entry] = expectOk(await p.get('/v1/audit?entityId=cl_000014')).data;
    expect(entry).toMatchObject({
      action: 'client-portal.candidate.add',
      detail: { candidateId: added.id, portalId: MAPLE, jobId: 'jb_maple004', documentIds: [resume] },
    });
    const again = expectProblem(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple004', clientId: 'cl_000014' }, 'full'),
      409,
      'already-candidate',
    );
    expect(again.existingCandidateId).toBe(added.id);
  });

  it('refuses a client without recorded consent, naming how to record it; a declined one says so', async () => {
    const p = portal();
    const none = expectProblem(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple001', clientId: 'cl_000004' }, 'full'),
      409,
      'consent-required',
    );
    expect(none.detail).toBe('Jean-Luc St-Pierre (cl_000004) has no recorded consent to being shared with employers');
    expect(none.hint).toContain('portalctl clients consent cl_000004 --share-with-employers yes');
    const declined = expectProblem(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple001', clientId: 'cl_000016' }, 'full'),
      409,
      'consent-required',
    );
    expect(declined.detail).toContain('declined to be shared with employers');
    expect(await candidateIds(p)).toEqual(['cd_000002', 'cd_000001']);
    // Recorded, the same request succeeds.
    expectOk(await consent(p, 'cl_000004', { shareWithEmployers: true }));
    expectOk(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple001', clientId: 'cl_000004' }, 'full'),
      201,
    );
  });

  it("refuses another client's document, a job of another portal, another provider's client, an archived client", async () => {
    const p = portal();
    const theirs = await uploadPdf(p, 'cl_000012', 'mei');
    const mine = await uploadPdf(p, 'cl_000014', 'darnell');
    const notHers = expectProblem(
      await p.post(
        `/v1/portals/${MAPLE}/candidates`,
        { jobId: 'jb_maple004', clientId: 'cl_000014', documentIds: [mine, theirs] },
        'full',
      ),
      422,
      'validation',
    );
    expect(notHers.errors).toEqual([{ path: 'documentIds.1', message: `${theirs} is not a file of client cl_000014` }]);
    const wrongJob = expectProblem(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_harbour001', clientId: 'cl_000014' }, 'full'),
      422,
      'validation',
    );
    expect(wrongJob.errors).toEqual([
      { path: 'jobId', message: 'jb_harbour001 is not a job of portal po_northstar01' },
    ]);
    const elsewhere = expectProblem(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple004', clientId: 'cl_000102' }, 'admin'),
      422,
      'validation',
    );
    expect(elsewhere.errors[0].path).toBe('clientId');
    // cl_000017 is archived.
    expectOk(await consent(p, 'cl_000017', { shareWithEmployers: true }, 'admin'));
    expectProblem(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple004', clientId: 'cl_000017' }, 'full'),
      409,
      'archived',
    );
    // Reading clients' files needs clients: portal-users alone may not put anyone forward.
    expectProblem(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple004', clientId: 'cl_000014' }, 'portalUsers'),
      403,
      'forbidden',
    );
    expect(await candidateIds(p)).toEqual(['cd_000002', 'cd_000001']);
  });

  it('takes a candidate off the portal; again changes nothing; kept for the audit', async () => {
    const p = portal();
    const removed = expectOk(
      await p.post(`/v1/portals/${MAPLE}/candidates/cd_000002/remove`, { reason: 'Hired elsewhere' }, 'portalUsers'),
    );
    expect(removed).toMatchObject({ id: 'cd_000002', removedBy: 'st_portal01', removedAt: expect.any(String) });
    expect(await candidateIds(p)).toEqual(['cd_000001']);
    const again = expectOk(await p.post(`/v1/portals/${MAPLE}/candidates/cd_000002/remove`, {}, 'portalUsers'));
    expect(again.removedAt).toBe(removed.removedAt);
    const [entry] = expectOk(await p.get('/v1/audit?entityId=cl_000008')).data;
    expect(entry).toMatchObject({ action: 'client-portal.candidate.remove', detail: { reason: 'Hired elsewhere' } });
    expectProblem(
      await p.post('/v1/portals/po_northstar02/candidates/cd_000001/remove', {}, 'portalUsers'),
      404,
      'not-found',
    );
  });
});

describe('feedback of external users', () => {
  it('lists what a user said about candidates, newest first, with the candidate and job', async () => {
    const p = portal();
    const { data } = expectOk(await p.get('/v1/portal-users/pu_000001/feedback', 'portalUsers'));
    for (const f of data) FeedbackSchema().parse(f);
    expect(data.map((f: Json) => [f.id, f.candidateName, f.jobTitle])).toEqual([
      ['fb_000002', 'Kwame Chen', 'Warehouse associate (days)'],
      ['fb_000001', 'Chloé Da Silva', 'Forklift operator'],
    ]);
    expect(expectOk(await p.get('/v1/portal-users/pu_000004/feedback', 'portalUsers')).data).toEqual([]);
    expectProblem(await p.get('/v1/portal-users/pu_000006/feedback', 'portalUsers'), 404, 'not-found');
  });

  it('the test route stands in for a user leaving feedback on a candidate they can see', async () => {
    const p = portal();
    const left = expectOk(
      await p.post('/v1/_test/portal-users/pu_000002/feedback', { candidateId: 'cd_000001', text: 'Call her.' }),
      201,
    );
    expect(left).toMatchObject({ portalUserId: 'pu_000002', candidateId: 'cd_000001', text: 'Call her.' });
    const { data } = expectOk(await p.get('/v1/portal-users/pu_000002/feedback'));
    expect(data[0].id).toBe(left.id);
    expect(expectOk(await p.get('/v1/portal-users/pu_000002/history')).data[0]).toMatchObject({
      action: 'feedback-left',
      actor: 'pu_000002',
      detail: 'cd_000001',
    });
    // Ines Carvalho sees only Line cook; Claire Fontaine is deactivated.
    expectProblem(
      await p.post('/v1/_test/portal-users/pu_000005/feedback', { candidateId: 'cd_000003', text: 'x' }),
      404,
      'not-found',
    );
    expectProblem(
      await p.post('/v1/_test/portal-users/pu_000003/feedback', { candidateId: 'cd_000001', text: 'x' }),
      409,
      'portal-user-inactive',
    );
  });

  it('the feedback test route is off unless test endpoints are on', async () => {
    const db = openDatabase(':memory:');
    seedDatabase(db, SEED, () => new Date());
    const app = createApp({ db, handlers, testHandlers });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/_test/portal-users/pu_000001/feedback',
      headers: { authorization: `Bearer ${TOKENS.admin}` },
      payload: { candidateId: 'cd_000001', text: 'x' },
    });
    expect(response.statusCode).toBe(404);
  });
});

describe("notifying a portal's users", () => {
  const outbox = async (p: Portal) => expectOk(await p.get('/v1/outbox?kind=portal-update&limit=100')).data;

  it('has nothing to say until something changes', async () => {
    const p = portal();
    const notice = PortalNoticeSchema().parse(expectOk(await p.get(`/v1/portals/${MAPLE}/notice`, 'portalUsers')));
    expect(notice).toMatchObject({ changes: [], messages: [], noticeId: null, sentAt: null });
    const sent = expectOk(await p.post(`/v1/portals/${MAPLE}/notices`, {}, 'portalUsers'));
    expect(sent.noticeId).toBeNull();
    expect(await outbox(p)).toEqual([]);
  });

  it('a preview lists the recipients and the emails and sends nothing; sending emails them once', async () => {
    const p = portal();
    expectOk(await consent(p, 'cl_000004', { shareWithEmployers: true }));
    const added = expectOk(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple001', clientId: 'cl_000004' }, 'full'),
      201,
    );
    const preview = expectOk(await p.get(`/v1/portals/${MAPLE}/notice`, 'portalUsers'));
    expect(preview.changes).toEqual([
      {
        at: added.addedAt,
        kind: 'candidate-added',
        jobId: 'jb_maple001',
        jobTitle: 'Warehouse associate (days)',
        candidateId: added.id,
        candidateName: 'Jean-Luc St-Pierre',
        by: 'st_allperm01',
      },
    ]);
    // Active users who can see the job: not Claire Fontaine (deactivated).
    expect(preview.messages.map((m: Json) => [m.portalUserId, m.to])).toEqual([
      ['pu_000001', 'rebecca.hughes@maple-logistics.example.com'],
      ['pu_000002', 'vikram.desai@maple-logistics.example.com'],
      ['pu_000008', expect.any(String)],
    ]);
    const [rebecca] = preview.messages;
    expect(rebecca.subject).toBe('New on the Maple Logistics hiring portal');
    expect(rebecca.link).toBe('http://portal.test/p/jp-iJPSIpgGvGxToZ-tr-Elg');
    expect(rebecca.text).toContain('- Warehouse associate (days): 1 new candidate');
    expect(rebecca.text).toContain(rebecca.link);
    // The email names no candidate: it may be forwarded.
    expect(rebecca.text).not.toContain('St-Pierre');
    expect(await outbox(p)).toEqual([]);

    const sent = expectOk(await p.post(`/v1/portals/${MAPLE}/notices`, { reason: 'Weekly update' }, 'portalUsers'));
    expect(sent).toMatchObject({ noticeId: expect.stringMatching(/^pn_/), sentAt: expect.any(String) });
    expect(sent.messages).toEqual(preview.messages);
    const mails = await outbox(p);
    expect(mails.map((m: Json) => m.portalUserId).sort()).toEqual(['pu_000001', 'pu_000002', 'pu_000008']);
    const full = expectOk(
      await p.get(`/v1/outbox/${mails.find((m: Json) => m.portalUserId === 'pu_000001').id}`, 'portalUsers'),
    );
    expect(full.text).toBe(rebecca.text);
    expect(expectOk(await p.get('/v1/portal-users/pu_000001/history')).data[0]).toMatchObject({
      action: 'notified',
      detail: `${sent.noticeId} (Weekly update)`,
    });
    const [entry] = expectOk(await p.get(`/v1/audit?entityId=${MAPLE}`)).data;
    expect(entry).toMatchObject({ action: 'client-portal.notice', detail: { noticeId: sent.noticeId, changes: 1 } });

    // Told once: the next notice has nothing to say.
    expect(expectOk(await p.get(`/v1/portals/${MAPLE}/notice`, 'portalUsers')).changes).toEqual([]);
    expectOk(await p.post(`/v1/portals/${MAPLE}/notices`, {}, 'portalUsers'));
    expect(await outbox(p)).toHaveLength(3);
  });

  it('tells each user only of the jobs they see, and leaves out candidates taken off since', async () => {
    const p = portal();
    await consent(p, 'cl_000004', { shareWithEmployers: true });
    const inventory = expectOk(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple004', clientId: 'cl_000014' }, 'full'),
      201,
    );
    const gone = expectOk(
      await p.post(`/v1/portals/${MAPLE}/candidates`, { jobId: 'jb_maple003', clientId: 'cl_000004' }, 'full'),
      201,
    );
    expectOk(await p.post(`/v1/portals/${MAPLE}/candidates/${gone.id}/remove`, {}, 'portalUsers'));
    const preview = expectOk(await p.get(`/v1/portals/${MAPLE}/notice`, 'portalUsers'));
    expect(preview.changes.map((c: Json) => c.candidateId)).toEqual([inventory.id]);
    // Vikram Desai sees Warehouse associate and Forklift operator only.
    expect(preview.messages.map((m: Json) => m.portalUserId)).toEqual(['pu_000001', 'pu_000008']);
  });
});

it('the seed data has candidates only of clients who consented', () => {
  const seed = JSON.parse(readFileSync(new URL('../../../fixtures/seed.json', import.meta.url), 'utf8'));
  const consented = new Set(
    seed.clients.filter((c: Json) => c.consent?.shareWithEmployers === true).map((c: Json) => c.id),
  );
  expect(seed.candidates.length).toBeGreaterThan(0);
  for (const c of seed.candidates) expect(consented.has(c.clientId), c.id).toBe(true);
});
