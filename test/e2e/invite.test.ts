// invite send / resend / decline / status through the built binary against a real portal:
// happy paths, JSON shapes, the outbox, and every refusal (logged in -> password reset, declined
// -> --reinvite, pending -> resend, no --yes, --dry-run sends nothing, permission, not found).
//
// Seeded invite states (fixtures/seed.json): client id mod 5 = 0 none, 1 and 4 pending,
// 2 accepted (logged in), 3 declined; id mod 7 = 3 archived. Each test uses its own clients.
import { describe, expect, it } from 'vitest';
import { ClientSchema, InviteResultSchema } from '../../src/api/schemas.js';
import { clientById, expectHelp, jsonError, outbox, runner, simulateLogin, usePortal } from '../helpers/e2e.js';
import { CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { NO_CLIENTS } from '../helpers/tokens.js';

const portal = usePortal();
const run = runner(portal);
const client = (id: string) => clientById(portal(), id);
/** Messages to or about a client, newest first. */
const outboxOf = (clientId: string) => outbox(portal(), `clientId=${clientId}`);

describe('invite send', () => {
  it('emails the invitation and prints the result; --json is the API object; the outbox has the link', async () => {
    const before = await client('cl_000005');
    expect(before.invite.status).toBe('none');
    const r = await run(['invite', 'send', before.email, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const result = InviteResultSchema.parse(JSON.parse(r.stdout));
    expect(result.client.id).toBe('cl_000005');
    expect(result.client.invite.status).toBe('pending');
    expect(result.sentTo).toBe(before.email);
    expect(result.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/\S+$/);
    expect(result.client.invite.link).toBe(result.link);
    expect(r.stderr).toContain(`✓ Invitation sent to ${before.email}`);
    const [latest] = await outboxOf('cl_000005');
    expect(latest).toMatchObject({ kind: 'invitation', to: before.email, link: result.link });
  });

  it('--print-link prints only the link; piped output is tsv with the view columns', async () => {
    const link = await run(['invite', 'send', 'cl_000015', '--yes', '--print-link']);
    expect(link.exitCode, link.stderr).toBe(0);
    // execa strips the final newline: one line, the link alone.
    expect(link.stdout).toMatch(/^http:\/\/\S+\/invite\/\S+$/);
    expect((await client('cl_000015')).invite.link).toBe(link.stdout.trim());

    const tsv = await run(['invite', 'send', 'cl_000020', '--yes']);
    expect(tsv.exitCode, tsv.stderr).toBe(0);
    const [header, row] = tsv.stdout.trim().split('\n');
    expect(header).toBe('clientId\tname\tsentTo\tsentAt\tlink');
    expect(row).toMatch(/^cl_000020\t.+\t\S+@\S+\t\d{4}-\d\d-\d\dT\S+\thttp:\/\/\S+\/invite\/\S+$/);
  });

  it('without --yes and no terminal: a usage error naming --yes, and nothing is sent', async () => {
    const sent = (await outboxOf('cl_000025')).length;
    const r = await run(['invite', 'send', 'cl_000025']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('pass --yes to confirm when not running interactively');
    expect(r.stderr).toContain('hint: add --dry-run');
    expect(r.stdout).toBe('');
    expect(await outboxOf('cl_000025')).toHaveLength(sent);
    expect((await client('cl_000025')).invite.status).toBe('none');
  });

  it('--dry-run shows who would be emailed and sends nothing', async () => {
    const before = await client('cl_000030');
    const sent = (await outboxOf('cl_000030')).length;
    const r = await run(['invite', 'send', 'cl_000030', '--dry-run', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      dryRun: true,
      action: 'invite.send',
      clientId: 'cl_000030',
      notify: [{ to: before.email, kind: 'invitation' }],
      currentLink: null,
    });
    const text = await run(['invite', 'send', 'cl_000030', '--dry-run', '-o', 'table']);
    expect(text.stdout).toContain(`Dry run: would email the portal invitation to`);
    expect(text.stdout).toContain(`<${before.email}> (client cl_000030)`);
    expect(await outboxOf('cl_000030')).toHaveLength(sent);
    expect((await client('cl_000030')).invite.status).toBe('none');
  });

  it('a pending invitation is refused, pointing to invite resend', async () => {
    const r = await run(['invite', 'send', 'cl_000004', '--yes']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('already has a pending invitation');
    expect(r.stderr).toContain(
      'hint: to send a fresh link (the current one stops working): portalctl invite resend cl_000004',
    );
  });

  it('after a decline, send is refused without --reinvite and works with it', async () => {
    const declined = await run(['invite', 'decline', 'cl_000009', '--json']);
    expect(declined.exitCode, declined.stderr).toBe(0);
    const body = ClientSchema.parse(JSON.parse(declined.stdout));
    expect(body.invite).toMatchObject({ status: 'declined', link: null });
    expect(body.invite.declinedAt).not.toBeNull();
    const sent = (await outboxOf('cl_000009')).length;

    const refused = await run(['invite', 'send', 'cl_000009', '--yes', '--json']);
    expect(refused.exitCode).toBe(CONFLICT);
    expect(refused.stderr).toContain('declined the invitation');
    expect(refused.stderr).toContain('inviting again needs --reinvite');
    expect(refused.stderr).toContain('hint: portalctl invite send cl_000009 --reinvite');
    expect(jsonError(refused)).toMatchObject({ kind: 'conflict', exitCode: CONFLICT, code: 'invite-declined' });
    expect(refused.stdout).toBe('');
    expect(await outboxOf('cl_000009')).toHaveLength(sent);

    const again = await run(['invite', 'send', 'cl_000009', '--yes', '--reinvite', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    const result = InviteResultSchema.parse(JSON.parse(again.stdout));
    expect(result.client.invite.status).toBe('pending');
    expect((await outboxOf('cl_000009'))[0]).toMatchObject({ kind: 'invitation', link: result.link });
  });

  it('a seeded decline is refused the same way, with --dry-run too', async () => {
    expect((await client('cl_000008')).invite.status).toBe('declined');
    const r = await run(['invite', 'send', 'cl_000008', '--dry-run']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('--reinvite');
  });

  it('a client who has logged in is refused with the password-reset hint', async () => {
    const r = await run(['invite', 'send', 'cl_000002', '--yes']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('has already logged in, so the invitation cannot be sent');
    expect(r.stderr).toContain('portalctl clients password-reset cl_000002');
  });

  it('an archived client is refused', async () => {
    const r = await run(['invite', 'send', 'cl_000003', '--yes']);
    expect(r.exitCode).toBe(CONFLICT);
    expect(r.stderr).toContain('is archived: archived clients cannot be invited');
    expect(r.stderr).toContain('portalctl clients restore cl_000003');
  });

  it('--help has a description and examples', async () => {
    const r = await run(['invite', 'send', '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('--reinvite');
    expect(r.stdout).toContain('--print-link');
    expect(r.stdout).toContain('$ portalctl invite send');
  });
});

describe('invite resend', () => {
  it('issues a fresh link: the old one is no longer the client’s, the outbox holds the new one', async () => {
    const before = await client('cl_000011');
    expect(before.invite.status).toBe('pending');
    const oldLink = before.invite.link;
    expect(oldLink).toMatch(/\/invite\//);
    const r = await run(['invite', 'resend', 'cl_000011', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const result = InviteResultSchema.parse(JSON.parse(r.stdout));
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
    const link = r.stdout;
    expect(link).toMatch(/^http:\/\/\S+\/invite\/\S+$/);
    expect(link).not.toBe(oldLink);
    expect((await client('cl_000014')).invite.link).toBe(link);
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
      notify: [{ to: before.email, kind: 'invitation' }],
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
});

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

  it('refused for a client who has logged in, or was never invited', async () => {
    const accepted = await run(['invite', 'decline', 'cl_000022']);
    expect(accepted.exitCode).toBe(CONFLICT);
    expect(accepted.stderr).toContain('has already logged in');
    const none = await run(['invite', 'decline', 'cl_000040']);
    expect(none.exitCode).toBe(CONFLICT);
    expect(none.stderr).toContain('has no pending invitation to decline');
  });
});

describe('invite status', () => {
  it('pending: status, sent at/to and the current link', async () => {
    const c = await client('cl_000036');
    const r = await run(['invite', 'status', 'cl_000036', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      clientId: 'cl_000036',
      name: expect.any(String),
      email: c.email,
      status: 'pending',
      link: c.invite.link,
      sentAt: c.invite.sentAt,
      sentTo: c.invite.sentTo,
      declinedAt: null,
      lastLoginAt: null,
    });
    expect(c.invite.link).toMatch(/\/invite\//);
  });

  it('accepted: the last login, no link; a table with the next step on stderr', async () => {
    const r = await run(['invite', 'status', 'cl_000007', '--json']);
    const status = JSON.parse(r.stdout);
    expect(status).toMatchObject({ clientId: 'cl_000007', status: 'accepted', link: null });
    expect(status.lastLoginAt).toMatch(/^\d{4}-/);
    const table = await run(['invite', 'status', 'cl_000007', '-o', 'table']);
    expect(table.stdout).toMatch(/^STATUS:\s+accepted$/m);
    expect(table.stdout).toMatch(/^LAST LOGIN:\s+\d{4}-/m);
    expect(table.stderr).toContain('portalctl clients password-reset cl_000007');
    const link = await run(['invite', 'status', 'cl_000036', '--fields', 'status,link', '-o', 'tsv']);
    expect(link.stdout).toMatch(/^status\tlink\npending\thttp:\/\/\S+\/invite\/\S+$/);
  });
});

describe('every invite command', () => {
  // Each on a client of its own; the refusal comes before anything changes.
  it.each([
    ['send', 'cl_000035', '--yes'],
    ['resend', 'cl_000026', '--yes'],
    ['decline', 'cl_000034'],
    ['status', 'cl_000036'],
  ])('invite %s without the clients permission: exit 4 naming it', async (command, client, ...flags) => {
    const r = await run(['invite', command, client, ...flags], NO_CLIENTS);
    expect(r.exitCode).toBe(FORBIDDEN);
    expect(r.stderr).toContain('your token lacks the `clients` permission');
    expect(r.stdout).toBe('');
  });

  it.each([['send', '--yes'], ['resend', '--yes'], ['decline'], ['status']])(
    'invite %s: an unknown client id or email is not found; no client and no terminal names the argument',
    async (command, ...flags) => {
      const byId = await run(['invite', command, 'cl_doesnotexist', ...flags]);
      expect(byId.exitCode).toBe(NOT_FOUND);
      expect(byId.stderr).toContain('error: no client cl_doesnotexist');
      const byEmail = await run(['invite', command, 'nobody@nowhere.example', ...flags]);
      expect(byEmail.exitCode).toBe(NOT_FOUND);
      expect(byEmail.stderr).toContain('no client with the email nobody@nowhere.example');
      const none = await run(['invite', command, ...flags]);
      expect(none.exitCode).toBe(USAGE);
      expect(none.stderr).toContain('<client> is required when not running interactively');
    },
  );
});

describe('--help', () => {
  it('each command has a description and examples', async () => {
    await expectHelp(run, ['invite send', 'invite resend', 'invite decline', 'invite status']);
  });
});
