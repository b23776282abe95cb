import { describe, expect, it } from 'vitest';
import { MeSchema } from '../../../src/contract/schemas.js';
import { openDatabase } from '../../../src/server/db.js';
import { SeedError, SeedSchema, seedDatabase } from '../../../src/server/seed.js';
import { expectOk, type Json, portal, SEED, steppingClock, TOKENS, type TokenName } from './support.js';

const TABLES = [
  'provider_groups',
  'providers',
  'staff',
  'api_tokens',
  'clients',
  'notes',
  'tasks',
  'representatives',
  'cams_clients',
  'cams_cases',
  'assessments',
  'portals',
  'jobs',
  'portal_users',
  'shared_links',
  'portal_user_history',
];

function counts(db: ReturnType<typeof openDatabase>): Record<string, number> {
  return Object.fromEntries(
    TABLES.map((t) => [t, Number((db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n)]),
  );
}

describe('seed data', () => {
  it('is valid against SeedSchema', () => {
    expect(SeedSchema.safeParse(SEED).success).toBe(true);
  });

  it('loads idempotently: a second load adds nothing', () => {
    const db = openDatabase(':memory:');
    const first = seedDatabase(db, SEED, steppingClock());
    const after = counts(db);
    expect(first.clients).toBeGreaterThanOrEqual(140);
    expect(first.inserted).toBeGreaterThan(0);
    for (const table of TABLES) expect(after[table], table).toBeGreaterThan(0);
    const second = seedDatabase(db, SEED, steppingClock());
    expect(second).toEqual({ inserted: 0, clients: 0 });
    expect(counts(db)).toEqual(after);
  });

  it('refuses invalid seed data, naming the field, and loads nothing of it', () => {
    const db = openDatabase(':memory:');
    const broken = structuredClone(SEED) as Json;
    broken.clients[3].email = undefined;
    expect(() => seedDatabase(db, broken, steppingClock())).toThrow(SeedError);
    expect(() => seedDatabase(db, broken, steppingClock())).toThrow(/clients\.3\.email/);
    expect(counts(db).clients).toBe(0);
  });

  it('refuses caseworkers who are not staff of the client provider with the clients permission', () => {
    const db = openDatabase(':memory:');
    for (const [staffId, reason] of [
      ['st_portal01', /st_portal01 \(Jordan MacDonald\) lacks the clients permission/],
      ['st_cwb001', /st_cwb001 \(Emily Wong\) is not staff of sp_northstar/],
    ] as const) {
      const broken = structuredClone(SEED) as Json;
      broken.clients[1].caseworkerIds = [staffId];
      expect(() => seedDatabase(db, broken, steppingClock())).toThrow(SeedError);
      expect(() => seedDatabase(db, broken, steppingClock())).toThrow(/clients\.1\.caseworkerIds \(cl_000002\)/);
      expect(() => seedDatabase(db, broken, steppingClock())).toThrow(reason);
      expect(counts(db).clients).toBe(0);
    }
  });

  it('has at least 20 clients in every state', async () => {
    const p = portal();
    const count = async (query: string) => expectOk(await p.get(`/v1/clients?limit=500&${query}`)).data.length;
    const all = [
      ...expectOk(await p.get('/v1/clients?limit=500')).data,
      ...expectOk(await p.get('/v1/clients?limit=500&archived=true')).data,
    ];
    expect(await count('status=referral')).toBeGreaterThanOrEqual(20);
    expect(await count('status=client')).toBeGreaterThanOrEqual(20);
    expect(await count('invite=pending')).toBeGreaterThanOrEqual(20);
    expect(await count('archived=true')).toBeGreaterThanOrEqual(20);
    for (const state of ['pending', 'accepted', 'declined']) {
      expect(all.filter((c: Json) => c.invite.status === state).length, state).toBeGreaterThanOrEqual(20);
    }
    expect(all.filter((c: Json) => c.invite.lastLoginAt !== null).length).toBeGreaterThanOrEqual(20);
    expect(all.filter((c: Json) => c.link.type === 'cams').length).toBeGreaterThanOrEqual(20);
    expect(all.filter((c: Json) => c.link.type === 'ca').length).toBeGreaterThanOrEqual(20);
    // Every pending invitation has a working link.
    for (const c of all.filter((x: Json) => x.invite.status === 'pending')) {
      expect(c.invite.link).toMatch(/^http:\/\/portal\.test\/invite\//);
    }
  });

  it("gives each demo token its staff member's permissions and provider", async () => {
    const p = portal();
    const expected: Record<TokenName, [string, string[]]> = {
      admin: ['sp_northstar', ['administrator']],
      clients: ['sp_northstar', ['clients']],
      noClients: ['sp_northstar', []],
      spAdmin: ['sp_northstar', ['clients', 'sp-admin']],
      groupAdmin: ['sp_northstar', ['clients', 'sp-group-admin']],
      portalUsers: ['sp_northstar', ['portal-users']],
      full: ['sp_northstar', ['clients', 'sp-admin', 'sp-group-admin', 'portal-users']],
      providerB: ['sp_lakeshore', ['clients', 'sp-admin']],
      providerC: ['sp_rideau', ['clients', 'sp-admin', 'sp-group-admin']],
    };
    for (const token of Object.keys(TOKENS) as TokenName[]) {
      const me = MeSchema().parse(expectOk(await p.get('/v1/me', token)));
      expect([me.providerId, me.permissions], token).toEqual(expected[token]);
      expect(me.tokenName).toBe('demo token');
    }
    const providers = expectOk(await p.get('/v1/providers', 'clients')).data;
    const gta = providers.filter((x: Json) => x.groupId === 'grp_gta').map((x: Json) => x.id);
    expect(gta.sort()).toEqual(['sp_lakeshore', 'sp_northstar']);
  });

  it('lists staff of the own provider (administrators: any)', async () => {
    const p = portal();
    const mine = expectOk(await p.get('/v1/staff', 'clients')).data;
    expect(mine.length).toBeGreaterThan(5);
    expect(mine.every((s: Json) => s.providerId === 'sp_northstar')).toBe(true);
    expect(expectOk(await p.get('/v1/staff?providerId=sp_lakeshore', 'clients')).data).toEqual([]);
    const lakeshore = expectOk(await p.get('/v1/staff?providerId=sp_lakeshore', 'admin')).data.map((s: Json) => s.id);
    expect(lakeshore.sort()).toEqual(['st_cwb001', 'st_cwb002', 'st_provb01']);
  });
});
