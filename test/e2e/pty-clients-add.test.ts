// The `clients add` wizard end to end in a real pseudo-terminal, in the portal's order: search
// (duplicate check) -> link by CaMS Client Reference Number (record shown, confirmed) -> profile
// fields -> confirm -> result with the invite link. Then the API shows the client, linked, and the
// outbox holds its invitation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSchema } from '../../src/contract/schemas.js';
import { clientByEmail, outbox } from '../helpers/e2e.js';
import { type Portal, startPortal } from '../helpers/portal.js';
import { CLIENTS, GROUP_ADMIN } from '../helpers/tokens.js';
import { runPty } from './pty.js';

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.stop();
});

const ENTER = '\r';
const DOWN = '\u001b[B';

describe('clients add wizard (pseudo-terminal)', () => {
  it('search -> CaMS link (confirmed) -> fields -> confirm -> result with the invite link', async () => {
    const term = runPty(['clients', 'add'], { env: { PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: CLIENTS } });

    // Step 1: search.
    await term.waitFor('Step 1 of 5');
    await term.waitFor('First name (optional)');
    term.write(`Isabelle${ENTER}`);
    await term.waitFor('Last name');
    term.write(`Yusuf${ENTER}`);
    await term.waitFor('Email (optional)');
    term.write(ENTER);
    await term.waitFor('No existing client matches Isabelle Yusuf');

    // Step 2: link by CaMS Client Reference Number; a Case Reference Number is refused with the hint.
    await term.waitFor('Link to EOIS services');
    term.write(ENTER); // CaMS Client Reference Number (the first choice)
    await term.waitFor('CaMS Client Reference Number (9 digits)');
    term.write(`C-24100037${ENTER}`);
    await term.waitFor("use the client's Client Reference Number");
    await term.waitFor('Link to EOIS services');
    term.write(ENTER);
    await term.waitFor('CaMS Client Reference Number (9 digits)');
    term.write(`211047290${ENTER}`);
    await term.waitFor('CaMS client 211047290: Isabelle Yusuf');
    await term.waitFor('Is this the same person?');
    term.write(ENTER);

    // Step 3: profile. CaMS supplies the name, phone, address, birth date and self-identification.
    await term.waitFor('Step 3 of 5');
    await term.waitFor('From CaMS');
    await term.waitFor('Preferred name (optional)');
    term.write(`Belle${ENTER}`);
    await term.waitFor('Pronouns (optional)');
    term.write(`she/her${ENTER}`);
    await term.waitFor('Email');
    term.write(ENTER); // the CaMS email, offered as the default
    await term.waitFor('Target occupations');
    term.write(`Forklift operator, Warehouse associate${ENTER}`);
    await term.waitFor('Reasons for referral');
    term.write(`Wants warehouse work${ENTER}`);
    await term.waitFor('Referral source');
    term.write(ENTER);
    await term.waitFor('Referral reference number');
    term.write(ENTER);
    await term.waitFor('Service needs');
    term.write(ENTER);
    await term.waitFor('Access to transportation');
    term.write(`${DOWN}${DOWN}${ENTER}`); // Not now, Own vehicle, Public transit
    await term.waitFor('Caseworker communications channel');
    term.write(ENTER); // Not now
    await term.waitFor('Job-post updates');
    term.write(`${DOWN}${ENTER}`); // yes
    await term.waitFor('Frequency of job-post updates');
    term.write(`${DOWN}${DOWN}${ENTER}`); // weekly

    // Step 4: confirm.
    await term.waitFor('Step 4 of 5');
    await term.waitFor('link: CaMS client 211047290');
    await term.waitFor('invitation: emailed to isabelle.yusuf.cams10@example.org');
    await term.waitFor('Add Isabelle Yusuf and email the invitation?');
    term.write(ENTER);

    // Step 5: result.
    await term.waitFor('Invite link, to pass on by hand');
    const { exitCode, screen } = await term.exited;
    expect(exitCode, screen).toBe(0);
    const link = screen.match(/http:\/\/127\.0\.0\.1:\d+\/invite\/\S+/)?.[0];
    expect(link, screen).toBeDefined();

    const found = await clientByEmail(portal, 'isabelle.yusuf.cams10@example.org');
    const client = ClientSchema().parse(found);
    expect(client).toMatchObject({
      firstName: 'Isabelle',
      lastName: 'Yusuf',
      preferredName: 'Belle',
      pronouns: 'she/her',
      selfIdentification: ['Veteran', 'Indigenous'],
      targetOccupations: ['Forklift operator', 'Warehouse associate'],
      transportation: 'public-transit',
      communication: { channel: null, jobPostUpdates: true, frequency: 'weekly' },
      referral: { reasons: 'Wants warehouse work' },
      link: { type: 'cams', clientReferenceNumber: '211047290' },
      invite: { status: 'pending', link },
    });
    expect(await outbox(portal, `clientId=${client.id}`)).toEqual([
      expect.objectContaining({ to: 'isabelle.yusuf.cams10@example.org', kind: 'invitation', link }),
    ]);
  });

  it('on a terminal a duplicate name shows the matches and asks; "no" adds nothing (exit 130), "yes" adds', async () => {
    const args = [
      'clients',
      'add',
      '--first-name',
      'Mary-Ann',
      '--last-name',
      "O'Brien",
      '--email',
      'maryann.twin@example.org',
      '--no-link',
      '--no-invite',
    ];
    const env = { PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: CLIENTS };
    const no = runPty(args, { env });
    await no.waitFor("matches the name Mary-Ann O'Brien");
    await no.waitFor('cl_000001');
    await no.waitFor('Add a new client anyway?');
    no.write(`n${ENTER}`);
    const refused = await no.exited;
    expect(refused.exitCode, refused.screen).toBe(130);
    expect(refused.screen).toContain('no client was added');
    expect(await clientByEmail(portal, 'maryann.twin@example.org')).toBeUndefined();

    const yes = runPty(args, { env });
    await yes.waitFor('Add a new client anyway?');
    yes.write(`y${ENTER}`);
    const added = await yes.exited;
    expect(added.exitCode, added.screen).toBe(0);
    expect(added.screen).toContain('No invitation sent');
    expect(await clientByEmail(portal, 'maryann.twin@example.org')).toMatchObject({ firstName: 'Mary-Ann' });
  });

  it('a group administrator picks the provider first, and the search looks there', async () => {
    const term = runPty(['clients', 'add'], { env: { PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: GROUP_ADMIN } });
    await term.waitFor('Step 1 of 5');
    await term.waitFor('Service provider (the duplicate check looks there)');
    await term.waitFor('Lakeshore Career Centre (sp_lakeshore)');
    term.write(DOWN); // from Northstar (their own) to Lakeshore
    term.write(ENTER);
    await term.waitFor('First name (optional)');
    term.write(`Aaliyah${ENTER}`);
    await term.waitFor('Last name');
    term.write(`Da Silva${ENTER}`);
    await term.waitFor('Email (optional)');
    term.write(ENTER);
    await term.waitFor('1 existing client at Lakeshore Career Centre matches the name Aaliyah Da Silva');
    await term.waitFor('cl_000101');
    await term.waitFor('Add a new client anyway?');
    term.write(`n${ENTER}`);
    const refused = await term.exited;
    expect(refused.exitCode, refused.screen).toBe(130);
    expect(refused.screen).toContain('no client was added');
  });

  it('asks again for an email that is taken or not an email, and offers choices in words', async () => {
    const term = runPty(['clients', 'add'], { env: { PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: CLIENTS } });
    await term.waitFor('Step 1 of 5');
    await term.waitFor('First name (optional)');
    term.write(`Zora${ENTER}`);
    await term.waitFor('Last name');
    term.write(`Quillfeather${ENTER}`);
    await term.waitFor('Email (optional)');
    term.write(`not-an-email${ENTER}`);
    await term.waitFor('must be an email address');
    term.write(`${'\u007f'.repeat(12)}maryann.obrien1@example.org${ENTER}`);
    await term.waitFor('already belongs to client cl_000001');
    await term.waitFor('Enter another email address, or press Ctrl-C to stop.');
    await term.waitFor('Email (optional)');
    term.write(`zora.quillfeather@example.org${ENTER}`);
    await term.waitFor('No existing client matches Zora Quillfeather');

    await term.waitFor('Link to EOIS services');
    term.write(`${DOWN}${DOWN}${ENTER}`); // no link
    await term.waitFor('Step 3 of 5');
    for (const prompt of ['First name', 'Last name', 'Preferred name', 'Pronouns']) {
      await term.waitFor(prompt);
      term.write(ENTER);
    }
    await term.waitFor('Email');
    term.write(ENTER);
    for (const prompt of ['Phone', 'Primary address', 'Date of birth', 'Self-identification', 'Target occupations']) {
      await term.waitFor(prompt);
      term.write(ENTER);
    }
    for (const prompt of ['Reasons for referral', 'Referral source', 'Referral reference number', 'Service needs']) {
      await term.waitFor(prompt);
      term.write(ENTER);
    }
    await term.waitFor('Access to transportation');
    await term.waitFor('Public transit');
    term.write(`${DOWN}${DOWN}${ENTER}`); // Not now, Own vehicle, Public transit
    await term.waitFor('Caseworker communications channel');
    await term.waitFor('Text message');
    term.write(ENTER);
    await term.waitFor('Job-post updates');
    term.write(ENTER);
    await term.waitFor('Frequency of job-post updates');
    await term.waitFor('Weekly');
    term.write(ENTER);
    await term.waitFor('Step 4 of 5');
    await term.waitFor('transportation: Public transit');
    await term.waitFor('Add Zora Quillfeather and email the invitation?');
    term.write(ENTER);
    const { exitCode, screen } = await term.exited;
    expect(exitCode, screen).toBe(0);
    expect(screen).not.toMatch(/own-vehicle|public-transit/);
    expect(await clientByEmail(portal, 'zora.quillfeather@example.org')).toMatchObject({
      transportation: 'public-transit',
    });
  });
});
