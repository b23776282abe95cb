// An external user after the invitation, in-process against a seeded portal, as the Northstar
// staff member with only `portal-users`: a fresh shared link (send-link) for a user whose links
// expired, `invite` of someone who already has a record naming the command to use, reactivation
// of the same record, and switching access between all jobs and selected jobs (by id or title).
//
// Seed (fixtures/seed.json): pu_000001 Rebecca Hughes, pu_000002 Vikram Desai (one expired and one
// active link), pu_000003 Claire Fontaine (deactivated), pu_000004 Tyrone Baptiste, pu_000005 Ines
// Carvalho (active, her only link expired), pu_000008 Nadia Haddad (two active links).
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  type HistoryEntrySchema,
  type PortalUser,
  PortalUserSchema,
  type SharedLink,
  SharedLinkSchema,
} from '../../src/contract/schemas.js';
import { apiGet, outbox } from '../helpers/e2e.js';
import { CONFLICT, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { PORTAL_USERS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal, PORTAL_USERS);

const INES = 'ines.carvalho@harbourfront-hospitality.example.com';

async function links(userId: string): Promise<SharedLink[]> {
  return (await apiGet<{ data: SharedLink[] }>(portal(), `/v1/portal-users/${userId}/links`)).data;
}
async function history(userId: string): Promise<Array<{ action: string; detail: string | null }>> {
  return (
    await apiGet<{ data: Array<z.output<ReturnType<typeof HistoryEntrySchema>>> }>(
      portal(),
      `/v1/portal-users/${userId}/history`,
    )
  ).data;
}
async function usersWithEmail(email: string): Promise<PortalUser[]> {
  return (await apiGet<{ data: PortalUser[] }>(portal(), `/v1/portal-users?email=${encodeURIComponent(email)}`)).data;
}

describe('portal users send-link', () => {
  it('emails a user whose links all expired a fresh link: same record, the outbox shows it', async () => {
    const r = await run(['portal', 'users', 'send-link', INES, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const sent = JSON.parse(r.stdout) as { user: unknown; link: unknown; expired: unknown[] };
    const user = PortalUserSchema().parse(sent.user);
    const link = SharedLinkSchema().parse(sent.link);
    expect(user.id).toBe('pu_000005');
    expect(link).toMatchObject({ portalUserId: 'pu_000005', status: 'active' });
    expect(sent.expired).toEqual([]);
    expect(r.stderr).toContain(`✓ A fresh shared link was sent to Ines Carvalho <${INES}>`);
    const [mail] = await outbox(portal(), `to=${encodeURIComponent(INES)}`);
    expect(mail).toMatchObject({ kind: 'portal-user-invitation', link: link.url, portalUserId: 'pu_000005' });
    expect((await links('pu_000005')).map((l) => l.status)).toEqual(['active', 'expired']);
    expect(await usersWithEmail(INES)).toHaveLength(1);
  });

  it('--expire-others: only the new link works', async () => {
    const r = await run(['portal', 'users', 'send-link', 'pu_000008', '--expire-others', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const sent = JSON.parse(r.stdout) as { link: SharedLink; expired: SharedLink[] };
    expect(sent.expired.map((l) => l.id)).toEqual(['ln_000009', 'ln_000010']);
    expect(r.stderr).toContain('2 other links expired');
    const now = await links('pu_000008');
    expect(now.filter((l) => l.status === 'active').map((l) => l.id)).toEqual([sent.link.id]);
  });

  it('--dry-run says who would be emailed and which links would stop; sends nothing', async () => {
    const before = await outbox(portal(), 'kind=portal-user-invitation');
    const r = await run(['portal', 'users', 'send-link', 'pu_000002', '--expire-others', '--dry-run', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      dryRun: true,
      action: 'portal-user.link.send',
      portalUserId: 'pu_000002',
      notify: [
        {
          to: 'vikram.desai@maple-logistics.example.com',
          kind: 'portal-user-invitation',
          subject: 'Your new link to the client portal',
          gist: expect.stringContaining('a fresh link to the client portal'),
        },
      ],
      expireLinkIds: ['ln_000003'],
    });
    expect(await outbox(portal(), 'kind=portal-user-invitation')).toEqual(before);
    expect((await links('pu_000002')).find((l) => l.id === 'ln_000003')?.status).toBe('active');
  });

  it('refuses a deactivated user, naming reactivate; without a user or --yes it names what is missing', async () => {
    const deactivated = await run(['portal', 'users', 'send-link', 'pu_000003', '--yes']);
    expect(deactivated.exitCode).toBe(CONFLICT);
    expect(deactivated.stderr).toContain('is deactivated: a deactivated user is sent no link');
    expect(deactivated.stderr).toContain('portalctl portal users reactivate pu_000003 --send-link');

    const none = await run(['portal', 'users', 'send-link']);
    expect(none.exitCode).toBe(USAGE);
    expect(none.stderr).toContain('<user> is required when not running interactively');

    const unconfirmed = await run(['portal', 'users', 'send-link', 'pu_000004']);
    expect(unconfirmed.exitCode).toBe(USAGE);
    expect(unconfirmed.stderr).toContain('pass --yes to confirm when not running interactively');
  });

  it('on a terminal: search for the user by name, confirm', async () => {
    const r = await run(['portal', 'users', 'send-link', '--json'], PORTAL_USERS, {
      answers: { '<user>': 'tyrone', '--yes': true },
    });
    expect(r.asked).toEqual(['<user>', '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).user.id).toBe('pu_000004');
  });
});

describe('portal users invite of someone who already has a record', () => {
  it('an active user: refused, naming send-link; a deactivated one: naming reactivate; no second record', async () => {
    const active = await run([
      'portal',
      'users',
      'invite',
      '--email',
      INES,
      '--first-name',
      'Ines',
      '--last-name',
      'Carvalho',
      '--portal',
      'po_northstar02',
      '--all-jobs',
    ]);
    expect(active.exitCode).toBe(CONFLICT);
    expect(active.stderr).toContain('is already an active user of portal po_northstar02 (pu_000005)');
    expect(active.stderr).toContain(
      'hint: to send them a fresh shared link: portalctl portal users send-link pu_000005',
    );

    const claire = 'claire.fontaine@maple-logistics.example.com';
    const deactivated = await run([
      'portal',
      'users',
      'invite',
      '--email',
      claire,
      '--first-name',
      'Claire',
      '--last-name',
      'Fontaine',
      '--portal',
      'po_northstar01',
      '--all-jobs',
    ]);
    expect(deactivated.exitCode).toBe(CONFLICT);
    expect(deactivated.stderr).toContain('is a deactivated user of portal po_northstar01 (pu_000003');
    expect(deactivated.stderr).toContain('portalctl portal users reactivate pu_000003 --send-link');
    expect(await usersWithEmail(claire)).toHaveLength(1);
    expect(await usersWithEmail(INES)).toHaveLength(1);
  });
});

describe('portal users reactivate', () => {
  it('the same record comes back with its history; --send-link emails a fresh link', async () => {
    const off = await run(['portal', 'users', 'deactivate', 'pu_000004', '--yes']);
    expect(off.exitCode, off.stderr).toBe(0);
    const r = await run([
      'portal',
      'users',
      'reactivate',
      'tyrone.baptiste@harbourfront-hospitality.example.com',
      '--send-link',
      '--yes',
      '--json',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const { user, link } = JSON.parse(r.stdout) as { user: PortalUser; link: SharedLink };
    expect(user).toMatchObject({ id: 'pu_000004', status: 'active', deactivatedAt: null });
    expect(link).toMatchObject({ portalUserId: 'pu_000004', status: 'active' });
    const actions = (await history('pu_000004')).map((h) => h.action);
    expect(actions.slice(0, 3)).toEqual(['link-sent', 'reactivated', 'link-expired']);
    expect(actions).toContain('deactivated');
    expect(actions.at(-1)).toBe('invited');
    expect(await usersWithEmail(user.email)).toHaveLength(1);

    const again = await run(['portal', 'users', 'reactivate', 'pu_000004']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('is already active; nothing changed');
  });

  it('without --send-link: reactivated, nothing emailed, and it says how to send a link', async () => {
    const before = await outbox(portal(), 'kind=portal-user-invitation');
    const r = await run(['portal', 'users', 'reactivate', 'pu_000003', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(PortalUserSchema().parse(JSON.parse(r.stdout))).toMatchObject({ id: 'pu_000003', status: 'active' });
    expect(r.stderr).toContain('portalctl portal users send-link pu_000003');
    expect(await outbox(portal(), 'kind=portal-user-invitation')).toEqual(before);
  });
});

describe('portal users access', () => {
  it('switches to selected jobs (by title or id) and back to all jobs, recorded in the history', async () => {
    const selected = await run([
      'portal',
      'users',
      'access',
      'pu_000001',
      '--jobs',
      'forklift operator,JB_MAPLE004',
      '--json',
    ]);
    expect(selected.exitCode, selected.stderr).toBe(0);
    expect(PortalUserSchema().parse(JSON.parse(selected.stdout)).access).toEqual({
      type: 'selected-jobs',
      jobIds: ['jb_maple002', 'jb_maple004'],
    });
    const all = await run(['portal', 'users', 'access', 'rebecca.hughes@maple-logistics.example.com', '--all-jobs']);
    expect(all.exitCode, all.stderr).toBe(0);
    expect(all.stderr).toContain('Rebecca Hughes now has all jobs (was selected jobs: jb_maple002, jb_maple004)');
    expect((await history('pu_000001')).slice(0, 2)).toMatchObject([
      { action: 'access-changed', detail: 'selected jobs: jb_maple002, jb_maple004 -> all jobs' },
      { action: 'access-changed', detail: 'all jobs -> selected jobs: jb_maple002, jb_maple004' },
    ]);
  });

  it('on a terminal: pick selected jobs and type a title', async () => {
    const r = await run(['portal', 'users', 'access', '--json'], PORTAL_USERS, {
      answers: { '<user>': 'vikram', '--all-jobs or --jobs': true, '--jobs': 'Shipping coordinator' },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      id: 'pu_000002',
      access: { type: 'selected-jobs', jobIds: ['jb_maple003'] },
    });
  });

  it('refusals: both flags, neither without a terminal, a job that is not of the portal', async () => {
    const both = await run(['portal', 'users', 'access', 'pu_000001', '--all-jobs', '--jobs', 'jb_maple001']);
    expect(both.exitCode).toBe(USAGE);
    expect(both.stderr).toContain('pass only one of --all-jobs and --jobs');
    const neither = await run(['portal', 'users', 'access', 'pu_000001']);
    expect(neither.exitCode).toBe(USAGE);
    expect(neither.stderr).toContain('--all-jobs or --jobs is required when not running interactively');
    const other = await run(['portal', 'users', 'access', 'pu_000001', '--jobs', 'Line cook']);
    expect(other.exitCode).toBe(NOT_FOUND);
    expect(other.stderr).toContain('--jobs: Line cook is not a job of portal Maple Logistics hiring portal');
  });
});
