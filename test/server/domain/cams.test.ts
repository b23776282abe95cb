import { describe, expect, it } from 'vitest';
import { AssessmentSchema, CamsClientSchema, CamsLinkPreviewSchema } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, type Json, newClient, portal } from './support.js';

// Fixture facts (fixtures/seed.json): 210104729 is a CaMS client nobody links yet (Amelia
// Bouchard), C-24101776 is one of her cases; 140007919 is linked to cl_000001.
const FREE_CAMS = '210104729';
const FREE_CASE = 'C-24101776';
const LINKED_CAMS = '140007919';

describe('CaMS lookup', () => {
  it('finds a client by Client Reference Number and tells whether it is linked', async () => {
    const p = portal();
    const free = CamsClientSchema().parse(expectOk(await p.get(`/v1/cams/clients/${FREE_CAMS}`, 'clients')));
    expect(free).toMatchObject({
      clientReferenceNumber: FREE_CAMS,
      firstName: 'Amelia',
      lastName: 'Bouchard',
      linkedClientId: null,
    });
    const linked = expectOk(await p.get(`/v1/cams/clients/${LINKED_CAMS}`, 'clients'));
    expect(linked.linkedClientId).toBe('cl_000001');
    expect(expectOk(await p.get('/v1/cams/clients/210%20104%20729', 'clients')).clientReferenceNumber).toBe(FREE_CAMS);
  });

  it("does not name another provider's client: linked elsewhere, on lookup and on a link refused", async () => {
    const p = portal();
    const seen = CamsClientSchema().parse(expectOk(await p.get(`/v1/cams/clients/${LINKED_CAMS}`, 'providerB')));
    expect(seen).toMatchObject({ linkedClientId: null, linkedElsewhere: true });
    const own = expectOk(await p.get(`/v1/cams/clients/${LINKED_CAMS}`, 'clients'));
    expect(own).toMatchObject({ linkedClientId: 'cl_000001', linkedElsewhere: false });
    const add = expectProblem(
      await p.post('/v1/clients', newClient({ link: { camsClientReferenceNumber: LINKED_CAMS } }), 'providerB'),
      409,
      'cams-already-linked',
    );
    const link = expectProblem(
      await p.put('/v1/clients/cl_000102/cams-link', { clientReferenceNumber: LINKED_CAMS, force: true }, 'providerB'),
      409,
      'cams-already-linked',
    );
    for (const problem of [add, link]) {
      expect(problem.detail).toContain('at another service provider');
      expect(JSON.stringify(problem)).not.toContain('cl_000001');
      expect(JSON.stringify(problem)).not.toMatch(/O'Brien|Mary-Ann/);
    }
  });

  it('answers a Case Reference Number with no match and a hint', async () => {
    const p = portal();
    const problem = expectProblem(await p.get(`/v1/cams/clients/${FREE_CASE}`, 'clients'), 404, 'cams-case-reference');
    expect(problem.detail).toBe(
      `no CaMS client matches ${FREE_CASE}: that is a CaMS Case Reference Number, not a Client Reference Number`,
    );
    // What to do, not the detail again.
    expect(problem.hint).toBe(
      "use the client's Client Reference Number (9 digits), shown on their client record in CaMS",
    );
    // The format alone is enough, known case or not.
    expectProblem(await p.get('/v1/cams/clients/C-99999999', 'clients'), 404, 'cams-case-reference');
  });

  it('answers an unknown number with no match', async () => {
    const p = portal();
    const unknown = expectProblem(await p.get('/v1/cams/clients/999999999', 'clients'), 404, 'cams-not-found');
    expect(unknown.detail).toBe('no CaMS client has the Client Reference Number 999999999');
    expect(unknown.hint).toBe("check the number against the client's record in CaMS");
    // Not the shape of a Client Reference Number: the detail says so, the hint does not repeat it.
    const shape = expectProblem(await p.get('/v1/cams/clients/hello', 'clients'), 404, 'cams-not-found');
    expect(shape.detail).toBe('no CaMS client matches hello: a Client Reference Number has 9 digits');
    expect(shape.hint).toBe("check the number against the client's record in CaMS");
  });
});

describe('adding a client linked to CaMS', () => {
  it('takes the CaMS-owned fields from CaMS, over the body', async () => {
    const p = portal();
    const cams = expectOk(await p.get(`/v1/cams/clients/${FREE_CAMS}`));
    const client = expectOk(
      await p.post(
        '/v1/clients',
        newClient({
          firstName: 'Typo',
          phone: '416-555-0000',
          pronouns: 'she/her',
          link: { camsClientReferenceNumber: FREE_CAMS },
        }),
        'clients',
      ),
      201,
    );
    expect(client).toMatchObject({
      firstName: cams.firstName,
      lastName: cams.lastName,
      phone: cams.phone,
      address: cams.address,
      dateOfBirth: cams.dateOfBirth,
      selfIdentification: cams.selfIdentification,
      pronouns: 'she/her',
      link: { type: 'cams', clientReferenceNumber: FREE_CAMS },
    });
    expect(expectOk(await p.get(`/v1/cams/clients/${FREE_CAMS}`)).linkedClientId).toBe(client.id);
  });

  it('needs no names in the body, and takes the CaMS email when none is given', async () => {
    const p = portal();
    const client = expectOk(
      await p.post('/v1/clients', { link: { camsClientReferenceNumber: FREE_CAMS } }, 'clients'),
      201,
    );
    expect(client.email).toBe('amelia.bouchard.cams1@example.org');
    // A CaMS client without an email still needs one from the caller.
    const problem = expectProblem(
      await p.post('/v1/clients', { link: { camsClientReferenceNumber: '210314187' } }, 'clients'),
      422,
      'validation',
    );
    expect(problem.errors).toEqual([{ path: 'email', message: 'is required' }]);
  });

  it('links a CaMS client to one portal client only', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post('/v1/clients', newClient({ link: { camsClientReferenceNumber: LINKED_CAMS } }), 'clients'),
      409,
      'cams-already-linked',
    );
    expect(problem.existingClientId).toBe('cl_000001');
  });

  it('refuses a Case Reference Number with the hint', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post('/v1/clients', newClient({ link: { camsClientReferenceNumber: FREE_CASE } }), 'clients'),
      404,
      'cams-case-reference',
    );
    expect(problem.hint).toContain('Client Reference Number');
    expectProblem(
      await p.post('/v1/clients', newClient({ link: { camsClientReferenceNumber: '123456789' } })),
      404,
      'cams-not-found',
    );
  });
});

describe('linking and unlinking later', () => {
  it('links an unlinked client, copying the CaMS fields, and makes them read-only', async () => {
    const p = portal();
    // Anastasia Morin (cl_000009) and Amelia Bouchard (CaMS): another name, so it takes force.
    const linked = expectOk(
      await p.put('/v1/clients/cl_000009/cams-link', { clientReferenceNumber: FREE_CAMS, force: true }, 'clients'),
    );
    expect(linked).toMatchObject({
      firstName: 'Amelia',
      lastName: 'Bouchard',
      link: { type: 'cams', clientReferenceNumber: FREE_CAMS },
    });
    expectProblem(await p.patch('/v1/clients/cl_000009', { lastName: 'Other' }, 'clients'), 409, 'cams-owned-field');
    // Linking again to the same CaMS client changes nothing; to another needs an unlink first.
    expect(expectOk(await p.put('/v1/clients/cl_000009/cams-link', { clientReferenceNumber: FREE_CAMS }))).toEqual(
      linked,
    );
    expectProblem(
      await p.put('/v1/clients/cl_000009/cams-link', { clientReferenceNumber: '210209458' }, 'clients'),
      409,
      'already-linked',
    );
    expect(expectOk(await p.get('/v1/audit?entityId=cl_000009&action=client.cams.link')).data).toHaveLength(1);
  });

  it('refuses names that clearly differ unless forced, with a hint that the number may be wrong', async () => {
    const p = portal();
    const before = expectOk(await p.get('/v1/clients/cl_000009'));
    const problem = expectProblem(
      await p.put('/v1/clients/cl_000009/cams-link', { clientReferenceNumber: FREE_CAMS }, 'clients'),
      409,
      'cams-name-mismatch',
    );
    expect(problem.detail).toBe(
      `the names differ: client cl_000009 is Anastasia Morin, CaMS client ${FREE_CAMS} is Amelia Bouchard; nothing was linked`,
    );
    expect(problem.hint).toContain('the Client Reference Number may be wrong');
    expect(problem.errors).toEqual([
      { path: 'clientReferenceNumber', message: 'belongs to a CaMS client with another name' },
    ]);
    expect(expectOk(await p.get('/v1/clients/cl_000009'))).toEqual(before);
    expect(expectOk(await p.get(`/v1/cams/clients/${FREE_CAMS}`)).linkedClientId).toBeNull();
    expect(expectOk(await p.get('/v1/audit?entityId=cl_000009&action=client.cams.link')).data).toEqual([]);
  });

  it.each([
    ['the same name in other case, accents and punctuation', { firstName: 'AMÉLIA', lastName: 'bouchard' }, false],
    ['words split otherwise between first and last name', { firstName: 'Amelia Bou', lastName: 'Chard' }, false],
    ['a shortened first name and a double last name', { firstName: 'Am', lastName: 'Bouchard-Tremblay' }, false],
    ['the preferred name', { firstName: 'Marie', preferredName: 'Amelia', lastName: 'Bouchard' }, false],
    ['another first name', { firstName: 'Emma', lastName: 'Bouchard' }, true],
    ['another last name', { firstName: 'Amelia', lastName: 'Wang' }, true],
    ['another person', { firstName: 'Emma', lastName: 'Wang' }, true],
  ])('names compared after normalisation: %s (mismatch %s)', async (_what, names, mismatch) => {
    const p = portal();
    const client = expectOk(await p.post('/v1/clients', newClient(names), 'clients'), 201);
    const preview = expectOk(
      await p.get(`/v1/clients/${client.id}/cams-link/preview?clientReferenceNumber=${FREE_CAMS}`, 'clients'),
    );
    expect(preview.nameMismatch).toBe(mismatch);
    const answer = await p.put(`/v1/clients/${client.id}/cams-link`, { clientReferenceNumber: FREE_CAMS }, 'clients');
    if (mismatch) expectProblem(answer, 409, 'cams-name-mismatch');
    else expect(expectOk(answer).link.type).toBe('cams');
  });

  it('previews field by field what linking replaces, current and CaMS values, and changes nothing', async () => {
    const p = portal();
    const client = expectOk(
      await p.post(
        '/v1/clients',
        newClient({ firstName: 'Amelia', lastName: 'Bouchard', phone: '416-555-0199', dateOfBirth: '1973-03-28' }),
        'clients',
      ),
      201,
    );
    const cams = expectOk(await p.get(`/v1/cams/clients/${FREE_CAMS}`));
    const preview = CamsLinkPreviewSchema().parse(
      expectOk(
        await p.get(`/v1/clients/${client.id}/cams-link/preview?clientReferenceNumber=210%20104%20729`, 'clients'),
      ),
    );
    expect(preview).toEqual({
      clientId: client.id,
      camsClient: cams,
      alreadyLinked: false,
      // Names and date of birth agree: only what differs is listed.
      changes: [
        { field: 'phone', from: '416-555-0199', to: '416-555-0101' },
        { field: 'address', from: null, to: '638 Danforth Ave, Toronto, ON M4C 5W7' },
        { field: 'selfIdentification', from: [], to: ['Person with a disability'] },
      ],
      nameMismatch: false,
      replaces: null,
    });
    expect(expectOk(await p.get(`/v1/clients/${client.id}`))).toEqual(client);
    expect(expectOk(await p.get(`/v1/audit?entityId=${client.id}&action=client.cams.`)).data).toEqual([]);
    // The refusals of a link are the preview's too; a mismatch is reported, not refused.
    expectProblem(
      await p.get(`/v1/clients/cl_000009/cams-link/preview?clientReferenceNumber=${LINKED_CAMS}`, 'clients'),
      409,
      'cams-already-linked',
    );
    expectProblem(
      await p.get('/v1/clients/cl_000001/cams-link/preview?clientReferenceNumber=210209458', 'clients'),
      409,
      'already-linked',
    );
    expectProblem(
      await p.get(`/v1/clients/cl_000009/cams-link/preview?clientReferenceNumber=${FREE_CASE}`, 'clients'),
      404,
      'cams-case-reference',
    );
    expect(
      expectOk(await p.get(`/v1/clients/cl_000001/cams-link/preview?clientReferenceNumber=${LINKED_CAMS}`)),
    ).toMatchObject({ alreadyLinked: true, changes: [], nameMismatch: false });
    expect(
      expectOk(await p.get(`/v1/clients/cl_000009/cams-link/preview?clientReferenceNumber=${FREE_CAMS}`)),
    ).toMatchObject({ nameMismatch: true, alreadyLinked: false });
    // Another provider's client does not exist for this caller.
    expectProblem(
      await p.get(`/v1/clients/cl_000009/cams-link/preview?clientReferenceNumber=${FREE_CAMS}`, 'providerB'),
      404,
      'not-found',
    );
  });

  it('keeps the old and new value of every replaced field in the audit entry', async () => {
    const p = portal();
    const before = expectOk(await p.get('/v1/clients/cl_000009'));
    const cams = expectOk(await p.get(`/v1/cams/clients/${FREE_CAMS}`));
    const preview = expectOk(
      await p.get(`/v1/clients/cl_000009/cams-link/preview?clientReferenceNumber=${FREE_CAMS}`, 'clients'),
    );
    expectOk(
      await p.put('/v1/clients/cl_000009/cams-link', { clientReferenceNumber: FREE_CAMS, force: true }, 'clients'),
    );
    const [entry] = expectOk(await p.get('/v1/audit?entityId=cl_000009&action=client.cams.link')).data;
    expect(entry).toMatchObject({ actorId: 'st_clients01', entityType: 'client' });
    expect(entry.detail).toEqual({
      clientReferenceNumber: FREE_CAMS,
      changes: preview.changes,
      nameMismatch: true,
      forced: true,
    });
    const byField = Object.fromEntries(entry.detail.changes.map((c: Json) => [c.field, c]));
    expect(byField.firstName).toEqual({ field: 'firstName', from: before.firstName, to: cams.firstName });
    expect(byField.lastName).toEqual({ field: 'lastName', from: before.lastName, to: cams.lastName });
    expect(byField.dateOfBirth).toEqual({ field: 'dateOfBirth', from: before.dateOfBirth, to: cams.dateOfBirth });
  });

  it('refuses a CaMS client linked elsewhere, and a Case Reference Number', async () => {
    const p = portal();
    expectProblem(
      await p.put('/v1/clients/cl_000009/cams-link', { clientReferenceNumber: LINKED_CAMS }, 'clients'),
      409,
      'cams-already-linked',
    );
    expectProblem(
      await p.put('/v1/clients/cl_000009/cams-link', { clientReferenceNumber: FREE_CASE }, 'clients'),
      404,
      'cams-case-reference',
    );
  });

  it('unlinks: the values stay and become editable, and the audit says they were kept', async () => {
    const p = portal();
    const before = expectOk(await p.get('/v1/clients/cl_000001'));
    const unlinked = expectOk(await p.del('/v1/clients/cl_000001/cams-link', 'clients'));
    expect(unlinked.link).toEqual({ type: 'none' });
    expect(unlinked).toMatchObject({ firstName: before.firstName, phone: before.phone, address: before.address });
    const [entry] = expectOk(await p.get('/v1/audit?entityId=cl_000001&action=client.cams.unlink')).data;
    expect(entry.detail).toEqual({
      clientReferenceNumber: LINKED_CAMS,
      valuesKept: ['firstName', 'lastName', 'phone', 'address', 'dateOfBirth', 'selfIdentification'],
    });
    const edited = expectOk(await p.patch('/v1/clients/cl_000001', { firstName: 'Marianne' }, 'clients'));
    expect(edited.firstName).toBe('Marianne');
    expectProblem(await p.del('/v1/clients/cl_000001/cams-link', 'clients'), 409, 'not-linked');
    // The CaMS client is free again.
    expect(expectOk(await p.get(`/v1/cams/clients/${LINKED_CAMS}`)).linkedClientId).toBeNull();
  });

  it('replaces a Common Assessment import by the CaMS link; the assessment stays used', async () => {
    const p = portal();
    expect(expectOk(await p.get('/v1/clients/cl_000014')).link).toMatchObject({ type: 'ca', caNumber: 'CA-3001014' });
    expect(
      expectOk(await p.get(`/v1/clients/cl_000014/cams-link/preview?clientReferenceNumber=${FREE_CAMS}`)).replaces,
    ).toEqual({ type: 'ca', caNumber: 'CA-3001014' });
    const linked = expectOk(
      await p.put('/v1/clients/cl_000014/cams-link', { clientReferenceNumber: FREE_CAMS, force: true }),
    );
    expect(linked.link).toMatchObject({ type: 'cams', clientReferenceNumber: FREE_CAMS });
    const [entry] = expectOk(await p.get('/v1/audit?entityId=cl_000014&action=client.cams.link')).data;
    expect(entry.detail.replacedLink).toEqual({ type: 'ca', caNumber: 'CA-3001014' });
    // Copied once: still the client's, also after the link is removed.
    expectOk(await p.del('/v1/clients/cl_000014/cams-link'));
    expect(expectOk(await p.get('/v1/assessments/CA-3001014'))).toMatchObject({
      imported: true,
      importedClientId: 'cl_000014',
    });
    expectProblem(
      await p.post('/v1/clients', newClient({ link: { caNumber: 'CA-3001014' } }), 'clients'),
      409,
      'ca-already-imported',
    );
  });
});

describe('Common Assessments', () => {
  it('looks up a submitted assessment, and refuses one in progress', async () => {
    const p = portal();
    const ca = AssessmentSchema().parse(expectOk(await p.get('/v1/assessments/CA-3005001', 'clients')));
    expect(ca).toMatchObject({
      caNumber: 'CA-3005001',
      status: 'submitted',
      firstName: 'Emma',
      lastName: 'Wang',
      imported: false,
      importedClientId: null,
    });
    const problem = expectProblem(await p.get('/v1/assessments/CA-3009013', 'clients'), 404, 'ca-in-progress');
    expect(problem.detail).toBe('no match: only submitted assessments can be imported');
    const unknown = expectProblem(await p.get('/v1/assessments/CA-0000000', 'clients'), 404, 'ca-not-found');
    expect(unknown.detail).toBe('no Common Assessment has the number CA-0000000');
    expect(unknown.hint).toBe('check the number against the Common Assessment');
    const shape = expectProblem(await p.get('/v1/assessments/3005001', 'clients'), 404, 'ca-not-found');
    expect(shape.detail).toBe('no Common Assessment has the number 3005001: a CA number is CA- and 7 digits');
  });

  it('copies name, email, phone and address once, where the body left them empty', async () => {
    const p = portal();
    const ca = expectOk(await p.get('/v1/assessments/CA-3005002'));
    const client = expectOk(await p.post('/v1/clients', { link: { caNumber: 'CA-3005002' } }, 'clients'), 201);
    expect(client).toMatchObject({
      firstName: ca.firstName,
      lastName: ca.lastName,
      email: ca.email,
      phone: ca.phone,
      address: ca.address,
      link: { type: 'ca', caNumber: 'CA-3005002' },
    });
    const own = expectOk(
      await p.post(
        '/v1/clients',
        { link: { caNumber: 'CA-3005003' }, firstName: 'Dina', email: 'dina.own@example.org' },
        'clients',
      ),
      201,
    );
    expect(own).toMatchObject({ firstName: 'Dina', lastName: 'Rodríguez', email: 'dina.own@example.org' });
    // No live connection: the fields are the client's own and editable.
    expect(expectOk(await p.patch(`/v1/clients/${client.id}`, { firstName: 'Em' })).firstName).toBe('Em');
  });

  it('refuses an assessment in progress or unknown', async () => {
    const p = portal();
    const problem = expectProblem(
      await p.post('/v1/clients', newClient({ link: { caNumber: 'CA-3009014' } }), 'clients'),
      404,
      'ca-in-progress',
    );
    expect(problem.detail).toBe('no match: only submitted assessments can be imported');
    expectProblem(
      await p.post('/v1/clients', newClient({ link: { caNumber: 'CA-1234567' } }), 'clients'),
      404,
      'ca-not-found',
    );
  });
});

describe('a Common Assessment is copied once', () => {
  it('refuses a second import, naming the client who has it; the lookup says whether and for whom', async () => {
    const p = portal();
    const first = expectOk(await p.post('/v1/clients', { link: { caNumber: 'CA-3005001' } }, 'clients'), 201);
    expect(expectOk(await p.get('/v1/assessments/CA-3005001', 'clients'))).toMatchObject({
      imported: true,
      importedClientId: first.id,
    });
    const problem = expectProblem(
      await p.post('/v1/clients', { link: { caNumber: 'ca-3005001' }, email: 'emma2@example.org' }, 'clients'),
      409,
      'ca-already-imported',
    );
    expect(problem.detail).toBe(
      `Common Assessment CA-3005001 was already imported for client ${first.id} (Emma Wang); a Common Assessment is copied once`,
    );
    expect(problem.existingClientId).toBe(first.id);
    expect(expectOk(await p.get('/v1/clients?email=emma2@example.org')).data).toEqual([]);
    // The seeded imports count too.
    expect(
      expectProblem(
        await p.post('/v1/clients', newClient({ link: { caNumber: 'CA-3001002' } })),
        409,
        'ca-already-imported',
      ).existingClientId,
    ).toBe('cl_000002');
  });

  it('does not name a client of another provider: "in use at another provider"', async () => {
    const p = portal();
    // cl_000002 (Northstar) has CA-3001002; provider B is Lakeshore.
    expect(expectOk(await p.get('/v1/assessments/CA-3001002', 'providerB'))).toMatchObject({
      imported: true,
      importedClientId: null,
    });
    const problem = expectProblem(
      await p.post('/v1/clients', newClient({ link: { caNumber: 'CA-3001002' } }), 'providerB'),
      409,
      'ca-already-imported',
    );
    expect(problem.detail).toBe(
      'Common Assessment CA-3001002 is in use at another provider: it was already imported for a client there; a Common Assessment is copied once',
    );
    expect(problem.existingClientId).toBeUndefined();
    expect(JSON.stringify(problem)).not.toMatch(/cl_000002|José|Côté/);
  });

  it('the batch endpoint refuses a second import too, within one batch and across batches', async () => {
    const p = portal();
    const answer = expectOk(
      await p.post(
        '/v1/clients/batch',
        {
          items: [
            { idempotencyKey: 'ca-once-key-1', client: newClient({ link: { caNumber: 'CA-3005004' } }) },
            { idempotencyKey: 'ca-once-key-2', client: newClient({ link: { caNumber: 'CA-3005004' } }) },
            { idempotencyKey: 'ca-once-key-3', client: newClient({ link: { caNumber: 'CA-3001008' } }) },
          ],
        },
        'clients',
      ),
    );
    expect(answer.results.map((r: Json) => [r.status, r.problem?.code ?? null])).toEqual([
      [201, null],
      [409, 'ca-already-imported'],
      [409, 'ca-already-imported'],
    ]);
    expect(answer.results[1].problem.existingClientId).toBe(answer.results[0].clientId);
    expect(answer.results[2].problem.existingClientId).toBe('cl_000008');
  });
});
