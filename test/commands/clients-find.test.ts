// `clients find` (the duplicate search) run in-process against a portal in the same process:
// normalised and partial names, a full name however it splits, --provider and matches elsewhere
// in the group, the email match, the piped table and -q. Exit codes end to end: test/e2e/clients-find-edit.test.ts.
import { describe, expect, it } from 'vitest';
import { ClientSchema, DuplicateMatchSchema } from '../../src/contract/schemas.js';
import { argv, json } from '../helpers/e2e.js';
import { FORBIDDEN, USAGE } from '../helpers/exit-codes.js';
import { ADMIN, CLIENTS, GROUP_ADMIN } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);

describe('clients find', () => {
  it('finds by a free name, ignoring case, accents, spaces and punctuation, in part (JSON = the matches)', async () => {
    for (const words of [["Mary-Ann O'Brien"], ['mary', 'ann', 'obrien'], ['OBRIEN']]) {
      const r = await run(['clients', 'find', ...words, '--json']);
      expect(r.exitCode, r.stderr).toBe(0);
      const matches = DuplicateMatchSchema().array().parse(json(r));
      expect(matches).toContainEqual(
        expect.objectContaining({ reason: 'name', client: expect.objectContaining({ id: 'cl_000001' }) }),
      );
    }
  });

  it('a typed full name matches however its words split between first and last name', async () => {
    const ids = async (args: string[], token = CLIENTS) => {
      const r = await run(['clients', 'find', ...args, '--json'], token);
      expect(r.exitCode, r.stderr).toBe(0);
      return DuplicateMatchSchema()
        .array()
        .parse(json(r))
        .map((m) => m.client.id);
    };
    expect(await ids(['Chloe Da Silva'])).toEqual(['cl_000006']); // Chloé | Da Silva
    expect(await ids(['Da', 'Silva', 'Chloe'])).toEqual(['cl_000006']);
    expect(await ids(['st pierre'])).toEqual(['cl_000004', 'cl_000029', 'cl_000069']); // St-Pierre
    expect(await ids(['mary ann'])).toEqual(['cl_000001']); // Mary-Ann O'Brien
    // Words with --last-name are the first name: Aaliyah Da Silva (Lakeshore), not Chloé Da Silva.
    expect(await ids(['aaliyah', '--last-name', 'da silva'], ADMIN)).toEqual(['cl_000101']);
    expect(await ids(['chloe', '--last-name', 'da silva'], ADMIN)).toEqual(['cl_000006']);
    const both = await run(['clients', 'find', 'mary', '--first-name', 'mary', '--last-name', 'obrien'], CLIENTS);
    expect(both.exitCode).toBe(USAGE);
    expect(both.stderr).toContain('give the name as words or with --first-name and --last-name, not both');
    expect(both.stderr).toContain('hint: e.g. portalctl clients find --first-name mary --last-name obrien');
  });

  it('looks where the client would be added (--provider), and tells group administrators of matches elsewhere', async () => {
    const matches = async (args: string[], token: string) => {
      const r = await run(['clients', 'find', ...args, '--json'], token);
      expect(r.exitCode, r.stderr).toBe(0);
      const found = DuplicateMatchSchema()
        .array()
        .parse(json(r))
        .map((m) => [m.client.id, m.client.providerId, m.elsewhere]);
      return { found, stderr: r.stderr };
    };
    const aaliyah = ['Aaliyah', 'Da', 'Silva'];
    const there = await matches([...aaliyah, '--provider', 'Lakeshore Career Centre'], GROUP_ADMIN);
    expect(there.found).toEqual([['cl_000101', 'sp_lakeshore', false]]);
    expect(there.stderr).not.toContain('Elsewhere');
    const home = await matches(aaliyah, GROUP_ADMIN);
    expect(home.found).toEqual([['cl_000101', 'sp_lakeshore', true]]);
    expect(home.stderr).toContain(
      'Elsewhere in the group (not at your provider): Aaliyah Da Silva (cl_000101) at Lakeshore Career Centre',
    );
    // Staff of one provider search only their own.
    expect((await matches(aaliyah, CLIENTS)).found).toEqual([]);

    const forbidden = await run(['clients', 'find', ...aaliyah, '--provider', 'sp_lakeshore'], CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('lacks the `sp-group-admin` permission');
    expect(forbidden.stderr).toContain('--provider');
  });

  it('--first-name/--last-name/--email flags; an email match is reported and warned about', async () => {
    const r = await run(
      argv`clients find --first-name Someone --last-name Else --email MaryAnn.OBrien1@example.org --json`,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json<{ reason: string; client: { id: string } }[]>(r)).toEqual([
      expect.objectContaining({ reason: 'email', client: expect.objectContaining({ id: 'cl_000001' }) }),
    ]);
    expect(r.stderr).toContain('An email match is always a duplicate');
  });

  it('prints a stable table of matches when piped (tsv), and ids with -q', async () => {
    const tsv = await run(['clients', 'find', "O'Brien"]);
    expect(tsv.exitCode).toBe(0);
    expect(tsv.stdout.split('\n')[0]).toBe('reason\tid\tname\temail\tstatus\tinvite\tlink');
    expect(tsv.stdout).toContain("name\tcl_000001\tMary-Ann O'Brien\tmaryann.obrien1@example.org");
    const quiet = await run(['clients', 'find', "O'Brien", '-q']);
    expect(quiet.stdout.split('\n')).toContain('cl_000001');
  });

  it('no match: an empty list, and a note on stderr', async () => {
    const r = await run(['clients', 'find', 'Zzyzxqwv', '--json']);
    expect(r.exitCode).toBe(0);
    expect(json(r)).toEqual([]);
    expect(r.stderr).toContain('No matches');
  });

  it('on a terminal with nothing to search for, asks for the name', async () => {
    const r = await run(['clients', 'find', '--json'], ADMIN, {
      answers: { '--first-name': 'mary', '--last-name': 'obrien' },
    });
    expect(r.asked).toEqual(['--first-name', '--last-name']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(
      DuplicateMatchSchema()
        .array()
        .parse(json(r))
        .map((m) => m.client.id),
    ).toContain('cl_000001');
  });
});

describe("clients find: a group administrator's match elsewhere in the group", () => {
  it('shows who it is, with the link withheld; JSON has no CaMS or CA number nor times', async () => {
    const lakeshore = ClientSchema()
      .array()
      .parse(json(await run(['clients', 'list', '--provider', 'sp_lakeshore', '--all', '--json'], ADMIN)));
    const full = lakeshore.find((c) => c.link.type === 'cams');
    if (full?.link.type !== 'cams') throw new Error('no client of Lakeshore is linked to CaMS');
    const name = [full.firstName, full.lastName];
    const table = await run(['clients', 'find', ...name, '-o', 'table', '--fields', 'id,link,createdAt'], GROUP_ADMIN);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^${full.id} +withheld *$`, 'm'));
    expect(table.stdout).not.toContain(full.link.clientReferenceNumber);
    const r = await run(['clients', 'find', ...name, '--json'], GROUP_ADMIN);
    const match = DuplicateMatchSchema()
      .array()
      .parse(json(r))
      .find((m) => m.client.id === full.id);
    expect(match).toMatchObject({ withheld: true, elsewhere: true, client: { link: null, createdAt: null } });
    expect(r.stdout).not.toContain(full.link.clientReferenceNumber);
    expect(r.stdout).not.toContain(full.createdAt);
  });
});
