// `portalctl clients import` and rows that may be someone already in the portal, in-process against
// a seeded portal: an email held by another person is a conflict (never "existing"),
// --on-email-match fail|skip|same-person, rows the import itself created stay existing when it is
// run again, a conflict at another provider names no one, and the plan counts what the run does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src/bulk/importer.js';
import { clientsMatching, invitations, parseReport, workDir, writeCsv } from '../e2e/import-support.js';
import { useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const importCli = (args: string[], options: { token?: string } = {}) =>
  portal().run(['clients', 'import', ...args], options);

// Seeded: cl_000008 Kwame Chen <kwame.chen8@example.com>, at Northstar.
const KWAME = 'kwame.chen8@example.com';

const summaryOf = (stdout: string) => JSON.parse(stdout) as ImportSummary;
const reportOf = (file: string) =>
  parseReport(readFileSync(file, 'utf8')).map((l) => [l.status, l.code, l.client_id, l.message]);

function csv(name: string, rows: string[]): { file: string; dir: string } {
  const dir = workDir();
  return { file: writeCsv(dir, name, ['First Name,Last Name,Email', ...rows, ''].join('\n')), dir };
}

describe('an email that belongs to someone else', () => {
  it('is a conflict: not created, reported with both names and the existing id, exit 8', async () => {
    const { file, dir } = csv('zed.csv', [`Zed,Zulu,${KWAME}`, 'Ngozi,Conflictless,ngozi.conflictless@example.org']);
    const report = path.join(dir, 'report.csv');
    const result = await importCli([file, '--yes', '--json', '--report', report]);
    expect(result.exitCode).toBe(8);
    expect(summaryOf(result.stdout)).toMatchObject({
      rows: 2,
      created: 1,
      existing: 0,
      failed: 1,
      emailConflicts: 1,
      nameMatches: 0,
    });
    const message = 'the email belongs to cl_000008 (Kwame Chen), not to Zed Zulu: not created (--on-email-match fail)';
    expect(reportOf(report)[0]).toEqual(['failed', 'email-conflict', 'cl_000008', message]);
    expect(result.stderr).toContain(`row 1 (line 2): ${message}`);
    expect(result.stderr).toMatch(/error: 1 of 2 rows failed/);
    // Zed was not added, and Kwame Chen is untouched.
    const holders = await clientsMatching(portal(), KWAME);
    expect(holders.map((c) => [c.id, c.firstName, c.lastName])).toEqual([['cl_000008', 'Kwame', 'Chen']]);
    // The journal keeps no names: only the report (for whoever decides) does.
    expect(readFileSync(`${file}.portalctl-journal`, 'utf8')).not.toMatch(/Zed|Kwame/);
  });

  it('is existing when it is the same person: the same name, however it is written', async () => {
    const { file, dir } = csv('kwame.csv', [`KWAME,Chén,${KWAME.toUpperCase()}`]);
    const report = path.join(dir, 'report.csv');
    const result = await importCli([file, '--yes', '--json', '--report', report]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ existing: 1, failed: 0, emailConflicts: 0 });
    expect(reportOf(report)).toEqual([['existing', '', 'cl_000008', '']]);
  });

  it('--on-email-match skip leaves it out (exit 0); same-person counts it as existing; the plan says the same', async () => {
    for (const [policy, status, code] of [
      ['skip', 'skipped', 'email-conflict'],
      ['same-person', 'existing', 'email-match'],
    ] as const) {
      const { file, dir } = csv(`${policy}.csv`, [`Zed,Zulu,${KWAME}`]);
      const plan = path.join(dir, 'plan.csv');
      const report = path.join(dir, 'report.csv');
      const dry = await importCli([file, '--dry-run', '--json', '--on-email-match', policy, '--report', plan]);
      const run = await importCli([file, '--yes', '--json', '--on-email-match', policy, '--report', report]);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(reportOf(report)).toEqual(reportOf(plan));
      expect(reportOf(report)[0]?.slice(0, 3)).toEqual([status, code, 'cl_000008']);
      expect(reportOf(report)[0]?.[3]).toContain(`(--on-email-match ${policy})`);
      const counts = ({ skipped, existing, failed, emailConflicts }: ImportSummary) => ({
        skipped,
        existing,
        failed,
        emailConflicts,
      });
      expect(counts(summaryOf(run.stdout))).toEqual(counts(summaryOf(dry.stdout)));
      expect(summaryOf(run.stdout).emailConflicts).toBe(1);
    }
    expect((await clientsMatching(portal(), KWAME)).map((c) => c.id)).toEqual(['cl_000008']);
  });

  it('at another provider, is a conflict that names no one, whatever the policy', async () => {
    const { file, dir } = csv('other.csv', [`Kwame,Chen,${KWAME}`]);
    const report = path.join(dir, 'report.csv');
    const result = await importCli([file, '--yes', '--json', '--on-email-match', 'same-person', '--report', report], {
      token: 'demo-provider-b-token',
    });
    expect(result.exitCode).toBe(8);
    expect(reportOf(report)).toEqual([
      ['failed', 'email-conflict', '', 'the email is in use at another provider: not created'],
    ]);
    expect(result.stderr).not.toMatch(/cl_000008|Kwame Chen \(/);
  });
});

describe('running an import again', () => {
  it('counts the rows it created as existing, also after --restart with a fresh journal', async () => {
    // "Ada" starts "Adaeze": met again, Ada's row would be a possible duplicate of the client
    // Adaeze's row became, but its own email decides first (the same person: existing).
    const rows = [
      'Ada,Okonkwo-Rerun,ada.rerun@example.org',
      'Adaeze,Okonkwo-Rerun,adaeze.rerun@example.org',
      'Tomasz,Rerunski,tomasz.rerun@example.org',
    ];
    const { file, dir } = csv('rerun.csv', rows);
    const first = await importCli([file, '--yes', '--json']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(summaryOf(first.stdout)).toMatchObject({ created: 3, failed: 0 });
    const invited = (await invitations(portal())).length;

    const report = path.join(dir, 'report.csv');
    const again = await importCli([file, '--yes', '--json', '--restart', '--report', report]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(summaryOf(again.stdout)).toMatchObject({ created: 0, existing: 3, failed: 0, emailConflicts: 0 });
    expect(reportOf(report).map(([status, code]) => [status, code])).toEqual([
      ['existing', ''],
      ['existing', ''],
      ['existing', ''],
    ]);
    expect((await invitations(portal())).length).toBe(invited);
  });
});

describe('possible name matches', () => {
  it('are counted the same by the plan and the run, within the file too, and created only when asked', async () => {
    // Added to Northstar, where Harpreet Santos (cl_000015) is: a name match counts where the
    // client will live.
    const dir = workDir();
    const file = writeCsv(
      dir,
      'names.csv',
      [
        'First Name,Last Name,Email,Provider',
        'Quentin,Samename,quentin.samename1@example.org,sp_northstar',
        'Quentin,Same-Name,quentin.samename2@example.org,sp_northstar',
        'Harpreet,Santos,harpreet.santos.nm2@example.org,sp_northstar',
        '',
      ].join('\n'),
    );
    const plan = path.join(dir, 'plan.csv');
    const report = path.join(dir, 'report.csv');
    const dry = await importCli([file, '--dry-run', '--json', '--report', plan]);
    expect(summaryOf(dry.stdout)).toMatchObject({ toCreate: 1, failed: 2, nameMatches: 2 });
    expect(reportOf(plan)[1]?.[3]).toBe(
      'Quentin Same-Name has the name of row 1 of this file, with another email: not created (--on-name-match fail)',
    );
    const run = await importCli([file, '--yes', '--json', '--report', report]);
    expect(run.exitCode).toBe(8);
    expect(summaryOf(run.stdout)).toMatchObject({ created: 1, failed: 2, nameMatches: 2 });
    const planned = reportOf(plan).map(([status, code]) => [status === 'to-create' ? 'created' : status, code]);
    expect(reportOf(report).map(([status, code]) => [status, code])).toEqual(planned);
    const [quentin] = await clientsMatching(portal(), 'quentin.samename1@');
    expect(reportOf(report)[1]?.slice(2)).toEqual([
      quentin?.id,
      `Quentin Same-Name has the name of ${quentin?.id} (Quentin Samename), with another email: not created (--on-name-match fail)`,
    ]);
    expect(await clientsMatching(portal(), 'quentin.samename2@')).toEqual([]);

    // Checked: different people. Created when asked, and only those rows are sent.
    const decided = await importCli([file, '--yes', '--json', '--retry-failed', report, '--on-name-match', 'create']);
    expect(decided.exitCode, decided.stderr).toBe(0);
    expect(summaryOf(decided.stdout)).toMatchObject({ created: 3, failed: 0, nameMatches: 0 });
    expect(await clientsMatching(portal(), 'quentin.samename2@')).toHaveLength(1);
  });
});
