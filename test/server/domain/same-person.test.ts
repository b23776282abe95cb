// Same person or not, as the portal answers it when a client is added (single or batch) and in the
// duplicate check; and `?nameMatch=refuse`, which refuses a possible duplicate by name.
import { describe, expect, it } from 'vitest';
import { isSamePerson } from '../../../src/server/domain/same-person.js';
import { expectOk, expectProblem, type Json, newClient, portal } from './support.js';

// Seeded: cl_000008 Kwame Chen <kwame.chen8@example.com> (Northstar, CA-3001008);
// cl_000005 Anne Marie MacDonald; cl_000015 Harpreet Santos.
const KWAME = 'kwame.chen8@example.com';

describe('an email already in the portal', () => {
  it('says whether its holder is the same person: the names match after normalisation, however they split', async () => {
    const p = portal();
    const add = async (client: Record<string, unknown>) =>
      expectProblem(await p.post('/v1/clients', client, 'clients'), 409, 'email-taken');
    expect(await add({ firstName: 'Zed', lastName: 'Zulu', email: KWAME })).toMatchObject({
      existingClientId: 'cl_000008',
      samePerson: false,
    });
    expect(await add({ firstName: 'KWAME', lastName: ' chén', email: KWAME.toUpperCase() })).toMatchObject({
      existingClientId: 'cl_000008',
      samePerson: true,
    });
    expect(
      await add({ firstName: 'Anne', lastName: 'Marie Mac-Donald', email: 'annemarie.macdonald5@example.org' }),
    ).toMatchObject({ existingClientId: 'cl_000005', samePerson: true });
    // A partial name is not the same person (it is what the duplicate check would suggest).
    expect(await add({ firstName: 'Kwa', lastName: 'Chen', email: KWAME })).toMatchObject({ samePerson: false });
  });

  it('answers the same in a batch, and never compares for a caller who may not see the holder', async () => {
    const p = portal();
    const answer = expectOk(
      await p.post(
        '/v1/clients/batch',
        {
          items: [
            { idempotencyKey: 'same-person-1', client: { firstName: 'Zed', lastName: 'Zulu', email: KWAME } },
            { idempotencyKey: 'same-person-2', client: { firstName: 'Kwame', lastName: 'Chen', email: KWAME } },
          ],
        },
        'clients',
      ),
    );
    expect(answer.results.map((r: Json) => [r.status, r.problem.code, r.problem.samePerson])).toEqual([
      [409, 'email-taken', false],
      [409, 'email-taken', true],
    ]);
    const other = expectProblem(
      await p.post('/v1/clients', { firstName: 'Kwame', lastName: 'Chen', email: KWAME }, 'providerB'),
      409,
      'email-taken',
    );
    expect(other.samePerson).toBeUndefined();
  });

  it('is marked the same way by the duplicate check, when it is given both names', async () => {
    const p = portal();
    const emailMatch = async (query: string, as: 'clients' | 'providerB' = 'clients') =>
      expectOk(await p.get(`/v1/clients/duplicates?email=${KWAME}&${query}`, as)).data.find(
        (m: Json) => m.reason === 'email',
      );
    expect(await emailMatch('firstName=Zed&lastName=Zulu')).toMatchObject({ samePerson: false });
    expect(await emailMatch('firstName=kwame&lastName=CHEN')).toMatchObject({ samePerson: true });
    expect((await emailMatch('lastName=Chen')).samePerson).toBeUndefined();
    // Another provider's client is not a match at all there: only "in use elsewhere".
    expect(await emailMatch('firstName=Kwame&lastName=Chen', 'providerB')).toBeUndefined();
  });

  it('counts the same CaMS Client Reference Number or CA number as the same person, whatever the names', () => {
    const held = { first_norm: 'kwame', last_norm: 'chen', cams_ref: null, ca_number: 'CA-3001008' };
    expect(isSamePerson(held, { firstName: 'Other', lastName: 'Name', caNumber: 'CA-3001008' })).toBe(true);
    expect(isSamePerson(held, { firstName: 'Other', lastName: 'Name', caNumber: 'CA-3005001' })).toBe(false);
    const linked = { ...held, cams_ref: '140007919', ca_number: null };
    expect(isSamePerson(linked, { camsRef: '140007919' })).toBe(true);
    expect(isSamePerson(linked, { camsRef: '140031676' })).toBe(false);
  });
});

describe('?nameMatch=refuse', () => {
  it('refuses a client whose name matches an existing one (another email), naming it; without it, adds it', async () => {
    const p = portal();
    const body = { firstName: 'Harpreet', lastName: 'Santos', email: 'harpreet.other@example.org' };
    const refused = expectProblem(await p.post('/v1/clients?nameMatch=refuse', body, 'clients'), 409, 'duplicate-name');
    expect(refused.existingClientId).toBe('cl_000015');
    expect(refused.detail).toContain('cl_000015 (Harpreet Santos)');
    expect(expectOk(await p.get('/v1/clients?email=harpreet.other@example.org')).data).toEqual([]);
    expectOk(await p.post('/v1/clients?nameMatch=allow', body, 'clients'), 201);
    expectProblem(await p.post('/v1/clients?nameMatch=maybe', newClient(), 'clients'), 422, 'validation');
  });

  it('looks where the client will live, as clients add does: a match at another provider is not refused', async () => {
    const p = portal();
    // cl_000101 Aaliyah Da Silva is at Lakeshore; the administrator adds to Northstar.
    const body = { firstName: 'Aaliyah', lastName: 'Da Silva', email: 'aaliyah.other@example.org' };
    expectOk(await p.post('/v1/clients?nameMatch=refuse', body, 'admin'), 201);
    const there = { ...body, email: 'aaliyah.there@example.org', providerId: 'sp_lakeshore' };
    const refused = expectProblem(await p.post('/v1/clients?nameMatch=refuse', there, 'admin'), 409, 'duplicate-name');
    expect(refused.existingClientId).toBe('cl_000101');
  });

  it('applies to every item of a batch, after the email rule, and sees the items created before it', async () => {
    const p = portal();
    const answer = expectOk(
      await p.post(
        '/v1/clients/batch?nameMatch=refuse',
        {
          items: [
            {
              idempotencyKey: 'name-match-1',
              client: { firstName: 'Harpreet', lastName: 'Santos', email: 'h.santos@example.org' },
            },
            // The same person by email: email-taken (the importer's "existing"), not a name match.
            { idempotencyKey: 'name-match-2', client: { firstName: 'Kwame', lastName: 'Chen', email: KWAME } },
            {
              idempotencyKey: 'name-match-3',
              client: { firstName: 'Quincy', lastName: 'Uniquename', email: 'q.u1@example.org' },
            },
            {
              idempotencyKey: 'name-match-4',
              client: { firstName: 'Quincy', lastName: 'Uniquename', email: 'q.u2@example.org' },
            },
          ],
        },
        'clients',
      ),
    );
    expect(answer.results.map((r: Json) => [r.status, r.problem?.code ?? null])).toEqual([
      [409, 'duplicate-name'],
      [409, 'email-taken'],
      [201, null],
      [409, 'duplicate-name'],
    ]);
    expect(answer.results[3].problem.existingClientId).toBe(answer.results[2].client.id);
  });
});

describe('the duplicate check by name', () => {
  it('follows renames: a client is found by its new last name (or one of its words), not by the old one', async () => {
    const p = portal();
    const id = expectOk(await p.post('/v1/clients', newClient({ lastName: 'Oldsurname' }), 'clients'), 201).id;
    expectOk(await p.patch(`/v1/clients/${id}`, { lastName: 'Van der Berg' }, 'clients'));
    const found = async (lastName: string) =>
      expectOk(await p.get(`/v1/clients/duplicates?lastName=${encodeURIComponent(lastName)}`, 'clients')).data.map(
        (m: Json) => m.client.id,
      );
    expect(await found('Berg')).toContain(id);
    expect(await found('vanderb')).toContain(id);
    expect(await found('Oldsurname')).not.toContain(id);
  });

  it('finds a first and last name through whichever is rarer, with the same answer', async () => {
    const p = portal();
    const ids: string[] = [];
    for (const firstName of ['Zebedee', 'Zelda Mae', 'Yusuf', 'Zeb']) {
      ids.push(
        expectOk(await p.post('/v1/clients', newClient({ firstName, lastName: 'Sharedlast' }), 'clients'), 201).id,
      );
    }
    const found = async (firstName: string, lastName: string) =>
      expectOk(
        await p.get(
          `/v1/clients/duplicates?firstName=${encodeURIComponent(firstName)}&lastName=${lastName}`,
          'clients',
        ),
      ).data.map((m: Json) => m.client.id);
    expect(await found('Zeb', 'Sharedlast')).toEqual([ids[3], ids[0]]);
    expect(await found('Mae', 'Shared')).toEqual([ids[1]]);
    expect(await found('Zebedee', 'Sharedlast')).toEqual([ids[0]]);
    // A first name many clients share, a last name only one has.
    expect(await found('Robin', 'Sharedlast')).toEqual([]);
  });
});
