// Consent, candidates, feedback and notices from the command line, in-process against a seeded
// portal: `clients consent`, `portals candidates add|list|remove`, `portal users feedback` and
// `portals notify` (whose dry run sends nothing).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdf } from '../helpers/documents.js';
import { json } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, USAGE } from '../helpers/exit-codes.js';
import { ADMIN, CLIENTS, FULL_STAFF, PORTAL_USERS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal, FULL_STAFF);

async function upload(client: string, name: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'portalctl-candidate-'));
  writeFileSync(path.join(dir, name), pdf(`${client}-${name}`));
  const r = await run(['clients', 'files', 'upload', client, path.join(dir, name), '--json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return json<{ fileId: string }[]>(r)[0]!.fileId;
}

async function outbox(): Promise<{ id: string; to: string; kind: string }[]> {
  const answer = await fetch(`${portal().url}/v1/outbox?limit=500`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return ((await answer.json()) as { data: { id: string; to: string; kind: string }[] }).data;
}

describe('clients consent', () => {
  it('records the answer, shown by clients get; the same answer again changes nothing', async () => {
    const r = await run(
      ['clients', 'consent', 'cl_000020', '--share-with-employers', 'yes', '--reason', 'Said yes at intake'],
      CLIENTS,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('Consent recorded for Grace Kaur (cl_000020): yes');
    const got = await run(['clients', 'get', 'cl_000020', '-o', 'table'], ADMIN);
    expect(got.stdout).toMatch(/^Consent$/m);
    expect(got.stdout).toMatch(/^SHARE WITH EMPLOYERS: +yes$/m);
    expect(got.stdout).toMatch(/^RECORDED BY: +Daniel Okafor$/m);
    const again = await run(['clients', 'consent', 'cl_000020', '--share-with-employers', 'yes', '--json'], CLIENTS);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(
      json<{ client: { consent: { shareWithEmployers: boolean } } }>(again).client.consent.shareWithEmployers,
    ).toBe(true);
    expect(again.stderr).toContain('already recorded as yes; nothing changed');
    const notRecorded = await run(['clients', 'get', 'cl_000022', '--fields', 'consent.shareWithEmployers'], CLIENTS);
    expect(notRecorded.stdout).toContain('not recorded');
  });

  it('without a terminal names the missing answer; on one asks for it; a bad answer names the flag', async () => {
    const missing = await run(['clients', 'consent', 'cl_000022'], CLIENTS);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('--share-with-employers is required when not running interactively');
    const bad = await run(['clients', 'consent', 'cl_000022', '--share-with-employers', 'maybe'], CLIENTS);
    expect(bad.exitCode).toBe(USAGE);
    expect(bad.stderr).toContain('--share-with-employers must be yes or no');
    const asked = await run(['clients', 'consent', 'cl_000022'], CLIENTS, {
      answers: { '--share-with-employers': 'no' },
    });
    expect(asked.exitCode, asked.stderr).toBe(0);
    expect(asked.asked).toEqual(['--share-with-employers']);
    expect(asked.stderr).toContain('Consent recorded for Kwame Côté (cl_000022): no');
  });

  it('withdrawing it from a candidate names the portals and needs --yes, then takes them off', async () => {
    const refused = await run(['clients', 'consent', 'cl_000012', '--share-with-employers', 'no'], CLIENTS);
    expect(refused.exitCode).toBe(USAGE);
    expect(refused.stderr).toContain(
      'Mei Chen (cl_000012) is a candidate on Harbourfront Hospitality portal (Front desk agent)',
    );
    expect(refused.stderr).toContain('pass --yes');
    const done = await run(['clients', 'consent', 'cl_000012', '--share-with-employers', 'no', '--yes'], CLIENTS);
    expect(done.exitCode, done.stderr).toBe(0);
    expect(done.stderr).toContain('Taken off client portals: Mei Chen (cd_000003, jb_harbour002)');
    const left = await run(['portals', 'candidates', 'list', 'po_northstar02', '-q'], PORTAL_USERS);
    expect(left.stdout).toBe('');
  });
});

describe('portals candidates add', () => {
  it('refuses a client without recorded consent, saying how to record it', async () => {
    const r = await run([
      'portals',
      'candidates',
      'add',
      'po_northstar01',
      'Inventory clerk',
      'cl_000004',
      '--summary',
      'x',
    ]);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('Jean-Luc St-Pierre (cl_000004) has no recorded consent to being shared with employers');
    expect(r.stderr).toContain('portalctl clients consent cl_000004 --share-with-employers yes');
  });

  it("puts a consenting client forward with a summary and their documents (by name); another's document is refused", async () => {
    const resume = await upload('cl_000014', 'darnell-resume.pdf');
    const other = await upload('cl_000008', 'kwame-resume.pdf');
    const refused = await run([
      'portals',
      'candidates',
      'add',
      'po_northstar01',
      'Inventory clerk',
      'cl_000014',
      '--document',
      other,
    ]);
    expect(refused.exitCode).toBe(CONFLICT);
    expect(refused.stderr).toContain(`${other} is not a file of client cl_000014`);
    const unknown = await run([
      'portals',
      'candidates',
      'add',
      'po_northstar01',
      'Inventory clerk',
      'cl_000014',
      '--document',
      'cv.pdf',
    ]);
    expect(unknown.exitCode).toBe(5);
    expect(unknown.stderr).toContain('--document: Darnell Lévesque has no file "cv.pdf"');
    const added = await run([
      'portals',
      'candidates',
      'add',
      'Maple Logistics hiring portal',
      'Inventory clerk',
      'cl_000014',
      '--summary',
      'Five years of inventory work.',
      '--document',
      'darnell-resume.pdf',
      '--json',
    ]);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(json(added)).toMatchObject({
      jobId: 'jb_maple004',
      clientId: 'cl_000014',
      summary: 'Five years of inventory work.',
      documents: [{ id: resume, name: 'darnell-resume.pdf', kind: 'pdf' }],
    });
    expect(added.stderr).toContain('put forward for Inventory clerk on Maple Logistics hiring portal');
    const twice = await run(['portals', 'candidates', 'add', 'po_northstar01', 'jb_maple004', 'cl_000014']);
    expect(twice.exitCode).toBe(CONFLICT);
    expect(twice.stderr).toContain('is already a candidate for Inventory clerk');
    const forbidden = await run(
      ['portals', 'candidates', 'add', 'po_northstar01', 'jb_maple004', 'cl_000008'],
      PORTAL_USERS,
    );
    expect(forbidden.exitCode).toBe(FORBIDDEN);
  });

  it('on a terminal picks the portal and job, finds the client and asks for the summary; without one names the argument', async () => {
    const asked = await run(['portals', 'candidates', 'add', '-q'], FULL_STAFF, {
      answers: {
        '<portal>': 'Harbourfront Hospitality portal',
        '<job>': 'Line cook',
        '<client>': 'Darnell',
        '--summary': 'Kitchen experience.',
      },
    });
    expect(asked.asked).toEqual(['<portal>', '<job>', '<client>', '--summary']);
    expect(asked.exitCode, asked.stderr).toBe(0);
    for (const [args, missing] of [
      [[], '<portal>'],
      [['po_northstar01'], '<job>'],
      [['po_northstar01', 'Line cook'], '<job>: "Line cook" is not a job of portal'],
      [['po_northstar01', 'Forklift operator'], '<client>'],
    ] as const) {
      const r = await run(['portals', 'candidates', 'add', ...args]);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain(missing);
    }
  });
});

describe('portals candidates list and remove', () => {
  it('lists names and job titles, not ids; --job keeps one job', async () => {
    const piped = await run(['portals', 'candidates', 'list', 'po_northstar01'], PORTAL_USERS);
    expect(piped.exitCode, piped.stderr).toBe(0);
    const [header, ...rows] = piped.stdout.trim().split('\n');
    expect(header).toBe('id\tname\tjobId\tsummary\tdocuments\taddedAt');
    expect(rows[0]).toMatch(/^cd_000002\tKwame Chen\tjb_maple001\tReliable and punctual/);
    expect(rows[1]).toMatch(/^cd_000001\tChloé Da Silva\tjb_maple002\t/);
    // A table shows the job's title, not its id.
    const table = await run(['portals', 'candidates', 'list', 'po_northstar01', '-o', 'table'], PORTAL_USERS);
    const kwame = table.stdout.split('\n').find((line) => line.includes('Kwame Chen'));
    expect(kwame).toContain('Warehouse associate (days)');
    expect(table.stdout).not.toContain('jb_maple001');
    const one = await run(
      ['portals', 'candidates', 'list', 'po_northstar01', '--job', 'Forklift operator', '-q'],
      PORTAL_USERS,
    );
    expect(one.stdout).toBe('cd_000001\n');
    const missing = await run(['portals', 'candidates', 'list'], PORTAL_USERS);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('<portal> is required when not running interactively');
  });

  it('takes a candidate off by name after --yes; --dry-run changes nothing; on a terminal picks them', async () => {
    const dry = await run(
      ['portals', 'candidates', 'remove', 'po_northstar01', 'Kwame Chen', '--dry-run', '-o', 'table'],
      PORTAL_USERS,
    );
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      'would take Kwame Chen (cd_000002) for Warehouse associate (days) on Maple Logistics hiring portal off',
    );
    const unconfirmed = await run(['portals', 'candidates', 'remove', 'po_northstar01', 'cd_000002'], PORTAL_USERS);
    expect(unconfirmed.exitCode).toBe(USAGE);
    expect(unconfirmed.stderr).toContain('pass --yes');
    const picked = await run(
      ['portals', 'candidates', 'remove', 'po_northstar01', '--reason', 'Hired elsewhere'],
      PORTAL_USERS,
      {
        answers: { '<candidate>': 'Kwame Chen — Warehouse associate (days)', '--yes': true },
      },
    );
    expect(picked.asked).toEqual(['<candidate>', '--yes']);
    expect(picked.exitCode, picked.stderr).toBe(0);
    const left = await run(['portals', 'candidates', 'list', 'po_northstar01', '-q'], PORTAL_USERS);
    expect(left.stdout).not.toContain('cd_000002');
    const none = await run(['portals', 'candidates', 'remove', 'po_northstar01'], PORTAL_USERS);
    expect(none.exitCode).toBe(USAGE);
    expect(none.stderr).toContain('<candidate> is required when not running interactively');
  });
});

describe('portal users feedback', () => {
  it("lists a user's feedback with the candidate's name and the job's title, newest first", async () => {
    const r = await run(['portal', 'users', 'feedback', 'rebecca.hughes@maple-logistics.example.com'], PORTAL_USERS);
    expect(r.exitCode, r.stderr).toBe(0);
    const [header, first, second] = r.stdout.trim().split('\n');
    expect(header).toBe('at\tcandidateName\tjobTitle\ttext');
    expect(first).toContain(
      '\tKwame Chen\tWarehouse associate (days)\tGood background; is he able to start before the holidays?',
    );
    expect(second).toContain('\tChloé Da Silva\tForklift operator\tStrong fit for the forklift role.');
    // Feedback left through the portal (the test route stands in for the user).
    const left = await fetch(`${portal().url}/v1/_test/portal-users/pu_000008/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${portal().adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ candidateId: 'cd_000001', text: 'Please send her references.' }),
    });
    expect(left.status).toBe(201);
    const json8 = json<{ text: string }[]>(
      await run(['portal', 'users', 'feedback', 'pu_000008', '--json'], PORTAL_USERS),
    );
    expect(json8.map((f) => f.text)).toEqual(['Please send her references.']);
    const none = await run(['portal', 'users', 'feedback', 'pu_000004'], PORTAL_USERS);
    expect(none.stderr).toContain('has left no feedback');
    const missing = await run(['portal', 'users', 'feedback'], PORTAL_USERS);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('<user> is required when not running interactively');
  });
});

describe('portals notify', () => {
  it('--dry-run lists the recipients and the emails and sends nothing; then sends once', async () => {
    const before = await outbox();
    const dry = await run(['portals', 'notify', 'po_northstar01', '--dry-run', '-o', 'table'], PORTAL_USERS);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /^Dry run: would email \d users of Maple Logistics hiring portal about \d changes? since the last notice\. Nothing was sent\./,
    );
    expect(dry.stdout).toContain(
      'Would email rebecca.hughes@maple-logistics.example.com\n  subject: New on the Maple Logistics hiring portal\n  gist:    what changed on the client portal',
    );
    expect(dry.stderr).toContain('- Inventory clerk: 1 new candidate');
    const dryJson = json<{
      messages: { to: string; text: string }[];
      notify: { to: string; kind: string; subject: string }[];
    }>(await run(['portals', 'notify', 'po_northstar01', '--dry-run', '--json'], PORTAL_USERS));
    expect(dryJson).toMatchObject({ dryRun: true, action: 'client-portal.notice', portalId: 'po_northstar01' });
    expect(dryJson.notify.map((m) => m.to)).toEqual(dryJson.messages.map((m) => m.to));
    expect(dryJson.notify[0]).toMatchObject({
      kind: 'portal-update',
      subject: 'New on the Maple Logistics hiring portal',
    });
    expect(await outbox()).toEqual(before);

    const unconfirmed = await run(['portals', 'notify', 'po_northstar01'], PORTAL_USERS);
    expect(unconfirmed.exitCode).toBe(USAGE);
    expect(unconfirmed.stderr).toContain('pass --yes');
    expect(await outbox()).toEqual(before);

    const sent = await run(['portals', 'notify', 'po_northstar01', '--reason', 'Weekly update', '--yes'], PORTAL_USERS);
    expect(sent.exitCode, sent.stderr).toBe(0);
    expect(sent.stderr).toContain(`Emailed ${dryJson.messages.length} users of Maple Logistics hiring portal`);
    const mails = (await outbox()).filter((m) => m.kind === 'portal-update');
    expect(mails.map((m) => m.to).sort()).toEqual(dryJson.messages.map((m) => m.to).sort());
    const shown = await run(['outbox', 'show', mails[0]!.id], PORTAL_USERS);
    expect(shown.stdout).toContain('has updated the Maple Logistics hiring portal');

    const nothing = await run(['portals', 'notify', 'po_northstar01', '--yes'], PORTAL_USERS);
    expect(nothing.exitCode, nothing.stderr).toBe(0);
    expect(nothing.stderr).toContain('nothing changed since the last notice; no email sent');
    expect((await outbox()).filter((m) => m.kind === 'portal-update')).toHaveLength(mails.length);
  });
});
