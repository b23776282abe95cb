// `portalctl clients import` through the built binary: standard input, the README's fixture and the
// heap bound it sets by re-executing itself. File formats, columns, validation, dry run, duplicates,
// linking, the report, --retry-failed, sharding and confirmation run in-process:
// test/commands/clients-import-files.test.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usePortal } from '../helpers/e2e.js';
import { ROOT } from '../helpers/portal.js';
import { clientsCsv, importer, invitations, workDir, writeCsv } from './import-support.js';

const portal = usePortal();

const fixture = (name: string) => path.join(ROOT, 'fixtures/import', name);
/** Copies a fixture into a temp dir, so its journal is written there and not in the repository. */
function _copy(name: string): string {
  return writeCsv(workDir(), name, readFileSync(fixture(name)));
}
const importCli = importer(portal);

interface Summary {
  rows: number;
  created: number;
  existing: number;
  invalid: number;
  duplicate: number;
  failed: number;
  pending: number;
  invitesSent: number;
  toCreate?: number;
  batch: boolean;
  journal: string;
}
const summaryOf = (stdout: string) => JSON.parse(stdout) as Summary;

describe('standard input', () => {
  it('reads the CSV from stdin with -', async () => {
    const result = await importCli(['-', '--yes', '--json', '--state', path.join(workDir(), 'stdin.journal')], {
      input: clientsCsv(3, 'Stdin'),
      stdin: 'pipe',
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ rows: 3, created: 3 });
  });

  it('keeps the journal of a stdin import under the XDG state directory, 0600, without personal data', async () => {
    const state = path.join(workDir(), 'state');
    const input = clientsCsv(2, 'StdinJournal');
    const result = await importCli(['-', '--yes'], { input, stdin: 'pipe', env: { XDG_STATE_HOME: state } });
    expect(result.exitCode, result.stderr).toBe(0);
    const dir = path.join(state, 'portalctl/imports');
    const [journal] = readdirSync(dir).filter((f) => f.endsWith('.portalctl-journal'));
    expect(journal).toMatch(/^stdin-[0-9a-f]{16}\.portalctl-journal$/);
    expect(statSync(path.join(dir, journal!)).mode & 0o777).toBe(0o600);
    const text = readFileSync(path.join(dir, journal!), 'utf8');
    expect(text).not.toMatch(/stdinjournal/i);
    // The same input again resumes from that journal: nothing is sent twice.
    const again = await importCli(['-', '--yes'], { input, stdin: 'pipe', env: { XDG_STATE_HOME: state } });
    expect(again.stderr).toMatch(/0 to send \(2 finished in an earlier run\)/);
  });
});

describe('the README fixture', () => {
  // A portal of its own: as seeded, like the README's first run (other tests here add clients).
  const fresh = usePortal();
  const importFresh = importer(fresh);

  it('imports fixtures/clients.csv with --skip-invalid --yes: possible duplicates by name wait for a decision', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'clients.csv', readFileSync(path.join(ROOT, 'fixtures/clients.csv')));
    const report = path.join(dir, 'report.csv');
    const before = await invitations(fresh());
    const result = await importFresh([file, '--skip-invalid', '--yes', '--json', '--report', report]);
    expect(result.exitCode, result.stderr).toBe(8);
    const summary = summaryOf(result.stdout);
    // The file's clients go to the administrator's own provider (Northstar: the administrator token
    // acts as the seed's administrator, Priya Raman). Four rows have the names of earlier rows of
    // the file (the clients those became), one that of a seeded Northstar client. Another has the
    // name of a seeded client at another provider: not a match there.
    expect(summary).toMatchObject({ rows: 221, invalid: 4, existing: 2, failed: 5, batch: true });
    expect(JSON.parse(result.stdout)).toMatchObject({ nameMatches: 5, emailConflicts: 0 });
    expect(summary.created).toBe(210);
    expect(summary.invitesSent).toBe(210);
    expect(result.stderr).toContain(
      'row 45 (line 48): Harpreet Santos has the name of cl_000015 (Harpreet Santos), with another email: not created (--on-name-match fail)',
    );
    expect(result.stderr).toMatch(
      /row 52 \(line 55\): Siobhán Patel has the name of cl_\w+ \(Siobhán Patel\), with another email: not created \(--on-name-match fail\)/,
    );
    const after = await invitations(fresh());
    expect(after.length - before.length).toBe(210);
    // Running it again resumes: nothing left to send, nothing sent twice.
    const again = await importFresh([file, '--skip-invalid', '--yes', '--json']);
    expect(again.exitCode).toBe(8);
    expect(again.stderr).toMatch(/0 to send \(217 finished in an earlier run\)/);
    expect((await invitations(fresh())).length).toBe(after.length);
    // Checked: different people. Only those rows are sent again, and created.
    const decided = await importFresh([
      file,
      '--skip-invalid',
      '--yes',
      '--json',
      '--retry-failed',
      report,
      '--on-name-match',
      'create',
    ]);
    expect(decided.exitCode, decided.stderr).toBe(0);
    expect(summaryOf(decided.stdout)).toMatchObject({ created: 215, existing: 2, failed: 0 });
    expect((await invitations(fresh())).length).toBe(after.length + 5);
  });
});

describe('memory', () => {
  it("bounds V8's heap by re-executing itself once, unless NODE_OPTIONS already sets it", async () => {
    const dir = workDir();
    const bounded = await importCli([writeCsv(dir, 'a.csv', clientsCsv(3, 'Nursery')), '--yes', '--json', '--debug']);
    expect(bounded.exitCode, bounded.stderr).toBe(0);
    expect(
      bounded.stderr.match(
        /re-running with node --min-semi-space-size=16 --max-semi-space-size=16 --heap-growing-percent=50/g,
      ),
    ).toHaveLength(1);
    expect(summaryOf(bounded.stdout)).toMatchObject({ rows: 3, created: 3, invitesSent: 3 });

    const own = await importCli([writeCsv(dir, 'b.csv', clientsCsv(2, 'OwnNursery')), '--yes', '--json', '--debug'], {
      env: { NODE_OPTIONS: '--max-semi-space-size=32' },
    });
    expect(own.exitCode, own.stderr).toBe(0);
    expect(own.stderr).not.toContain('re-running');
    expect(summaryOf(own.stdout)).toMatchObject({ rows: 2, created: 2 });
  });
});
