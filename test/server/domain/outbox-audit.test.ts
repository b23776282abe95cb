import { describe, expect, it } from 'vitest';
import { AuditEntrySchema, OutboxMessageSchema } from '../../../src/contract/schemas.js';
import { AFTER_COOLDOWN_MS, expectOk, expectProblem, type Json, newClient, portal } from './support.js';

describe('outbox', () => {
  it('keeps every message newest first, with filters and pages', async () => {
    const p = portal();
    const a = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    const b = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    p.later(AFTER_COOLDOWN_MS);
    expectOk(await p.post(`/v1/clients/${a.id}/invitations`, {}, 'clients'), 201);
    expectOk(await p.patch(`/v1/clients/${b.id}`, { email: 'b.changed@example.org' }, 'clients'));

    const all = expectOk(await p.get('/v1/outbox', 'clients')).data;
    for (const m of all) OutboxMessageSchema().parse(m);
    expect(all.map((m: Json) => [m.kind, m.clientId])).toEqual([
      ['email-confirmation', b.id],
      ['invitation', a.id],
      ['invitation', b.id],
      ['invitation', a.id],
    ]);
    expect(all.every((m: Json) => m.subject.length > 0 && m.createdAt)).toBe(true);
    expect(expectOk(await p.get('/v1/outbox?kind=email-confirmation', 'clients')).data.map((m: Json) => m.to)).toEqual([
      'b.changed@example.org',
    ]);
    expect(
      expectOk(await p.get(`/v1/outbox?to=${encodeURIComponent(a.email.toUpperCase())}`, 'clients')).data,
    ).toHaveLength(2);
    expect(expectOk(await p.get(`/v1/outbox?clientId=${b.id}`, 'clients')).data).toHaveLength(2);

    const page1 = expectOk(await p.get('/v1/outbox?limit=3', 'clients'));
    const page2 = expectOk(await p.get(`/v1/outbox?limit=3&cursor=${page1.nextCursor}`, 'clients'));
    expect([...page1.data, ...page2.data].map((m: Json) => m.id)).toEqual(all.map((m: Json) => m.id));
    expect(page2.nextCursor).toBeNull();
  });

  it("shows staff only their own provider's messages", async () => {
    const p = portal();
    expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    expectOk(await p.post('/v1/clients', newClient(), 'providerB'), 201);
    expect(expectOk(await p.get('/v1/outbox', 'providerB')).data).toHaveLength(1);
    expect(expectOk(await p.get('/v1/outbox', 'clients')).data).toHaveLength(1);
    expect(expectOk(await p.get('/v1/outbox', 'admin')).data).toHaveLength(2);
  });

  it('shows client messages only with clients, portal-user messages only with portal-users', async () => {
    const p = portal();
    expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    expectOk(
      await p.post(
        '/v1/portal-users',
        {
          portalId: 'po_northstar01',
          email: 'sam.k@example.com',
          firstName: 'Sam',
          lastName: 'K',
          access: { type: 'all-jobs' },
        },
        'portalUsers',
      ),
      201,
    );
    const kinds = async (token: 'clients' | 'portalUsers' | 'noClients' | 'full') =>
      expectOk(await p.get('/v1/outbox', token)).data.map((m: Json) => m.kind);
    expect(await kinds('clients')).toEqual(['invitation']);
    expect(await kinds('portalUsers')).toEqual(['portal-user-invitation']);
    expect(await kinds('noClients')).toEqual([]);
    expect(await kinds('full')).toEqual(['portal-user-invitation', 'invitation']);
  });
});

describe('audit log', () => {
  it('records who changed what: an edit keeps old and new values, a creation copies no profile', async () => {
    const p = portal();
    const body = newClient({ firstName: 'Zebedee', phone: '416-555-0142', referral: { reasons: 'Private reasons' } });
    const client = expectOk(await p.post('/v1/clients', body, 'clients'), 201);
    const entries = expectOk(await p.get(`/v1/audit?entityId=${client.id}`)).data;
    for (const e of entries) AuditEntrySchema().parse(e);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: 'st_clients01',
      action: 'client.create',
      entityType: 'client',
      entityId: client.id,
      detail: { providerId: 'sp_northstar', caseworkerIds: [], invited: true, link: { type: 'none', caNumber: null } },
    });
    await p.patch(`/v1/clients/${client.id}`, { lastName: 'Secretname', phone: '416-555-0143' }, 'clients');
    const [edit, created] = expectOk(await p.get(`/v1/audit?entityId=${client.id}`)).data;
    expect(edit.detail).toEqual({
      fields: ['lastName', 'phone'],
      changes: {
        lastName: { from: body.lastName, to: 'Secretname' },
        phone: { from: '416-555-0142', to: '416-555-0143' },
      },
    });
    const text = JSON.stringify(created);
    for (const secret of ['Zebedee', '416-555-014', body.email as string, 'Private reasons']) {
      expect(text).not.toContain(secret);
    }
  });

  it('filters by actor, entity and action (exact or prefix), newest first, in pages', async () => {
    const p = portal();
    const c = expectOk(await p.post('/v1/clients', newClient(), 'clients'), 201);
    await p.post(`/v1/clients/${c.id}/archive`, {}, 'clients');
    await p.post(`/v1/clients/${c.id}/restore`, {}, 'spAdmin');
    await p.post(`/v1/clients/${c.id}/notes`, { text: 'hello' }, 'spAdmin');

    const all = expectOk(await p.get(`/v1/audit?entityId=${c.id}`)).data.map((e: Json) => e.action);
    expect(all).toEqual(['client.note.create', 'client.restore', 'client.archive', 'client.create']);
    expect(expectOk(await p.get('/v1/audit?actorId=st_spadmin01')).data.map((e: Json) => e.action)).toEqual([
      'client.note.create',
      'client.restore',
    ]);
    expect(expectOk(await p.get('/v1/audit?action=client.archive')).data).toHaveLength(1);
    expect(expectOk(await p.get(`/v1/audit?action=client.*&entityId=${c.id}`)).data).toHaveLength(4);
    const page1 = expectOk(await p.get(`/v1/audit?entityId=${c.id}&limit=3`));
    expect(page1.data).toHaveLength(3);
    const page2 = expectOk(await p.get(`/v1/audit?entityId=${c.id}&limit=3&cursor=${page1.nextCursor}`));
    expect(page2.data.map((e: Json) => e.action)).toEqual(['client.create']);
    // A cursor from another list (clients page by id) is refused, naming the parameter.
    const clientsCursor = Buffer.from(c.id).toString('base64url');
    const refused = expectProblem(await p.get(`/v1/audit?cursor=${clientsCursor}`), 422, 'validation');
    expect(refused.errors).toEqual([
      { path: 'cursor', message: 'is not a cursor of this list; start again without it' },
    ]);
  });

  it('is readable by administrators only', async () => {
    const p = portal();
    const problem = expectProblem(await p.get('/v1/audit', 'full'), 403, 'forbidden');
    expect(problem.missingPermission).toBe('administrator');
  });
});
