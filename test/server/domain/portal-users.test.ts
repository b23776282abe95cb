import { describe, expect, it } from 'vitest';
import { PortalSchema, PortalUserSchema, SharedLinkSchema } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, type Json, portal } from './support.js';

const invite = (overrides: Record<string, unknown> = {}) => ({
  portalId: 'po_northstar01',
  email: 'pat.lee@maple-logistics.example.com',
  firstName: 'Pat',
  lastName: 'Lee',
  access: { type: 'all-jobs' },
  ...overrides,
});

describe('client portals', () => {
  it("lists the caller's provider's portals with their jobs (all of them for administrators)", async () => {
    const p = portal();
    const mine = expectOk(await p.get('/v1/portals', 'portalUsers')).data;
    for (const x of mine) PortalSchema().parse(x);
    expect(mine.map((x: Json) => x.id)).toEqual(['po_northstar01', 'po_northstar02']);
    expect(mine[0].jobs.map((j: Json) => j.id)).toEqual(['jb_maple001', 'jb_maple002', 'jb_maple003', 'jb_maple004']);
    expect(expectOk(await p.get('/v1/portals', 'admin')).data.map((x: Json) => x.id)).toContain('po_lakeshore01');
  });
});

describe('external portal users', () => {
  it('invites with all-jobs access and sends an active shared link', async () => {
    const p = portal();
    const { user, link } = expectOk(await p.post('/v1/portal-users', invite(), 'portalUsers'), 201);
    PortalUserSchema().parse(user);
    SharedLinkSchema().parse(link);
    expect(user).toMatchObject({
      portalId: 'po_northstar01',
      access: { type: 'all-jobs' },
      status: 'active',
      deactivatedAt: null,
    });
    expect(link).toMatchObject({
      portalUserId: user.id,
      status: 'active',
      lastUsedAt: null,
      lastUsedIp: null,
      expiredAt: null,
    });
    expect(link.url).toMatch(/^http:\/\/portal\.test\/p\/[A-Za-z0-9_-]{16,}$/);
    const mail = expectOk(await p.get('/v1/outbox?kind=portal-user-invitation', 'portalUsers')).data;
    expect(mail[0]).toMatchObject({
      to: 'pat.lee@maple-logistics.example.com',
      link: link.url,
      portalUserId: user.id,
      clientId: null,
    });
    expect(expectOk(await p.get(`/v1/portal-users/${user.id}`, 'portalUsers'))).toEqual(user);
    const history = expectOk(await p.get(`/v1/portal-users/${user.id}/history`, 'portalUsers')).data;
    expect(history.map((h: Json) => h.action).sort()).toEqual(['invited', 'link-sent']);
  });

  it('gives selected-jobs access only to jobs of that portal, naming the others', async () => {
    const p = portal();
    const { user } = expectOk(
      await p.post(
        '/v1/portal-users',
        invite({ access: { type: 'selected-jobs', jobIds: ['jb_maple002'] } }),
        'portalUsers',
      ),
      201,
    );
    expect(user.access).toEqual({ type: 'selected-jobs', jobIds: ['jb_maple002'] });
    const problem = expectProblem(
      await p.post(
        '/v1/portal-users',
        invite({
          email: 'x@example.com',
          access: { type: 'selected-jobs', jobIds: ['jb_maple001', 'jb_harbour001', 'jb_nojob01'] },
        }),
        'portalUsers',
      ),
      422,
      'validation',
    );
    expect(problem.errors.map((e: Json) => e.path)).toEqual(['access.jobIds.1', 'access.jobIds.2']);
    expect(problem.detail).toContain('jb_harbour001, jb_nojob01');
  });

  it("refuses an unknown portal, another provider's portal and an email already active there", async () => {
    const p = portal();
    expectProblem(
      await p.post('/v1/portal-users', invite({ portalId: 'po_nothere1' }), 'portalUsers'),
      422,
      'validation',
    );
    expectProblem(
      await p.post('/v1/portal-users', invite({ portalId: 'po_lakeshore01' }), 'portalUsers'),
      422,
      'validation',
    );
    const taken = expectProblem(
      await p.post('/v1/portal-users', invite({ email: 'REBECCA.HUGHES@maple-logistics.example.com' }), 'portalUsers'),
      409,
      'email-taken',
    );
    expect(taken.hint).toBe('to send them a fresh shared link: portalctl portal users send-link pu_000001');
    // A deactivated user keeps their record: reactivated, not invited a second time.
    const deactivated = expectProblem(
      await p.post('/v1/portal-users', invite({ email: 'claire.fontaine@maple-logistics.example.com' }), 'portalUsers'),
      409,
      'portal-user-inactive',
    );
    expect(deactivated.detail).toContain('is a deactivated user of portal po_northstar01 (pu_000003');
    expect(deactivated.hint).toContain('portalctl portal users reactivate pu_000003');
    expect(
      expectOk(await p.get('/v1/portal-users?email=claire.fontaine@maple-logistics.example.com')).data,
    ).toHaveLength(1);
  });

  it('lists users with filters and pages, scoped to the provider', async () => {
    const p = portal();
    const mine = expectOk(await p.get('/v1/portal-users', 'portalUsers')).data;
    expect(mine.map((u: Json) => u.id)).toEqual([
      'pu_000001',
      'pu_000002',
      'pu_000003',
      'pu_000004',
      'pu_000005',
      'pu_000008',
    ]);
    const deactivated = expectOk(await p.get('/v1/portal-users?status=deactivated', 'admin')).data.map(
      (u: Json) => u.id,
    );
    expect(deactivated).toEqual(['pu_000003', 'pu_000007']);
    expect(
      expectOk(await p.get('/v1/portal-users?portalId=po_northstar02', 'portalUsers')).data.map((u: Json) => u.id),
    ).toEqual(['pu_000004', 'pu_000005']);
    expect(
      expectOk(
        await p.get('/v1/portal-users?email=Rebecca.Hughes@maple-logistics.example.com', 'portalUsers'),
      ).data.map((u: Json) => u.id),
    ).toEqual(['pu_000001']);
    const first = expectOk(await p.get('/v1/portal-users?limit=4', 'portalUsers'));
    const second = expectOk(await p.get(`/v1/portal-users?limit=4&cursor=${first.nextCursor}`, 'portalUsers'));
    expect([...first.data, ...second.data].map((u: Json) => u.id)).toEqual(mine.map((u: Json) => u.id));
    expect(second.nextCursor).toBeNull();
    expectProblem(await p.get('/v1/portal-users/pu_000006', 'portalUsers'), 404, 'not-found');
  });

  it('shows shared links with when they were sent, last used and from which IP', async () => {
    const p = portal();
    const links = expectOk(await p.get('/v1/portal-users/pu_000002/links', 'portalUsers')).data;
    for (const l of links) SharedLinkSchema().parse(l);
    expect(links.map((l: Json) => [l.id, l.status])).toEqual([
      ['ln_000003', 'active'],
      ['ln_000002', 'expired'],
    ]);
    expect(links[1]).toMatchObject({ lastUsedIp: '198.51.100.14', expiredAt: '2026-08-15T09:00:00.000Z' });
  });

  it('records the use of a link from an IP, and refuses an expired link', async () => {
    const p = portal();
    const used = expectOk(await p.post('/v1/_test/shared-links/ln_000003/use', { ip: '203.0.113.5' }));
    expect(used).toMatchObject({ id: 'ln_000003', lastUsedIp: '203.0.113.5', status: 'active' });
    expect(used.lastUsedAt).toEqual(expect.any(String));
    expectProblem(await p.post('/v1/_test/shared-links/ln_000002/use', { ip: '203.0.113.5' }), 409, 'link-expired');
    const history = expectOk(await p.get('/v1/portal-users/pu_000002/history', 'portalUsers')).data;
    expect(history[0]).toMatchObject({ action: 'link-used', actor: 'pu_000002', detail: 'ln_000003 from 203.0.113.5' });
    const audit = expectOk(await p.get('/v1/audit?entityId=ln_000003')).data;
    expect(audit.map((e: Json) => [e.action, e.detail])).toEqual([['shared-link.use', { portalUserId: 'pu_000002' }]]);
  });

  it('expires one link at once; expiring it again answers it unchanged', async () => {
    const p = portal();
    const expired = expectOk(await p.post('/v1/shared-links/ln_000001/expire', {}, 'portalUsers'));
    expect(expired).toMatchObject({ id: 'ln_000001', status: 'expired' });
    expect(expired.expiredAt).toEqual(expect.any(String));
    expect(expectOk(await p.post('/v1/shared-links/ln_000001/expire', undefined, 'portalUsers'))).toEqual(expired);
    expectProblem(await p.post('/v1/_test/shared-links/ln_000001/use', { ip: '192.0.2.1' }), 409, 'link-expired');
    expectProblem(await p.post('/v1/shared-links/ln_000007/expire', {}, 'portalUsers'), 404, 'not-found');
    expect(expectOk(await p.get('/v1/audit?entityId=ln_000001')).data).toHaveLength(1);
  });

  it('expires every active link of a user, answering the ones it expired', async () => {
    const p = portal();
    const expired = expectOk(await p.post('/v1/portal-users/pu_000008/links/expire', {}, 'portalUsers')).data;
    expect(expired.map((l: Json) => [l.id, l.status])).toEqual([
      ['ln_000009', 'expired'],
      ['ln_000010', 'expired'],
    ]);
    expect(expectOk(await p.post('/v1/portal-users/pu_000008/links/expire', {}, 'portalUsers')).data).toEqual([]);
    const links = expectOk(await p.get('/v1/portal-users/pu_000008/links', 'portalUsers')).data;
    expect(links.every((l: Json) => l.status === 'expired')).toBe(true);
  });

  it('deactivates a user: every link stops working, and the history tells it all', async () => {
    const p = portal();
    const { user, link } = expectOk(await p.post('/v1/portal-users', invite(), 'portalUsers'), 201);
    expectOk(await p.post(`/v1/_test/shared-links/${link.id}/use`, { ip: '198.51.100.23' }));
    const deactivated = expectOk(await p.post(`/v1/portal-users/${user.id}/deactivate`, {}, 'portalUsers'));
    expect(deactivated).toMatchObject({ status: 'deactivated' });
    expect(deactivated.deactivatedAt).toEqual(expect.any(String));
    expect(expectOk(await p.post(`/v1/portal-users/${user.id}/deactivate`, {}, 'portalUsers'))).toEqual(deactivated);
    const links = expectOk(await p.get(`/v1/portal-users/${user.id}/links`, 'portalUsers')).data;
    expect(links.map((l: Json) => l.status)).toEqual(['expired']);
    const refused = expectProblem(
      await p.post(`/v1/_test/shared-links/${link.id}/use`, { ip: '198.51.100.23' }),
      409,
      'link-expired',
    );
    expect(refused.detail).toContain(`portal user ${user.id} is deactivated`);

    const history = expectOk(await p.get(`/v1/portal-users/${user.id}/history`, 'portalUsers')).data;
    expect(history.map((h: Json) => h.action)).toEqual([
      'link-expired',
      'deactivated',
      'link-used',
      'link-sent',
      'invited',
    ]);
    expect(history.find((h: Json) => h.action === 'link-used').detail).toBe(`${link.id} from 198.51.100.23`);
    expect(history.find((h: Json) => h.action === 'invited')).toMatchObject({
      actor: 'st_portal01',
      detail: 'all jobs',
    });
    const audit = expectOk(await p.get(`/v1/audit?entityId=${user.id}`)).data.map((e: Json) => e.action);
    expect(audit).toEqual(['portal-user.deactivate', 'portal-user.invite']);
  });
});
