// `clients find` (the duplicate search) and `clients edit` through the built binary: normalised and
// partial names, exact email, CaMS-owned fields refused with "update this in CaMS", the pending
// email change, reasons for referral as a new case note, and the refusals.
import { describe, expect, it } from 'vitest';
import { ClientSchema, DuplicateMatchSchema, NoteSchema } from '../../src/api/schemas.js';
import { api, argv, clientById, json, jsonError, outbox, runner, usePortal } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { ADMIN, CLIENTS, GROUP_ADMIN, NO_CLIENTS } from '../helpers/tokens.js';

const portal = usePortal();
const run = runner(portal);
const getClient = (id: string) => clientById(portal(), id);

describe('clients find', () => {
  it('finds by a free name, ignoring case, accents, spaces and punctuation, in part (JSON = the matches)', async () => {
    for (const words of [["Mary-Ann O'Brien"], ['mary', 'ann', 'obrien'], ['OBRIEN']]) {
      const r = await run(['clients', 'find', ...words, '--json']);
      expect(r.exitCode, r.stderr).toBe(0);
      const matches = DuplicateMatchSchema.array().parse(json(r));
      expect(matches).toContainEqual(
        expect.objectContaining({ reason: 'name', client: expect.objectContaining({ id: 'cl_000001' }) }),
      );
    }
  });

  it('a typed full name matches however its words split between first and last name', async () => {
    const ids = async (args: string[], token = CLIENTS) => {
      const r = await run(['clients', 'find', ...args, '--json'], token);
      expect(r.exitCode, r.stderr).toBe(0);
      return DuplicateMatchSchema.array()
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
  });

  it('looks where the client would be added (--provider), and tells group administrators of matches elsewhere', async () => {
    const matches = async (args: string[], token: string) => {
      const r = await run(['clients', 'find', ...args, '--json'], token);
      expect(r.exitCode, r.stderr).toBe(0);
      const found = DuplicateMatchSchema.array()
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
    expect(home.stderr).toContain('Elsewhere in the group (not at your provider): cl_000101 at sp_lakeshore');
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

  it('refusals: nothing to search for, a first name alone, missing permission', async () => {
    const none = await run(['clients', 'find']);
    expect(none.exitCode).toBe(USAGE);
    expect(none.stderr).toContain('give a name, --last-name or --email');
    const first = await run(['clients', 'find', '--first-name', 'Mary']);
    expect(first.exitCode).toBe(USAGE);
    expect(first.stderr).toContain('--first-name: needs --last-name (a first name alone is too broad)');
    expect(first.stderr).toContain('hint: add --last-name');
    const forbidden = await run(['clients', 'find', 'obrien'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('error: your token lacks the `clients` permission');
    expect(forbidden.stdout).toBe('');
  });
});

describe('clients edit', () => {
  it('changes the fields given, by id or email (JSON = the client)', async () => {
    const before = await getClient('cl_000005');
    const r = await run(argv`clients edit ${before.email} --phone 416-555-0123 --pronouns they/them
      --target-occupations Cook,Baker --transportation limited --channel email --json`);
    expect(r.exitCode, r.stderr).toBe(0);
    const client = ClientSchema.parse(json(r));
    expect(client).toMatchObject({
      id: 'cl_000005',
      phone: '416-555-0123',
      pronouns: 'they/them',
      targetOccupations: ['Cook', 'Baker'],
      transportation: 'limited',
      communication: expect.objectContaining({ channel: 'email' }),
      email: before.email,
    });
    expect(r.stderr).toContain('Updated');
    expect(await getClient('cl_000005')).toMatchObject({ phone: '416-555-0123' });
    // An empty list clears it.
    const cleared = await run(['clients', 'edit', 'cl_000005', '--target-occupations', '', '--json']);
    expect(json(cleared)).toMatchObject({ targetOccupations: [] });
  });

  it('CaMS-owned fields of a linked client are refused, naming the flags: update this in CaMS', async () => {
    const before = await getClient('cl_000001');
    expect(before.link.type).toBe('cams');
    const r = await run(argv`clients edit cl_000001 --first-name Maryann --phone 416-555-0000 --json`);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      "error: --first-name, --phone: these fields come from CaMS while Mary-Ann O'Brien (cl_000001) is linked to CaMS 140007919: update this in CaMS",
    );
    expect(r.stderr).toContain('portalctl cams unlink cl_000001');
    expect(jsonError(r)).toMatchObject({ kind: 'conflict', code: 'cams-owned-field', fields: ['firstName', 'phone'] });
    expect(await getClient('cl_000001')).toMatchObject({ firstName: before.firstName, phone: before.phone });

    const one = await run(['clients', 'edit', 'cl_000001', '--date-of-birth', '1980-01-01']);
    expect(one.exitCode).toBe(CONFLICT);
    expect(one.stderr).toContain('--date-of-birth: this field comes from CaMS');

    // Fields the portal owns stay editable on a linked client.
    const ok = await run(['clients', 'edit', 'cl_000001', '--preferred-name', 'Mae', '--json']);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(json(ok)).toMatchObject({ preferredName: 'Mae' });
  });

  it('an email change is pending until confirmed: the confirmation goes to the new address', async () => {
    const before = await getClient('cl_000006');
    const r = await run(['clients', 'edit', 'cl_000006', '--email', 'new.address6@example.org', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ email: before.email, pendingEmail: 'new.address6@example.org' });
    expect(r.stderr).toContain('Email change pending: a confirmation was emailed to new.address6@example.org');
    expect(r.stderr).toContain(`${before.email} stays in use until the client confirms`);
    expect(await outbox(portal(), 'clientId=cl_000006&kind=email-confirmation')).toEqual([
      expect.objectContaining({ to: 'new.address6@example.org' }),
    ]);
  });

  it('an email taken by another client is refused, naming that client', async () => {
    const r = await run(['clients', 'edit', 'cl_000009', '--email', 'maryann.obrien1@example.org']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain("already belongs to client cl_000001 (Mary-Ann O'Brien)");
  });

  it('--reasons adds a referral-reasons case note and keeps the earlier ones', async () => {
    const notes = async () =>
      NoteSchema.array().parse((await api<{ data: unknown[] }>(portal(), '/v1/clients/cl_000011/notes')).body.data);
    const before = await notes();
    const r = await run(['clients', 'edit', 'cl_000011', '--reasons', 'Referred again: forklift certification']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('Reasons for referral saved as a new case note');
    const after = await notes();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ kind: 'referral-reasons', text: 'Referred again: forklift certification' });
    expect(after.slice(1)).toEqual(before);
  });

  it('refusals: nothing to change, a bad value, an unknown client, missing permission', async () => {
    const nothing = await run(['clients', 'edit', 'cl_000005']);
    expect(nothing.exitCode).toBe(USAGE);
    expect(nothing.stderr).toContain('nothing to change');
    const phone = await run(['clients', 'edit', 'cl_000005', '--phone', 'call me']);
    expect(phone.exitCode).toBe(USAGE);
    expect(phone.stderr).toContain('--phone: must be a phone number like 416-555-0123');
    const unknownId = await run(['clients', 'edit', 'cl_nope404', '--pronouns', 'he/him']);
    expect(unknownId.exitCode).toBe(NOT_FOUND);
    expect(unknownId.stderr).toContain('error: no client cl_nope404');
    const unknownEmail = await run(['clients', 'edit', 'nobody.here@example.org', '--pronouns', 'he/him']);
    expect(unknownEmail.exitCode).toBe(NOT_FOUND);
    expect(unknownEmail.stderr).toContain('no client with the email nobody.here@example.org');
    const forbidden = await run(['clients', 'edit', 'cl_000005', '--pronouns', 'he/him'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `clients` permission');
  });
});
