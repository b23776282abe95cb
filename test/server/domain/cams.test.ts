import { describe, expect, it } from 'vitest';
import { AssessmentSchema, CamsClientSchema } from '../../../src/api/schemas.js';
import { expectOk, expectProblem, newClient, portal } from './support.js';

// Fixture facts (fixtures/seed.json): 210104729 is a CaMS client nobody links yet (Amelia
// Bouchard), C-24101776 is one of her cases; 140007919 is linked to cl_000001.
const FREE_CAMS = '210104729';
const FREE_CASE = 'C-24101776';
const LINKED_CAMS = '140007919';

describe('CaMS lookup', () => {
  it('finds a client by Client Reference Number and tells whether it is linked', async () => {
    const p = portal();
    const free = CamsClientSchema.parse(expectOk(await p.get(`/v1/cams/clients/${FREE_CAMS}`, 'clients')));
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

  it('answers a Case Reference Number with no match and a hint', async () => {
    const p = portal();
    const problem = expectProblem(await p.get(`/v1/cams/clients/${FREE_CASE}`, 'clients'), 404, 'cams-case-reference');
    expect(problem.hint).toBe('that is a CaMS Case Reference Number; use the Client Reference Number');
    // The format alone is enough, known case or not.
    expectProblem(await p.get('/v1/cams/clients/C-99999999', 'clients'), 404, 'cams-case-reference');
  });

  it('answers an unknown number with no match', async () => {
    const p = portal();
    expectProblem(await p.get('/v1/cams/clients/999999999', 'clients'), 404, 'cams-not-found');
    expectProblem(await p.get('/v1/cams/clients/hello', 'clients'), 404, 'cams-not-found');
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
    const linked = expectOk(
      await p.put('/v1/clients/cl_000009/cams-link', { clientReferenceNumber: FREE_CAMS }, 'clients'),
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
    const audit = expectOk(await p.get('/v1/audit?entityId=cl_000009&action=client.cams.link')).data;
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toEqual({ clientReferenceNumber: FREE_CAMS });
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

  it('unlinks: the values stay and become editable', async () => {
    const p = portal();
    const before = expectOk(await p.get('/v1/clients/cl_000001'));
    const unlinked = expectOk(await p.del('/v1/clients/cl_000001/cams-link', 'clients'));
    expect(unlinked.link).toEqual({ type: 'none' });
    expect(unlinked).toMatchObject({ firstName: before.firstName, phone: before.phone, address: before.address });
    const edited = expectOk(await p.patch('/v1/clients/cl_000001', { firstName: 'Marianne' }, 'clients'));
    expect(edited.firstName).toBe('Marianne');
    expectProblem(await p.del('/v1/clients/cl_000001/cams-link', 'clients'), 409, 'not-linked');
    // The CaMS client is free again.
    expect(expectOk(await p.get(`/v1/cams/clients/${LINKED_CAMS}`)).linkedClientId).toBeNull();
  });

  it('replaces a Common Assessment import by the CaMS link', async () => {
    const p = portal();
    expect(expectOk(await p.get('/v1/clients/cl_000014')).link.type).toBe('ca');
    const linked = expectOk(await p.put('/v1/clients/cl_000014/cams-link', { clientReferenceNumber: FREE_CAMS }));
    expect(linked.link).toMatchObject({ type: 'cams', clientReferenceNumber: FREE_CAMS });
  });
});

describe('Common Assessments', () => {
  it('looks up a submitted assessment, and refuses one in progress', async () => {
    const p = portal();
    const ca = AssessmentSchema.parse(expectOk(await p.get('/v1/assessments/CA-3005001', 'clients')));
    expect(ca).toMatchObject({ caNumber: 'CA-3005001', status: 'submitted', firstName: 'Emma', lastName: 'Wang' });
    const problem = expectProblem(await p.get('/v1/assessments/CA-3009013', 'clients'), 422, 'ca-in-progress');
    expect(problem.detail).toBe('no match: only submitted assessments can be imported');
    expectProblem(await p.get('/v1/assessments/CA-0000000', 'clients'), 404, 'ca-not-found');
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
      422,
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
