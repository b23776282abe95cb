// An external user's life after the invitation: a fresh shared link for one whose links all
// expired (optionally ending the others), reactivation of the same record, and switching between
// all jobs and selected jobs; each in the user's history and the audit log.
import { describe, expect, it } from 'vitest';
import { PortalUserSchema, SharedLinkSchema } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, type Json, portal } from './support.js';

const actions = async (p: ReturnType<typeof portal>, id: string) =>
  expectOk(await p.get(`/v1/portal-users/${id}/history`, 'portalUsers')).data.map((h: Json) => h.action);

describe('a fresh shared link', () => {
  it('emails an active user whose links all expired a new link that works; the others stay as they were', async () => {
    const p = portal();
    // Ines Carvalho (pu_000005): active, her only link expired.
    const sent = expectOk(await p.post('/v1/portal-users/pu_000005/links', {}, 'portalUsers'), 201);
    PortalUserSchema().parse(sent.user);
    SharedLinkSchema().parse(sent.link);
    expect(sent.user.id).toBe('pu_000005');
    expect(sent.link).toMatchObject({ portalUserId: 'pu_000005', status: 'active', lastUsedAt: null });
    expect(sent.expired).toEqual([]);
    const [mail] = expectOk(await p.get('/v1/outbox?kind=portal-user-invitation', 'portalUsers')).data;
    expect(mail).toMatchObject({
      to: 'ines.carvalho@harbourfront-hospitality.example.com',
      link: sent.link.url,
      portalUserId: 'pu_000005',
    });
    expectOk(await p.post(`/v1/_test/shared-links/${sent.link.id}/use`, { ip: '192.0.2.40' }));
    const links = expectOk(await p.get('/v1/portal-users/pu_000005/links', 'portalUsers')).data;
    expect(links.map((l: Json) => l.status)).toEqual(['active', 'expired']);
    expect((await actions(p, 'pu_000005')).slice(0, 2)).toEqual(['link-used', 'link-sent']);
    const audit = expectOk(await p.get('/v1/audit?entityId=pu_000005')).data;
    expect(audit[0]).toMatchObject({
      action: 'portal-user.link.send',
      detail: { linkId: sent.link.id, expiredLinkIds: [] },
    });
    // Still one record for her.
    expect(expectOk(await p.get('/v1/portal-users?portalId=po_northstar02')).data).toHaveLength(2);
  });

  it('expireOthers ends every other active link first', async () => {
    const p = portal();
    // Nadia Haddad (pu_000008): two active links.
    const sent = expectOk(await p.post('/v1/portal-users/pu_000008/links', { expireOthers: true }, 'portalUsers'), 201);
    expect(sent.expired.map((l: Json) => [l.id, l.status])).toEqual([
      ['ln_000009', 'expired'],
      ['ln_000010', 'expired'],
    ]);
    const links = expectOk(await p.get('/v1/portal-users/pu_000008/links', 'portalUsers')).data;
    expect(links.filter((l: Json) => l.status === 'active').map((l: Json) => l.id)).toEqual([sent.link.id]);
    expectProblem(await p.post('/v1/_test/shared-links/ln_000009/use', { ip: '192.0.2.1' }), 409, 'link-expired');
    const history = expectOk(await p.get('/v1/portal-users/pu_000008/history', 'portalUsers')).data;
    expect(history.slice(0, 3).map((h: Json) => [h.action, h.detail])).toEqual([
      ['link-sent', sent.link.id],
      ['link-expired', 'ln_000010 (a fresh link was sent)'],
      ['link-expired', 'ln_000009 (a fresh link was sent)'],
    ]);
  });

  it("refuses a deactivated user (pointing to reactivate) and another provider's user", async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post('/v1/portal-users/pu_000003/links', {}, 'portalUsers'),
      409,
      'portal-user-inactive',
    );
    expect(problem.hint).toBe(
      'reactivate them first (same record, history kept): portalctl portal users reactivate pu_000003',
    );
    expectProblem(await p.post('/v1/portal-users/pu_000006/links', {}, 'portalUsers'), 404, 'not-found');
    expect(expectOk(await p.get('/v1/outbox?kind=portal-user-invitation', 'portalUsers')).data).toEqual([]);
  });
});

describe('reactivation', () => {
  it('gives the same record access again, history kept; sendLink emails a fresh link', async () => {
    const p = portal();
    const before = await actions(p, 'pu_000003');
    const { user, link } = expectOk(
      await p.post('/v1/portal-users/pu_000003/reactivate', { sendLink: true }, 'portalUsers'),
    );
    expect(user).toMatchObject({ id: 'pu_000003', status: 'active', deactivatedAt: null });
    expect(link).toMatchObject({ portalUserId: 'pu_000003', status: 'active' });
    expectOk(await p.post(`/v1/_test/shared-links/${link.id}/use`, { ip: '192.0.2.7' }));
    const after = await actions(p, 'pu_000003');
    expect(after.slice(0, 3)).toEqual(['link-used', 'link-sent', 'reactivated']);
    expect(after.slice(3)).toEqual(before);
    // Reactivating again changes nothing and sends nothing.
    const again = expectOk(await p.post('/v1/portal-users/pu_000003/reactivate', { sendLink: true }, 'portalUsers'));
    expect(again).toEqual({ user: expect.objectContaining({ status: 'active' }), link: null });
    expect(expectOk(await p.get('/v1/outbox?kind=portal-user-invitation', 'portalUsers')).data).toHaveLength(1);
    expect(expectOk(await p.get('/v1/audit?entityId=pu_000003')).data.map((e: Json) => e.action)).toEqual([
      'portal-user.reactivate',
    ]);
  });

  it('without sendLink sends nothing; refused while another active record holds that email on the portal', async () => {
    const p = portal();
    const { user, link } = expectOk(await p.post('/v1/portal-users/pu_000003/reactivate', {}, 'portalUsers'));
    expect(user.status).toBe('active');
    expect(link).toBeNull();
    // A second record made before one record per person was kept (a database of an older portal).
    p.db
      .prepare(
        `INSERT INTO portal_users (id, portal_id, email, email_lower, first_name, last_name, access_type, job_ids, status, invited_at, deactivated_at)
         VALUES ('pu_000099', 'po_northstar01', 'vikram.desai@maple-logistics.example.com', 'vikram.desai@maple-logistics.example.com', 'Vikram', 'Desai', 'all-jobs', '[]', 'deactivated', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')`,
      )
      .run();
    const problem = expectProblem(
      await p.post('/v1/portal-users/pu_000099/reactivate', {}, 'portalUsers'),
      409,
      'email-taken',
    );
    expect(problem.detail).toContain('already an active user of portal po_northstar01 (pu_000002)');
  });
});

describe('access', () => {
  it('switches between all jobs and selected jobs, recorded in the history and the audit', async () => {
    const p = portal();
    const selected = expectOk(
      await p.put(
        '/v1/portal-users/pu_000001/access',
        { access: { type: 'selected-jobs', jobIds: ['jb_maple002', 'jb_maple004'] } },
        'portalUsers',
      ),
    );
    expect(selected.access).toEqual({ type: 'selected-jobs', jobIds: ['jb_maple002', 'jb_maple004'] });
    const all = expectOk(
      await p.put('/v1/portal-users/pu_000001/access', { access: { type: 'all-jobs' } }, 'portalUsers'),
    );
    expect(all.access).toEqual({ type: 'all-jobs' });
    // The same access again changes nothing.
    expectOk(await p.put('/v1/portal-users/pu_000001/access', { access: { type: 'all-jobs' } }, 'portalUsers'));
    const history = expectOk(await p.get('/v1/portal-users/pu_000001/history', 'portalUsers')).data;
    expect(history.slice(0, 2).map((h: Json) => [h.action, h.actor, h.detail])).toEqual([
      ['access-changed', 'st_portal01', 'selected jobs: jb_maple002, jb_maple004 -> all jobs'],
      ['access-changed', 'st_portal01', 'all jobs -> selected jobs: jb_maple002, jb_maple004'],
    ]);
    const audit = expectOk(await p.get('/v1/audit?entityId=pu_000001')).data;
    expect(audit.map((e: Json) => e.action)).toEqual(['portal-user.access', 'portal-user.access']);
    expect(expectOk(await p.get('/v1/portal-users/pu_000001', 'portalUsers')).access).toEqual({ type: 'all-jobs' });
  });

  it('refuses jobs of another portal, naming them', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.put(
        '/v1/portal-users/pu_000001/access',
        { access: { type: 'selected-jobs', jobIds: ['jb_maple001', 'jb_harbour001'] } },
        'portalUsers',
      ),
      422,
      'validation',
    );
    expect(problem.errors).toEqual([
      { path: 'access.jobIds.1', message: 'jb_harbour001 is not a job of portal po_northstar01' },
    ]);
  });
});
