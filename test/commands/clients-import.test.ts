// `clients import` run in-process: the declaration reads its flags, and Ctrl-C reaches it as the
// world's signal (src/cli.ts makes it from SIGINT): rows not sent stay pending in the journal, the
// run ends cancelled (130) naming the command that resumes it, and that command finishes the job.
// The real Ctrl-C on a terminal, and kill -9: test/e2e/import-tty.test.ts, import-resume.test.ts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientsCsv, journalLines, workDir, writeCsv } from '../e2e/import-support.js';
import { CANCELLED, USAGE } from '../helpers/exit-codes.js';
import { ctrlCAfterYes, runner, useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const run = runner(portal);

describe('clients import', () => {
  it('stopped by the signal once confirmed: nothing sent, rows pending, 130 and the resume command; it then resumes', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'stopped.csv', clientsCsv(5, 'InProcStop'));
    const journal = path.join(dir, 'stopped.journal');
    const args = ['clients', 'import', file, '--no-progress', '--state', journal];
    const stopped = await run(args, undefined, ctrlCAfterYes());
    expect(stopped.exitCode, stopped.stderr).toBe(CANCELLED);
    expect(stopped.stderr).toContain('Stopping: no new rows are sent; waiting for the requests in flight');
    expect(stopped.stderr).toContain(
      `Stopped. 5 rows were not sent. To resume, run:\n  portalctl clients import ${file} --no-progress --state ${journal}\n`,
    );
    expect(stopped.stderr).toContain('error: import stopped (Ctrl-C); the journal is saved');
    const lines = journalLines(journal);
    expect(lines.filter((l) => l.t === 'sent' || l.t === 'done')).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ t: 'end', reason: 'cancelled' });

    const resumed = await run([...args, '--yes', '--json']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ rows: 5, created: 5, pending: 0, failed: 0 });
  });

  it('reads its flags from the declaration: the template, and a usage error naming the flag', async () => {
    const template = await run(['clients', 'import', '--template']);
    expect(template.exitCode, template.stderr).toBe(0);
    expect(template.stdout).toMatch(/^First Name,Last Name,/);
    const wrong = await run(['clients', 'import', 'x.csv', '--batch-size', '101']);
    expect(wrong.exitCode).toBe(USAGE);
    expect(wrong.stderr).toContain("error: --batch-size must be at most 100 (the portal's limit)");
    const missing = await run(['clients', 'import']);
    expect(missing.exitCode).toBe(USAGE);
    expect(missing.stderr).toContain('error: <file> is required (a CSV file or .xlsx workbook, or - for stdin)');
  });
});
