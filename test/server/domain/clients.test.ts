import { describe, expect, it } from 'vitest';
import { ClientSchema } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, type Json, newClient, portal } from './support.js';

describe('adding a client', () => {
  it('creates a referral, sends the invitation and answers with the invite link', async () => {
    const p = portal();
    const body = newClient({ phone: '416-555-0199', targetOccupations: ['Cook'] });
    const client = expectOk(await p.post('/v1/clients', body, 'clients'), 201);
    ClientSchema().parse(client);
    expect(client).toMatchObject({
      status: 'referral',
      archived: false,
      providerId: 'sp_northstar',
      caseworkerIds: [],
      firstName: 'Robin',
      email: body.email,
      phone: '416-555-0199',
      link: { type: 'none' },
      invite: { status: 'pending', sentTo: body.email, declinedAt: null, lastLoginAt: null },
    });
    expect(client.id).toMatch(/^cl_[0-9a-z]{6,40}$/);
    expect(client.invite.link).toMatch(/^http:\/\/portal\.test\/invite\/cl_[0-9a-z]+\.[A-Za-z0-9_-]{16,}$/);

    const outbox = expectOk(await p.get(`/v1/outbox?clientId=${client.id}`, 'clients'));
    expect(outbox.data).toHaveLength(1);
    expect(outbox.data[0]).toMatchObject({
      to: body.email,
      kind: 'invitation',
      link: client.invite.link,
      clientId: client.id,
    });

    expect(expectOk(await p.get(`/v1/clients/${client.id}`, 'clients'))).toEqual(client);
  });

  it('sends nothing when asked not to', async () => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient({ sendInvite: false }), 'clients'), 201);
    expect(client.invite).toEqual({
      status: 'none',
      link: null,
      sentAt: null,
      sentTo: null,
      declinedAt: null,
      lastLoginAt: null,
    });
    expect(expectOk(await p.get(`/v1/outbox?clientId=${client.id}`)).data).toEqual([]);
  });

  it('names every missing required field', async () => {
    const p = portal();
    const problem = expectProblem(await p.post('/v1/clients', { phone: '416-555-0100' }, 'clients'), 422, 'validation');
    expect(problem.errors.map((e: Json) => e.path).sort()).toEqual(['email', 'firstName', 'lastName']);
    const one = expectProblem(
      await p.post('/v1/clients', { firstName: 'A', lastName: 'B' }, 'clients'),
      422,
      'validation',
    );
    expect(one.errors).toEqual([{ path: 'email', message: 'is required' }]);
  });

  it('refuses an email already in use, case-insensitively, naming the client who has it', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post('/v1/clients', newClient({ email: 'MaryAnn.OBrien1@Example.org' }), 'clients'),
      409,
      'email-taken',
    );
    expect(problem.existingClientId).toBe('cl_000001');
    expect(problem.detail).toContain("already belongs to client cl_000001 (Mary-Ann O'Brien)");
  });

  it('counts the pending email of another client as taken', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post('/v1/clients', newClient({ email: 'mei.chen12.new@example.org' }), 'clients'),
      409,
      'email-taken',
    );
    expect(problem.existingClientId).toBe('cl_000012');
  });

  it('keeps email unique across providers, without naming a client the caller may not see', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post('/v1/clients', newClient({ email: 'maryann.obrien1@example.org' }), 'providerB'),
      409,
      'email-taken',
    );
    expect(problem.detail).toBe('maryann.obrien1@example.org is in use at another service provider');
    expect(problem.errors).toEqual([{ path: 'email', message: 'is in use at another service provider' }]);
    expect(problem.hint).toContain('group administrator');
    expect(problem.existingClientId).toBeUndefined();
    expect(JSON.stringify(problem)).not.toMatch(/cl_000001|Mary-Ann|O'Brien/);
    // The same for a change of email, and for the one who may see the client: named.
    const edit = expectProblem(
      await p.patch('/v1/clients/cl_000102', { email: 'MaryAnn.OBrien1@example.org' }, 'providerB'),
      409,
      'email-taken',
    );
    expect(JSON.stringify(edit)).not.toMatch(/cl_000001|Mary-Ann|O'Brien/);
    const admin = expectProblem(
      await p.patch('/v1/clients/cl_000102', { email: 'maryann.obrien1@example.org' }, 'admin'),
      409,
      'email-taken',
    );
    expect(admin.existingClientId).toBe('cl_000001');
  });

  it('makes a client (not a referral) when caseworkers are set, which needs sp-admin', async () => {
    const p = portal();
    const client = expectOk(
      await p.post('/v1/clients', newClient({ caseworkerIds: ['st_cwa001', 'st_cwa002'] }), 'spAdmin'),
      201,
    );
    expect(client.status).toBe('client');
    expect(client.caseworkerIds).toEqual(['st_cwa001', 'st_cwa002']);

    const refused = expectProblem(
      await p.post('/v1/clients', newClient({ caseworkerIds: ['st_cwa001'] }), 'clients'),
      403,
      'forbidden',
    );
    expect(refused.missingPermission).toBe('sp-admin');
    // An empty list sets nothing, so it needs nothing.
    expectOk(await p.post('/v1/clients', newClient({ caseworkerIds: [] }), 'clients'), 201);
  });

  it('refuses caseworkers who are not staff of the client provider', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post('/v1/clients', newClient({ caseworkerIds: ['st_cwa001', 'st_cwb001'] }), 'spAdmin'),
      422,
      'staff-not-in-provider',
    );
    expect(problem.errors).toEqual([
      { path: 'caseworkerIds.1', message: 'st_cwb001 (Emily Wong) is not staff of sp_northstar' },
    ]);
  });

  it('refuses caseworkers without the clients permission, naming each and why', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post(
        '/v1/clients',
        newClient({ caseworkerIds: ['st_cwa001', 'st_noclients01', 'st_portal01'] }),
        'spAdmin',
      ),
      422,
      'staff-not-caseworker',
    );
    expect(problem.errors).toEqual([
      {
        path: 'caseworkerIds.1',
        message: 'st_noclients01 (Hélène Tremblay) lacks the clients permission a caseworker needs',
      },
      {
        path: 'caseworkerIds.2',
        message: 'st_portal01 (Jordan MacDonald) lacks the clients permission a caseworker needs',
      },
    ]);
    expect(problem.detail).toContain(
      "a caseworker is staff of the client's service provider with the clients permission",
    );
    // Each item of a batch (an import) is checked the same way, and nothing of it is added.
    const batch = expectOk(
      await p.post(
        '/v1/clients/batch',
        { items: [{ idempotencyKey: 'batch-cw-0001', client: newClient({ caseworkerIds: ['st_portal01'] }) }] },
        'spAdmin',
      ),
    );
    expect(batch.results[0]).toMatchObject({ status: 422, problem: { code: 'staff-not-caseworker' } });
    // An administrator of the provider holds every permission, so may be one.
    expect(
      expectOk(await p.post('/v1/clients', newClient({ caseworkerIds: ['st_admin01'] }), 'spAdmin'), 201).caseworkerIds,
    ).toEqual(['st_admin01']);
  });

  it('sets another provider only with sp-group-admin, and only within the group', async () => {
    const p = portal();
    const forbidden = expectProblem(
      await p.post('/v1/clients', newClient({ providerId: 'sp_lakeshore' }), 'spAdmin'),
      403,
      'forbidden',
    );
    expect(forbidden.missingPermission).toBe('sp-group-admin');

    const client = expectOk(await p.post('/v1/clients', newClient({ providerId: 'sp_lakeshore' }), 'groupAdmin'), 201);
    expect(client.providerId).toBe('sp_lakeshore');
    // Their own provider needs nothing more.
    expectOk(await p.post('/v1/clients', newClient({ providerId: 'sp_northstar' }), 'clients'), 201);

    expectProblem(
      await p.post('/v1/clients', newClient({ providerId: 'sp_rideau' }), 'groupAdmin'),
      409,
      'provider-not-in-group',
    );
    const unknown = expectProblem(
      await p.post('/v1/clients', newClient({ providerId: 'sp_nowhere01' }), 'groupAdmin'),
      422,
      'validation',
    );
    expect(unknown.errors[0].path).toBe('providerId');
    expect(expectOk(await p.post('/v1/clients', newClient({ providerId: 'sp_rideau' }), 'admin'), 201).providerId).toBe(
      'sp_rideau',
    );
  });

  it('saves the reasons for referral as a case note, and each new reason as another', async () => {
    const p = portal();
    const client = expectOk(
      await p.post(
        '/v1/clients',
        newClient({ referral: { source: 'ODSP', reasons: 'Looking for warehouse work.' } }),
        'clients',
      ),
      201,
    );
    let notes = expectOk(await p.get(`/v1/clients/${client.id}/notes`, 'clients')).data;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      kind: 'referral-reasons',
      text: 'Looking for warehouse work.',
      createdBy: 'st_clients01',
    });

    const updated = expectOk(
      await p.patch(
        `/v1/clients/${client.id}`,
        { referral: { reasons: 'Now looking for forklift training.' } },
        'clients',
      ),
    );
    expect(updated.referral).toEqual({
      source: 'ODSP',
      referenceNumber: null,
      reasons: 'Now looking for forklift training.',
    });
    // The same reasons again change nothing.
    await p.patch(
      `/v1/clients/${client.id}`,
      { referral: { reasons: 'Now looking for forklift training.' } },
      'clients',
    );

    notes = expectOk(await p.get(`/v1/clients/${client.id}/notes`, 'clients')).data;
    expect(notes.map((n: Json) => [n.kind, n.text])).toEqual([
      ['referral-reasons', 'Now looking for forklift training.'],
      ['referral-reasons', 'Looking for warehouse work.'],
    ]);
  });
});

describe('provider scope', () => {
  it("hides another provider's client as not found, for reads and changes alike", async () => {
    const p = portal();
    for (const answer of [
      await p.get('/v1/clients/cl_000009', 'providerB'),
      await p.patch('/v1/clients/cl_000009', { pronouns: 'she/her' }, 'providerB'),
      await p.post('/v1/clients/cl_000009/archive', {}, 'providerB'),
      await p.get('/v1/clients/cl_000009/notes', 'providerB'),
      await p.post('/v1/clients/cl_000009/invitations', {}, 'providerB'),
    ]) {
      const problem = expectProblem(answer, 404, 'not-found');
      expect(problem.detail).toBe('no client cl_000009');
    }
    expect(expectOk(await p.get('/v1/clients/cl_000009', 'admin')).id).toBe('cl_000009');
    expect(expectOk(await p.get('/v1/clients/cl_000102', 'providerB')).providerId).toBe('sp_lakeshore');
    expectProblem(await p.get('/v1/clients/cl_999999', 'admin'), 404, 'not-found');
  });

  it('lists only the own provider for staff, every provider for administrators', async () => {
    const p = portal();
    const mine = expectOk(await p.get('/v1/clients?limit=500', 'providerB')).data;
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((c: Json) => c.providerId))).toEqual(new Set(['sp_lakeshore']));
    const all = expectOk(await p.get('/v1/clients?limit=500', 'admin')).data;
    expect(new Set(all.map((c: Json) => c.providerId))).toEqual(new Set(['sp_northstar', 'sp_lakeshore', 'sp_rideau']));
    // Another provider's clients are not an empty list: the listing is refused, naming the permission.
    const refused = expectProblem(await p.get('/v1/clients?providerId=sp_northstar', 'providerB'), 403, 'forbidden');
    expect(refused.missingPermission).toBe('administrator');
    expect(refused.detail).toContain('sp_northstar');
    expectProblem(await p.get('/v1/clients?providerId=sp_lakeshore', 'groupAdmin'), 403, 'forbidden');
    expect(expectOk(await p.get('/v1/clients?providerId=sp_lakeshore&limit=500', 'providerB')).data).toEqual(mine);
  });
});

describe('listing clients', () => {
  it('leaves archived clients out unless asked, and then lists only them', async () => {
    const p = portal();
    const active = expectOk(await p.get('/v1/clients?limit=500')).data;
    expect(active.every((c: Json) => c.archived === false)).toBe(true);
    expect(active.map((c: Json) => c.id)).not.toContain('cl_000003');
    const archived = expectOk(await p.get('/v1/clients?archived=true&limit=500')).data;
    expect(archived.length).toBe(20);
    expect(archived.every((c: Json) => c.archived === true)).toBe(true);
    expect(archived.map((c: Json) => c.id)).toContain('cl_000003');
  });

  it('filters by status, invite state, caseworker, email and provider', async () => {
    const p = portal();
    const referrals = expectOk(await p.get('/v1/clients?status=referral&limit=500')).data;
    expect(referrals.length).toBeGreaterThan(20);
    expect(referrals.every((c: Json) => c.status === 'referral' && c.caseworkerIds.length === 0)).toBe(true);
    const clients = expectOk(await p.get('/v1/clients?status=client&limit=500')).data;
    expect(clients.every((c: Json) => c.caseworkerIds.length > 0)).toBe(true);

    const declined = expectOk(await p.get('/v1/clients?invite=declined&limit=500')).data;
    expect(declined.length).toBeGreaterThan(0);
    expect(declined.every((c: Json) => c.invite.status === 'declined')).toBe(true);

    const pending = expectOk(await p.get('/v1/clients?invite=pending&limit=500')).data;
    const before = '2025-10-15T00:00:00.000Z';
    const stale = expectOk(await p.get(`/v1/clients?invite=pending&inviteSentBefore=${before}&limit=500`)).data;
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.length).toBeLessThan(pending.length);
    expect(stale.map((c: Json) => c.id)).toEqual(
      pending.filter((c: Json) => c.invite.sentAt < before).map((c: Json) => c.id),
    );
    expectProblem(await p.get('/v1/clients?inviteSentBefore=two-weeks'), 422, 'validation');

    const assigned = expectOk(await p.get('/v1/clients?caseworkerId=st_cwa001&limit=500')).data;
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned.every((c: Json) => c.caseworkerIds.includes('st_cwa001'))).toBe(true);

    const byEmail = expectOk(await p.get('/v1/clients?email=MARYANN.OBRIEN1@example.org')).data;
    expect(byEmail.map((c: Json) => c.id)).toEqual(['cl_000001']);

    const lakeshore = expectOk(await p.get('/v1/clients?providerId=sp_lakeshore&limit=500')).data;
    expect(lakeshore.every((c: Json) => c.providerId === 'sp_lakeshore')).toBe(true);
  });

  it('searches normalised names and email', async () => {
    const p = portal();
    const ids = async (q: string) =>
      expectOk(await p.get(`/v1/clients?search=${encodeURIComponent(q)}&limit=500`)).data.map((c: Json) => c.id);
    expect(await ids('obrien')).toContain('cl_000001');
    expect(await ids('mary ann o brien')).toContain('cl_000001');
    expect(await ids("O'Brien Mary-Ann")).toContain('cl_000001');
    expect(await ids('Jose Cote')).toContain('cl_000002');
    expect(await ids('obrien1@example')).toEqual(['cl_000001']);
    expect(await ids('zzzz-nobody')).toEqual([]);
  });

  it('pages by cursor in id order, every client exactly once', async () => {
    const p = portal();
    const all = expectOk(await p.get('/v1/clients?limit=500')).data.map((c: Json) => c.id);
    expect(all).toEqual([...all].sort());
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: Json = expectOk(
        await p.get(`/v1/clients?limit=17${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      );
      expect(answer.data.length).toBeLessThanOrEqual(17);
      seen.push(...answer.data.map((c: Json) => c.id));
      cursor = answer.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 17));
    const first = expectOk(await p.get('/v1/clients'));
    expect(first.data).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it('with sort=newest pages newest first, every client exactly once', async () => {
    const p = portal();
    const all = expectOk(await p.get('/v1/clients?limit=500')).data.map((c: Json) => c.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const answer: Json = expectOk(
        await p.get(`/v1/clients?sort=newest&limit=17${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      );
      seen.push(...answer.data.map((c: Json) => c.id));
      cursor = answer.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...all].reverse());
    expectProblem(await p.get('/v1/clients?sort=name'), 422, 'validation');
  });

  it('refuses a cursor it did not issue', async () => {
    const p = portal();
    const problem = expectProblem(await p.get('/v1/clients?cursor=not-a-cursor!'), 422, 'validation');
    expect(problem.errors[0].path).toBe('cursor');
  });
});

describe('editing a client', () => {
  it('changes the fields given and records their names in the audit log', async () => {
    const p = portal();
    const before = expectOk(await p.get('/v1/clients/cl_000009'));
    const transportation = before.transportation === 'limited' ? 'none' : 'limited';
    const frequency = before.communication.frequency === 'daily' ? 'weekly' : 'daily';
    const updated = expectOk(
      await p.patch(
        '/v1/clients/cl_000009',
        { pronouns: 'xe/xem', transportation, communication: { frequency } },
        'clients',
      ),
    );
    ClientSchema().parse(updated);
    expect(updated).toMatchObject({ pronouns: 'xe/xem', transportation, firstName: before.firstName });
    expect(updated.communication).toEqual({ ...before.communication, frequency });
    expect(updated.updatedAt > before.updatedAt).toBe(true);
    const audit = expectOk(await p.get('/v1/audit?entityId=cl_000009&action=client.update')).data;
    expect(audit[0]).toMatchObject({ actorId: 'st_clients01', entityType: 'client' });
    expect(audit[0].detail.fields.sort()).toEqual(['communication.frequency', 'pronouns', 'transportation']);
  });

  it('keeps a new email pending until the client confirms it, and mails the new address', async () => {
    const p = portal();
    const before = expectOk(await p.get('/v1/clients/cl_000009'));
    const updated = expectOk(await p.patch('/v1/clients/cl_000009', { email: 'new.address9@example.org' }, 'clients'));
    expect(updated.email).toBe(before.email);
    expect(updated.pendingEmail).toBe('new.address9@example.org');
    const mail = expectOk(await p.get('/v1/outbox?kind=email-confirmation&clientId=cl_000009')).data;
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: 'new.address9@example.org', kind: 'email-confirmation' });
    expect(mail[0].link).toMatch(/^http:\/\/portal\.test\//);

    // Nobody else can take the pending address meanwhile.
    expectProblem(await p.post('/v1/clients', newClient({ email: 'new.address9@example.org' })), 409, 'email-taken');

    const confirmed = expectOk(await p.post('/v1/_test/clients/cl_000009/confirm-email', {}));
    expect(confirmed.email).toBe('new.address9@example.org');
    expect(confirmed.pendingEmail).toBeNull();
    expectProblem(await p.post('/v1/_test/clients/cl_000009/confirm-email', {}), 404, 'not-found');
  });

  it('refuses an email change to an address in use, and cancels a pending change given the current email', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.patch('/v1/clients/cl_000009', { email: 'maryann.obrien1@example.org' }, 'clients'),
      409,
      'email-taken',
    );
    expect(problem.existingClientId).toBe('cl_000001');
    const current = expectOk(await p.get('/v1/clients/cl_000012'));
    expect(current.pendingEmail).toBe('mei.chen12.new@example.org');
    const cancelled = expectOk(await p.patch('/v1/clients/cl_000012', { email: current.email.toUpperCase() }));
    expect(cancelled.pendingEmail).toBeNull();
    expect(cancelled.email).toBe(current.email);
  });

  it('refuses CaMS-owned fields of a linked client, naming each one', async () => {
    const p = portal();
    const linked = expectOk(await p.get('/v1/clients/cl_000001'));
    expect(linked.link.type).toBe('cams');
    const problem = expectProblem(
      await p.patch(
        '/v1/clients/cl_000001',
        { firstName: 'Marianne', phone: '416-555-0000', pronouns: 'she/her' },
        'clients',
      ),
      409,
      'cams-owned-field',
    );
    expect(problem.detail).toContain('update this in CaMS');
    // The hint is what else can be done, not the detail's "update this in CaMS" again.
    expect(problem.hint).not.toContain('update this in CaMS');
    expect(problem.hint).toContain('cams unlink');
    expect(problem.errors.map((e: Json) => e.path)).toEqual(['firstName', 'phone']);
    // Nothing was changed, not even the allowed field.
    expect(expectOk(await p.get('/v1/clients/cl_000001')).pronouns).toBe(linked.pronouns);

    // Fields CaMS does not own stay editable; CaMS-owned ones sent back unchanged are accepted.
    const edited = expectOk(
      await p.patch('/v1/clients/cl_000001', {
        firstName: linked.firstName,
        pronouns: 'she/her',
        email: 'ma.obrien@example.org',
      }),
    );
    expect(edited.pronouns).toBe('she/her');
    expect(edited.pendingEmail).toBe('ma.obrien@example.org');
  });

  it('changes nothing (and records nothing) when every value is the current one', async () => {
    const p = portal();
    const before = expectOk(await p.get('/v1/clients/cl_000009'));
    const same = expectOk(await p.patch('/v1/clients/cl_000009', { firstName: before.firstName }));
    expect(same).toEqual(before);
    expect(expectOk(await p.get('/v1/audit?entityId=cl_000009')).data).toEqual([]);
  });
});

describe('archive and restore', () => {
  it('hides an archived client from the default list and brings it back on restore', async () => {
    const p = portal();
    const archived = expectOk(await p.post('/v1/clients/cl_000009/archive', {}, 'clients'));
    expect(archived.archived).toBe(true);
    const ids = async (query: string) =>
      expectOk(await p.get(`/v1/clients?limit=500${query}`, 'clients')).data.map((c: Json) => c.id);
    expect(await ids('')).not.toContain('cl_000009');
    expect(await ids('&archived=true')).toContain('cl_000009');
    expect(expectOk(await p.get('/v1/clients/cl_000009', 'clients')).archived).toBe(true);
    expectProblem(await p.post('/v1/clients/cl_000009/archive', {}, 'clients'), 409, 'archived');

    const restored = expectOk(await p.post('/v1/clients/cl_000009/restore', undefined, 'clients'));
    expect(restored.archived).toBe(false);
    expect(await ids('')).toContain('cl_000009');
    expectProblem(await p.post('/v1/clients/cl_000009/restore', {}, 'clients'), 409, 'not-archived');

    const actions = expectOk(await p.get('/v1/audit?entityId=cl_000009')).data.map((e: Json) => e.action);
    expect(actions).toEqual(['client.restore', 'client.archive']);
  });
});
