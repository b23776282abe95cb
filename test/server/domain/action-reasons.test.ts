// Reasons on actions that email someone or remove access: kept in the audit entry when given, and
// required (422 naming the field, nothing changed) on a portal that says so (--require-reason).
import { describe, expect, it } from 'vitest';
import { expectOk, expectProblem, type Json, newClient, type Portal, portal } from './support.js';

const REASON = 'Asked for it by phone on Monday';

/** A client of sp_northstar with caseworker st_cwa001 (sent no invitation: the outbox is counted). */
async function clientWithCaseworker(p: Portal): Promise<Json> {
  return expectOk(await p.post('/v1/clients', newClient({ caseworkerIds: ['st_cwa001'], sendInvite: false })), 201);
}

let repCounter = 0;
let batchCounter = 0;
/** A fresh pending representative of cl_000009 (a new email each time). */
async function representative(p: Portal): Promise<Json> {
  repCounter++;
  const body = { firstName: 'Lena', lastName: 'Okoro', email: `lena.reason${repCounter}@example.org`, reason: REASON };
  return expectOk(await p.post('/v1/clients/cl_000009/representatives', body), 201);
}

/** Something new on the Maple portal for its users to be told of (again: changes nothing). */
async function portalChange(p: Portal): Promise<Json> {
  expectOk(await p.put('/v1/clients/cl_000004/consent', { shareWithEmployers: true }, 'clients'));
  const candidate = { jobId: 'jb_maple001', clientId: 'cl_000004' };
  return expectOk(await p.post('/v1/portals/po_northstar01/candidates', candidate, 'full'), 201);
}

const withReason = (reason: string | undefined, body: Record<string, unknown> = {}) =>
  reason ? { ...body, reason } : body;
const reasonQuery = (reason: string | undefined) => (reason ? `?reason=${encodeURIComponent(reason)}` : '');

/** Each action, done with `reason` (or without, when it is undefined); answers the audit action and entity. */
const ACTIONS: Array<{
  name: string;
  /** What the action needs first (a representative to resend to…), made before anything is counted. */
  prepare?: (p: Portal) => Promise<Json>;
  act: (
    p: Portal,
    reason: string | undefined,
    prepared?: Json,
  ) => Promise<{ answer: Awaited<ReturnType<Portal['get']>>; entity: string; audit: string }>;
}> = [
  {
    name: 'sendInvite',
    act: async (p, reason) => ({
      answer: await p.post('/v1/clients/cl_000005/invitations', reason ? { reason } : {}, 'clients'),
      entity: 'cl_000005',
      audit: 'client.invite.send',
    }),
  },
  {
    name: 'sendPasswordReset',
    act: async (p, reason) => ({
      answer: await p.post('/v1/clients/cl_000012/password-reset', reason ? { reason } : {}, 'clients'),
      entity: 'cl_000012',
      audit: 'client.password-reset',
    }),
  },
  {
    name: 'archiveClient',
    act: async (p, reason) => ({
      answer: await p.post('/v1/clients/cl_000009/archive', reason ? { reason } : {}, 'clients'),
      entity: 'cl_000009',
      audit: 'client.archive',
    }),
  },
  {
    name: 'unassignStaff',
    act: async (p, reason) => {
      const client = await clientWithCaseworker(p);
      const query = reason ? `?reason=${encodeURIComponent(reason)}` : '';
      return {
        answer: await p.del(`/v1/clients/${client.id}/staff/st_cwa001${query}`),
        entity: client.id,
        audit: 'client.staff.unassign',
      };
    },
  },
  {
    name: 'deactivatePortalUser',
    act: async (p, reason) => ({
      answer: await p.post('/v1/portal-users/pu_000004/deactivate', reason ? { reason } : {}, 'portalUsers'),
      entity: 'pu_000004',
      audit: 'portal-user.deactivate',
    }),
  },
  {
    name: 'sendSharedLink',
    act: async (p, reason) => ({
      answer: await p.post('/v1/portal-users/pu_000005/links', reason ? { reason } : {}, 'portalUsers'),
      entity: 'pu_000005',
      audit: 'portal-user.link.send',
    }),
  },
  {
    name: 'expireAllLinks',
    act: async (p, reason) => ({
      answer: await p.post('/v1/portal-users/pu_000008/links/expire', reason ? { reason } : {}, 'portalUsers'),
      entity: 'pu_000008',
      audit: 'portal-user.links.expire',
    }),
  },
  {
    name: 'expireLink',
    act: async (p, reason) => ({
      answer: await p.post('/v1/shared-links/ln_000003/expire', reason ? { reason } : {}, 'portalUsers'),
      entity: 'ln_000003',
      audit: 'shared-link.expire',
    }),
  },
  {
    name: 'createClient (sending the invitation)',
    act: async (p, reason) => {
      const answer = await p.post(`/v1/clients${reasonQuery(reason)}`, newClient(), 'clients');
      return { answer, entity: answer.body?.id ?? 'cl_none', audit: 'client.create' };
    },
  },
  {
    name: 'batchCreateClients (sending invitations)',
    act: async (p, reason) => {
      batchCounter++;
      const items = [
        { idempotencyKey: `reasons-batch-${batchCounter}-a`, client: newClient() },
        { idempotencyKey: `reasons-batch-${batchCounter}-b`, client: newClient({ sendInvite: false }) },
      ];
      const answer = await p.post(`/v1/clients/batch${reasonQuery(reason)}`, { items }, 'clients');
      return { answer, entity: answer.body?.results?.[0]?.clientId ?? 'cl_none', audit: 'client.create' };
    },
  },
  {
    name: 'inviteRepresentative',
    act: async (p, reason) => ({
      answer: await p.post(
        '/v1/clients/cl_000009/representatives',
        withReason(reason, { firstName: 'Ama', lastName: 'Mensah', email: 'ama.mensah@example.org' }),
      ),
      entity: 'cl_000009',
      audit: 'client.representative.invite',
    }),
  },
  {
    name: 'sendRepresentativeInvite',
    prepare: representative,
    act: async (p, reason, rep) => {
      return {
        answer: await p.post(
          `/v1/clients/cl_000009/representatives/${rep.id}/invitations`,
          withReason(reason, { force: true }),
        ),
        entity: 'cl_000009',
        audit: 'client.representative.resend',
      };
    },
  },
  {
    name: 'removeRepresentative',
    prepare: representative,
    act: async (p, reason, rep) => {
      return {
        answer: await p.del(`/v1/clients/cl_000009/representatives/${rep.id}${reasonQuery(reason)}`),
        entity: 'cl_000009',
        audit: 'client.representative.remove',
      };
    },
  },
  {
    name: 'declineRepresentative (a pending invitation: its link stops working)',
    prepare: representative,
    act: async (p, reason, rep) => ({
      answer: await p.post(`/v1/clients/cl_000009/representatives/${rep.id}/decline`, withReason(reason)),
      entity: 'cl_000009',
      audit: 'client.representative.decline',
    }),
  },
  {
    name: 'setPortalUserAccess (taking a job away)',
    act: async (p, reason) => ({
      answer: await p.put(
        '/v1/portal-users/pu_000002/access',
        withReason(reason, { access: { type: 'selected-jobs', jobIds: ['jb_maple002'] } }),
        'portalUsers',
      ),
      entity: 'pu_000002',
      audit: 'portal-user.access',
    }),
  },
  {
    name: 'setPortalUserAccess (all jobs to selected jobs)',
    act: async (p, reason) => ({
      answer: await p.put(
        '/v1/portal-users/pu_000001/access',
        withReason(reason, {
          access: { type: 'selected-jobs', jobIds: ['jb_maple001', 'jb_maple002', 'jb_maple003'] },
        }),
        'portalUsers',
      ),
      entity: 'pu_000001',
      audit: 'portal-user.access',
    }),
  },
  {
    name: 'unlinkCams',
    act: async (p, reason) => ({
      answer: await p.del(`/v1/clients/cl_000001/cams-link${reasonQuery(reason)}`),
      entity: 'cl_000001',
      audit: 'client.cams.unlink',
    }),
  },
  {
    name: 'invitePortalUser',
    act: async (p, reason) => {
      const answer = await p.post(
        '/v1/portal-users',
        withReason(reason, {
          portalId: 'po_northstar01',
          email: 'li.wong@maple-logistics.example.com',
          firstName: 'Li',
          lastName: 'Wong',
          access: { type: 'all-jobs' },
        }),
        'portalUsers',
      );
      return { answer, entity: answer.body?.user?.id ?? 'pu_none', audit: 'portal-user.invite' };
    },
  },
  {
    name: 'reactivatePortalUser (sending a link)',
    act: async (p, reason) => ({
      answer: await p.post(
        '/v1/portal-users/pu_000003/reactivate',
        withReason(reason, { sendLink: true }),
        'portalUsers',
      ),
      entity: 'pu_000003',
      audit: 'portal-user.reactivate',
    }),
  },
  {
    name: 'removePortalJob',
    act: async (p, reason) => ({
      answer: await p.post('/v1/portals/po_northstar01/jobs/jb_maple003/remove', withReason(reason), 'portalUsers'),
      entity: 'po_northstar01',
      audit: 'client-portal.job.remove',
    }),
  },
  {
    name: 'removeCandidate',
    act: async (p, reason) => {
      const { data } = expectOk(await p.get('/v1/portals/po_northstar01/candidates', 'portalUsers'));
      return {
        answer: await p.post(
          '/v1/portals/po_northstar01/candidates/cd_000002/remove',
          withReason(reason),
          'portalUsers',
        ),
        entity: data.find((c: Json) => c.id === 'cd_000002').clientId,
        audit: 'client-portal.candidate.remove',
      };
    },
  },
  {
    name: 'sendPortalNotice',
    prepare: portalChange,
    act: async (p, reason) => {
      return {
        answer: await p.post('/v1/portals/po_northstar01/notices', withReason(reason), 'portalUsers'),
        entity: 'po_northstar01',
        audit: 'client-portal.notice',
      };
    },
  },
];

async function auditOf(p: Portal, entity: string, action: string): Promise<Json[]> {
  return expectOk(await p.get(`/v1/audit?entityId=${entity}&action=${action}`)).data;
}

describe('reasons in the audit log', () => {
  for (const { name, prepare, act } of ACTIONS) {
    it(`${name}: the reason given is in the audit entry`, async () => {
      const p = portal();
      const { answer, entity, audit } = await act(p, REASON, await prepare?.(p));
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
      const [entry] = await auditOf(p, entity, audit);
      expect(entry?.detail?.reason).toBe(REASON);
    });
  }

  it('without a reason, the entries are as before (no reason member)', async () => {
    const p = portal();
    const { entity, audit } = await ACTIONS[0]!.act(p, undefined);
    const [entry] = await auditOf(p, entity, audit);
    expect(entry.detail).toBeNull();
  });

  it('narrowing access keeps the reason in the user’s history too', async () => {
    const p = portal();
    const access = { access: { type: 'selected-jobs', jobIds: ['jb_maple001'] }, reason: REASON };
    expectOk(await p.put('/v1/portal-users/pu_000002/access', access, 'portalUsers'));
    const history = expectOk(await p.get('/v1/portal-users/pu_000002/history', 'portalUsers')).data;
    expect(history[0]).toMatchObject({
      action: 'access-changed',
      detail: `selected jobs: jb_maple001, jb_maple002 -> selected jobs: jb_maple001 (${REASON})`,
    });
  });

  it('expiring links keeps the reason in the user’s history too', async () => {
    const p = portal();
    expectOk(await p.post('/v1/shared-links/ln_000003/expire', { reason: REASON }, 'portalUsers'));
    const history = expectOk(await p.get('/v1/portal-users/pu_000002/history', 'portalUsers')).data;
    expect(history[0]).toMatchObject({ action: 'link-expired', detail: `ln_000003 (${REASON})` });
  });

  it('refuses an empty reason, one with control characters or over 200 characters, naming the field', async () => {
    const p = portal();
    for (const reason of ['', 'two\nlines', 'x'.repeat(201)]) {
      const problem = expectProblem(
        await p.post('/v1/clients/cl_000009/archive', { reason }, 'clients'),
        422,
        'validation',
      );
      expect(problem.errors.map((e: Json) => e.path)).toEqual(['reason']);
    }
  });
});

describe('a portal that requires a reason (--require-reason)', () => {
  it('says so at GET /v1/settings, with the resend cooldown, to any staff member', async () => {
    expect(expectOk(await portal().get('/v1/settings', 'clients'))).toEqual({
      requireReason: false,
      resendCooldownSeconds: 600,
    });
    const strict = portal({ settings: { requireReason: true, resendCooldownMs: 90_000 } });
    expect(expectOk(await strict.get('/v1/settings', 'portalUsers'))).toEqual({
      requireReason: true,
      resendCooldownSeconds: 90,
    });
  });

  it('batchCreateClients: refused whole without a reason, before any item is written (no key kept: the same items then go)', async () => {
    const p = portal({ settings: { requireReason: true } });
    const items = [
      { idempotencyKey: 'reasons-whole-batch-1', client: newClient({ sendInvite: false }) },
      { idempotencyKey: 'reasons-whole-batch-2', client: newClient() },
    ];
    const clients = async () => expectOk(await p.get('/v1/clients?limit=500')).data.length;
    const before = await clients();
    expectProblem(await p.post('/v1/clients/batch', { items }, 'clients'), 422, 'validation');
    expect(await clients()).toBe(before);
    const done = expectOk(await p.post(`/v1/clients/batch${reasonQuery(REASON)}`, { items }, 'clients'));
    expect(done.results.map((r: Json) => [r.status, r.replayed])).toEqual([
      [201, false],
      [201, false],
    ]);
    const [entry] = await auditOf(p, done.results[1].clientId, 'client.create');
    expect(entry?.detail).toMatchObject({ invited: true, reason: REASON });
  });

  for (const { name, prepare, act } of ACTIONS) {
    it(`${name}: without one, 422 naming reason and nothing changes; with one, done`, async () => {
      const p = portal({ settings: { requireReason: true } });
      const prepared = await prepare?.(p);
      const outbox = async () => expectOk(await p.get('/v1/outbox?limit=500')).data.length;
      const mails = await outbox();
      const { answer, entity, audit } = await act(p, undefined, prepared);
      const problem = expectProblem(answer, 422, 'validation');
      expect(problem.errors).toEqual([
        { path: 'reason', message: 'is required by this portal for actions that email someone or remove access' },
      ]);
      expect(await outbox()).toBe(mails);
      expect(await auditOf(p, entity, audit)).toEqual([]);
      const done = await act(p, REASON, prepared);
      expect(done.answer.status, JSON.stringify(done.answer.body)).toBeLessThan(300);
    });
  }

  it('asks nothing of what neither emails nor removes access: a client added without an invitation, a representative recorded as declining, a reactivation sending no link, a safety flag, access widened, a decline recorded again', async () => {
    const p = portal({ settings: { requireReason: true } });
    expectOk(await p.post('/v1/clients', newClient({ sendInvite: false }), 'clients'), 201);
    const quiet = [{ idempotencyKey: 'reasons-quiet-batch-1', client: newClient({ sendInvite: false }) }];
    const batch = expectOk(await p.post('/v1/clients/batch', { items: quiet }, 'clients'));
    expect(batch.results[0].status).toBe(201);
    const declined = { firstName: 'Ama', lastName: 'Mensah', email: 'ama.declined@example.org', declined: true };
    expectOk(await p.post('/v1/clients/cl_000009/representatives', declined), 201);
    expectOk(await p.post('/v1/portal-users/pu_000003/reactivate', {}, 'portalUsers'));
    expectOk(await p.post('/v1/clients/cl_000009/flags', { reason: 'Meet in pairs only' }, 'clients'), 201);
    // Access widened (a job added, then all jobs): nothing taken away.
    const more = { access: { type: 'selected-jobs', jobIds: ['jb_maple001', 'jb_maple002', 'jb_maple003'] } };
    expectOk(await p.put('/v1/portal-users/pu_000002/access', more, 'portalUsers'));
    expectOk(await p.put('/v1/portal-users/pu_000002/access', { access: { type: 'all-jobs' } }, 'portalUsers'));
    // A decline recorded again changes nothing.
    const rep = await representative(p);
    const decline = `/v1/clients/cl_000009/representatives/${rep.id}/decline`;
    expectOk(await p.post(decline, { reason: REASON }));
    expectOk(await p.post(decline, {}));
  });
});
