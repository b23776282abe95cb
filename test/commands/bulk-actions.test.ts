// The other commands that act on many clients through the same engine as `invite resend`
// (src/bulk/actions.ts, steps in src/bulk/steps.ts): clients archive, clients password-reset and
// invite send, by a file or a query, with --dry-run and --yes.
//
// Seeded invite states (fixtures/seed.json): client id mod 5 = 0 none, 1 and 4 pending, 2 accepted
// (logged in), 3 declined; id mod 7 = 3 archived. sp_rideau has 2 clients who logged in and 2 never
// invited, none of them archived.
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { workDir, writeCsv } from '../e2e/import-support.js';
import { apiGet, clientById, outbox } from '../helpers/e2e.js';
import { USAGE } from '../helpers/exit-codes.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const messages = async (clientId: string, kind: string) =>
  (await outbox(portal(), `clientId=${clientId}`)).filter((m) => m.kind === kind).length;
const atRideau = async (invite: string) =>
  (await apiGet<{ data: Client[] }>(portal(), `/v1/clients?invite=${invite}&providerId=sp_rideau&limit=500`)).data;

describe('clients archive, many clients', () => {
  it('a file of ids: --dry-run changes nothing; --yes archives each, skipping who is archived already', async () => {
    const file = writeCsv(workDir(), 'leavers.csv', 'Client ID\ncl_000001\ncl_000003\n');
    const dry = await run(['clients', 'archive', '--from-file', file, '--dry-run', '--json']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual([
      expect.objectContaining({ clientId: 'cl_000001', action: 'client.archive' }),
      expect.objectContaining({ clientId: 'cl_000003', action: 'skip', reason: 'already archived' }),
    ]);
    expect((await clientById(portal(), 'cl_000001')).archived).toBe(false);

    const r = await run(['clients', 'archive', '--from-file', file, '--yes', '--json', '--reason', 'Left the program']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { status: string }[]).map((x) => x.status)).toEqual(['done', 'skipped']);
    expect((await clientById(portal(), 'cl_000001')).archived).toBe(true);
    // --reason reaches each client's audit entry.
    const { data } = await apiGet<{ data: { detail: Record<string, unknown> | null }[] }>(
      portal(),
      '/v1/audit?entityId=cl_000001&action=client.archive',
    );
    expect(data[0]?.detail).toMatchObject({ reason: 'Left the program' });
  });

  it('without a terminal, more than one client needs --yes', async () => {
    const r = await run(['clients', 'archive', '--provider', 'sp_rideau', '--invite-status', 'declined']);
    expect(r.exitCode).toBe(USAGE);
    expect(r.stderr).toContain('this changes 2 clients: pass --yes');
    expect((await atRideau('declined')).every((c) => !c.archived)).toBe(true);
  });
});

describe('clients password-reset and invite send, many clients', () => {
  it('password-reset by a query emails each client who has logged in', async () => {
    const loggedIn = await atRideau('accepted');
    expect(loggedIn).toHaveLength(2);
    const before = await Promise.all(loggedIn.map((c) => messages(c.id, 'password-reset')));
    const r = await run([
      'clients',
      'password-reset',
      '--provider',
      'sp_rideau',
      '--invite-status',
      'accepted',
      '--yes',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('clients password-reset: 2 password reset emailed, 0 skipped, 0 failed');
    // The JSON summary line is for --json (and -o ndjson) only.
    expect(r.stderr).not.toContain('{"summary"');
    for (const [i, c] of loggedIn.entries()) expect(await messages(c.id, 'password-reset')).toBe(before[i]! + 1);
  });

  it('invite send by a query invites each client not invited yet; their invitations are then pending', async () => {
    const never = await atRideau('none');
    expect(never).toHaveLength(2);
    const dry = await run(['invite', 'send', '--provider', 'sp_rideau', '--invite-status', 'none', '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    for (const c of never) expect(dry.stdout).toContain(c.email);
    expect(await messages(never[0]!.id, 'invitation')).toBe(0);

    const r = await run(['invite', 'send', '--provider', 'sp_rideau', '--invite-status', 'none', '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    for (const c of never) {
      expect(await messages(c.id, 'invitation')).toBe(1);
      expect((await clientById(portal(), c.id)).invite.status).toBe('pending');
    }
  });
});
