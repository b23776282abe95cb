// `portalctl clients add` run in-process against a portal in the same process: every field as a
// flag, the duplicate check first (email always refused, names refused unless
// --allow-duplicate-name when nobody can answer, confirmed on a terminal), CaMS/CA/no link and their
// refusals, the invite link and the outbox, permissions, --dry-run and idempotency. The guided
// wizard on a real terminal: test/e2e/pty-clients-add.test.ts.
import { describe, expect, it } from 'vitest';
import { ClientSchema } from '../../src/contract/schemas.js';
import { api, argv, clientByEmail, json, jsonError, outbox } from '../helpers/e2e.js';
import { CANCELLED, CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { ADMIN, CLIENTS, GROUP_ADMIN, NO_CLIENTS, PROVIDER_B, SP_ADMIN } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const runAs = runner(portal);
/**
 * Commands as the seeded administrator unless a call names another token. An administrator names
 * the provider of the client they add: here Northstar, where the clients these tests match are.
 */
const run = (args: string[], token = ADMIN, options: Parameters<typeof runAs>[2] = {}) => {
  const chooses = token === ADMIN && args[1] === 'add' && !args.includes('--provider') && !args.includes('--help');
  return runAs(chooses ? [...args, '--provider', 'Northstar Employment Services'] : args, token, options);
};

const manual = (first: string, last: string, email: string) =>
  argv`clients add --first-name ${first} --last-name ${last} --email ${email} --no-link`;

describe('clients add: the happy paths', () => {
  it('--help describes the command with examples', async () => {
    const r = await run(['clients', 'add', '--help']);
    expect(r.exitCode).toBe(0);
    for (const text of ['duplicate check', '--cams-ref', '--ca-number', '--no-link', '--print-link', 'Examples:']) {
      expect(r.stdout).toContain(text);
    }
  });

  it('adds a client with no link, prints it (JSON = the API object) and the invite link, and emails the invitation', async () => {
    const r = await run([...manual('Ada', 'Lovelace', 'ada.lovelace@example.org'), '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const client = ClientSchema().parse(json(r));
    expect(client).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada.lovelace@example.org',
      status: 'referral',
      archived: false,
      providerId: 'sp_northstar',
      link: { type: 'none' },
      invite: { status: 'pending', sentTo: 'ada.lovelace@example.org' },
    });
    expect(client.invite.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\//);
    expect(r.stderr).toContain(`Added Ada Lovelace (${client.id}) as a referral`);
    expect(r.stderr).toContain('Invitation emailed to ada.lovelace@example.org');
    expect(r.stderr).toContain(client.invite.link!);
    const sent = await outbox(portal(), `clientId=${client.id}`);
    expect(sent).toEqual([
      expect.objectContaining({ to: 'ada.lovelace@example.org', kind: 'invitation', link: client.invite.link }),
    ]);
  });

  it('--print-link prints only the link, for scripts', async () => {
    const r = await run([...manual('Grace', 'Hopper', 'grace.hopper@example.org'), '--print-link']);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/\S+$/);
    const client = await clientByEmail(portal(), 'grace.hopper@example.org');
    const sent = await outbox(portal(), `clientId=${client!.id}`);
    expect(sent.map((m) => m.link)).toEqual([lines[0]]);
  });

  it('--no-invite adds without emailing, and says how to invite later', async () => {
    const r = await run([...manual('Alan', 'Turing', 'alan.turing@example.org'), '--no-invite', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const client = ClientSchema().parse(json(r));
    expect(client.invite).toMatchObject({ status: 'none', link: null });
    expect(r.stderr).toContain(`portalctl invite send ${client.id}`);
    expect(await outbox(portal(), `clientId=${client.id}`)).toEqual([]);
  });

  it('takes every profile field as a flag; lists are comma-separated and/or repeated; reasons become a case note', async () => {
    const r = await run([
      ...manual('Katherine', 'Johnson', 'katherine.johnson@example.org'),
      ...argv`--preferred-name Kathy --pronouns she/her --phone 416-555-0199
        --address ${'1 Main St, Toronto, ON'} --date-of-birth 1990-04-30
        --self-identification ${'Newcomer to Canada,Francophone'}
        --target-occupations ${'Data analyst, Bookkeeper'} --target-occupations ${'Payroll clerk'}
        --service-needs ${'Resume help'} --transportation public-transit
        --channel sms --no-job-post-updates --frequency weekly
        --referral-source ${'Settlement agency'} --referral-reference REF-77
        --reasons ${'Looking for office work'} --json`,
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const client = ClientSchema().parse(json(r));
    expect(client).toMatchObject({
      preferredName: 'Kathy',
      pronouns: 'she/her',
      phone: '416-555-0199',
      address: '1 Main St, Toronto, ON',
      dateOfBirth: '1990-04-30',
      selfIdentification: ['Newcomer to Canada', 'Francophone'],
      targetOccupations: ['Data analyst', 'Bookkeeper', 'Payroll clerk'],
      serviceNeeds: ['Resume help'],
      transportation: 'public-transit',
      communication: { channel: 'sms', jobPostUpdates: false, frequency: 'weekly' },
      referral: { source: 'Settlement agency', referenceNumber: 'REF-77', reasons: 'Looking for office work' },
    });
    const notes = await api<{ data: { kind: string; text: string }[] }>(portal(), `/v1/clients/${client.id}/notes`);
    expect(notes.body.data).toEqual([
      expect.objectContaining({ kind: 'referral-reasons', text: 'Looking for office work' }),
    ]);
  });

  it('--cams-ref links to CaMS: name, phone, address, birth date and email come from the CaMS record', async () => {
    const r = await run(['clients', 'add', '--cams-ref', '210104729', '--first-name', 'Typed', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const client = ClientSchema().parse(json(r));
    expect(client).toMatchObject({
      firstName: 'Amelia',
      lastName: 'Bouchard',
      email: 'amelia.bouchard.cams1@example.org',
      phone: '416-555-0101',
      dateOfBirth: '1973-03-28',
      selfIdentification: ['Person with a disability'],
      link: { type: 'cams', clientReferenceNumber: '210104729' },
      invite: { status: 'pending' },
    });
    expect(r.stderr).toContain('--first-name ignored: with a CaMS link these come from CaMS');
    expect(r.stderr).toContain('linked to CaMS 210104729');
  });

  it('--cams-ref for a CaMS client without an email needs --email, named before anything is added', async () => {
    const refused = await run(['clients', 'add', '--cams-ref', '210314187']);
    expect(refused.exitCode).toBe(USAGE);
    expect(refused.stderr).toContain('--email is required when not running interactively');
    expect(refused.stderr).toContain('CaMS client 210314187 has no email address');
    const r = await run(
      argv`clients add --cams-ref 210314187 --email santiago.r@example.org --fields id,email,link --json`,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      email: 'santiago.r@example.org',
      link: { type: 'cams', clientReferenceNumber: '210314187' },
    });
  });

  it('--ca-number imports a submitted Common Assessment (name, email, phone, address)', async () => {
    const r = await run(['clients', 'add', '--ca-number', 'CA-3005002', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const client = ClientSchema().parse(json(r));
    expect(client).toMatchObject({
      firstName: 'Ava',
      lastName: 'Kaur',
      email: 'ava.kaur.ca2@example.com',
      link: { type: 'ca', caNumber: 'CA-3005002' },
    });
  });

  it('--caseworker (with sp-admin) makes a client; --provider (with sp-group-admin) adds to another provider', async () => {
    const withCaseworker = await run(
      [
        ...manual('Hedy', 'Lamarr', 'hedy.lamarr@example.org'),
        '--caseworker',
        'kevin.nguyen@northstar.example.org',
        '--json',
      ],
      SP_ADMIN,
    );
    expect(withCaseworker.exitCode, withCaseworker.stderr).toBe(0);
    expect(json(withCaseworker)).toMatchObject({ status: 'client', caseworkerIds: ['st_cwa002'] });

    const elsewhere = await run(
      [...manual('Mary', 'Jackson', 'mary.jackson@example.org'), '--provider', 'Lakeshore Career Centre', '--json'],
      GROUP_ADMIN,
    );
    expect(elsewhere.exitCode, elsewhere.stderr).toBe(0);
    expect(json(elsewhere)).toMatchObject({ providerId: 'sp_lakeshore', status: 'referral' });
  });

  it('sends the Idempotency-Key: the same --idempotency-key with another body is refused by the portal', async () => {
    const first = await run([
      ...manual('Dorothy', 'Vaughan', 'dorothy.vaughan@example.org'),
      '--idempotency-key',
      'add-key-0001',
    ]);
    expect(first.exitCode, first.stderr).toBe(0);
    const reused = await run([
      ...manual('Annie', 'Easley', 'annie.easley@example.org'),
      '--idempotency-key',
      'add-key-0001',
    ]);
    expect(reused.exitCode).toBe(CONFLICT);
    expect(reused.stderr.toLowerCase()).toContain('idempotency');
    expect(await clientByEmail(portal(), 'annie.easley@example.org')).toBeUndefined();
  });
});

describe('clients add: the duplicate check runs first', () => {
  it('an existing email is always refused (any case), naming the existing client, exit 6', async () => {
    for (const email of ['maryann.obrien1@example.org', 'MaryAnn.OBrien1@Example.org']) {
      const r = await run([...manual('Someone', 'Else', email), '--allow-duplicate-name', '--json']);
      expect(r.exitCode).toBe(CONFLICT);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain("already belongs to client cl_000001 (Mary-Ann O'Brien)");
      expect(r.stderr).toContain(
        'hint: if this is the same person, work with the existing client: portalctl clients get cl_000001',
      );
      expect(jsonError(r)).toMatchObject({
        kind: 'conflict',
        code: 'email-taken',
        existingClientId: 'cl_000001',
        exitCode: CONFLICT,
      });
    }
  });

  it('an email pending confirmation for another client is taken too', async () => {
    const edited = await run(['clients', 'edit', 'cl_000004', '--email', 'pending.take@example.org']);
    expect(edited.exitCode, edited.stderr).toBe(0);
    const r = await run(manual('Pending', 'Person', 'pending.take@example.org'));
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('is awaiting confirmation as the new email of client cl_000004');
  });

  it('a matching name is refused without a terminal unless --allow-duplicate-name, listing the matches', async () => {
    for (const [first, last] of [
      ['Mary-Ann', "O'Brien"],
      ['mary ann', 'OBRIEN'],
    ] as const) {
      const r = await run([...manual(first, last, `new.${last.length}.${first.length}@example.org`), '--json']);
      expect(r.exitCode).toBe(CONFLICT);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain("cl_000001 (Mary-Ann O'Brien <maryann.obrien1@example.org>)");
      expect(r.stderr).toContain('--allow-duplicate-name');
      expect(jsonError(r)).toMatchObject({ code: 'duplicate-name', matches: expect.arrayContaining(['cl_000001']) });
    }
    expect(await clientByEmail(portal(), 'new.6.8@example.org')).toBeUndefined();

    const added = await run([
      ...manual('Mary-Ann', "O'Brien", 'second.maryann@example.org'),
      '--allow-duplicate-name',
      '--json',
    ]);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(added.stderr).toContain("matches the name Mary-Ann O'Brien");
    expect(added.stderr).toContain('cl_000001');
    expect(json(added)).toMatchObject({ email: 'second.maryann@example.org' });
  });

  it('looks where the client will live: a group administrator adding to another provider (--provider)', async () => {
    // Lakeshore has an Aaliyah Da Silva (cl_000101): adding another there is refused, naming her.
    const lakeshore = await run(
      [
        ...manual('Aaliyah', 'Da Silva', 'aaliyah.second@example.org'),
        '--provider',
        'Lakeshore Career Centre',
        '--json',
      ],
      GROUP_ADMIN,
    );
    expect(lakeshore.exitCode).toBe(CONFLICT);
    expect(lakeshore.stderr).toContain(
      '1 existing client at Lakeshore Career Centre has the name Aaliyah Da Silva: cl_000101',
    );
    expect(lakeshore.stderr).toContain('--allow-duplicate-name');
    expect(jsonError(lakeshore)).toMatchObject({ code: 'duplicate-name', matches: ['cl_000101'] });
    expect(await clientByEmail(portal(), 'aaliyah.second@example.org')).toBeUndefined();

    // Adding her to Northstar instead: nobody of that name there, and Lakeshore's is told of.
    const northstar = await run(
      [...manual('Aaliyah', 'Da Silva', 'aaliyah.second@example.org'), '--json'],
      GROUP_ADMIN,
    );
    expect(northstar.exitCode, northstar.stderr).toBe(0);
    expect(northstar.stderr).toContain('1 client elsewhere in the group has the name Aaliyah Da Silva:');
    expect(northstar.stderr).toMatch(/cl_000101 .* at Lakeshore Career Centre$/m);
    expect(json(northstar)).toMatchObject({ providerId: 'sp_northstar', email: 'aaliyah.second@example.org' });
  });

  it("an email of another provider's client is in use there, without naming the person", async () => {
    const r = await run([...manual('Some', 'One', 'maryann.obrien1@example.org'), '--json'], PROVIDER_B);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('maryann.obrien1@example.org is in use at another service provider');
    expect(r.stderr).toContain('group administrator');
    expect(r.stderr).not.toMatch(/cl_000001|Mary-Ann|O'Brien/);
    expect(jsonError(r)).toMatchObject({ kind: 'conflict', code: 'email-taken' });
    expect(jsonError(r)).not.toHaveProperty('existingClientId');
    // ... and that client is not found for them either, consistently.
    const get = await run(['clients', 'get', 'cl_000001'], PROVIDER_B);
    expect(get.exitCode).toBe(NOT_FOUND);
  });

  it('a caseworker must hold the clients permission', async () => {
    const r = await run(
      [
        ...manual('Zelda', 'Quarrington', 'zelda.quarrington.cw@example.org'),
        '--caseworker',
        'jordan.macdonald@northstar.example.org',
      ],
      SP_ADMIN,
    );
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('st_portal01 (Jordan MacDonald) lacks the clients permission a caseworker needs');
    expect(await clientByEmail(portal(), 'zelda.quarrington.cw@example.org')).toBeUndefined();
  });

  it('the name a CaMS link brings is checked too', async () => {
    // The seed has a portal client Harpreet Bouchard; CaMS 211256748 is another Harpreet Bouchard.
    const r = await run(['clients', 'add', '--cams-ref', '211256748', '--email', 'harpreet.b2@example.org']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toMatch(/has the name Harpreet Bouchard: cl_\d+ \(Harpreet Bouchard/);
    expect(await clientByEmail(portal(), 'harpreet.b2@example.org')).toBeUndefined();
  });
});

describe('clients add on a terminal', () => {
  it('asks for what the flags leave out, then confirms a duplicate name; "no" adds nothing (exit 130)', async () => {
    const answers = { '--last-name': "O'Brien", '--email': 'maryann.twin@example.org' };
    const no = await run(['clients', 'add', '--no-link', '--first-name', 'Mary-Ann', '--no-invite'], CLIENTS, {
      answers: { ...answers, '--allow-duplicate-name': false },
    });
    expect(no.asked).toEqual(['--last-name', '--email', '--allow-duplicate-name']);
    expect(no.exitCode).toBe(CANCELLED);
    expect(no.stderr).toMatch(/existing clients? match(es)? the name Mary-Ann O'Brien:/);
    expect(no.stderr).toContain('portalctl clients get cl_000001');
    expect(await clientByEmail(portal(), 'maryann.twin@example.org')).toBeUndefined();

    const yes = await run(
      ['clients', 'add', '--no-link', '--first-name', 'Mary-Ann', '--no-invite', '--json'],
      CLIENTS,
      {
        answers: { ...answers, '--allow-duplicate-name': true },
      },
    );
    expect(yes.exitCode, yes.stderr).toBe(0);
    expect(json(yes)).toMatchObject({ firstName: 'Mary-Ann', lastName: "O'Brien", email: 'maryann.twin@example.org' });
  });
});

describe('clients add: refusals', () => {
  it('a CaMS Case Reference Number is "no match" with the hint to use the Client Reference Number (exit 5)', async () => {
    const r = await run(['clients', 'add', '--cams-ref', 'C-24100037', '--email', 'case.ref@example.org']);
    expect(r.exitCode).toBe(NOT_FOUND);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: no CaMS client matches C-24100037: that is a CaMS Case Reference Number');
    expect(r.stderr).toContain("hint: use the client's Client Reference Number (9 digits)");
    expect(await clientByEmail(portal(), 'case.ref@example.org')).toBeUndefined();
  });

  it('a CaMS client already linked to a portal client is refused, naming that client', async () => {
    const r = await run(['clients', 'add', '--cams-ref', '140007919', '--email', 'twice.linked@example.org', '--json']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('CaMS client 140007919 is already linked to portal client cl_000001');
    expect(jsonError(r)).toMatchObject({ code: 'cams-already-linked', existingClientId: 'cl_000001' });
  });

  it('an in-progress Common Assessment is no match (exit 5): it cannot be imported', async () => {
    const r = await run(['clients', 'add', '--ca-number', 'CA-3009014']);
    expect(r.exitCode).toBe(NOT_FOUND);
    expect(r.stderr).toContain('error: no match: only submitted assessments can be imported');
    expect(r.stderr).toContain('CA-3009014 is still in progress');
    expect(await clientByEmail(portal(), 'ethan.nguyen.ca14@example.com')).toBeUndefined();
  });

  it('an unknown CA number is not found (exit 5)', async () => {
    const r = await run(['clients', 'add', '--ca-number', 'CA-9999999']);
    expect(r.exitCode).toBe(NOT_FOUND);
    expect(r.stderr).toContain('no Common Assessment has the number CA-9999999');
  });

  it('without the clients permission: exit 4 naming it', async () => {
    const r = await run(manual('No', 'Permission', 'no.permission@example.org'), NO_CLIENTS);
    expect(r.exitCode).toBe(FORBIDDEN);
    expect(r.stderr).toContain('error: your token lacks the `clients` permission');
    expect(await clientByEmail(portal(), 'no.permission@example.org')).toBeUndefined();
  });

  it('--caseworker without sp-admin and --provider without sp-group-admin: exit 4 naming the flag and permission', async () => {
    const caseworker = await run(
      [...manual('Cw', 'Refused', 'cw.refused@example.org'), '--caseworker', 'st_cwa002'],
      CLIENTS,
    );
    expect(caseworker.exitCode).toBe(FORBIDDEN);
    expect(caseworker.stderr).toContain(
      'lacks the `sp-admin` permission (Service Provider Administration) needed to set --caseworker',
    );
    expect(caseworker.stderr).toContain('hint: leave out --caseworker');
    const provider = await run(
      [...manual('Pv', 'Refused', 'pv.refused@example.org'), '--provider', 'sp_lakeshore'],
      CLIENTS,
    );
    expect(provider.exitCode).toBe(FORBIDDEN);
    expect(provider.stderr).toContain('lacks the `sp-group-admin` permission');
    expect(provider.stderr).toContain('--provider');
    expect(await clientByEmail(portal(), 'cw.refused@example.org')).toBeUndefined();
    expect(await clientByEmail(portal(), 'pv.refused@example.org')).toBeUndefined();
  });

  it('without a terminal, a missing link choice or missing name/email is a usage error naming the flags', async () => {
    const noLink = await run(['clients', 'add', '--first-name', 'A', '--last-name', 'B', '--email', 'a.b@example.org']);
    expect(noLink.exitCode).toBe(USAGE);
    expect(noLink.stderr).toContain('--cams-ref N');
    expect(noLink.stderr).toContain('--ca-number N');
    expect(noLink.stderr).toContain('--no-link');
    const missing = await run(['clients', 'add', '--first-name', 'A', '--no-link']);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('--last-name, --email are required when not running interactively');
    const both = await run(['clients', 'add', '--cams-ref', '210104729', '--no-link']);
    expect(both.exitCode).toBe(USAGE);
    expect(both.stderr).toContain('--cams-ref and --no-link cannot be used together');
    const noInvite = await run([...manual('A', 'B', 'a.b@example.org'), '--no-invite', '--print-link']);
    expect(noInvite.exitCode).toBe(USAGE);
    expect(noInvite.stderr).toContain('--print-link needs an invitation');
  });

  it('a bad field value is a usage error naming the flag, before any request', async () => {
    const dob = await run([...manual('Bad', 'Date', 'bad.date@example.org'), '--date-of-birth', '30/04/1990']);
    expect(dob.exitCode).toBe(USAGE);
    expect(dob.stderr).toContain('--date-of-birth must be a date like 1990-04-30');
    const transport = await run([...manual('Bad', 'Car', 'bad.car@example.org'), '--transportation', 'car']);
    expect(transport.exitCode).toBe(USAGE);
    expect(transport.stderr).toContain('--transportation');
    const email = await run(manual('Bad', 'Mail', 'not-an-email'));
    expect(email.exitCode).toBe(USAGE);
    expect(email.stderr).toContain('--email must be an email address');
    expect(await clientByEmail(portal(), 'bad.date@example.org')).toBeUndefined();
  });

  it('--dry-run runs the checks, shows what would be added and who emailed, and adds nothing', async () => {
    const before = await outbox(portal(), 'to=dry.run%40example.org');
    const r = await run([...manual('Dry', 'Run', 'dry.run@example.org'), '--dry-run', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toEqual({
      dryRun: true,
      action: 'client.create',
      client: {
        firstName: 'Dry',
        lastName: 'Run',
        email: 'dry.run@example.org',
        providerId: 'sp_northstar',
        sendInvite: true,
      },
      notify: [
        {
          to: 'dry.run@example.org',
          kind: 'invitation',
          subject: 'You are invited to the Jobs Portal',
          gist: expect.stringContaining('an invitation to the Jobs Portal'),
        },
      ],
    });
    expect(await clientByEmail(portal(), 'dry.run@example.org')).toBeUndefined();
    expect(await outbox(portal(), 'to=dry.run%40example.org')).toEqual(before);
    // The refusals happen in a dry run too.
    const taken = await run([...manual('Dry', 'Taken', 'maryann.obrien1@example.org'), '--dry-run']);
    expect(taken.exitCode).toBe(CONFLICT);
  });
});

describe('a Common Assessment is copied once', () => {
  it('clients add --ca-number: a second import is refused naming the client who has it', async () => {
    const first = await run(
      ['clients', 'add', '--ca-number', 'CA-3005001', '--no-invite', '--allow-duplicate-name', '--json'],
      CLIENTS,
    );
    expect(first.exitCode, first.stderr).toBe(0);
    const emma = ClientSchema().parse(json(first));
    const again = await run(
      [
        ...['clients', 'add', '--ca-number', 'CA-3005001', '--email', 'emma.again@example.org'],
        ...['--no-invite', '--allow-duplicate-name', '--json'],
      ],
      CLIENTS,
    );
    expect(again.exitCode).toBe(CONFLICT);
    expect(again.stderr).toContain(
      `error: Common Assessment CA-3005001 was already imported for client ${emma.id} (Emma Wang); a Common Assessment is copied once`,
    );
    expect(again.stderr).toContain(`portalctl clients get ${emma.id}`);
    expect(jsonError(again)).toMatchObject({ code: 'ca-already-imported', existingClientId: emma.id });
    expect(await clientByEmail(portal(), 'emma.again@example.org')).toBeUndefined();
  });

  it('clients add --ca-number at another provider: refused as "in use at another provider", unnamed', async () => {
    const r = await run(
      ['clients', 'add', '--ca-number', 'CA-3001008', '--email', 'kwame.b@example.org', '--no-invite'],
      PROVIDER_B,
    );
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('error: Common Assessment CA-3001008 is in use at another provider');
    expect(r.stderr).not.toMatch(/cl_000008|Kwame|Chen/);
    expect(await clientByEmail(portal(), 'kwame.b@example.org')).toBeUndefined();
  });
});

describe("another provider's CaMS link", () => {
  it('is refused, without naming the client', async () => {
    const add = await run(
      ['clients', 'add', '--cams-ref', '140007919', '--email', 'someone.else@example.org', '--no-invite'],
      PROVIDER_B,
    );
    expect(add.exitCode).toBe(CONFLICT);
    expect(add.stderr).toContain('at another service provider');
    expect(add.stderr).not.toContain('cl_000001');
  });
});

describe('clients add: an administrator chooses the service provider', () => {
  it('without a terminal, --provider is required, named in the error; nothing is added', async () => {
    const r = await runAs(manual('Noor', 'Haddad', 'noor.haddad@example.org'), ADMIN);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain(
      'error: an administrator adding a client chooses the service provider: --provider is required when not running interactively',
    );
    expect(r.stderr).toContain("hint: pass --provider with the provider's name or id (portalctl providers list)");
    expect(await clientByEmail(portal(), 'noor.haddad@example.org')).toBeUndefined();
  });

  it('--provider takes the name (any case) or the id', async () => {
    const byName = await runAs(
      [...manual('Noor', 'Haddad', 'noor.haddad@example.org'), '--provider', 'lakeshore career centre', '--json'],
      ADMIN,
    );
    expect(byName.exitCode, byName.stderr).toBe(0);
    expect(json(byName)).toMatchObject({ providerId: 'sp_lakeshore' });
    const byId = await runAs(
      [...manual('Omar', 'Haddad', 'omar.haddad@example.org'), '--provider', 'sp_rideau', '--json'],
      ADMIN,
    );
    expect(json(byId)).toMatchObject({ providerId: 'sp_rideau' });
  });

  it('on a terminal, the provider is picked from the list', async () => {
    const r = await runAs([...manual('Lina', 'Haddad', 'lina.haddad@example.org'), '--json'], ADMIN, {
      answers: { '--provider': 'sp_rideau', '--yes': true },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ providerId: 'sp_rideau' });
  });

  it('staff of one provider keep adding to their own, without --provider', async () => {
    const r = await runAs([...manual('Sami', 'Haddad', 'sami.haddad@example.org'), '--json'], CLIENTS);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ providerId: 'sp_northstar' });
  });
});
