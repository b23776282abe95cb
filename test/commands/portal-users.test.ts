// portal users invite / list / get / deactivate / links / expire-link / history, in-process against a
// seeded portal, as the Northstar staff member with only `portal-users`.
//
// Seed (fixtures/seed.json): portals po_northstar01 (jobs jb_maple001..004) and po_northstar02
// (Northstar), po_lakeshore01 (Lakeshore); users pu_000001..008 (pu_000006/7 on Lakeshore,
// pu_000003/7 deactivated); pu_000002 has one expired and one active link, pu_000008 two active.
import { describe, expect, it } from 'vitest';
import { type PortalUser, PortalUserSchema, type SharedLink, SharedLinkSchema } from '../../src/contract/schemas.js';
import { api, apiGet, argv, expectHelp, outbox } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, PORTAL_USERS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal, PORTAL_USERS);

async function links(userId: string): Promise<SharedLink[]> {
  return (await apiGet<{ data: SharedLink[] }>(portal(), `/v1/portal-users/${userId}/links`)).data;
}

/** The external user opens the link (test endpoint). */
function useLink(linkId: string, ip = '198.51.100.7') {
  return api<SharedLink & { code?: string; detail?: string }>(portal(), `/v1/_test/shared-links/${linkId}/use`, {
    method: 'POST',
    body: { ip },
  });
}

/** `portal users invite` of EMAIL (FIRST LAST); then the portal and access flags. */
function inviteArgs(email: string, first: string, last: string, ...flags: string[]): string[] {
  return ['portal', 'users', 'invite', '--email', email, '--first-name', first, '--last-name', last, ...flags];
}

/** A fresh user on po_northstar01 with one active link, through the CLI. */
async function invited(email: string): Promise<{ user: PortalUser; link: SharedLink }> {
  const r = await run(inviteArgs(email, 'Test', 'User', '--portal', 'po_northstar01', '--all-jobs', '--json'));
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { user: PortalUser; link: SharedLink };
}

describe('portal users invite', () => {
  it('all jobs, portal by name: prints the user and the shared link; the outbox has the link', async () => {
    const r = await run(
      inviteArgs(
        'sam.lee@maple.example.com',
        'Sam',
        'Lee',
        '--portal',
        'maple logistics hiring portal',
        '--all-jobs',
        '--json',
      ),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const { user, link } = JSON.parse(r.stdout) as { user: unknown; link: unknown };
    const u = PortalUserSchema().parse(user);
    const l = SharedLinkSchema().parse(link);
    expect(u).toMatchObject({ email: 'sam.lee@maple.example.com', portalId: 'po_northstar01', status: 'active' });
    expect(u.access).toEqual({ type: 'all-jobs' });
    expect(l).toMatchObject({ portalUserId: u.id, status: 'active', lastUsedAt: null });
    expect(l.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p\/\S+$/);
    expect(r.stderr).toContain('✓ Invited Sam Lee to Maple Logistics hiring portal');
    const [latest] = await outbox(portal(), 'to=sam.lee%40maple.example.com');
    expect(latest).toMatchObject({ kind: 'portal-user-invitation', link: l.url, portalUserId: u.id });
  });

  it('selected jobs by id; the table shows the jobs by title and the link URL', async () => {
    const r = await run(
      inviteArgs(
        'kim.ng@maple.example.com',
        'Kim',
        'Ng',
        '--portal',
        'po_northstar01',
        '--jobs',
        'jb_maple001, jb_maple003',
        '-o',
        'table',
      ),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ACCESS:\s+selected jobs: Warehouse associate \(days\), Shipping coordinator$/m);
    expect(r.stdout).toMatch(/^LINK:\s+http:\/\/\S+\/p\/\S+$/m);
  });

  it('selected jobs by title, in any case, as portals jobs lists them', async () => {
    const r = await run(
      inviteArgs(
        'lee.park@maple.example.com',
        'Lee',
        'Park',
        '--portal',
        'Maple Logistics hiring portal',
        '--jobs',
        'forklift OPERATOR,jb_maple004',
        '--json',
      ),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(PortalUserSchema().parse(JSON.parse(r.stdout).user).access).toEqual({
      type: 'selected-jobs',
      jobIds: ['jb_maple002', 'jb_maple004'],
    });
  });

  it('refusals: --all-jobs with --jobs, missing values, unknown job, unknown portal, bad email, email taken', async () => {
    const ab = (...flags: string[]) => inviteArgs('a@b.example', 'A', 'B', ...flags);
    const both = await run(ab('--portal', 'po_northstar01', '--all-jobs', '--jobs', 'jb_maple001'));
    expect(both.exitCode).toBe(USAGE);
    expect(both.stderr).toContain('pass only one of --all-jobs and --jobs');

    const neither = await run(ab('--portal', 'po_northstar01'));
    expect(neither.exitCode).toBe(USAGE);
    expect(neither.stderr).toContain('--all-jobs or --jobs is required when not running interactively');

    const missing = await run(['portal', 'users', 'invite', '--portal', 'po_northstar01', '--all-jobs']);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain(
      '--email, --first-name and --last-name are required when not running interactively',
    );

    // A job of another portal is no such job of this one: not found, like an unknown portal.
    const job = await run(ab('--portal', 'po_northstar01', '--jobs', 'jb_harbour001'));
    expect(job.exitCode).toBe(NOT_FOUND);
    expect(job.stderr).toContain(
      '--jobs: jb_harbour001 is not a job of portal Maple Logistics hiring portal (po_northstar01)',
    );
    expect(job.stderr).toContain('jb_maple001 (Warehouse associate (days))');

    const unknownPortal = await run(ab('--portal', 'Nope portal', '--all-jobs'));
    expect(unknownPortal.exitCode).toBe(NOT_FOUND);
    expect(unknownPortal.stderr).toContain('--portal: no client portal "Nope portal" that you manage');
    // Another provider's portal is not one this staff member manages.
    const lakeshore = await run(ab('--portal', 'po_lakeshore01', '--all-jobs'));
    expect(lakeshore.exitCode).toBe(NOT_FOUND);

    const email = await run(inviteArgs('not-an-email', 'A', 'B', '--portal', 'po_northstar01', '--all-jobs'));
    expect(email.exitCode).toBe(USAGE);
    expect(email.stderr).toContain('--email: must be an email address like name@example.org');

    const taken = await run(
      inviteArgs('rebecca.hughes@maple-logistics.example.com', 'A', 'B', '--portal', 'po_northstar01', '--all-jobs'),
    );
    expect(taken.exitCode).toBe(CONFLICT);
    expect(taken.stderr).toContain('is already an active user of portal po_northstar01 (pu_000001)');
  });
});

describe('portal users list and get', () => {
  it('list: API objects of your own portals; filters by status and portal; -q', async () => {
    const r = await run(['portal', 'users', 'list', '--all', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const users = (JSON.parse(r.stdout) as unknown[]).map((u) => PortalUserSchema().parse(u));
    expect(users.map((u) => u.id)).toContain('pu_000001');
    expect(users.some((u) => u.portalId === 'po_lakeshore01')).toBe(false);

    const deactivated = JSON.parse(
      (await run(['portal', 'users', 'list', '--status', 'deactivated', '--json'])).stdout,
    );
    expect(deactivated.map((u: PortalUser) => u.id)).toContain('pu_000003');
    expect(deactivated.every((u: PortalUser) => u.status === 'deactivated')).toBe(true);

    const harbour = JSON.parse(
      (await run(['portal', 'users', 'list', '--portal', 'Harbourfront Hospitality portal', '--json'])).stdout,
    );
    expect(harbour.length).toBeGreaterThan(0);
    expect(harbour.every((u: PortalUser) => u.portalId === 'po_northstar02')).toBe(true);

    const quiet = await run(['portal', 'users', 'list', '--limit', '2', '-q']);
    expect(quiet.stdout).toMatch(/^pu_\w+\npu_\w+\n$/);
    const tsv = await run(['portal', 'users', 'list', '--limit', '1']);
    expect(tsv.stdout.split('\n')[0]).toBe('id\tname\temail\tportalId\taccess\tstatus');

    const bad = await run(['portal', 'users', 'list', '--status', 'gone']);
    expect(bad.exitCode).toBe(USAGE);
    expect(bad.stderr).toContain('--status');
  });

  it('get by id and by email; unknown and other-provider users are not found', async () => {
    const byId = await run(['portal', 'users', 'get', 'pu_000002', '--json']);
    expect(byId.exitCode, byId.stderr).toBe(0);
    expect(PortalUserSchema().parse(JSON.parse(byId.stdout))).toMatchObject({
      id: 'pu_000002',
      access: { type: 'selected-jobs', jobIds: ['jb_maple001', 'jb_maple002'] },
    });
    const byEmail = await run(['portal', 'users', 'get', 'VIKRAM.DESAI@maple-logistics.example.com', '--json']);
    expect(JSON.parse(byEmail.stdout).id).toBe('pu_000002');

    const unknown = await run(['portal', 'users', 'get', 'pu_doesnotexist']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
    expect(unknown.stderr).toContain('error: no portal user pu_doesnotexist');
    const otherProvider = await run(['portal', 'users', 'get', 'pu_000006']);
    expect(otherProvider.exitCode).toBe(NOT_FOUND);
    const email = await run(['portal', 'users', 'get', 'nobody@nowhere.example']);
    expect(email.exitCode).toBe(NOT_FOUND);
    expect(email.stderr).toContain('no portal user with the email nobody@nowhere.example');
    const none = await run(['portal', 'users', 'get']);
    expect(none.exitCode).toBe(USAGE);
    expect(none.stderr).toContain('<user> is required when not running interactively');
  });
});

describe('portal users links and history', () => {
  it('links: sent, status, last used and from which IP; --active', async () => {
    const r = await run(['portal', 'users', 'links', 'pu_000002', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const list = (JSON.parse(r.stdout) as unknown[]).map((l) => SharedLinkSchema().parse(l));
    expect(list.map((l) => [l.id, l.status])).toEqual([
      ['ln_000003', 'active'],
      ['ln_000002', 'expired'],
    ]);
    expect(list[1]).toMatchObject({ lastUsedIp: '198.51.100.14' });
    const active = await run(['portal', 'users', 'links', 'pu_000002', '--active', '-q']);
    expect(active.stdout).toBe('ln_000003\n');
    const unknown = await run(['portal', 'users', 'links', 'pu_doesnotexist']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
  });

  it('history: newest first', async () => {
    const r = await run(['portal', 'users', 'history', 'pu_000001', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const entries = JSON.parse(r.stdout) as { action: string; actor: string; detail: string | null }[];
    expect(entries[0]).toMatchObject({
      action: 'link-used',
      actor: 'pu_000001',
      detail: 'ln_000001 from 203.0.113.24',
    });
    expect(entries.at(-1)).toMatchObject({ action: 'invited', detail: 'all jobs' });
    const table = await run(['portal', 'users', 'history', 'pu_000001', '-o', 'table']);
    expect(table.stdout).toMatch(/^AT\s+ACTION\s+BY\s+DETAIL$/m);
    const unknown = await run(['portal', 'users', 'history', 'pu_doesnotexist']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
  });
});

describe('portal users deactivate', () => {
  it('--dry-run, no --yes, then --yes: access ends and the link is refused on use', async () => {
    const { user, link } = await invited('deactivate.me@maple.example.com');

    const dry = await run(['portal', 'users', 'deactivate', user.id, '--dry-run', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({
      dryRun: true,
      action: 'portal-user.deactivate',
      portalUserId: user.id,
      email: user.email,
      expireLinkIds: [link.id],
      notify: [],
    });
    const noYes = await run(['portal', 'users', 'deactivate', user.id]);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain(`deactivating ${user.id} ends their access (1 active shared link stops working)`);
    expect(noYes.stderr).toContain('pass --yes');
    expect((await useLink(link.id)).status).toBe(200);

    const r = await run(['portal', 'users', 'deactivate', user.email, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(PortalUserSchema().parse(JSON.parse(r.stdout))).toMatchObject({ id: user.id, status: 'deactivated' });
    expect((await links(user.id)).map((l) => l.status)).toEqual(['expired']);
    const used = await useLink(link.id);
    expect(used.status).toBe(409);
    expect(used.body.code).toBe('link-expired');

    const again = await run(['portal', 'users', 'deactivate', user.id, '--yes']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('is already deactivated');
    const history = JSON.parse((await run(['portal', 'users', 'history', user.id, '--json'])).stdout);
    expect(history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['deactivated', 'link-expired', 'link-used']),
    );
  });

  it('an unknown user is not found', async () => {
    const unknown = await run(['portal', 'users', 'deactivate', 'pu_doesnotexist', '--yes']);
    expect(unknown.exitCode).toBe(NOT_FOUND);
  });
});

describe('portal users expire-link', () => {
  it('one link: --dry-run, no --yes, --yes; then the expired link is refused on use', async () => {
    const { user, link } = await invited('expire.one@maple.example.com');
    expect((await useLink(link.id, '203.0.113.50')).status).toBe(200);

    const dry = await run(['portal', 'users', 'expire-link', link.id, '--dry-run', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({
      dryRun: true,
      action: 'shared-link.expire',
      portalUserId: user.id,
      expireLinkIds: [link.id],
      notify: [],
    });
    const noYes = await run(['portal', 'users', 'expire-link', link.id]);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain('--yes');
    expect((await links(user.id))[0]!.status).toBe('active');

    const r = await run(['portal', 'users', 'expire-link', link.id, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const expired = SharedLinkSchema().parse(JSON.parse(r.stdout));
    expect(expired).toMatchObject({ id: link.id, status: 'expired', lastUsedIp: '203.0.113.50' });
    expect(expired.expiredAt).not.toBeNull();
    const used = await useLink(link.id);
    expect(used.status).toBe(409);
    expect(used.body.code).toBe('link-expired');

    const again = await run(['portal', 'users', 'expire-link', link.id, '--dry-run']);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('has already expired');
  });

  it('--user USER --all expires every active link of the user', async () => {
    const before = await links('pu_000008');
    expect(before.filter((l) => l.status === 'active').map((l) => l.id)).toEqual(['ln_000010', 'ln_000009']);
    const dry = await run(argv`portal users expire-link --user pu_000008 --all --dry-run -o table`);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run: would expire 2 active links of Nadia Haddad');
    expect(dry.stdout).toContain('(ln_000010, ln_000009)');
    expect((await links('pu_000008')).every((l) => l.status === 'active')).toBe(true);

    const r = await run(
      argv`portal users expire-link --user nadia.haddad@maple-logistics.example.com --all --yes --json`,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const expired = JSON.parse(r.stdout) as SharedLink[];
    expect(expired.map((l) => [l.id, l.status]).sort()).toEqual([
      ['ln_000009', 'expired'],
      ['ln_000010', 'expired'],
    ]);
    expect((await useLink('ln_000009')).status).toBe(409);
    const none = await run(['portal', 'users', 'expire-link', '--user', 'pu_000008', '--all', '--yes', '--json']);
    expect(none.exitCode).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(none.stderr).toContain('has no active shared link; nothing changed');
  });

  it('unknown links are not found, with --yes, --dry-run, or another user', async () => {
    const yes = await run(['portal', 'users', 'expire-link', 'ln_doesnotexist', '--yes']);
    expect(yes.exitCode).toBe(NOT_FOUND);
    expect(yes.stderr).toContain('error: no shared link ln_doesnotexist');
    const dry = await run(['portal', 'users', 'expire-link', 'ln_doesnotexist', '--dry-run']);
    expect(dry.exitCode).toBe(NOT_FOUND);
    const wrongUser = await run(['portal', 'users', 'expire-link', 'ln_000003', '--user', 'pu_000001', '--yes']);
    expect(wrongUser.exitCode).toBe(NOT_FOUND);
    expect(wrongUser.stderr).toContain('no shared link ln_000003 of portal user pu_000001');
    expect((await links('pu_000002'))[0]).toMatchObject({ id: 'ln_000003', status: 'active' });
  });

  it('usage: a link with --all, --all without --user, nothing at all', async () => {
    const both = await run(['portal', 'users', 'expire-link', 'ln_000003', '--user', 'pu_000002', '--all']);
    expect(both.exitCode).toBe(USAGE);
    expect(both.stderr).toContain('pass either a <link> or --user USER --all, not both');
    const noUser = await run(['portal', 'users', 'expire-link', '--all', '--yes']);
    expect(noUser.exitCode).toBe(USAGE);
    expect(noUser.stderr).toContain('--all needs --user USER');
    const nothing = await run(['portal', 'users', 'expire-link']);
    expect(nothing.exitCode).toBe(USAGE);
    expect(nothing.stderr).toContain('<link> (or --user USER --all) is required when not running interactively');
  });
});

describe('the portal-users permission', () => {
  // Tried with the clients-only token; the refusal comes before anything changes.
  it.each([
    'invite --email x@y.example --first-name X --last-name Y --portal po_northstar01 --all-jobs',
    'list',
    'get pu_000001',
    'links pu_000001',
    'history pu_000001',
    'deactivate pu_000005 --yes',
    'expire-link ln_000003 --yes',
  ])('portal users %s, without it: exit 4 naming it', async (command) => {
    const r = await run(['portal', 'users', ...command.split(' ')], CLIENTS);
    expect(r.exitCode).toBe(FORBIDDEN);
    expect(r.stderr).toContain('your token lacks the `portal-users` permission');
  });
});

describe('--help', () => {
  it('each command has a description and examples', async () => {
    const commands = ['invite', 'list', 'get', 'deactivate', 'links', 'expire-link', 'history'];
    const all = commands.map((command) => `portal users ${command}`);
    await expectHelp(run, all);
  });
});
