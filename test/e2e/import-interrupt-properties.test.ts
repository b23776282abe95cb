// A property of the import journal: however an import is interrupted (SIGKILL or Ctrl-C, once to
// three times, at a random point of its progress, one row per request or batched, with the last
// journal line torn as a crash during a write would leave it), running the same command again
// completes it with every row in the portal exactly once and one invitation per client. The
// interruption points are read from the journal, not timed. fast-check prints the seed and the
// smallest failing sequence of interruptions.
import { existsSync, readFileSync, truncateSync, watch } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalctl as execPortalctl, type Portal, startPortal } from '../helpers/portal.js';
import { cli, clientsCsv, clientsMatching, counts, invitations, workDir, writeCsv } from './import-support.js';

const ROWS = 40;

let portal: Portal;
beforeAll(async () => {
  // Each request waits 10 ms on the server, so an interruption lands while requests are in flight.
  portal = await startPortal(['--latency', '10']);
});
afterAll(async () => {
  await portal?.stop();
});

/** Lines of the journal, the torn last one (if any) left out. */
function records(file: string): { t: string }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { t: string }];
      } catch {
        return [];
      }
    });
}

const count = (file: string, type: string) => records(file).filter((r) => r.t === type).length;

/** Starts the import and interrupts it once the journal has `done` outcomes (and something in flight). */
async function interrupt(args: string[], journal: string, done: number, signal: 'SIGKILL' | 'SIGINT'): Promise<void> {
  const child = execPortalctl(['clients', 'import', ...args], { portal });
  await new Promise<void>((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      watcher.close();
      resolve();
    };
    const check = () => {
      if (!settled && count(journal, 'sent') > 0 && count(journal, 'done') >= done) {
        child.kill(signal);
        finish();
      }
    };
    const watcher = watch(path.dirname(journal), check);
    // Finished before the point was reached (it was near the end): an uninterrupted run.
    void child.then(finish);
    check();
  });
  const result = await child;
  expect([0, 130, undefined], String(result.stderr)).toContain(result.exitCode ?? undefined);
  if (result.exitCode !== 0) interrupted++;
}

/** Cuts the journal inside its last line, as a crash in the middle of a write would leave it. */
function tearLastLine(journal: string, fraction: number): void {
  const text = readFileSync(journal);
  const end = text.length - 1; // the final \n
  const start = text.lastIndexOf(10, end - 1) + 1;
  if (start <= 0 || end - start < 2) return;
  truncateSync(journal, start + 1 + Math.floor((end - start - 1) * fraction));
}

let runs = 0;
let interrupted = 0;

describe('the import journal under interruptions', () => {
  it('never loses or doubles a row, wherever the import is interrupted', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          batch: fc.boolean(),
          concurrency: fc.integer({ min: 1, max: 4 }),
          interruptions: fc.array(
            fc.record({
              done: fc.integer({ min: 0, max: ROWS - 1 }),
              signal: fc.constantFrom<'SIGKILL' | 'SIGINT'>('SIGKILL', 'SIGINT'),
              tear: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
        }),
        async ({ batch, concurrency, interruptions }) => {
          runs++;
          const tag = `Prop${runs}x${Date.now().toString(36)}`;
          const dir = workDir();
          const file = writeCsv(dir, 'rows.csv', clientsCsv(ROWS, tag));
          const journal = path.join(dir, 'rows.journal');
          const args = [file, '--yes', '--concurrency', String(concurrency), '--state', journal, '--no-progress'];
          if (batch) args.push('--batch-size', '5');
          else args.push('--no-batch');

          for (const { done, signal, tear } of interruptions) {
            await interrupt(args, journal, done, signal);
            if (signal === 'SIGKILL' && tear !== null && existsSync(journal)) tearLastLine(journal, tear);
          }

          const final = await cli(['clients', 'import', ...args, '--json'], { portal });
          expect(final.exitCode, final.stderr).toBe(0);
          const summary = JSON.parse(final.stdout) as {
            created: number;
            existing: number;
            failed: number;
            pending: number;
          };
          expect(summary).toMatchObject({ failed: 0, pending: 0 });
          expect(summary.created + summary.existing).toBe(ROWS);

          const needle = `${tag.toLowerCase()}.`;
          const emails = (await clientsMatching(portal, needle)).map((c) => c.email);
          expect(emails).toHaveLength(ROWS);
          expect(new Set(emails).size).toBe(ROWS);
          const invited = counts((await invitations(portal)).filter((m) => m.to.startsWith(needle)).map((m) => m.to));
          expect(invited.size).toBe(ROWS);
          expect([...invited.values()].every((n) => n === 1)).toBe(true);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS_E2E ?? 5) },
    );
    // Not vacuous: most points are reached before the import ends.
    expect(interrupted).toBeGreaterThan(0);
  });
});
