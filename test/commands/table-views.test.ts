// The human table of each resource, pinned at 80 and 120 columns (COLUMNS, as a terminal's width),
// in UTC with the clock stopped: free text wraps in its cell, ids, emails, times and links stay
// whole, and what cannot fit is left out and said. Every line is checked against the width.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pdf } from '../helpers/documents.js';
import { ADMIN, PORTAL_USERS } from '../helpers/tokens.js';
import { useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const NOW = new Date('2026-10-30T15:00:00.000Z');

// The portal and the CLI share this process: records made here are stamped NOW.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterAll(() => {
  vi.useRealTimers();
});

/** What changes from run to run, replaced by text of the same width. */
// Ids, ports and link tokens vary from run to run. A token may end in '-', where \b would not match.
function steady(text: string): string {
  return text
    .replace(/\b([a-z]{2})_([0-9a-z]{13})[0-9a-f]{8}\b/g, '$1_$2xxxxxxxx')
    .replace(/127\.0\.0\.1:\d{5}/g, '127.0.0.1:40000')
    .replace(
      /\/(invite|l)\/([a-z]{2}_\w+\.)?[\w-]{24}(?![\w-])/g,
      (_, kind: string, id = '') => `/${kind}/${id}${'x'.repeat(24)}`,
    );
}

/** The table as a person at a terminal `columns` wide reads it, with the note on stderr if any. */
async function view(args: string[], columns: number, token = ADMIN): Promise<string> {
  const r = await portal().run([...args, '-o', 'table'], {
    token,
    env: { TZ: 'UTC', COLUMNS: String(columns) },
    clock: () => NOW,
  });
  expect(r.exitCode, r.stderr).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  for (const line of lines) expect(stringWidth(line), `wider than ${columns}: ${line}`).toBeLessThanOrEqual(columns);
  return `\n${steady(r.stdout)}${r.stderr ? `--- stderr\n${steady(r.stderr)}` : ''}`;
}

describe('clients', () => {
  it('list', async () => {
    const args = ['clients', 'list', '--limit', '4'];
    expect(await view(args, 80)).toMatchInlineSnapshot(`
      "
      ID         NAME            EMAIL                          STATUS    INVITE
      cl_000140  Harpreet Park   harpreet.park140@example.com   client    none
      cl_000139  Mei Haile (Jo)  mei.haile139@example.org       referral  pending
      cl_000138  Tomasz Stewart  tomasz.stewart138@example.com  client    declined
      cl_000137  Noah Santos     noah.santos137@example.org     referral  accepted
      --- stderr
      1 column hidden at 80 columns: link (use --fields or --json)
      "
    `);
    expect(await view(args, 120)).toMatchInlineSnapshot(`
      "
      ID         NAME            EMAIL                          STATUS    INVITE    LINK
      cl_000140  Harpreet Park   harpreet.park140@example.com   client    none      CA CA-3001140
      cl_000139  Mei Haile (Jo)  mei.haile139@example.org       referral  pending   CaMS 141100741
      cl_000138  Tomasz Stewart  tomasz.stewart138@example.com  client    declined  none
      cl_000137  Noah Santos     noah.santos137@example.org     referral  accepted  none
      "
    `);
  });

  it('list with more columns than fit', async () => {
    const args = ['clients', 'list', '--limit', '3', '--fields', 'id,name,email,providerId,caseworkerIds,createdAt'];
    expect(await view(args, 80)).toMatchInlineSnapshot(`
      "
      ID         NAME      EMAIL                          PROVIDER        CASEWORKERS
      cl_000140  Harpreet  harpreet.park140@example.com   Rideau Valley   Noah
                 Park                                     Job             Whitehead
                                                          Connections
      cl_000139  Mei       mei.haile139@example.org       Rideau Valley
                 Haile                                    Job
                 (Jo)                                     Connections
      cl_000138  Tomasz    tomasz.stewart138@example.com  Rideau Valley   Sophie
                 Stewart                                  Job             Lavoie; Noah
                                                          Connections     Whitehead
      --- stderr
      1 column hidden at 80 columns: createdAt (use --fields or --json)
      "
    `);
    expect(await view(args, 120)).toMatchInlineSnapshot(`
      "
      ID         NAME           EMAIL                          PROVIDER         CASEWORKERS     CREATED
      cl_000140  Harpreet Park  harpreet.park140@example.com   Rideau Valley    Noah Whitehead  2026-10-13 15:39 (16 days ago)
                                                               Job Connections
      cl_000139  Mei Haile      mei.haile139@example.org       Rideau Valley                    2026-10-10 16:28 (19 days ago)
                 (Jo)                                          Job Connections
      cl_000138  Tomasz         tomasz.stewart138@example.com  Rideau Valley    Sophie Lavoie;  2026-10-07 20:36 (22 days ago)
                 Stewart                                       Job Connections  Noah Whitehead
      "
    `);
  });

  it('get', async () => {
    expect(await view(['clients', 'get', 'cl_000139'], 80)).toMatchInlineSnapshot(`
      "
      Identity
      ID:                   cl_000139
      NAME:                 Mei Haile (Jo)
      PRONOUNS:             —
      DATE OF BIRTH:        1967-02-26
      STATUS:               referral
      ARCHIVED:             no

      Contact
      EMAIL:                mei.haile139@example.org
      PENDING EMAIL:        —
      PHONE:                343-555-0139
      ADDRESS:              1721 Eglinton Ave E, Kingston, ON K7L 0T8

      Service provider
      PROVIDER:             Rideau Valley Job Connections
      CASEWORKERS:          —

      Link
      LINK:                 CaMS 141100741
      CAMS REFRESHED:       2026-10-10 16:28 (19 days ago)

      Invitation
      INVITE:               pending
      INVITE SENT:          2026-10-10 16:29 (19 days ago)
      INVITE SENT TO:       mei.haile139@example.org
      DECLINED:             —
      LAST LOGIN:           —
      INVITE LINK:          http://127.0.0.1:40000/invite/xxxxxxxxxxxxxxxxxxxxxxxx

      Profile
      SELF-IDENTIFICATION:  2SLGBTQI+; Newcomer to Canada
      TARGET OCCUPATIONS:   —
      SERVICE NEEDS:        Interview preparation
      TRANSPORTATION:       Limited

      Referral
      REFERRAL SOURCE:      ODSP
      REFERENCE NUMBER:     —
      REASONS:              Laid off from a manufacturing job; looking for warehouse
                            or logistics work close to transit.

      Communication preferences
      CHANNEL:              Phone
      JOB-POST UPDATES:     yes
      FREQUENCY:            Monthly

      Safety flags
      SAFETY FLAGS:         —

      Consent
      SHARE WITH EMPLOYERS: not recorded
      CONSENT RECORDED:     —
      RECORDED BY:          —

      Record
      CREATED:              2026-10-10 16:28 (19 days ago)
      UPDATED:              2026-10-10 16:28 (19 days ago)
      "
    `);
    expect(await view(['clients', 'get', 'cl_000139'], 120)).toMatchInlineSnapshot(`
      "
      Identity
      ID:                   cl_000139
      NAME:                 Mei Haile (Jo)
      PRONOUNS:             —
      DATE OF BIRTH:        1967-02-26
      STATUS:               referral
      ARCHIVED:             no

      Contact
      EMAIL:                mei.haile139@example.org
      PENDING EMAIL:        —
      PHONE:                343-555-0139
      ADDRESS:              1721 Eglinton Ave E, Kingston, ON K7L 0T8

      Service provider
      PROVIDER:             Rideau Valley Job Connections
      CASEWORKERS:          —

      Link
      LINK:                 CaMS 141100741
      CAMS REFRESHED:       2026-10-10 16:28 (19 days ago)

      Invitation
      INVITE:               pending
      INVITE SENT:          2026-10-10 16:29 (19 days ago)
      INVITE SENT TO:       mei.haile139@example.org
      DECLINED:             —
      LAST LOGIN:           —
      INVITE LINK:          http://127.0.0.1:40000/invite/xxxxxxxxxxxxxxxxxxxxxxxx

      Profile
      SELF-IDENTIFICATION:  2SLGBTQI+; Newcomer to Canada
      TARGET OCCUPATIONS:   —
      SERVICE NEEDS:        Interview preparation
      TRANSPORTATION:       Limited

      Referral
      REFERRAL SOURCE:      ODSP
      REFERENCE NUMBER:     —
      REASONS:              Laid off from a manufacturing job; looking for warehouse or logistics work close to transit.

      Communication preferences
      CHANNEL:              Phone
      JOB-POST UPDATES:     yes
      FREQUENCY:            Monthly

      Safety flags
      SAFETY FLAGS:         —

      Consent
      SHARE WITH EMPLOYERS: not recorded
      CONSENT RECORDED:     —
      RECORDED BY:          —

      Record
      CREATED:              2026-10-10 16:28 (19 days ago)
      UPDATED:              2026-10-10 16:28 (19 days ago)
      "
    `);
  });

  it('find', async () => {
    expect(await view(['clients', 'find', 'Haile'], 80)).toMatchInlineSnapshot(`
      "
      MATCH  ID         NAME          EMAIL                          STATUS
      name   cl_000096  Dakota Haile  dakota.haile96@example.com     client
      name   cl_000019  Leila Haile   leila.haile19@example.org      referral
      name   cl_000139  Mei Haile     mei.haile139@example.org       referral
                        (Jo)
      name   cl_000108  Santiago      santiago.haile108@example.com  client (archived)
                        Haile
      --- stderr
      2 columns hidden at 80 columns: invite, link (use --fields or --json)
      Elsewhere in the group (not at your provider): Mei Haile (cl_000139) at Rideau Valley Job Connections, Santiago Haile (cl_000108) at Lakeshore Career Centre. If this is the same person, do not add another: a client can be referred between providers of the group (portalctl clients refer).
      "
    `);
    expect(await view(['clients', 'find', 'Haile'], 120)).toMatchInlineSnapshot(`
      "
      MATCH  ID         NAME            EMAIL                          STATUS             INVITE    LINK
      name   cl_000096  Dakota Haile    dakota.haile96@example.com     client             pending   none
      name   cl_000019  Leila Haile     leila.haile19@example.org      referral           pending   CaMS 140150461
      name   cl_000139  Mei Haile (Jo)  mei.haile139@example.org       referral           pending   CaMS 141100741
      name   cl_000108  Santiago Haile  santiago.haile108@example.com  client (archived)  declined  none
      --- stderr
      Elsewhere in the group (not at your provider): Mei Haile (cl_000139) at Rideau Valley Job Connections, Santiago Haile (cl_000108) at Lakeshore Career Centre. If this is the same person, do not add another: a client can be referred between providers of the group (portalctl clients refer).
      "
    `);
  });

  it('notes list', async () => {
    expect(await view(['clients', 'notes', 'list', 'cl_000008'], 80)).toMatchInlineSnapshot(`
      "
      ID         CREATED           KIND      BY      TEXT
      nt_000009  2025-10-02 23:26  General   Kevin   Met in person; reviewed resume
                                             Nguyen  and agreed on three applications
                                                     for next week.
      nt_000008  2025-09-25 23:26  Reasons   Daniel  Completed a PSW certificate;
                                   for       Okafor  looking for placements in
                                   referral          long-term care.
      "
    `);
    expect(await view(['clients', 'notes', 'list', 'cl_000008'], 120)).toMatchInlineSnapshot(`
      "
      ID         CREATED           KIND         BY            TEXT
      nt_000009  2025-10-02 23:26  General      Kevin Nguyen  Met in person; reviewed resume and agreed on three applications
                                                              for next week.
      nt_000008  2025-09-25 23:26  Reasons for  Daniel        Completed a PSW certificate; looking for placements in long-term
                                   referral     Okafor        care.
      "
    `);
  });

  it('flags list', async () => {
    const added = await portal().run(['clients', 'flags', 'add', 'cl_000012', '--reason', 'Meet in pairs only']);
    expect(added.exitCode, added.stderr).toBe(0);
    const removed = await portal().run([
      'clients',
      'flags',
      'remove',
      'cl_000012',
      'Meet in pairs only',
      '--reason',
      'Resolved with the client at the October review',
      '--yes',
    ]);
    expect(removed.exitCode, removed.stderr).toBe(0);
    await portal().run(['clients', 'flags', 'add', 'cl_000012', '--reason', 'No home visits; meet at the office']);
    const args = ['clients', 'flags', 'list', 'cl_000012', '--status', 'all'];
    expect(await view(args, 80)).toMatchInlineSnapshot(`
      "
      ID                        STATUS   REASON             ADDED             ADDED BY
      sf_0mvv3mg000000xxxxxxxx  removed  Meet in pairs      2026-10-30 15:00  Priya
                                         only               (just now)        Raman
      sf_0mvv3mg000003xxxxxxxx  active   No home visits;    2026-10-30 15:00  Priya
                                         meet at the        (just now)        Raman
                                         office
      --- stderr
      3 columns hidden at 80 columns: removedAt, removedBy, removalReason (use --fields or --json)
      "
    `);
    expect(await view(args, 120)).toMatchInlineSnapshot(`
      "
      ID                        STATUS   REASON        ADDED             ADDED BY  REMOVED           REMOVED BY  WHY REMOVED
      sf_0mvv3mg000000xxxxxxxx  removed  Meet in       2026-10-30 15:00  Priya     2026-10-30 15:00  Priya       Resolved with
                                         pairs only    (just now)        Raman     (just now)        Raman       the client at
                                                                                                                 the October
                                                                                                                 review
      sf_0mvv3mg000003xxxxxxxx  active   No home       2026-10-30 15:00  Priya
                                         visits; meet  (just now)        Raman
                                         at the
                                         office
      "
    `);
  });

  it('tasks list', async () => {
    const added = await portal().run([
      'clients',
      'tasks',
      'add',
      'cl_000007',
      '--title',
      'Call back about the forklift course',
      '--for',
      'self',
      '--due',
      '2026-11-06',
    ]);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(await view(['clients', 'tasks', 'list', 'cl_000007'], 80)).toMatchInlineSnapshot(`
      "
      ID                        STATUS  TITLE           DUE         FOR     CREATED BY
      tk_0mvv3mg000005xxxxxxxx  open    Call back       2026-11-06  Staff   Priya
                                        about the                           Raman
                                        forklift
                                        course
      tk_000002                 open    Upload an       2025-10-06  Client  Daniel
                                        updated resume                      Okafor
      --- stderr
      1 column hidden at 80 columns: completedAt (use --fields or --json)
      "
    `);
    expect(await view(['clients', 'tasks', 'list', 'cl_000007'], 120)).toMatchInlineSnapshot(`
      "
      ID                        STATUS  TITLE                                DUE         FOR     CREATED BY     DONE AT
      tk_0mvv3mg000005xxxxxxxx  open    Call back about the forklift course  2026-11-06  Staff   Priya Raman
      tk_000002                 open    Upload an updated resume             2025-10-06  Client  Daniel Okafor
      "
    `);
  });

  it('files list', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portalctl-views-'));
    writeFileSync(path.join(dir, 'resume October 2026.pdf'), pdf('resume', 40_000));
    const uploaded = await portal().run([
      'clients',
      'files',
      'upload',
      'cl_000016',
      path.join(dir, 'resume October 2026.pdf'),
    ]);
    expect(uploaded.exitCode, uploaded.stderr).toBe(0);
    expect(await view(['clients', 'files', 'list', 'cl_000016'], 80)).toMatchInlineSnapshot(`
      "
      ID                        NAME           TYPE  SIZE      UPLOADED          BY
      fl_0mvv3mg000007xxxxxxxx  resume         PDF   39.1 KiB  2026-10-30 15:00  Priya
                                October                        (just now)        Raman
                                2026.pdf
      "
    `);
    expect(await view(['clients', 'files', 'list', 'cl_000016'], 120)).toMatchInlineSnapshot(`
      "
      ID                        NAME                     TYPE  SIZE      UPLOADED                     BY
      fl_0mvv3mg000007xxxxxxxx  resume October 2026.pdf  PDF   39.1 KiB  2026-10-30 15:00 (just now)  Priya Raman
      "
    `);
  });

  it('representatives list', async () => {
    const invited = await portal().run([
      'clients',
      'representatives',
      'invite',
      'cl_000021',
      '--first-name',
      'Grace',
      '--last-name',
      'Hopper',
      '--email',
      'grace.hopper.representative@example.org',
    ]);
    expect(invited.exitCode, invited.stderr).toBe(0);
    expect(await view(['clients', 'representatives', 'list', 'cl_000021'], 80)).toMatchInlineSnapshot(`
      "
      ID                        NAME          EMAIL
      rp_0mvv3mg000009xxxxxxxx  Grace Hopper  grace.hopper.representative@example.org
      --- stderr
      2 columns hidden at 80 columns: invitedAt, status (use --fields or --json)
      "
    `);
    expect(await view(['clients', 'representatives', 'list', 'cl_000021'], 120)).toMatchInlineSnapshot(`
      "
      ID                        NAME          EMAIL                                    INVITED                      STATUS
      rp_0mvv3mg000009xxxxxxxx  Grace Hopper  grace.hopper.representative@example.org  2026-10-30 15:00 (just now)  pending
      "
    `);
  });
});

describe('invitations and the outbox', () => {
  it('invite send, invite status and outbox list', async () => {
    const sent = await portal().run(['invite', 'send', 'cl_000140', '--yes', '-o', 'table'], {
      env: { TZ: 'UTC', COLUMNS: '80' },
      clock: () => NOW,
    });
    expect(sent.exitCode, sent.stderr).toBe(0);
    expect(`\n${steady(sent.stdout)}`).toMatchInlineSnapshot(`
      "
      CLIENT:  cl_000140
      NAME:    Harpreet Park
      SENT TO: harpreet.park140@example.com
      SENT AT: 2026-10-30 15:00 (just now)
      LINK:    http://127.0.0.1:40000/invite/cl_000140.xxxxxxxxxxxxxxxxxxxxxxxx
      "
    `);
    expect(await view(['invite', 'status', 'cl_000140'], 80)).toMatchInlineSnapshot(`
      "
      CLIENT:      cl_000140
      NAME:        Harpreet Park
      EMAIL:       harpreet.park140@example.com
      STATUS:      pending
      SENT AT:     2026-10-30 15:00 (just now)
      SENT TO:     harpreet.park140@example.com
      LINK:        http://127.0.0.1:40000/invite/cl_000140.xxxxxxxxxxxxxxxxxxxxxxxx
      DECLINED AT: 
      LAST LOGIN:  
      --- stderr
      waiting for the client; to send a fresh link: portalctl invite resend cl_000140
      "
    `);
    expect(await view(['outbox', 'list', '--limit', '2'], 80)).toMatchInlineSnapshot(`
      "
      TIME              TO                                       KIND
      2026-10-30 15:00  harpreet.park140@example.com             Invitation
      (just now)
      2026-10-30 15:00  grace.hopper.representative@example.org  Representative
      (just now)                                                 invitation
      --- stderr
      1 column hidden at 80 columns: link (use --fields or --json)
      "
    `);
    expect(await view(['outbox', 'list', '--limit', '2'], 120)).toMatchInlineSnapshot(`
      "
      TIME                         TO                                       KIND
      2026-10-30 15:00 (just now)  harpreet.park140@example.com             Invitation
      2026-10-30 15:00 (just now)  grace.hopper.representative@example.org  Representative invitation
      --- stderr
      1 column hidden at 120 columns: link (use --fields or --json)
      "
    `);
  });
});

describe('the audit log', () => {
  it('audit list', async () => {
    const edited = await portal().run([
      'clients',
      'edit',
      'cl_000024',
      '--phone',
      '416-555-0199',
      '--address',
      '12 Front St W, Toronto, ON M5J 2N8',
    ]);
    expect(edited.exitCode, edited.stderr).toBe(0);
    const args = ['audit', 'list', '--entity', 'cl_000024'];
    expect(await view(args, 80)).toMatchInlineSnapshot(`
      "
      AT                ACTOR  ACTION         ENTITY TYPE  ENTITY     DETAIL
      2026-10-30 15:00  Priya  client.update  client       cl_000024  phone:
      (just now)        Raman                                         416-555-0124 →
                                                                      416-555-0199;
                                                                      address: 221
                                                                      Dundas St W,
                                                                      Toronto, ON M6H
                                                                      1V8 → 12 Front
                                                                      St W, Toronto,
                                                                      ON M5J 2N8
      "
    `);
    expect(await view(args, 120)).toMatchInlineSnapshot(`
      "
      AT                           ACTOR  ACTION         ENTITY TYPE  ENTITY     DETAIL
      2026-10-30 15:00 (just now)  Priya  client.update  client       cl_000024  phone: 416-555-0124 → 416-555-0199; address:
                                   Raman                                         221 Dundas St W, Toronto, ON M6H 1V8 → 12
                                                                                 Front St W, Toronto, ON M5J 2N8
      "
    `);
  });
});

describe('the directory', () => {
  it('staff list', async () => {
    const args = ['staff', 'list', '--provider', 'sp_lakeshore'];
    expect(await view(args, 80)).toMatchInlineSnapshot(`
      "
      ID          NAME        EMAIL                                  PROVIDER
      st_cwb002   Carlos      carlos.mendes@lakeshore.example.org    Lakeshore Career
                  Mendes                                             Centre
      st_cwb001   Emily Wong  emily.wong@lakeshore.example.org       Lakeshore Career
                                                                     Centre
      st_provb01  Gurpreet    gurpreet.sandhu@lakeshore.example.org  Lakeshore Career
                  Sandhu                                             Centre
      --- stderr
      1 column hidden at 80 columns: permissions (use --fields or --json)
      "
    `);
    expect(await view(args, 120)).toMatchInlineSnapshot(`
      "
      ID          NAME             EMAIL                                  PROVIDER                 PERMISSIONS
      st_cwb002   Carlos Mendes    carlos.mendes@lakeshore.example.org    Lakeshore Career Centre  clients
      st_cwb001   Emily Wong       emily.wong@lakeshore.example.org       Lakeshore Career Centre  clients
      st_provb01  Gurpreet Sandhu  gurpreet.sandhu@lakeshore.example.org  Lakeshore Career Centre  clients; sp-admin
      "
    `);
  });

  it('providers list', async () => {
    expect(await view(['providers', 'list'], 80)).toMatchInlineSnapshot(`
      "
      ID            NAME                           GROUP
      sp_lakeshore  Lakeshore Career Centre        Greater Toronto Employment Network
      sp_northstar  Northstar Employment Services  Greater Toronto Employment Network
      sp_rideau     Rideau Valley Job Connections  Eastern Ontario Employment Partners
      "
    `);
    expect(await view(['providers', 'list'], 120)).toMatchInlineSnapshot(`
      "
      ID            NAME                           GROUP
      sp_lakeshore  Lakeshore Career Centre        Greater Toronto Employment Network
      sp_northstar  Northstar Employment Services  Greater Toronto Employment Network
      sp_rideau     Rideau Valley Job Connections  Eastern Ontario Employment Partners
      "
    `);
  });

  it('whoami', async () => {
    expect(await view(['whoami'], 80)).toMatchInlineSnapshot(`
      "
      NAME:        Priya Raman
      EMAIL:       priya.raman@northstar.example.org
      STAFF ID:    st_admin01
      PERMISSIONS: administrator
      PROVIDER:    Northstar Employment Services (sp_northstar)
      GROUP:       Greater Toronto Employment Network
      PORTAL:      http://127.0.0.1:40000
      PROFILE:     (none)
      URL FROM:    environment
      TOKEN FROM:  environment
      "
    `);
  });
});

describe('portals', () => {
  it('portals list and jobs', async () => {
    expect(await view(['portals', 'list'], 80)).toMatchInlineSnapshot(`
      "
      ID              NAME                             PROVIDER                   JOBS
      po_lakeshore01  Credit Valley Health careers     Lakeshore Career Centre    3
                      portal
      po_northstar01  Maple Logistics hiring portal    Northstar Employment       4
                                                       Services
      po_northstar02  Harbourfront Hospitality portal  Northstar Employment       3
                                                       Services
      "
    `);
    expect(await view(['portals', 'list'], 120)).toMatchInlineSnapshot(`
      "
      ID              NAME                                 PROVIDER                       JOBS
      po_lakeshore01  Credit Valley Health careers portal  Lakeshore Career Centre        3
      po_northstar01  Maple Logistics hiring portal        Northstar Employment Services  4
      po_northstar02  Harbourfront Hospitality portal      Northstar Employment Services  3
      "
    `);
    expect(await view(['portals', 'jobs', 'po_northstar01'], 80)).toMatchInlineSnapshot(`
      "
      ID           TITLE
      jb_maple001  Warehouse associate (days)
      jb_maple002  Forklift operator
      jb_maple003  Shipping coordinator
      jb_maple004  Inventory clerk
      "
    `);
  });

  it('candidates list', async () => {
    const args = ['portals', 'candidates', 'list', 'po_northstar01'];
    expect(await view(args, 80, PORTAL_USERS)).toMatchInlineSnapshot(`
      "
      ID         CANDIDATE  JOB        EXECUTIVE SUMMARY   DOCUMENTS  ADDED
      cd_000002  Kwame      Warehouse  Reliable and                   2026-10-21 15:30
                 Chen       associate  punctual; finished             (8 days ago)
                            (days)     a warehouse safety
                                       course in
                                       September. Looking
                                       for full-time day
                                       work close to
                                       transit.
      cd_000001  Chloé Da   Forklift   Forklift certified             2026-10-20 14:00
                 Silva      operator   (counterbalance                (10 days ago)
                                       and reach truck,
                                       2025). Two years
                                       of warehouse work
                                       in a distribution
                                       centre; available
                                       for day and
                                       evening shifts.
      "
    `);
    expect(await view(args, 120, PORTAL_USERS)).toMatchInlineSnapshot(`
      "
      ID         CANDIDATE  JOB        EXECUTIVE SUMMARY                             DOCUMENTS  ADDED
      cd_000002  Kwame      Warehouse  Reliable and punctual; finished a warehouse              2026-10-21 15:30 (8 days ago)
                 Chen       associate  safety course in September. Looking for
                            (days)     full-time day work close to transit.
      cd_000001  Chloé Da   Forklift   Forklift certified (counterbalance and reach             2026-10-20 14:00 (10 days ago)
                 Silva      operator   truck, 2025). Two years of warehouse work in
                                       a distribution centre; available for day and
                                       evening shifts.
      "
    `);
  });

  it("a portal user's history: actions in words, job titles and local times in the detail", async () => {
    for (const args of [
      ['portal', 'users', 'access', 'pu_000003', '--jobs', 'jb_maple002,jb_maple003'],
      ['portal', 'users', 'deactivate', 'pu_000003', '--reason', 'Left the company', '--yes'],
      ['portal', 'users', 'reactivate', 'pu_000003', '--yes'],
    ]) {
      const r = await portal().run(args, { token: PORTAL_USERS });
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const args = ['portal', 'users', 'history', 'pu_000003'];
    expect(await view(args, 80, PORTAL_USERS)).toMatchInlineSnapshot(`
      "
      AT                           ACTION       BY                DETAIL
      2026-10-30 15:00 (just now)  Reactivated  Jordan MacDonald  deactivated since
                                                                  2026-09-01 12:00
      2026-10-30 15:00 (just now)  Access       Jordan MacDonald  all jobs -> selected
                                   changed                        jobs: Forklift
                                                                  operator, Shipping
                                                                  coordinator
      2026-09-01 12:00             Deactivated  Jordan MacDonald
      2026-09-01 12:00             Link         Jordan MacDonald  ln_000004 (user
                                   expired                        deactivated)
      2026-06-03 18:20             Link used    Claire Fontaine   ln_000004 from
                                                                  192.0.2.77
      2026-05-20 15:00             Link sent    Jordan MacDonald  ln_000004
      2026-05-20 15:00             Invited      Jordan MacDonald  all jobs
      "
    `);
    expect(await view(args, 120, PORTAL_USERS)).toMatchInlineSnapshot(`
      "
      AT                           ACTION          BY                DETAIL
      2026-10-30 15:00 (just now)  Reactivated     Jordan MacDonald  deactivated since 2026-09-01 12:00
      2026-10-30 15:00 (just now)  Access changed  Jordan MacDonald  all jobs -> selected jobs: Forklift operator, Shipping
                                                                     coordinator
      2026-09-01 12:00             Deactivated     Jordan MacDonald
      2026-09-01 12:00             Link expired    Jordan MacDonald  ln_000004 (user deactivated)
      2026-06-03 18:20             Link used       Claire Fontaine   ln_000004 from 192.0.2.77
      2026-05-20 15:00             Link sent       Jordan MacDonald  ln_000004
      2026-05-20 15:00             Invited         Jordan MacDonald  all jobs
      "
    `);
  });

  it('portal users list, history, links and feedback', async () => {
    const list = ['portal', 'users', 'list', '--limit', '4'];
    expect(await view(list, 80, PORTAL_USERS)).toMatchInlineSnapshot(`
      "
      ID         NAME             EMAIL
      pu_000001  Rebecca Hughes   rebecca.hughes@maple-logistics.example.com
      pu_000002  Vikram Desai     vikram.desai@maple-logistics.example.com
      pu_000003  Claire Fontaine  claire.fontaine@maple-logistics.example.com
      pu_000004  Tyrone Baptiste  tyrone.baptiste@harbourfront-hospitality.example.com
      --- stderr
      3 columns hidden at 80 columns: portalId, access, status (use --fields or --json)
      "
    `);
    expect(await view(list, 120, PORTAL_USERS)).toMatchInlineSnapshot(`
      "
      ID         NAME      EMAIL                                                 PORTAL           ACCESS                STATUS
      pu_000001  Rebecca   rebecca.hughes@maple-logistics.example.com            Maple Logistics  all jobs              active
                 Hughes                                                          hiring portal
      pu_000002  Vikram    vikram.desai@maple-logistics.example.com              Maple Logistics  selected jobs:        active
                 Desai                                                           hiring portal    Warehouse associate
                                                                                                  (days), Forklift
                                                                                                  operator
      pu_000003  Claire    claire.fontaine@maple-logistics.example.com           Maple Logistics  selected jobs:        active
                 Fontaine                                                        hiring portal    Forklift operator,
                                                                                                  Shipping coordinator
      pu_000004  Tyrone    tyrone.baptiste@harbourfront-hospitality.example.com  Harbourfront     all jobs              active
                 Baptiste                                                        Hospitality
                                                                                 portal
      "
    `);
    expect(await view(['portal', 'users', 'history', 'pu_000001'], 80, PORTAL_USERS)).toMatchInlineSnapshot(`
      "
      AT                            ACTION     BY                DETAIL
      2026-10-28 16:42 (1 day ago)  Link used  Rebecca Hughes    ln_000001 from
                                                                 203.0.113.24
      2026-06-02 14:00              Link sent  Jordan MacDonald  ln_000001
      2026-06-02 14:00              Invited    Jordan MacDonald  all jobs
      "
    `);
    expect(await view(['portal', 'users', 'links', 'pu_000001'], 80, PORTAL_USERS)).toMatchInlineSnapshot(`
      "
      ID         STATUS  SENT AT           LAST USED         FROM IP       EXPIRED AT
      ln_000001  active  2026-06-02 14:00  2026-10-28 16:42  203.0.113.24
                                           (1 day ago)
      --- stderr
      1 column hidden at 80 columns: url (use --fields or --json)
      "
    `);
    expect(await view(['portal', 'users', 'links', 'pu_000001'], 120, PORTAL_USERS)).toMatchInlineSnapshot(`
      "
      ID         STATUS  SENT AT           LAST USED                     FROM IP       EXPIRED AT
      ln_000001  active  2026-06-02 14:00  2026-10-28 16:42 (1 day ago)  203.0.113.24
      --- stderr
      1 column hidden at 120 columns: url (use --fields or --json)
      "
    `);
    expect(await view(['portal', 'users', 'feedback', 'pu_000001'], 80, PORTAL_USERS)).toMatchInlineSnapshot(`
      "
      WHEN                          CANDIDATE  JOB        FEEDBACK
      2026-10-29 09:15 (1 day ago)  Kwame      Warehouse  Good background; is he able
                                    Chen       associate  to start before the
                                               (days)     holidays?
      2026-10-28 16:50 (1 day ago)  Chloé Da   Forklift   Strong fit for the forklift
                                    Silva      operator   role. We would like to
                                                          interview her next week.
      "
    `);
  });
});

describe('CaMS and Common Assessments', () => {
  it('cams lookup, ca lookup and the Employment Action Plan', async () => {
    expect(await view(['cams', 'lookup', '141100741'], 80)).toMatchInlineSnapshot(`
      "
      CLIENT REFERENCE NUMBER: 141100741
      FIRST NAME:              Mei
      LAST NAME:               Haile
      EMAIL:                   mei.haile139@example.org
      PHONE:                   343-555-0139
      ADDRESS:                 1721 Eglinton Ave E, Kingston, ON K7L 0T8
      DATE OF BIRTH:           1967-02-26
      SELF-IDENTIFICATION:     2SLGBTQI+; Newcomer to Canada
      LINKED CLIENT:           cl_000139
      --- stderr
      Linked to portal client cl_000139: Mei Haile (Jo) <mei.haile139@example.org>
      "
    `);
    expect(await view(['ca', 'lookup', 'CA-3001002'], 80)).toMatchInlineSnapshot(`
      "
      CA NUMBER:    CA-3001002
      STATUS:       submitted
      FIRST NAME:   José
      LAST NAME:    Côté
      EMAIL:        jose.cote2@example.com
      PHONE:        647-555-0102
      ADDRESS:      682 Finch Ave E, Scarborough, ON M1B 2J3
      SUBMITTED AT: 2025-09-05 10:28
      IMPORTED FOR: cl_000002
      --- stderr
      Already imported for client cl_000002: José Côté <jose.cote2@example.com>; a Common Assessment is copied once.
      "
    `);
    expect(await view(['cams', 'eap', 'cl_000001'], 80)).toMatchInlineSnapshot(`
      "
      Employment Action Plan of Mary-Ann O'Brien (cl_000001), CaMS client 140007919
      Case C-24100037: open since 2025-11-01; Employment Services, Scarborough; CaMS
      caseworker M. Tremblay
      Last changed in CaMS 2025-11-21 14:00

      Employment goals (1)
      GOAL  DESCRIPTION                           TARGET      STATUS
      EG-1  Full-time work as retail salesperson  2026-05-30  active

      Outcomes (0)

      Sub-goals (3)
      SUB-GOAL  GOAL  DESCRIPTION                              TARGET      STATUS
      SG-1.1    EG-1  Practise interviews with a job coach     2025-12-21  not-started
      SG-1.2    EG-1  Update the resume for the target         2026-01-20  completed
                      occupation
      SG-1.3    EG-1  Apply to five postings a week            2026-02-19  completed

      Plan items (3)
      ITEM    SUB-GOAL  TYPE                         PROVIDED BY         START
      PI-1.1  SG-1.1    Work clothing and equipment  Financial supports  2025-11-22
      PI-1.2  SG-1.2    Language assessment          Language services   2025-12-06
      PI-1.3  SG-1.3    Work clothing and equipment  Financial supports  2025-12-20
      --- stderr
      2 columns hidden at 80 columns: endDate, status (use --fields or --json)
      "
    `);
  });
});

describe('machine formats', () => {
  it('do not change with the width', async () => {
    for (const format of ['json', 'ndjson', 'csv', 'tsv']) {
      const args = ['clients', 'list', '--limit', '5', '-o', format];
      const wide = await portal().run(args, { env: { TZ: 'UTC' }, clock: () => NOW });
      const narrow = await portal().run(args, { env: { TZ: 'UTC', COLUMNS: '40' }, clock: () => NOW });
      expect(narrow.stdout).toBe(wide.stdout);
      expect(narrow.stderr).toBe('');
    }
  });

  it('a pipe without COLUMNS keeps the table unwrapped', async () => {
    const r = await portal().run(['staff', 'list', '-o', 'table'], { env: { TZ: 'UTC' }, clock: () => NOW });
    expect(r.stdout.split('\n')[0]).toMatch(/^ID +NAME +EMAIL +PROVIDER +PERMISSIONS$/);
    expect(r.stderr).toBe('');
  });
});
