// The same bulk command run again after it finished (src/bulk/actions.ts, the journal's "rerun"):
// the clients done then are reported and left alone; a client the query newly selects is new work;
// --again acts on them all again; --again while a run is stopped half-way is refused.
//
// Seed (fixtures/seed.json): sp_rideau has 3 pending invitations (not archived) and 2 clients never
// invited; id mod 7 = 3 archived.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/contract/schemas.js';
import { workDir, writeCsv } from '../e2e/import-support.js';
import { apiGet, clientById, outbox } from '../helpers/e2e.js';
import { CANCELLED, USAGE } from '../helpers/exit-codes.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const invitationsTo = async (clientId: string) =>
  (await outbox(portal(), `clientId=${clientId}`)).filter((m) => m.kind === 'invitation').length;
const atRideau = async (invite: string) =>
  (await apiGet<{ data: Client[] }>(portal(), `/v1/clients?invite=${invite}&providerId=sp_rideau&limit=500`)).data;
/** One state directory for the runs of a test, as on one machine. */
const sameMachine = () => ({ env: { XDG_STATE_HOME: mkdtempSync(path.join(tmpdir(), 'portalctl-state-')) } });
const statuses = (stdout: string) =>
  (JSON.parse(stdout) as { clientId: string; status: string; code: string | null }[]).map((r) => [
    r.clientId,
    r.status,
    r.code,
  ]);

describe('a bulk command run again after it finished', () => {
  it('a query: who was done is not acted on again; a client it newly selects is; --again acts on all', async () => {
    const machine = sameMachine();
    const pending = (await atRideau('pending')).map((c) => c.id);
    expect(pending).toHaveLength(3);
    const counts = async (ids: string[]) => Promise.all(ids.map(invitationsTo));
    const before = await counts(pending);
    // --force: the resend cooldown would otherwise hold back the second sends this test is about.
    const args = ['invite', 'resend', '--provider', 'sp_rideau', '--invite-status', 'pending', '--force', '--yes'];
    const first = await run([...args, '--json'], undefined, machine);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(await counts(pending)).toEqual(before.map((n) => n + 1));

    const second = await run([...args, '--json'], undefined, machine);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stderr).toContain('3 done in an earlier run');
    expect(second.stderr).toContain('--again');
    expect(statuses(second.stdout)).toEqual(pending.map((id) => [id, 'skipped', 'done-earlier']));
    expect(await counts(pending)).toEqual(before.map((n) => n + 1));

    // A client invited since is pending too: the query selects them, and only they are new work.
    const newcomer = (await atRideau('none'))[0]!.id;
    const invited = await run(['invite', 'send', newcomer, '--yes']);
    expect(invited.exitCode, invited.stderr).toBe(0);
    const third = await run([...args, '--json'], undefined, machine);
    expect(third.exitCode, third.stderr).toBe(0);
    const all = [...pending, newcomer].sort();
    expect(statuses(third.stdout).sort()).toEqual(
      all.map((id) => (id === newcomer ? [id, 'done', null] : [id, 'skipped', 'done-earlier'])),
    );
    expect(await counts(pending)).toEqual(before.map((n) => n + 1));
    expect(await invitationsTo(newcomer)).toBe(2);

    const again = await run([...args, '--again', '--json'], undefined, machine);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(statuses(again.stdout).every(([, status]) => status === 'done')).toBe(true);
    expect(await counts(pending)).toEqual(before.map((n) => n + 2));
    expect(await invitationsTo(newcomer)).toBe(3);
  });

  it('a file: a client restored since is not archived again by the same run; a dry run says so', async () => {
    const machine = sameMachine();
    const file = writeCsv(workDir(), 'leavers.csv', 'id\ncl_000040\ncl_000041\n');
    const args = ['clients', 'archive', '--from-file', file, '--yes', '--json'];
    const first = await run(args, undefined, machine);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(statuses(first.stdout)).toEqual([
      ['cl_000040', 'done', null],
      ['cl_000041', 'done', null],
    ]);
    const restored = await run(['clients', 'restore', 'cl_000040']);
    expect(restored.exitCode, restored.stderr).toBe(0);

    const dry = await run(['clients', 'archive', '--from-file', file, '--dry-run', '--json'], undefined, machine);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual([
      expect.objectContaining({ clientId: 'cl_000040', action: 'skip', reason: 'done in an earlier run' }),
      expect.objectContaining({ clientId: 'cl_000041', action: 'skip', reason: 'done in an earlier run' }),
    ]);
    const second = await run(args, undefined, machine);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stderr).toContain('2 done in an earlier run');
    expect((await clientById(portal(), 'cl_000040')).archived).toBe(false);

    const again = await run([...args, '--again'], undefined, machine);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(statuses(again.stdout)).toEqual([
      ['cl_000040', 'done', null],
      ['cl_000041', 'skipped', 'archived'],
    ]);
    expect((await clientById(portal(), 'cl_000040')).archived).toBe(true);
  });

  it('--again while a run of the same command is stopped half-way is refused; without it, the run resumes', async () => {
    const machine = sameMachine();
    const file = writeCsv(workDir(), 'leavers.csv', 'cl_000043\ncl_000044\n');
    const stop = new AbortController();
    stop.abort();
    const stopped = await run(['clients', 'archive', '--from-file', file, '--yes'], undefined, {
      ...machine,
      signal: stop.signal,
    });
    expect(stopped.exitCode).toBe(CANCELLED);
    expect((await clientById(portal(), 'cl_000043')).archived).toBe(false);

    const refused = await run(['clients', 'archive', '--from-file', file, '--yes', '--again'], undefined, machine);
    expect(refused.exitCode).toBe(USAGE);
    expect(refused.stderr).toContain('was stopped before it finished');
    const resumed = await run(['clients', 'archive', '--from-file', file, '--yes', '--json'], undefined, machine);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('resuming the run started');
    expect(statuses(resumed.stdout)).toEqual([
      ['cl_000043', 'done', null],
      ['cl_000044', 'done', null],
    ]);
  });
});
