// A CaMS link stays current: a change CaMS makes to its record reaches the linked client's
// CaMS-owned fields at once, recorded in the audit log as made by CaMS, with old and new values.
// The local portal stands in for CaMS through a test-only route (PATCH /v1/_test/cams/clients/:ref).
import { describe, expect, it } from 'vitest';
import { CamsClientSchema, ClientSchema } from '../../../src/contract/schemas.js';
import { createApp } from '../../../src/server/app.js';
import { openDatabase } from '../../../src/server/db.js';
import { handlers, testHandlers } from '../../../src/server/handlers.js';
import { seedDatabase } from '../../../src/server/seed.js';
import { expectOk, expectProblem, type Json, portal, SEED } from './support.js';

// Fixture facts (fixtures/seed.json): cl_000001 (Mary-Ann O'Brien, Northstar) is linked to CaMS
// 140007919; 210104729 is a CaMS client nobody links yet; cl_000009 has no link.
const LINKED = { client: 'cl_000001', ref: '140007919' };
const FREE_CAMS = '210104729';
const change = (ref: string) => `/v1/_test/cams/clients/${ref}`;

describe('a change in CaMS reaches the linked client', () => {
  it('takes the new CaMS-owned values, and says when they were refreshed', async () => {
    const p = portal();
    const before = ClientSchema().parse(expectOk(await p.get(`/v1/clients/${LINKED.client}`)));
    expect(before.link).toMatchObject({
      type: 'cams',
      refreshedAt: before.link.type === 'cams' && before.link.linkedAt,
    });
    const record = CamsClientSchema().parse(
      expectOk(
        await p.patch(change(LINKED.ref), {
          lastName: 'Brennan',
          phone: '613-555-0142',
          address: '12 Elm Street, Ottawa ON K1A 0B1',
        }),
      ),
    );
    expect(record).toMatchObject({ lastName: 'Brennan', phone: '613-555-0142', linkedClientId: LINKED.client });

    const after = ClientSchema().parse(expectOk(await p.get(`/v1/clients/${LINKED.client}`, 'clients')));
    expect(after).toMatchObject({
      firstName: before.firstName,
      lastName: 'Brennan',
      phone: '613-555-0142',
      address: '12 Elm Street, Ottawa ON K1A 0B1',
      dateOfBirth: before.dateOfBirth,
      email: before.email, // the portal's own, not CaMS's
    });
    if (after.link.type !== 'cams' || before.link.type !== 'cams') throw new Error('not linked');
    expect(after.link.linkedAt).toBe(before.link.linkedAt);
    expect(after.link.refreshedAt > before.link.refreshedAt).toBe(true);
    expect(after.updatedAt).toBe(after.link.refreshedAt);
    // The duplicate check finds the client by the new name.
    const found = expectOk(await p.get('/v1/clients/duplicates?lastName=brennan', 'clients')).data;
    expect(found.map((m: Json) => m.client.id)).toContain(LINKED.client);
  });

  it('is in the audit log as a change made by CaMS, with the old and new value of each field', async () => {
    const p = portal();
    const before = expectOk(await p.get(`/v1/clients/${LINKED.client}`));
    expectOk(await p.patch(change(LINKED.ref), { phone: '613-555-0142', selfIdentification: ['Youth'] }));
    const [entry] = expectOk(await p.get(`/v1/audit?entityId=${LINKED.client}&action=client.update`)).data;
    expect(entry).toMatchObject({
      actorId: 'cams',
      action: 'client.update',
      entityType: 'client',
      entityId: LINKED.client,
      detail: {
        clientReferenceNumber: LINKED.ref,
        fields: ['phone', 'selfIdentification'],
        changes: {
          phone: { from: before.phone, to: '613-555-0142' },
          selfIdentification: { from: before.selfIdentification, to: ['Youth'] },
        },
      },
    });
    expect(expectOk(await p.get('/v1/audit?actorId=cams')).data.map((e: Json) => e.id)).toEqual([entry.id]);
  });

  it('a change to nothing the client takes from CaMS is no edit: no audit entry, the refresh time moves', async () => {
    const p = portal();
    const before = expectOk(await p.get(`/v1/clients/${LINKED.client}`));
    // The email in CaMS is not CaMS-owned: the portal keeps its own.
    expectOk(await p.patch(change(LINKED.ref), { email: 'somewhere.else@example.org', phone: before.phone }));
    const after = expectOk(await p.get(`/v1/clients/${LINKED.client}`));
    expect({ ...after, link: { ...after.link, refreshedAt: null } }).toEqual({
      ...before,
      link: { ...before.link, refreshedAt: null },
    });
    expect(after.link.refreshedAt > before.link.refreshedAt).toBe(true);
    expect(expectOk(await p.get('/v1/audit?actorId=cams')).data).toEqual([]);
  });

  it('reaches no client once unlinked, and a CaMS client nobody links changes only in CaMS', async () => {
    const p = portal();
    expectOk(await p.del(`/v1/clients/${LINKED.client}/cams-link`));
    const unlinked = expectOk(await p.get(`/v1/clients/${LINKED.client}`));
    expectOk(await p.patch(change(LINKED.ref), { phone: '613-555-0199' }));
    expect(expectOk(await p.get(`/v1/clients/${LINKED.client}`))).toEqual(unlinked);
    const free = expectOk(await p.patch(change(FREE_CAMS), { phone: '613-555-0198' }));
    expect(free).toMatchObject({ phone: '613-555-0198', linkedClientId: null });
    expect(expectOk(await p.get('/v1/audit?actorId=cams')).data).toEqual([]);
    // Linking later copies the record as it is now.
    const linked = expectOk(
      await p.put('/v1/clients/cl_000009/cams-link', { clientReferenceNumber: FREE_CAMS, force: true }),
    );
    expect(linked.phone).toBe('613-555-0198');
    expect(linked.link.refreshedAt).toBe(linked.link.linkedAt);
  });

  it("keeps the linked client's CaMS-owned fields refused for edits in the portal", async () => {
    const p = portal();
    expectOk(await p.patch(change(LINKED.ref), { phone: '613-555-0142' }));
    const problem = expectProblem(
      await p.patch(`/v1/clients/${LINKED.client}`, { phone: '416-555-0000' }, 'clients'),
      409,
      'cams-owned-field',
    );
    expect(problem.errors.map((e: Json) => e.path)).toEqual(['phone']);
    expect(expectOk(await p.get(`/v1/clients/${LINKED.client}`)).phone).toBe('613-555-0142');
  });
});

describe('the stand-in for CaMS (PATCH /v1/_test/cams/clients/:ref)', () => {
  it('checks the values as the client fields are checked, and changes nothing when refused', async () => {
    const p = portal();
    const before = expectOk(await p.get(`/v1/clients/${LINKED.client}`));
    const future = expectProblem(await p.patch(change(LINKED.ref), { dateOfBirth: '2999-01-01' }), 422, 'validation');
    expect(future.errors).toMatchObject([{ path: 'dateOfBirth' }]);
    expectProblem(await p.patch(change(LINKED.ref), { lastName: '' }), 422, 'validation');
    expectProblem(await p.patch(change(LINKED.ref), {}), 422, 'validation');
    expectProblem(await p.patch(change('C-24100037'), { phone: '613-555-0142' }), 404, 'cams-case-reference');
    expectProblem(await p.patch(change('219999999'), { phone: '613-555-0142' }), 404, 'cams-not-found');
    expect(expectOk(await p.get(`/v1/clients/${LINKED.client}`))).toEqual(before);
  });

  it('is for administrators, and exists only when the test endpoints are on', async () => {
    const p = portal();
    expectProblem(await p.patch(change(LINKED.ref), { phone: '613-555-0142' }, 'clients'), 403, 'forbidden');
    const db = openDatabase(':memory:');
    seedDatabase(db, SEED, () => new Date());
    const off = createApp({ db, handlers, testHandlers });
    const answer = await off.inject({
      method: 'PATCH',
      url: change(LINKED.ref),
      headers: { authorization: 'Bearer demo-admin-token' },
      payload: { phone: '613-555-0142' },
    });
    expect(answer.statusCode).toBe(404);
  });
});
