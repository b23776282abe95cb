// `portals jobs add` and `portals jobs remove` in-process against a seeded portal: a job added at
// a position, a title in use refused, a job with candidates refused unless --with-candidates, the
// pickers on a terminal and the arguments named without one.
import { describe, expect, it } from 'vitest';
import { json } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, PORTAL_USERS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal, PORTAL_USERS);

const titles = async (portalId: string) =>
  json<{ title: string }[]>(await run(['portals', 'jobs', portalId, '--json'])).map((j) => j.title);

describe('portals jobs add', () => {
  it('adds a job at --position; --json is the job; a title in use is refused', async () => {
    const added = await run([
      'portals',
      'jobs',
      'add',
      'Maple Logistics hiring portal',
      '--title',
      'Dispatcher (nights)',
      '--position',
      '2',
      '--json',
    ]);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(json(added)).toEqual({
      id: expect.stringMatching(/^jb_/),
      title: 'Dispatcher (nights)',
      portalId: 'po_northstar01',
    });
    expect(added.stderr).toContain('Job "Dispatcher (nights)"');
    expect((await titles('po_northstar01')).slice(0, 3)).toEqual([
      'Warehouse associate (days)',
      'Dispatcher (nights)',
      'Forklift operator',
    ]);
    const taken = await run(['portals', 'jobs', 'add', 'po_northstar01', '--title', 'forklift operator']);
    expect(taken.exitCode).toBe(CONFLICT);
    expect(taken.stderr).toContain('already has a job "Forklift operator" (jb_maple002)');
    const bad = await run(['portals', 'jobs', 'add', 'po_northstar01', '--title', 'Clerk', '--position', '0']);
    expect(bad.exitCode).toBe(USAGE);
    expect(bad.stderr).toContain('--position');
  });

  it('on a terminal asks for the portal and the title; without one names what is missing', async () => {
    const asked = await run(['portals', 'jobs', 'add', '-q'], PORTAL_USERS, {
      answers: { '<portal>': 'Harbourfront Hospitality portal', '--title': 'Night auditor' },
    });
    expect(asked.asked).toEqual(['<portal>', '--title']);
    expect(asked.exitCode, asked.stderr).toBe(0);
    expect(await titles('po_northstar02')).toContain('Night auditor');
    const noPortal = await run(['portals', 'jobs', 'add', '--title', 'X']);
    expect(noPortal.exitCode).toBe(USAGE);
    expect(noPortal.stderr).toContain('<portal> is required when not running interactively');
    const noTitle = await run(['portals', 'jobs', 'add', 'po_northstar02']);
    expect(noTitle.exitCode).toBe(USAGE);
    expect(noTitle.stderr).toContain('--title is required when not running interactively');
    const forbidden = await run(['portals', 'jobs', 'add', 'po_northstar02', '--title', 'X'], CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
  });
});

describe('portals jobs remove', () => {
  it('removes a job by title after --yes; without --yes and a terminal it names --yes', async () => {
    const unconfirmed = await run(['portals', 'jobs', 'remove', 'po_northstar01', 'Shipping coordinator']);
    expect(unconfirmed.exitCode).toBe(USAGE);
    expect(unconfirmed.stderr).toContain('pass --yes to confirm');
    expect(await titles('po_northstar01')).toContain('Shipping coordinator');
    const removed = await run(['portals', 'jobs', 'remove', 'po_northstar01', 'Shipping coordinator', '--yes']);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(removed.stderr).toContain(
      'Job "Shipping coordinator" (jb_maple003) removed from Maple Logistics hiring portal',
    );
    expect(await titles('po_northstar01')).not.toContain('Shipping coordinator');
  });

  it('refuses a job with candidates, naming them, unless --with-candidates; --dry-run changes nothing', async () => {
    const dry = await run([
      'portals',
      'jobs',
      'remove',
      'po_northstar01',
      'Forklift operator',
      '--with-candidates',
      '--dry-run',
      '-o',
      'table',
    ]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('and take its 1 candidate off: Chloé Da Silva');
    const refused = await run(['portals', 'jobs', 'remove', 'po_northstar01', 'Forklift operator', '--yes']);
    expect(refused.exitCode).toBe(CONFLICT);
    expect(refused.stderr).toContain(
      'Forklift operator (jb_maple002) has 1 candidate on Maple Logistics hiring portal: Chloé Da Silva',
    );
    expect(refused.stderr).toContain('--with-candidates');
    expect(await titles('po_northstar01')).toContain('Forklift operator');
    const removed = await run([
      'portals',
      'jobs',
      'remove',
      'po_northstar01',
      'jb_maple002',
      '--with-candidates',
      '--yes',
    ]);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(removed.stderr).toContain('Taken off the portal with it: Chloé Da Silva');
    expect(removed.stderr).toContain('No longer among the selected jobs of pu_000002');
  });

  it("refuses a user's only job; on a terminal picks portal and job and asks to confirm", async () => {
    const only = await run(['portals', 'jobs', 'remove', 'po_northstar02', 'Line cook', '--yes']);
    expect(only.exitCode).toBe(CONFLICT);
    expect(only.stderr).toContain('is the only job Ines Carvalho (pu_000005) has access to');
    const picked = await run(['portals', 'jobs', 'remove'], PORTAL_USERS, {
      answers: { '<portal>': 'Harbourfront Hospitality portal', '<job>': 'Housekeeping attendant', '--yes': true },
    });
    expect(picked.asked).toEqual(['<portal>', '<job>', '--yes']);
    expect(picked.exitCode, picked.stderr).toBe(0);
    expect(await titles('po_northstar02')).not.toContain('Housekeeping attendant');
    const noJob = await run(['portals', 'jobs', 'remove', 'po_northstar02', '--yes']);
    expect(noJob.exitCode).toBe(USAGE);
    expect(noJob.stderr).toContain('<job> is required when not running interactively');
  });
});
