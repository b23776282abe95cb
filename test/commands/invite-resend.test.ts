// `invite resend` run in-process against a portal in the same process: a fresh link (the old one
// is no longer the client's), --print-link, --dry-run and --yes, and the refusals (logged in ->
// password reset, never invited, declined, permission). The terminal search: test/e2e/pty-invite-resend.test.ts.
//
// Seeded invite states (fixtures/seed.json): client id mod 5 = 0 none, 1 and 4 pending,
// 2 accepted (logged in), 3 declined; id mod 7 = 3 archived. Each test uses its own clients.
import { describe, expect, it } from 'vitest';
import { InviteResultSchema } from '../../src/contract/schemas.js';
import { clientById, expectHelp, jsonError, outbox, simulateLogin } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { CLIENTS, NO_CLIENTS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const client = (id: string) => clientById(portal(), id);
/** Messages to or about a client, newest first. */
const outboxOf = (clientId: string) => outbox(portal(), `clientId=${clientId}`);

describe('invite resend', () => {
  it('issues a fresh link: the old one is no longer the client’s, the outbox holds the new one', async () => {
    const before = await client('cl_000011');
    expect(before.invite.status).toBe('pending');
    const oldLink = before.invite.link;
    expect(oldLink).toMatch(/\/invite\//);
    const r = await run(['invite', 'resend', 'cl_000011', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const result = InviteResultSchema().parse(JSON.parse(r.stdout));
    expect(result.link).not.toBe(oldLink);
    expect(result.sentTo).toBe(before.email);
    const after = await client('cl_000011');
    expect(after.invite.link).toBe(result.link);
    expect(after.invite.status).toBe('pending');
    const [latest] = await outboxOf('cl_000011');
    expect(latest).toMatchObject({ kind: 'invitation', to: before.email, link: result.link });
  });

  it('--print-link prints only the new link', async () => {
    const oldLink = (await client('cl_000014')).invite.link;
    const r = await run(['invite', 'resend', 'cl_000014', '--yes', '--print-link']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^http:\/\/\S+\/invite\/\S+\n$/);
    const link = r.stdout.trim();
    expect(link).not.toBe(oldLink);
    expect((await client('cl_000014')).invite.link).toBe(link);
  });

  it('on a terminal, searches among pending invitations and confirms', async () => {
    const before = await client('cl_000044'); // Kwame Petrov, pending
    const r = await run(['invite', 'resend', '--print-link'], CLIENTS, {
      answers: { '<client>': 'petrov', '--yes': true },
    });
    expect(r.asked).toEqual(['<client>', '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).not.toBe(before.invite.link);
    expect((await client('cl_000044')).invite.link).toBe(r.stdout.trim());
  });

  it('on a terminal, finds a client who has logged in or declined; choosing one gives the command that applies', async () => {
    const sent = (await outboxOf('cl_000027')).length;
    const loggedIn = await run(['invite', 'resend'], CLIENTS, {
      answers: { '<client>': 'amelia.morin27@example.org' },
    });
    expect(loggedIn.asked).toEqual(['<client>']);
    expect(loggedIn.exitCode).toBe(CONFLICT);
    expect(loggedIn.stderr).toContain('has already logged in, so the invitation cannot be resent');
    expect(loggedIn.stderr).toContain('portalctl clients password-reset cl_000027');
    expect(await outboxOf('cl_000027')).toHaveLength(sent);
    const declined = await run(['invite', 'resend', '--json'], CLIENTS, {
      answers: { '<client>': 'minh.patel23@example.org' },
    });
    expect(declined.exitCode).toBe(CONFLICT);
    expect(jsonError(declined)).toMatchObject({ code: 'invite-declined', exitCode: CONFLICT });
    expect(declined.stderr).toContain('portalctl invite send cl_000023 --reinvite');
    expect(declined.stdout).toBe('');
    expect((await client('cl_000023')).invite.status).toBe('declined');
  });

  it('after the client logged in: refused with the password-reset hint and the conflict exit code', async () => {
    await simulateLogin(portal(), 'cl_000016');
    const sent = (await outboxOf('cl_000016')).length;
    const r = await run(['invite', 'resend', 'cl_000016', '--yes', '--json']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('has already logged in, so the invitation cannot be resent');
    expect(r.stderr).toContain(
      'hint: to help them back in, send a password reset: portalctl clients password-reset cl_000016',
    );
    expect(jsonError(r)).toMatchObject({ kind: 'conflict', code: 'already-logged-in', exitCode: CONFLICT });
    expect(r.stdout).toBe('');
    const dry = await run(['invite', 'resend', 'cl_000016', '--dry-run']);
    expect(dry.exitCode).toBe(CONFLICT);
    expect(dry.stderr).toContain('portalctl clients password-reset');
    expect(await outboxOf('cl_000016')).toHaveLength(sent);
  });

  it('--dry-run shows who would be notified and keeps the current link', async () => {
    const before = await client('cl_000019');
    const sent = (await outboxOf('cl_000019')).length;
    const r = await run(['invite', 'resend', before.email, '--dry-run', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      dryRun: true,
      action: 'invite.resend',
      clientId: 'cl_000019',
      notify: [
        {
          to: before.email,
          kind: 'invitation',
          subject: 'You are invited to the Jobs Portal',
          gist: expect.stringContaining('invitation to the Jobs Portal'),
        },
      ],
      currentLink: before.invite.link,
    });
    const text = await run(['invite', 'resend', 'cl_000019', '--dry-run', '-o', 'table']);
    expect(text.stdout).toMatch(
      /^Dry run: would email a new invite link to .+ <\S+@\S+> \(client cl_000019\); the current link/,
    );
    expect(text.stdout).toContain('Nothing was sent.');
    expect(await outboxOf('cl_000019')).toHaveLength(sent);
    expect((await client('cl_000019')).invite.link).toBe(before.invite.link);
  });

  it('without --yes and no terminal: a usage error naming --yes, and nothing is sent', async () => {
    const before = await client('cl_000021');
    const r = await run(['invite', 'resend', 'cl_000021']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain(`this emails a new invite link to ${before.email}`);
    expect(r.stderr).toContain('pass --yes to confirm when not running interactively');
    expect((await client('cl_000021')).invite.link).toBe(before.invite.link);
  });

  it('nothing to resend: never invited, or declined', async () => {
    const none = await run(['invite', 'resend', 'cl_000035', '--yes']);
    expect(none.exitCode).toBe(CONFLICT);
    expect(none.stderr).toContain('has not been invited yet: there is nothing to resend');
    expect(none.stderr).toContain('portalctl invite send cl_000035');
    const declined = await run(['invite', 'resend', 'cl_000013', '--yes']);
    expect(declined.exitCode).toBe(CONFLICT);
    expect(declined.stderr).toContain('declined the invitation');
    expect(declined.stderr).toContain('portalctl invite send cl_000013 --reinvite');
  });

  it('without the clients permission: exit 4 naming it', async () => {
    const r = await run(['invite', 'resend', 'cl_000026', '--yes'], NO_CLIENTS);
    expect(r.exitCode).toBe(FORBIDDEN);
    expect(r.stderr).toContain('your token lacks the `clients` permission');
    expect(r.stdout).toBe('');
  });

  it('an unknown client id or email is not found; no client and no terminal names the argument', async () => {
    const byId = await run(['invite', 'resend', 'cl_doesnotexist', '--yes']);
    expect(byId.exitCode).toBe(NOT_FOUND);
    expect(byId.stderr).toContain('error: no client cl_doesnotexist');
    const byEmail = await run(['invite', 'resend', 'nobody@nowhere.example', '--yes']);
    expect(byEmail.exitCode).toBe(NOT_FOUND);
    expect(byEmail.stderr).toContain('no client with the email nobody@nowhere.example');
    const none = await run(['invite', 'resend', '--yes']);
    expect(none.exitCode).toBe(USAGE);
    expect(none.stderr).toContain('<client> is required when not running interactively');
  });

  it('--help has a description and examples', async () => {
    await expectHelp(run, ['invite resend']);
  });
});
