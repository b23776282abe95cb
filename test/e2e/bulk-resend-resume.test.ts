// Exactly once across a crash, for a bulk action: `invite resend` on 150 clients is killed with
// SIGKILL halfway (at a point its journal shows, not a time), then run again with the same command.
// The outbox must then hold exactly one resent invitation per client: none twice, none missed.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.js';
import { cli, clientsCsv, counts, invitations, killAt, workDir, writeCsv } from './import-support.js';

let portal: Portal;
beforeAll(async () => {
  // Each request waits 15 ms on the server, so the kill lands with requests (and their keys) in
  // flight. No resend cooldown: the clients are resent minutes after the import invited them.
  portal = await startPortal(['--latency', '15', '--resend-cooldown', '0']);
});
afterAll(async () => {
  await portal?.stop();
});

const COUNT = 150;

describe('bulk resend after kill -9', () => {
  it('killed halfway and run again: each client is sent exactly one more invitation', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'chase.csv', clientsCsv(COUNT, 'Chase'));
    const added = await cli(['clients', 'import', file, '--yes', '--no-progress'], { portal });
    expect(added.exitCode, added.stderr).toBe(0);
    const invited = (await invitations(portal)).filter((m) => m.to.startsWith('chase.'));
    expect(invited).toHaveLength(COUNT);

    const journal = path.join(dir, 'resend.journal');
    const args = [
      'invite',
      'resend',
      '--search',
      'chase.',
      '--invite-status',
      'pending',
      '--yes',
      '--state',
      journal,
      '--concurrency',
      '4',
      '--no-progress',
    ];
    await killAt(portal, args, journal, (lines) => lines.filter((l) => l.t === 'done').length >= COUNT / 2);
    const halfway = (await invitations(portal)).filter((m) => m.to.startsWith('chase.')).length - COUNT;
    expect(halfway).toBeGreaterThanOrEqual(COUNT / 2);
    expect(halfway).toBeLessThan(COUNT);

    const again = await cli([...args, '--json'], { portal });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('resuming the run started');
    const results = JSON.parse(again.stdout) as { status: string }[];
    expect(results).toHaveLength(COUNT);
    expect(results.every((r) => r.status === 'done')).toBe(true);

    const perClient = counts((await invitations(portal)).filter((m) => m.to.startsWith('chase.')).map((m) => m.to));
    expect(perClient.size).toBe(COUNT);
    expect([...perClient.values()].every((n) => n === 2)).toBe(true);
  });
});
