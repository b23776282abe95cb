// The Idempotency-Keys of a bulk action's run (src/bulk/keys.ts, bulkKeyDeriver): a new run's keys
// sort in the order it sends them (scheme 2, named in its journal); a journal written before that
// (no `keys` in its run line) resumes with the keys it started with, so the request that was out
// when it stopped is replayed by the portal, not sent again.
//
// Seed (fixtures/seed.json): cl_000006 and cl_000011 have pending invitations and are not archived.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bulkKeyDeriver } from '../../src/bulk/keys.js';
import { workDir, writeCsv } from '../e2e/import-support.js';
import { api, outbox } from '../helpers/e2e.js';
import { runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);
const invitationsTo = async (clientId: string) =>
  (await outbox(portal(), `clientId=${clientId}`)).filter((m) => m.kind === 'invitation').length;
const statuses = (stdout: string) =>
  (JSON.parse(stdout) as { clientId: string; status: string; code: string | null }[]).map((r) => [
    r.clientId,
    r.status,
    r.code,
  ]);

describe("a bulk action's idempotency keys", () => {
  it('a journal without "keys" (written before they were sorted) resumes with the keys it started with', async () => {
    const dir = workDir();
    const journal = path.join(dir, 'chase.journal');
    const secret = 'the-secret-of-a-run-stopped-before-keys-were-sorted';
    // The request that was out for cl_000006 when that run was killed reached the portal.
    const key = bulkKeyDeriver(secret, 'invite.resend', 1)('cl_000006', 0, 0);
    const first = await api(portal(), '/v1/clients/cl_000006/invitations', {
      method: 'POST',
      body: {},
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    const sent6 = await invitationsTo('cl_000006');
    const sent11 = await invitationsTo('cl_000011');
    const at = '2026-12-03T09:00:00.000Z';
    const lines = [
      { t: 'run', v: 1, kind: 'bulk', action: 'invite.resend', at, secret, targets: ['cl_000006', 'cl_000011'] },
      { t: 'seg', n: 1, at },
      { t: 'sent', ref: 'cl_000006' },
    ];
    writeFileSync(journal, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`, { mode: 0o600 });
    const file = writeCsv(dir, 'chase.txt', 'cl_000006\ncl_000011\n');

    const r = await run(['invite', 'resend', '--from-file', file, '--state', journal, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('resuming the run');
    // The same key: the portal replays its answer (another key would meet the resend cooldown).
    expect(statuses(r.stdout)).toEqual([
      ['cl_000006', 'done', null],
      ['cl_000011', 'done', null],
    ]);
    expect(await invitationsTo('cl_000006')).toBe(sent6);
    expect(await invitationsTo('cl_000011')).toBe(sent11 + 1);
  });

  it('a new run names its keys in its journal', async () => {
    const dir = workDir();
    const journal = path.join(dir, 'archive.journal');
    const file = writeCsv(dir, 'leavers.txt', 'cl_000001\ncl_000002\n');
    const r = await run(['clients', 'archive', '--from-file', file, '--state', journal, '--yes', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const runLine = JSON.parse(readFileSync(journal, 'utf8').split('\n')[0]!) as { t: string; keys: number };
    expect(runLine).toMatchObject({ t: 'run', keys: 2 });
  });
});
