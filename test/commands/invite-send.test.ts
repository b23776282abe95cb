// `invite send` run in-process against a portal in the same process: the email and its result
// (--json, --print-link, the piped table), the outbox, --yes and --dry-run, and every refusal
// (pending -> resend, declined -> --reinvite, logged in -> password reset, archived, permission).
//
// Seeded invite states (fixtures/seed.json): client id mod 5 = 0 none, 1 and 4 pending,
// 2 accepted (logged in), 3 declined; id mod 7 = 3 archived. Each test uses its own clients.
import { describe, expect, it } from 'vitest';
import { ClientSchema, InviteResultSchema } from '../../src/contract/schemas.js';
import { api, clientById, expectHelp, jsonError, outbox } from '../helpers/e2e.js';
import { CANCELLED, CONFLICT, FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { ADMIN, NO_CLIENTS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
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
    const result = InviteResultSchema().parse(JSON.parse(r.stdout));
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
    // One line, the link alone.
    expect(link.stdout).toMatch(/^http:\/\/\S+\/invite\/\S+\n$/);
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

  it('on a terminal, asks to confirm; no sends nothing', async () => {
    const r = await run(['invite', 'send', 'cl_000025'], ADMIN, { answers: { '--yes': false } });
    expect(r.asked).toEqual(['--yes']);
    expect(r.exitCode).toBe(CANCELLED);
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
      notify: [
        {
          to: before.email,
          kind: 'invitation',
          subject: 'You are invited to the Jobs Portal',
          gist: expect.stringContaining('invitation to the Jobs Portal'),
        },
      ],
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
    const declined = await api(portal(), '/v1/clients/cl_000009/invitations/decline', { method: 'POST', body: {} });
    expect(declined.status).toBe(200);
    const body = ClientSchema().parse(declined.body);
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
    const result = InviteResultSchema().parse(JSON.parse(again.stdout));
    expect(result.client.invite.status).toBe('pending');
    expect((await outboxOf('cl_000009'))[0]).toMatchObject({ kind: 'invitation', link: result.link });
  });

  it('after a decline, a terminal asks whether to invite again (the --reinvite question)', async () => {
    expect((await client('cl_000018')).invite.status).toBe('declined');
    const no = await run(['invite', 'send', 'cl_000018'], ADMIN, { answers: { '--reinvite': false } });
    expect(no.asked).toEqual(['--reinvite']);
    expect(no.exitCode).toBe(CANCELLED);
    expect(no.stderr).toContain('cancelled: nothing was sent');
    const yes = await run(['invite', 'send', 'cl_000018', '--json'], ADMIN, { answers: { '--reinvite': true } });
    expect(yes.asked).toEqual(['--reinvite']);
    expect(yes.exitCode, yes.stderr).toBe(0);
    expect(InviteResultSchema().parse(JSON.parse(yes.stdout)).client.invite.status).toBe('pending');
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

  it('without the clients permission: exit 4 naming it', async () => {
    const r = await run(['invite', 'send', 'cl_000035', '--yes'], NO_CLIENTS);
    expect(r.exitCode).toBe(FORBIDDEN);
    expect(r.stderr).toContain('your token lacks the `clients` permission');
    expect(r.stdout).toBe('');
  });

  it('an unknown client id or email is not found; no client and no terminal names the argument', async () => {
    const byId = await run(['invite', 'send', 'cl_doesnotexist', '--yes']);
    expect(byId.exitCode).toBe(NOT_FOUND);
    expect(byId.stderr).toContain('error: no client cl_doesnotexist');
    const byEmail = await run(['invite', 'send', 'nobody@nowhere.example', '--yes']);
    expect(byEmail.exitCode).toBe(NOT_FOUND);
    expect(byEmail.stderr).toContain('no client with the email nobody@nowhere.example');
    const none = await run(['invite', 'send', '--yes']);
    expect(none.exitCode).toBe(USAGE);
    expect(none.stderr).toContain('<client> is required when not running interactively');
  });

  it('--help has a description and examples', async () => {
    const r = await run(['invite', 'send', '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('--reinvite');
    expect(r.stdout).toContain('--print-link');
    expect(r.stdout).toContain('$ portalctl invite send');
    await expectHelp(run, ['invite send']);
  });
});
