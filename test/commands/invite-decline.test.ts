// `invite decline` run in-process against a portal in the same process: the link stops working,
// declining again changes nothing, a decline before any invitation, the refusals, and the search.
//
// Seeded invite states (fixtures/seed.json): client id mod 5 = 0 none, 1 and 4 pending,
// 2 accepted (logged in), 3 declined; id mod 7 = 3 archived. Each test uses its own clients.
import { describe, expect, it } from 'vitest';
import { clientById, expectHelp } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { NO_CLIENTS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const client = (id: string) => clientById(portal(), id);

describe('invite decline', () => {
  it('declining again changes nothing', async () => {
    const first = await run(['invite', 'decline', 'cl_000029']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toContain('declined the invitation; the invite link no longer works');
    const again = await run(['invite', 'decline', 'cl_000029', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).invite.status).toBe('declined');
    expect(again.stderr).toContain('had already declined the invitation; nothing changed');
  });

  it('refused for a client who has logged in', async () => {
    const accepted = await run(['invite', 'decline', 'cl_000022']);
    expect(accepted.exitCode).toBe(CONFLICT);
    expect(accepted.stderr).toContain(
      'error: client cl_000022 has already logged in and set a password: the invitation was accepted, so there is none left to decline',
    );
    expect(accepted.stderr).toContain('hint: to end their access to the portal, archive the client');
    expect(accepted.stderr).not.toMatch(/resen[dt]|password reset/);
  });

  it('recorded before any invitation was sent; invite send then needs --reinvite, as its hint says', async () => {
    const none = await run(['invite', 'decline', 'cl_000040', '--json']);
    expect(none.exitCode, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout).invite).toMatchObject({ status: 'declined', sentAt: null });
    expect(none.stderr).toContain('declined the portal before any invitation was sent');
    expect(none.stderr).toContain('portalctl invite send cl_000040 --reinvite');
    const send = await run(['invite', 'send', 'cl_000040', '--yes']);
    expect(send.exitCode).toBe(CONFLICT);
    expect(send.stderr).toContain('before any invitation was sent; inviting them needs --reinvite');
    expect(send.stderr).toContain('hint: portalctl invite send cl_000040 --reinvite');
    const resend = await run(['invite', 'resend', 'cl_000040', '--yes']);
    expect(resend.exitCode).toBe(CONFLICT);
    expect(resend.stderr).toContain('portalctl invite send cl_000040 --reinvite');
    const reinvite = await run(['invite', 'send', 'cl_000040', '--reinvite', '--yes', '--json']);
    expect(reinvite.exitCode, reinvite.stderr).toBe(0);
    expect(JSON.parse(reinvite.stdout).client.invite.status).toBe('pending');
  });

  it('without the clients permission: exit 4 naming it', async () => {
    const r = await run(['invite', 'decline', 'cl_000034'], NO_CLIENTS);
    expect(r.exitCode).toBe(FORBIDDEN);
    expect(r.stderr).toContain('your token lacks the `clients` permission');
    expect(r.stdout).toBe('');
    expect((await client('cl_000034')).invite.status).toBe('pending');
  });

  it('an unknown client id or email is not found; no client and no terminal names the argument', async () => {
    const byId = await run(['invite', 'decline', 'cl_doesnotexist']);
    expect(byId.exitCode).toBe(NOT_FOUND);
    expect(byId.stderr).toContain('error: no client cl_doesnotexist');
    const byEmail = await run(['invite', 'decline', 'nobody@nowhere.example']);
    expect(byEmail.exitCode).toBe(NOT_FOUND);
    expect(byEmail.stderr).toContain('no client with the email nobody@nowhere.example');
    const none = await run(['invite', 'decline']);
    expect(none.exitCode).toBe(USAGE);
    expect(none.stderr).toContain('<client> is required when not running interactively');
  });

  it('on a terminal with no client, searches among pending and never-invited clients', async () => {
    const r = await run(['invite', 'decline', '--json'], undefined, {
      answers: { '<client>': 'leila.wang39@example.org' },
    });
    expect(r.asked).toEqual(['<client>']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'cl_000039', invite: { status: 'declined' } });
    const never = await run(['invite', 'decline', '--json'], undefined, {
      answers: { '<client>': 'chloe.belanger50@example.com' },
    });
    expect(never.exitCode, never.stderr).toBe(0);
    expect(JSON.parse(never.stdout)).toMatchObject({ id: 'cl_000050', invite: { status: 'declined', sentAt: null } });
  });

  it('has a description and examples', async () => {
    await expectHelp(run, ['invite decline']);
  });
});
