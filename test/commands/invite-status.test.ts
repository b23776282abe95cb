// invite status, in-process against a seeded portal: JSON shape, the table, and refusals
// (permission, not found). invite send, resend and decline: test/commands/invite-send.test.ts,
// invite-resend.test.ts, invite-decline.test.ts.
//
// Seeded invite states (fixtures/seed.json): client id mod 5 = 0 none, 1 and 4 pending,
// 2 accepted (logged in), 3 declined; id mod 7 = 3 archived. Each test uses its own clients.
import { describe, expect, it } from 'vitest';
import { clientById, expectHelp } from '../helpers/e2e.js';
import { FORBIDDEN, NOT_FOUND, USAGE } from '../helpers/exit-codes.js';
import { NO_CLIENTS } from '../helpers/tokens.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const client = (id: string) => clientById(portal(), id);

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
    expect(link.stdout).toMatch(/^status\tlink\npending\thttp:\/\/\S+\/invite\/\S+\n$/);
  });
});

describe('every invite command', () => {
  // Each on a client of its own; the refusal comes before anything changes.
  it.each([['status', 'cl_000036']])(
    'invite %s without the clients permission: exit 4 naming it',
    async (command, client, ...flags) => {
      const r = await run(['invite', command, client, ...flags], NO_CLIENTS);
      expect(r.exitCode).toBe(FORBIDDEN);
      expect(r.stderr).toContain('your token lacks the `clients` permission');
      expect(r.stdout).toBe('');
    },
  );

  it.each([['status']])(
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
    await expectHelp(run, ['invite status']);
  });
});
