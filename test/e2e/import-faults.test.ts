// The import against a misbehaving portal (the server's fault knobs): failing requests, reset
// connections, changes committed but never answered, and rate limiting. Each import must
// complete in one run with every row accounted for, each client created once and invited once.
// And a portal that dies mid-import: the import stops (exit 7), and the same command completes
// once the portal is back.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { portalctl as execPortalctl, type Portal, startPortal } from '../helpers/portal.js';
import {
  cli,
  clientsCsv,
  clientsMatching,
  counts,
  invitations,
  journalLines,
  journalReaches,
  parseReport,
  workDir,
  writeCsv,
} from './import-support.js';

let portal: Portal | undefined;
afterEach(async () => {
  await portal?.stop();
  portal = undefined;
});

interface Summary {
  rows: number;
  created: number;
  failed: number;
  pending: number;
  throttled: number;
  retried: number;
}

/** PORTALCTL_FAULT_SEED=N replays a failed run's faults (its seed is in the failure message). */
const replaySeed = process.env.PORTALCTL_FAULT_SEED;

async function importUnderFaults(knobs: string[], tag: string, rows: number, extra: string[] = []): Promise<Summary> {
  portal = await startPortal([...knobs, ...(replaySeed ? ['--fault-seed', replaySeed] : [])]);
  const seed = `fault seed ${portal.faultSeed ?? '(none: no knob draws)'}; replay with PORTALCTL_FAULT_SEED=${portal.faultSeed ?? ''}`;
  const dir = workDir();
  const file = writeCsv(dir, `${tag}.csv`, clientsCsv(rows, tag));
  const report = path.join(dir, 'report.csv');
  const result = await cli(
    ['clients', 'import', file, '--yes', '--json', '--no-progress', '--report', report, ...extra],
    {
      portal,
    },
  );
  expect(result.exitCode, `${seed}\n${result.stderr}`).toBe(0);
  const summary = JSON.parse(result.stdout) as Summary;
  expect(summary, seed).toMatchObject({ rows, created: rows, failed: 0, pending: 0 });

  // Every row accounted for exactly once in the report, each with its client.
  const lines = parseReport(readFileSync(report, 'utf8'));
  expect(
    lines.map((l) => Number(l.row)),
    seed,
  ).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
  expect(
    lines.every((l) => l.status === 'created' && l.client_id?.startsWith('cl_')),
    seed,
  ).toBe(true);

  // No duplicates in the portal, one invitation per client.
  const prefix = `${tag.toLowerCase()}.`;
  const clients = await clientsMatching(portal, prefix);
  expect(clients, seed).toHaveLength(rows);
  expect(new Set(lines.map((l) => l.client_id)).size, seed).toBe(rows);
  const invited = counts((await invitations(portal)).filter((m) => m.to.startsWith(prefix)).map((m) => m.to));
  expect(invited.size, seed).toBe(rows);
  expect(
    [...invited.values()].every((n) => n === 1),
    seed,
  ).toBe(true);
  return summary;
}

describe('import against a failing portal', () => {
  it('retries 500/503 answers (--fail-rate), one request per row', async () => {
    const summary = await importUnderFaults(['--fail-rate', '0.2'], 'FailRow', 60, ['--no-batch']);
    expect(summary.retried, `fault seed ${portal?.faultSeed}`).toBeGreaterThan(0);
  });

  it('retries reset connections (--reset-rate), batched', async () => {
    const summary = await importUnderFaults(['--reset-rate', '0.2'], 'ResetBatch', 400, ['--batch-size', '10']);
    expect(summary.retried, `fault seed ${portal?.faultSeed}`).toBeGreaterThan(0);
  });

  it('replays changes committed but never answered (--drop-after-commit-rate), both ways', async () => {
    const single = await importUnderFaults(['--drop-after-commit-rate', '0.2'], 'DropRow', 80, ['--no-batch']);
    expect(single.retried, `fault seed ${portal?.faultSeed}`).toBeGreaterThan(0);
    await portal?.stop();
    const batched = await importUnderFaults(['--drop-after-commit-rate', '0.2'], 'DropBatch', 400, [
      '--batch-size',
      '10',
    ]);
    expect(batched.retried, `fault seed ${portal?.faultSeed}`).toBeGreaterThan(0);
  });

  it('backs off when rate limited (--rate-limit), honouring Retry-After', async () => {
    const summary = await importUnderFaults(['--rate-limit', '25'], 'Limited', 60, [
      '--no-batch',
      '--concurrency',
      '16',
    ]);
    expect(summary.throttled).toBeGreaterThan(0);
  });

  it('survives every knob at once', async () => {
    await importUnderFaults(
      ['--fail-rate', '0.1', '--reset-rate', '0.1', '--drop-after-commit-rate', '0.1', '--rate-limit', '40'],
      'AllFaults',
      150,
      ['--concurrency', '8', '--no-batch'],
    );
  });
});

describe('a portal that dies mid-import', () => {
  it('stops with exit 7, rows unsent pending; the same command then completes against the restarted portal, once each', async () => {
    const dir = workDir();
    const db = path.join(dir, 'portal.db');
    // Each request waits 15 ms on the server, so the kill lands with requests (and their keys) in flight.
    portal = await startPortal(['--db', db, '--latency', '15']);
    const port = new URL(portal.url).port;
    const file = writeCsv(dir, 'down.csv', clientsCsv(300, 'PortalDown'));
    const journal = path.join(dir, 'down.journal');
    const args = ['clients', 'import', file, '--yes', '--no-batch', '--concurrency', '8'];
    const rest = ['--state', journal, '--no-progress', '--json', '--timeout', '3'];
    const child = execPortalctl([...args, ...rest], { portal });
    await journalReaches(journal, child, (lines) => lines.filter((l) => l.t === 'done').length >= 60);
    portal.process.kill('SIGKILL');
    await portal.process;

    const stopped = await child;
    const stderr = String(stopped.stderr);
    expect(stopped.exitCode, stderr).toBe(7);
    expect(stderr).toMatch(/error: portal unreachable: .*; re-run the same command to resume/);
    expect(stderr).toMatch(/hint: \d+ rows are pending in the journal; to resume, run:\n {2}portalctl clients import /);
    const summary = JSON.parse(String(stopped.stdout)) as Summary;
    expect(summary.failed).toBe(0);
    expect(summary.pending).toBeGreaterThan(0);
    expect(summary.created + summary.pending).toBe(300);
    expect(journalLines(journal).filter((l) => l.t === 'done').length).toBe(summary.created);

    // The portal comes back on the same address and database; the same command finishes the job.
    portal = await startPortal(['--db', db, '--port', port]);
    const resumed = await cli([...args, ...rest], { portal });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ rows: 300, created: 300, failed: 0, pending: 0 });
    const clients = await clientsMatching(portal, 'portaldown.');
    expect(clients).toHaveLength(300);
    expect(new Set(clients.map((c) => c.email)).size).toBe(300);
    const invited = counts((await invitations(portal)).filter((m) => m.to.startsWith('portaldown.')).map((m) => m.to));
    expect(invited.size).toBe(300);
    expect([...invited.values()].every((n) => n === 1)).toBe(true);
  });
});
