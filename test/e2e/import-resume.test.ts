// Exactly once across crashes: the import subprocess is killed with SIGKILL at several points
// (chosen by what its journal shows, not by timing), then the same command is run again. The
// portal must then hold each row exactly once and the outbox exactly one invitation per client.
// Ctrl-C: the first stops cleanly and prints the command that resumes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalctl as execPortalctl, type Portal, startPortal } from '../helpers/portal.js';
import {
  cli,
  clientsCsv,
  clientsMatching,
  counts,
  invitations,
  type JournalLine,
  journalLines,
  journalReaches,
  killAt,
  workDir,
  writeCsv,
} from './import-support.js';

let portal: Portal;
beforeAll(async () => {
  // Each request waits 15 ms on the server, so a kill lands while requests are in flight.
  portal = await startPortal(['--latency', '15']);
});
afterAll(async () => {
  await portal?.stop();
});

async function expectExactlyOnce(tag: string, count: number): Promise<void> {
  const clients = await clientsMatching(portal, `${tag.toLowerCase()}.`);
  const emails = clients.map((c) => c.email);
  expect(emails).toHaveLength(count);
  expect(new Set(emails).size).toBe(count);
  const invited = (await invitations(portal)).filter((m) => m.to.startsWith(`${tag.toLowerCase()}.`));
  const perClient = counts(invited.map((m) => m.to));
  expect(perClient.size).toBe(count);
  expect([...perClient.values()].every((n) => n === 1)).toBe(true);
}

const done = (lines: JournalLine[]) => lines.filter((l) => l.t === 'done').length;

describe('resume after kill -9', () => {
  it('one request per row: killed before sending, while in flight, and twice mid-run, then completes exactly once', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'k1.csv', clientsCsv(240, 'KillRow'));
    const journal = path.join(dir, 'k1.journal');
    const args = [file, '--yes', '--no-batch', '--concurrency', '4', '--state', journal, '--no-progress'];

    // 1. As soon as the run header is on disk (secret written, nothing sent yet).
    await killAt(portal, ['clients', 'import', ...args], journal, (lines) => lines.some((l) => l.t === 'seg'));
    // 2. With the first requests in flight and none answered.
    await killAt(
      portal,
      ['clients', 'import', ...args],
      journal,
      (lines) => lines.filter((l) => l.t === 'sent').length >= 3 && done(lines) === 0,
    );
    // 3. and 4. Mid-run, twice.
    await killAt(portal, ['clients', 'import', ...args], journal, (lines) => done(lines) >= 40);
    await killAt(portal, ['clients', 'import', ...args], journal, (lines) => done(lines) >= 120);

    const final = await cli(['clients', 'import', ...args, '--json'], { portal });
    expect(final.exitCode, final.stderr).toBe(0);
    const summary = JSON.parse(final.stdout) as { created: number; existing: number; failed: number; pending: number };
    expect(summary).toMatchObject({ created: 240, existing: 0, failed: 0, pending: 0 });
    await expectExactlyOnce('KillRow', 240);
  });

  it('batched: killed while batches are on the wire, then completes exactly once', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'k2.csv', clientsCsv(450, 'KillBatch'));
    const journal = path.join(dir, 'k2.journal');
    const args = [file, '--yes', '--concurrency', '2', '--state', journal, '--no-progress'];
    await killAt(portal, ['clients', 'import', ...args], journal, (lines) => lines.some((l) => l.t === 'sent'));
    await killAt(
      portal,
      ['clients', 'import', ...args],
      journal,
      (lines) => done(lines) >= 100 && lines.filter((l) => l.t === 'sent').length > 2,
    );

    const final = await cli(['clients', 'import', ...args, '--json'], { portal });
    expect(final.exitCode, final.stderr).toBe(0);
    expect(JSON.parse(final.stdout)).toMatchObject({ created: 450, failed: 0, pending: 0, batch: true });
    await expectExactlyOnce('KillBatch', 450);
  });
});

describe('Ctrl-C', () => {
  it('first SIGINT stops sending, saves the journal and prints the command that resumes it', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'int.csv', clientsCsv(200, 'Interrupt'));
    const journal = path.join(dir, 'int.journal');
    const args = ['clients', 'import', file, '--yes', '--no-batch', '--concurrency', '2', '--state', journal];
    const child = execPortalctl(args, { portal });
    await journalReaches(journal, child, (lines) => done(lines) >= 20);
    child.kill('SIGINT');
    const stopped = await child;
    expect(stopped.exitCode).toBe(130);
    const stderr = String(stopped.stderr);
    expect(stderr).toMatch(/Stopping: no new rows are sent/);
    expect(stderr).toMatch(
      /To resume, run:\n {2}portalctl clients import .*int\.csv --yes --no-batch --concurrency 2 --state .*int\.journal/,
    );
    const lines = journalLines(journal);
    expect(lines.at(-1)).toMatchObject({ t: 'end' });
    // Every row sent before the stop has its outcome: in-flight requests were allowed to finish.
    const sent = new Set(lines.filter((l) => l.t === 'sent').flatMap((l) => l.rows ?? []));
    const finished = new Set(lines.filter((l) => l.t === 'done').map((l) => l.r));
    expect([...sent].every((row) => finished.has(row))).toBe(true);
    expect(finished.size).toBeLessThan(200);

    const resumed = await cli(args.concat('--json'), { portal });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 200, pending: 0 });
    await expectExactlyOnce('Interrupt', 200);
  });
});

describe('journal safety', () => {
  it('refuses to resume with a changed file or changed options, and --restart starts over', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'chg.csv', clientsCsv(5, 'Changed'));
    const journal = path.join(dir, 'chg.journal');
    const first = await cli(['clients', 'import', file, '--yes', '--state', journal], { portal });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(readFileSync(journal, 'utf8')).not.toContain('changed.1@example.org');

    const options = await cli(['clients', 'import', file, '--yes', '--no-invite', '--state', journal], { portal });
    expect(options.exitCode).toBe(2);
    expect(options.stderr).toMatch(/this import was started with invitations on \(no --no-invite\), now --no-invite/);

    writeCsv(dir, 'chg.csv', clientsCsv(6, 'Changed'));
    const changed = await cli(['clients', 'import', file, '--yes', '--state', journal], { portal });
    expect(changed.exitCode).toBe(2);
    expect(changed.stderr).toMatch(/the input changed since this import started/);
    expect(changed.stderr).toMatch(/--restart/);

    const restarted = await cli(['clients', 'import', file, '--yes', '--state', journal, '--restart', '--json'], {
      portal,
    });
    expect(restarted.exitCode, restarted.stderr).toBe(0);
    expect(JSON.parse(restarted.stdout)).toMatchObject({ created: 1, existing: 5 });
    await expectExactlyOnce('Changed', 6);
  });
});
