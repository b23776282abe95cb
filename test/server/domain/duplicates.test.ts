import { describe, expect, it } from 'vitest';
import { DuplicateMatchSchema, listOf } from '../../../src/contract/schemas.js';
import { expectOk, expectProblem, type Json, newClient, portal, type TokenName } from './support.js';

const query = (params: Record<string, string>) => `/v1/clients/duplicates?${new URLSearchParams(params)}`;

describe('duplicate check', () => {
  it('matches names case-, accent-, spacing- and punctuation-insensitively', async () => {
    const p = portal();
    const cases: Array<Record<string, string>> = [
      { lastName: 'obrien' },
      { lastName: "O'BRIEN" },
      { firstName: 'mary ann', lastName: 'O Brien' },
      { firstName: 'MaryAnn', lastName: 'obrien' },
    ];
    for (const params of cases) {
      const matches = expectOk(await p.get(query(params), 'clients')).data;
      listOf(DuplicateMatchSchema()).parse({ data: matches });
      expect(matches.map((m: Json) => [m.reason, m.client.id])).toContainEqual(['name', 'cl_000001']);
    }
    const accents = expectOk(await p.get(query({ firstName: 'jose', lastName: 'COTE' }), 'clients')).data;
    expect(accents.map((m: Json) => m.client.id)).toEqual(['cl_000002']);
  });

  it('accepts partial names: the start of the name or of any of its words', async () => {
    const p = portal();
    const ids = async (params: Record<string, string>) =>
      expectOk(await p.get(query(params), 'clients')).data.map((m: Json) => m.client.id);
    expect(await ids({ lastName: 'Mac' })).toContain('cl_000005'); // MacDonald
    expect(await ids({ lastName: 'Pierre' })).toContain('cl_000004'); // St-Pierre
    expect(await ids({ firstName: 'Ann', lastName: "O'Brien" })).toContain('cl_000001'); // Mary-Ann
    expect(await ids({ firstName: 'Annie', lastName: 'MacDonald' })).toContain('cl_000005'); // preferred name
    expect(await ids({ firstName: 'Zed', lastName: "O'Brien" })).toEqual([]);
    expect(await ids({ lastName: 'rien' })).not.toContain('cl_000001'); // not any inner substring
  });

  it("finds archived clients too, but only the caller's provider by name", async () => {
    const p = portal();
    const mine = expectOk(await p.get(query({ lastName: 'Côté' }), 'clients')).data;
    const ids = mine.map((m: Json) => m.client.id);
    expect(ids).toContain('cl_000024'); // archived
    expect(mine.every((m: Json) => m.client.providerId === 'sp_northstar' && !m.elsewhere)).toBe(true);
    // An administrator is told of every other provider too, after the provider's own matches.
    const everyone = expectOk(await p.get(query({ lastName: 'Côté' }), 'admin')).data;
    expect(everyone.map((m: Json) => [m.client.id, m.elsewhere])).toEqual([
      ...ids.map((id: string) => [id, false]),
      ['cl_000131', true], // Ethan, then Tomasz
      ['cl_000122', true],
    ]);
    // A group administrator, of the rest of the group (Lakeshore), not of another group (Rideau).
    const group = expectOk(await p.get(query({ lastName: 'Côté' }), 'groupAdmin')).data;
    expect(group.map((m: Json) => [m.client.id, m.elsewhere])).toEqual([
      ...ids.map((id: string) => [id, false]),
      ['cl_000122', true],
    ]);
  });

  it('looks where the client will live: the target provider, and the rest of its group for group administrators', async () => {
    const p = portal();
    const aaliyah = { firstName: 'Aaliyah', lastName: 'Da Silva' };
    const found = async (params: Record<string, string>, as: TokenName) =>
      expectOk(await p.get(query(params), as)).data.map((m: Json) => [m.client.id, m.client.providerId, m.elsewhere]);

    // A group administrator of Northstar adding her to Lakeshore finds Lakeshore's Aaliyah Da Silva there ...
    expect(await found({ ...aaliyah, providerId: 'sp_lakeshore' }, 'groupAdmin')).toEqual([
      ['cl_000101', 'sp_lakeshore', false],
    ]);
    // ... and adding her to Northstar, is told of her at Lakeshore, elsewhere in the group.
    expect(await found(aaliyah, 'groupAdmin')).toEqual([['cl_000101', 'sp_lakeshore', true]]);
    expect(await found(aaliyah, 'admin')).toEqual([['cl_000101', 'sp_lakeshore', true]]);
    // Staff who act for their own provider only search it.
    expect(await found(aaliyah, 'clients')).toEqual([]);
    expect(await found(aaliyah, 'providerB')).toEqual([['cl_000101', 'sp_lakeshore', false]]);
    expect(await found({ ...aaliyah, providerId: 'sp_lakeshore' }, 'providerB')).toEqual([
      ['cl_000101', 'sp_lakeshore', false],
    ]);
    // An administrator adding to another group's provider: that provider first, then the others.
    const rideau = await found({ lastName: 'Côté', providerId: 'sp_rideau' }, 'admin');
    expect(rideau[0]).toEqual(['cl_000131', 'sp_rideau', false]);
    expect(rideau.slice(1).every(([, provider, elsewhere]: Json[]) => provider !== 'sp_rideau' && elsewhere)).toBe(
      true,
    );
    expect(rideau.length).toBeGreaterThan(1);

    // Searching another provider needs what adding there needs.
    const forbidden = expectProblem(
      await p.get(query({ ...aaliyah, providerId: 'sp_lakeshore' }), 'clients'),
      403,
      'forbidden',
    );
    expect(forbidden.missingPermission).toBe('sp-group-admin');
    expectProblem(
      await p.get(query({ ...aaliyah, providerId: 'sp_rideau' }), 'groupAdmin'),
      409,
      'provider-not-in-group',
    );
    const unknown = expectProblem(
      await p.get(query({ ...aaliyah, providerId: 'sp_nowhere01' }), 'groupAdmin'),
      422,
      'validation',
    );
    expect(unknown.errors[0].path).toBe('providerId');
  });

  it('matches a full name however its words split between first and last name, in either order', async () => {
    const p = portal();
    const ids = async (firstName: string, lastName: string) =>
      expectOk(await p.get(query({ firstName, lastName }), 'clients')).data.map((m: Json) => m.client.id);
    const chloe = 'cl_000006'; // Chloé | Da Silva
    expect(await ids('Chloe', 'Da Silva')).toEqual([chloe]);
    expect(await ids('Chloe Da', 'Silva')).toEqual([chloe]);
    expect(await ids('Da Silva', 'Chloe')).toEqual([chloe]);
    expect(await ids('Da', 'Silva Chloé')).toEqual([chloe]);
    // All the words may be one of the two names: "st pierre" is St-Pierre, "mary ann" is Mary-Ann.
    expect(await ids('st', 'pierre')).toEqual(['cl_000004', 'cl_000029', 'cl_000069']);
    expect(await ids('mary', 'ann')).toContain('cl_000001');
    expect(await ids('Mary Ann', "O'Brien")).toContain('cl_000001');
    // Every word still has to match.
    expect(await ids('Chloe', 'St Pierre')).toEqual([]);
    expect(await ids('Chloe', 'Da Silvas')).toEqual([]);
    expect(await ids('Zed Da', 'Silva')).toEqual([]);
  });

  it('reports an exact email match (case-insensitive) as a duplicate, portal-wide', async () => {
    const p = portal();
    const mine = expectOk(await p.get(query({ email: 'MARYANN.OBRIEN1@EXAMPLE.ORG' }), 'clients')).data;
    expect(mine).toHaveLength(1);
    expect(mine[0].reason).toBe('email');
    expect(mine[0].client.id).toBe('cl_000001');
    expect(mine[0].client.phone).not.toBeNull();

    // Another provider's client holding the email is only said to exist (duplicates-disclosure.test.ts).
    const other = expectOk(await p.get(query({ email: 'maryann.obrien1@example.org' }), 'providerB'));
    expect(other).toEqual({ data: [], emailInUseElsewhere: true });
    // ... while a name search of provider B does not reach Northstar's clients.
    expect(expectOk(await p.get(query({ lastName: "O'Brien" }), 'providerB')).data).toEqual([]);
  });

  it('gives one entry per client, the email reason first', async () => {
    const p = portal();
    const matches = expectOk(
      await p.get(query({ lastName: "O'Brien", email: 'maryann.obrien1@example.org' }), 'clients'),
    ).data;
    expect(matches.filter((m: Json) => m.client.id === 'cl_000001')).toHaveLength(1);
    expect(matches[0]).toMatchObject({ reason: 'email', client: { id: 'cl_000001' } });
  });

  it('finds a client added a moment ago', async () => {
    const p = portal();
    const created = expectOk(
      await p.post('/v1/clients', newClient({ firstName: 'Søren', lastName: "D'Arcy-Nuñez" }), 'clients'),
      201,
    );
    const ids = expectOk(await p.get(query({ firstName: 'soren', lastName: 'darcy nunez' }), 'clients')).data.map(
      (m: Json) => m.client.id,
    );
    expect(ids).toEqual([created.id]);
    const partial = expectOk(await p.get(query({ lastName: 'Nunez' }), 'clients')).data.map((m: Json) => m.client.id);
    expect(partial).toContain(created.id);
  });

  it('keeps no name key for a word the whole name starts with, and still finds the client by the start of it', async () => {
    const p = portal();
    const created = expectOk(
      await p.post(
        '/v1/clients',
        newClient({ firstName: 'Mary-Ann', lastName: 'Da Silva', preferredName: 'Mare' }),
        'clients',
      ),
      201,
    );
    // "mary" and "da" are the starts of "maryann" and "dasilva": their keys would find no one more.
    const keys = p.db
      .prepare('SELECT part, key FROM client_name_keys WHERE client_id = ? ORDER BY part, key')
      .all(created.id)
      .map((row) => `${row.part}:${row.key}`);
    expect(keys).toEqual(['f:ann', 'f:mare', 'f:maryann', 'l:dasilva', 'l:silva']);
    const ids = async (params: Record<string, string>) =>
      expectOk(await p.get(query(params), 'clients')).data.map((m: Json) => m.client.id);
    for (const params of [
      { lastName: 'Da' },
      { lastName: 'D' },
      { lastName: 'Silva' },
      { firstName: 'Mary', lastName: 'Da Silva' },
      { firstName: 'Ma', lastName: 'Si' },
      { firstName: 'Ann', lastName: 'Silva' },
      { firstName: 'Mare', lastName: 'Silva' },
    ]) {
      expect(await ids(params), JSON.stringify(params)).toContain(created.id);
    }
    expectProblem(
      await p.post('/v1/clients?nameMatch=refuse', newClient({ firstName: 'Mary', lastName: 'Da Silva' }), 'clients'),
      409,
      'duplicate-name',
    );
  });

  it('needs a last name or an email', async () => {
    const p = portal();
    expect(expectProblem(await p.get(query({ firstName: 'Mary' }), 'clients'), 422, 'validation').errors[0].path).toBe(
      'lastName',
    );
    expectProblem(await p.get(query({}), 'clients'), 422, 'validation');
    expectProblem(await p.get(query({ lastName: "-- '" }), 'clients'), 422, 'validation');
  });
});
