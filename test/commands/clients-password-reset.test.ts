// `clients password-reset` run in-process against a portal in the same process: the email to a
// client who has logged in, --yes and --dry-run, and the refusals (never logged in, archived).
import { describe, expect, it } from 'vitest';
import { api, json, outbox, simulateLogin } from '../helpers/e2e.js';
import { CANCELLED, CONFLICT, FORBIDDEN, USAGE } from '../helpers/exit-codes.js';
import { ADMIN, NO_CLIENTS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);

describe('clients password-reset', () => {
  it('emails a reset link to a client who has logged in (JSON = the API answer)', async () => {
    const r = await run(['clients', 'password-reset', 'cl_000027', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(json(r)).toEqual({ ok: true });
    expect(r.stderr).toContain('Password reset emailed to Amelia Morin <amelia.morin27@example.org>');
    expect(await outbox(portal(), 'clientId=cl_000027&kind=password-reset')).toEqual([
      expect.objectContaining({ to: 'amelia.morin27@example.org', link: expect.stringContaining('/reset-password/') }),
    ]);
  });

  it('works once a newly invited client has logged in', async () => {
    // A new client, invited (as clients add does).
    const added = await api<{ id: string }>(portal(), '/v1/clients', {
      method: 'POST',
      body: { firstName: 'Reset', lastName: 'Later', email: 'reset.later@example.org' },
    });
    expect(added.status).toBe(201);
    const id = added.body.id;
    const before = await run(['clients', 'password-reset', id, '--yes']);
    expect(before.exitCode).toBe(CONFLICT);
    expect(before.stderr).toContain('has not logged in yet, so has no password to reset');
    expect(before.stderr).toContain(`hint: send the invitation again instead: portalctl invite resend ${id}`);
    await simulateLogin(portal(), id);
    const after = await run(['clients', 'password-reset', 'reset.later@example.org', '--yes']);
    expect(after.exitCode, after.stderr).toBe(0);
    // One line for a person, not the API's {"ok":true}.
    expect(after.stdout).toBe('');
    expect(after.stderr).toBe('✓ Password reset emailed to Reset Later <reset.later@example.org>\n');
  });

  it('on a client never invited, points to invite send; after a decline, to invite send --reinvite', async () => {
    const added = await api<{ id: string }>(portal(), '/v1/clients', {
      method: 'POST',
      body: { firstName: 'Never', lastName: 'Invited', email: 'never.invited@example.org', sendInvite: false },
    });
    const id = added.body.id;
    const never = await run(['clients', 'password-reset', id, '--yes']);
    expect(never.exitCode).toBe(CONFLICT);
    expect(never.stderr).toContain(`hint: send the invitation first: portalctl invite send ${id}`);
    // The hint's command does what it says.
    const sent = await run(['invite', 'send', id, '--yes', '--json']);
    expect(sent.exitCode, sent.stderr).toBe(0);
    const declined = await api(portal(), `/v1/clients/${id}/invitations/decline`, { method: 'POST', body: {} });
    expect(declined.status).toBe(200);
    const after = await run(['clients', 'password-reset', id, '--yes']);
    expect(after.stderr).toContain(
      `hint: they declined the invitation; to invite them again: portalctl invite send ${id} --reinvite`,
    );
  });

  it('without a terminal it needs --yes; --dry-run sends nothing', async () => {
    const noYes = await run(['clients', 'password-reset', 'cl_000032']);
    expect(noYes.exitCode).toBe(USAGE);
    expect(noYes.stderr).toContain('this emails a password reset link to yuki.patel32@example.com: pass --yes');
    const dry = await run(['clients', 'password-reset', 'cl_000032', '--dry-run', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(json(dry)).toEqual({
      dryRun: true,
      action: 'client.password-reset',
      clientId: 'cl_000032',
      notify: [
        {
          to: 'yuki.patel32@example.com',
          kind: 'password-reset',
          subject: 'Reset your Jobs Portal password',
          gist: expect.stringContaining('a link to choose a new password'),
        },
      ],
    });
    expect(await outbox(portal(), 'clientId=cl_000032&kind=password-reset')).toEqual([]);
  });

  it('on a terminal, asks to confirm; no sends nothing', async () => {
    const r = await run(['clients', 'password-reset', 'cl_000032'], ADMIN, { answers: { '--yes': false } });
    expect(r.asked).toEqual(['--yes']);
    expect(r.exitCode).toBe(CANCELLED);
    expect(await outbox(portal(), 'clientId=cl_000032&kind=password-reset')).toEqual([]);
  });

  it('refusals: archived client, missing permission', async () => {
    const archived = await run(['clients', 'password-reset', 'cl_000017', '--yes']);
    expect(archived.exitCode).toBe(CONFLICT);
    expect(archived.stderr).toContain('is archived: archived clients are sent no email');
    const forbidden = await run(['clients', 'password-reset', 'cl_000027', '--yes'], NO_CLIENTS);
    expect(forbidden.exitCode).toBe(FORBIDDEN);
    expect(forbidden.stderr).toContain('your token lacks the `clients` permission');
  });
});
