// `portal users expire-link LINK` through the built binary against a real portal: it reads the link
// with GET /v1/shared-links/:id (and its user), shows whose link it is in the dry run and in the
// confirmation, then expires it. As the Northstar staff member with only `portal-users`.
//
// Seed (fixtures/seed.json): ln_000001 is Rebecca Hughes's (pu_000001, po_northstar01), last used
// from 203.0.113.24; ln_000003 is Vikram Desai's (pu_000002, po_northstar01), never used;
// ln_000005 is Tyrone Baptiste's (pu_000004, po_northstar02); ln_000004 is the deactivated Claire
// Fontaine's (expired); ln_000007 belongs to a user of Lakeshore's portal. Each test changes its
// own links, so the tests share one portal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SharedLink, SharedLinkSchema } from '../../src/contract/schemas.js';
import { portalctl as execPortalctl, type Portal, startPortal } from '../helpers/portal.js';
import { runPty } from './pty.js';

const STAFF = 'demo-portal-users-token';
const CLIENTS_ONLY = 'demo-clients-token';
const USAGE = 2;
const FORBIDDEN = 4;
const NOT_FOUND = 5;
const CANCELLED = 130;

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(async () => {
  await portal?.stop();
});

interface Result {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

async function run(args: string[], token = STAFF): Promise<Result> {
  const r = await execPortalctl(['portal', 'users', 'expire-link', ...args], { portal, token });
  return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${portal.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${portal.adminToken}`, 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function link(id: string): Promise<SharedLink> {
  const { status, body } = await api<SharedLink>('GET', `/v1/shared-links/${id}`);
  expect(status).toBe(200);
  return SharedLinkSchema().parse(body);
}

/** The requests a run made, from its --debug lines: `GET /v1/...`. */
function requests(stderr: string): string[] {
  return [...stderr.matchAll(/^debug: (GET|POST|PATCH|PUT|DELETE) (?:https?:\/\/[^/\s]+)?(\/\S*) -> /gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
}

/** The block that says whose link it is, as stderr shows it. */
function details(rows: { id: string; user: string; portal: string; status: string; sent: string; used: string }) {
  return [
    `Shared link ${rows.id}`,
    `  user:      ${rows.user}`,
    `  portal:    ${rows.portal}`,
    `  status:    ${rows.status}`,
    `  sent:      ${rows.sent}`,
    `  last used: ${rows.used}`,
  ].join('\n');
}

const REBECCA = {
  id: 'ln_000001',
  user: 'Rebecca Hughes <rebecca.hughes@maple-logistics.example.com> (pu_000001)',
  portal: 'po_northstar01',
  status: 'active',
  sent: '2026-06-02 14:00',
  used: '2026-10-28 16:42 from 203.0.113.24',
};
const VIKRAM = {
  id: 'ln_000003',
  user: 'Vikram Desai <vikram.desai@maple-logistics.example.com> (pu_000002)',
  portal: 'po_northstar01',
  status: 'active',
  sent: '2026-08-15 09:01',
  used: 'never',
};

describe('expire-link --dry-run', () => {
  it('shows whose link it is (user, portal, status, sent, last used) and changes nothing', async () => {
    const table = await run(['ln_000001', '--dry-run', '-o', 'table']);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stderr).toContain(details(REBECCA));
    expect(table.stdout).toBe(
      'Dry run: would expire link ln_000001 of Rebecca Hughes <rebecca.hughes@maple-logistics.example.com> (pu_000001); access through it would end. Nothing was changed.\nNo one would be emailed.',
    );

    const json = await run(['ln_000003', '--dry-run', '--json']);
    expect(json.exitCode, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      dryRun: true,
      action: 'shared-link.expire',
      portalUserId: 'pu_000002',
      expireLinkIds: ['ln_000003'],
      notify: [],
    });
    expect(json.stderr).toContain(details(VIKRAM));

    // With --user, the same, once the link is checked to be theirs.
    const mine = await run(['ln_000003', '--user', 'vikram.desai@maple-logistics.example.com', '--dry-run']);
    expect(mine.exitCode, mine.stderr).toBe(0);
    expect(mine.stderr).toContain(details(VIKRAM));

    expect((await link('ln_000001')).status).toBe('active');
    expect((await link('ln_000003')).status).toBe('active');
  });

  it('reads the one link and its user, never searching through the users', async () => {
    const r = await run(['ln_000003', '--dry-run', '--debug']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(requests(r.stderr)).toEqual(['GET /v1/shared-links/ln_000003', 'GET /v1/portal-users/pu_000002']);
  });

  it('says a link has already expired, and whose it is', async () => {
    const r = await run(['ln_000004', '--dry-run', '-o', 'table']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^STATUS:\s+expired$/m);
    expect(r.stderr).toContain(
      'Link ln_000004 of Claire Fontaine <claire.fontaine@maple-logistics.example.com> has already expired (2026-09-01 12:00); nothing changed',
    );
  });
});

describe('expire-link LINK --yes', () => {
  it('expires the link at once; it is refused on use; a second run changes nothing', async () => {
    expect((await api('POST', '/v1/_test/shared-links/ln_000009/use', { ip: '203.0.113.80' })).status).toBe(200);
    const r = await run(['ln_000009', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const expired = SharedLinkSchema().parse(JSON.parse(r.stdout));
    expect(expired).toMatchObject({
      id: 'ln_000009',
      portalUserId: 'pu_000008',
      status: 'expired',
      lastUsedIp: '203.0.113.80',
    });
    expect(expired.expiredAt).not.toBeNull();
    expect(await link('ln_000009')).toEqual(expired);
    const used = await api<{ code: string }>('POST', '/v1/_test/shared-links/ln_000009/use', { ip: '203.0.113.80' });
    expect(used.status).toBe(409);
    expect(used.body.code).toBe('link-expired');
    // The user's other link still works.
    expect((await link('ln_000010')).status).toBe('active');

    const again = await run(['ln_000009', '--yes', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(expired);
  });

  it('a link that has already expired is said to be so (exit 0), never "expired" again', async () => {
    const before = await link('ln_000004');
    expect(before.status).toBe('expired');
    for (const format of [['-o', 'table'], ['--json']]) {
      const r = await run(['ln_000004', '--yes', ...format]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain(
        'Link ln_000004 of Claire Fontaine <claire.fontaine@maple-logistics.example.com> has already expired (2026-09-01 12:00); nothing changed',
      );
      expect(r.stderr).not.toContain('Expired link');
      expect(r.stderr).not.toContain('access through it has ended');
    }
    expect(await link('ln_000004')).toEqual(before);
    // Nothing was asked of the portal but to read the link and its user.
    const debug = await run(['ln_000004', '--yes', '--debug']);
    expect(requests(debug.stderr)).toEqual(['GET /v1/shared-links/ln_000004', 'GET /v1/portal-users/pu_000003']);
  });

  it("with --user, checks it is that user's link first and names them", async () => {
    const r = await run(['ln_000010', '--user', 'pu_000008', '--yes', '-o', 'table']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^STATUS:\s+expired$/m);
    expect(r.stderr).toContain(
      '✓ Expired link ln_000010 of Nadia Haddad <nadia.haddad@maple-logistics.example.com>; access through it has ended',
    );
  });

  it('without --yes and no terminal, refuses naming --yes and changes nothing', async () => {
    const r = await run(['ln_000005']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('pass --yes to confirm when not running interactively');
    expect((await link('ln_000005')).status).toBe('active');
  });
});

describe('expire-link refusals', () => {
  it('an unknown link, or one of another provider, is not found, with --dry-run and with --yes', async () => {
    for (const id of ['ln_999999', 'ln_000007']) {
      for (const flag of ['--dry-run', '--yes']) {
        const r = await run([id, flag]);
        expect(r.exitCode, `${id} ${flag}: ${r.stderr}`).toBe(NOT_FOUND);
        expect(r.stderr).toContain(`error: no shared link ${id}\n`);
        expect(r.stderr).toContain('hint: list the links of a user with portalctl portal users links USER');
      }
    }
    expect((await link('ln_000007')).status).toBe('active');
  });

  it("another user's link with --user is not found, and stays active", async () => {
    for (const flag of ['--dry-run', '--yes']) {
      const r = await run(['ln_000003', '--user', 'pu_000001', flag]);
      expect(r.exitCode, r.stderr).toBe(NOT_FOUND);
      expect(r.stderr).toContain('error: no shared link ln_000003 of portal user pu_000001');
    }
    expect((await link('ln_000003')).status).toBe('active');
  });

  it('needs the portal-users permission, for a dry run too', async () => {
    for (const flag of ['--dry-run', '--yes']) {
      const r = await run(['ln_000003', flag], CLIENTS_ONLY);
      expect(r.exitCode, r.stderr).toBe(FORBIDDEN);
      expect(r.stderr).toContain('`portal-users` permission');
    }
    expect((await link('ln_000003')).status).toBe('active');
  });
});

describe('expire-link on a terminal', () => {
  const TYRONE = {
    id: 'ln_000005',
    user: 'Tyrone Baptiste <tyrone.baptiste@harbourfront-hospitality.example.com> (pu_000004)',
    portal: 'po_northstar02',
    status: 'active',
    sent: '2026-07-07 10:00',
    used: 'never',
  };
  const QUESTION =
    'Expire link ln_000005 of Tyrone Baptiste <tyrone.baptiste@harbourfront-hospitality.example.com>? Access through it ends at once.';

  it('shows whose link it is before asking; "no" changes nothing, "yes" expires it', async () => {
    const env = { PORTALCTL_URL: portal.url, PORTALCTL_TOKEN: STAFF };
    const no = runPty(['portal', 'users', 'expire-link', 'ln_000005'], { env });
    await no.waitFor('(y/N)');
    no.write('n');
    no.write('\r');
    const refused = await no.exited;
    expect(refused.exitCode, refused.screen).toBe(CANCELLED);
    // The prompt wraps at the terminal's width.
    const asked = refused.screen.replace(/\n/g, '');
    expect(refused.screen).toContain(details(TYRONE));
    expect(asked).toContain(QUESTION);
    expect(refused.screen.indexOf(details(TYRONE))).toBeLessThan(refused.screen.indexOf('? Expire link ln_000005'));
    expect(refused.screen).toContain('cancelled: nothing was changed');
    expect((await link('ln_000005')).status).toBe('active');

    const yes = runPty(['portal', 'users', 'expire-link', 'ln_000005'], { env });
    await yes.waitFor('(y/N)');
    yes.write('y');
    yes.write('\r');
    const done = await yes.exited;
    expect(done.exitCode, done.screen).toBe(0);
    expect(done.screen).toContain(details(TYRONE));
    expect(done.screen).toMatch(/^STATUS:\s+expired\s*$/m);
    expect(done.screen).toContain(
      '✓ Expired link ln_000005 of Tyrone Baptiste <tyrone.baptiste@harbourfront-hospitality.example.com>; access through it has ended',
    );
    expect((await link('ln_000005')).status).toBe('expired');
  });
});
