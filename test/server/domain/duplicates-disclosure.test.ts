// What the duplicate check tells a caller of another provider about a client who holds the email:
// that the email is in use at another provider, and nothing that identifies the person.
import { describe, expect, it } from 'vitest';
import { DuplicateCheckSchema } from '../../../src/contract/schemas.js';
import { expectOk, type Json, portal, type TokenName } from './support.js';

// Northstar's Mary-Ann O'Brien: linked to CaMS, invitation pending.
const CLIENT = { id: 'cl_000001', email: 'maryann.obrien1@example.org' };
// Northstar's José Côté: imported from a Common Assessment, invitation accepted.
const CA_CLIENT = { id: 'cl_000002', email: 'jose.cote2@example.com' };

const byEmail = (email: string) => `/v1/clients/duplicates?${new URLSearchParams({ email })}`;

describe('the duplicate check, by email, for a caller of another provider', () => {
  for (const caller of ['providerB', 'providerC'] as TokenName[]) {
    it(`${caller}: exactly "in use at another provider", field by field`, async () => {
      const p = portal();
      for (const held of [CLIENT, CA_CLIENT]) {
        const answer = expectOk(await p.get(byEmail(held.email.toUpperCase()), caller));
        DuplicateCheckSchema().parse(answer);
        expect(Object.keys(answer).sort()).toEqual(['data', 'emailInUseElsewhere']);
        expect(answer.data).toEqual([]);
        expect(answer.emailInUseElsewhere).toBe(true);

        // Nothing of the client appears anywhere in the answer.
        const full: Json = expectOk(await p.get(`/v1/clients/${held.id}`, 'admin'));
        const text = JSON.stringify(answer);
        const identifying = [
          full.id,
          full.firstName,
          full.lastName,
          full.email,
          full.providerId,
          full.link.clientReferenceNumber,
          full.link.caNumber,
          full.invite.status,
          full.invite.link,
          full.invite.sentAt,
          full.createdAt,
          full.updatedAt,
        ].filter((value): value is string => typeof value === 'string' && value !== '');
        expect(identifying.length).toBeGreaterThanOrEqual(9);
        for (const value of identifying) expect(text, value).not.toContain(value);
      }
    });
  }

  it('a group administrator is told of a match in the group, not of one in another group', async () => {
    const p = portal();
    // Northstar's group administrator: Lakeshore is in the group, Rideau Valley is not.
    const inGroup = expectOk(await p.get(byEmail('aaliyah.dasilva101@example.org'), 'groupAdmin'));
    expect(inGroup.emailInUseElsewhere).toBe(false);
    expect(inGroup.data).toMatchObject([{ reason: 'email', elsewhere: true, client: { id: 'cl_000101' } }]);
    const otherGroup = expectOk(await p.get(byEmail('ethan.cote131@example.org'), 'groupAdmin'));
    expect(otherGroup).toEqual({ data: [], emailInUseElsewhere: true });
  });

  it('an email nobody holds: no match, and not in use elsewhere', async () => {
    const p = portal();
    const answer = expectOk(await p.get(byEmail('nobody.at.all@example.org'), 'providerB'));
    expect(answer).toEqual({ data: [], emailInUseElsewhere: false });
  });

  it("the client's own provider and an administrator see the client, and nothing is said to be elsewhere", async () => {
    const p = portal();
    for (const caller of ['clients', 'admin'] as TokenName[]) {
      const answer = expectOk(await p.get(byEmail(CLIENT.email), caller));
      expect(answer.emailInUseElsewhere).toBe(false);
      expect(answer.data).toHaveLength(1);
      expect(answer.data[0]).toMatchObject({ reason: 'email', client: { id: CLIENT.id, email: CLIENT.email } });
    }
  });
});

describe("a group administrator's name matches elsewhere in the group", () => {
  it('withhold the CaMS or CA number and the timestamps with the rest of the profile', async () => {
    const p = portal();
    // Lakeshore is in the group administrator's group (Northstar's); its clients are withheld from them.
    const lakeshore: Json[] = expectOk(await p.get('/v1/clients?providerId=sp_lakeshore&limit=500', 'admin')).data;
    const linked = [
      lakeshore.find((c) => c.link.type === 'cams'),
      lakeshore.find((c) => c.link.type === 'ca'),
    ] as Json[];
    expect(linked.every(Boolean)).toBe(true);
    for (const full of linked) {
      const byName = `/v1/clients/duplicates?${new URLSearchParams({ firstName: full.firstName, lastName: full.lastName })}`;
      const answer = expectOk(await p.get(byName, 'groupAdmin'));
      DuplicateCheckSchema().parse(answer);
      const match = answer.data.find((m: Json) => m.client.id === full.id);
      expect(match).toMatchObject({ reason: 'name', elsewhere: true, withheld: true });
      // Who it is, still: the duplicate check is there to find the person.
      expect(match.client).toMatchObject({
        id: full.id,
        providerId: 'sp_lakeshore',
        firstName: full.firstName,
        lastName: full.lastName,
        email: full.email,
      });
      expect(match.client).toMatchObject({ link: null, createdAt: null, updatedAt: null });
      const text = JSON.stringify(match);
      const traced = [
        full.link.clientReferenceNumber,
        full.link.caNumber,
        full.link.linkedAt,
        full.link.importedAt,
        full.link.refreshedAt,
        full.createdAt,
        full.updatedAt,
      ].filter((value): value is string => typeof value === 'string');
      expect(traced.length).toBeGreaterThanOrEqual(4);
      for (const value of traced) expect(text, value).not.toContain(value);

      // An administrator sees every provider: nothing withheld.
      const admin = expectOk(await p.get(byName, 'admin')).data.find((m: Json) => m.client.id === full.id);
      expect(admin).toMatchObject({ withheld: false, client: { link: full.link, createdAt: full.createdAt } });
    }
  });
});
