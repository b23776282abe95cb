// `portalctl clients import` options that decide what is sent: --on-name-match fail|skip|create
// for rows whose name matches a client already in the portal (with another email), checked in the
// summary JSON, the report and the portal itself; and the confirmation an import needs before it
// emails anyone when no person is at a terminal (--yes). --on-email-match: import-matches.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src/bulk/importer.js';
import { usePortal } from '../helpers/e2e.js';
import {
  clientsCsv,
  clientsMatching,
  importer,
  invitations,
  outboxSize,
  parseReport,
  workDir,
  writeCsv,
} from './import-support.js';
import { runPty } from './pty.js';

const portal = usePortal();

const importCli = importer(portal);

/**
 * Four rows: two whose names match seeded clients (Mary-Ann O'Brien cl_000001, Kwame Chen
 * cl_000008) written the way people type them, with new emails; one name nobody has; and one
 * seeded client's own email (existing, whatever the policy). They are added to Northstar, where
 * those clients are: a name match counts where the client will live.
 */
function nameMatchFile(mode: string, lastName: string): { file: string; dir: string; emails: string[] } {
  const dir = workDir();
  const emails = [`maryann.${mode}.nm@example.org`, `kwame.${mode}.nm@example.org`, `new.${mode}.nm@example.org`];
  const file = writeCsv(
    dir,
    `${mode}.csv`,
    [
      'First Name,Last Name,Email,Provider',
      `mary ann,OBRIEN,${emails[0]},sp_northstar`,
      `KWAME,chen,${emails[1]},sp_northstar`,
      `Nomatch,${lastName},${emails[2]},sp_northstar`,
      'José,Côté,jose.cote2@example.com,sp_northstar',
      '',
    ].join('\n'),
  );
  return { file, dir, emails };
}

/** The --json summary on stdout. */
type Summary = ImportSummary;

const reportOf = (file: string) =>
  parseReport(readFileSync(file, 'utf8')).map((l) => [l.status, l.code, l.message, l.client_id]);

async function invitedTo(emails: string[]): Promise<string[]> {
  return (await invitations(portal())).map((m) => m.to).filter((to) => emails.includes(to));
}

describe('--on-name-match', () => {
  it('the help says what each policy does, and fail is the default', async () => {
    const help = await importCli(['--help']);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      '--on-name-match <policy> a client with a matching name has another email (a possible duplicate): fail, skip, or create it anyway (default: "fail")',
    );
    expect(text).toContain('fail (default): a possible duplicate, not created, exit 8; skip: not created');
    const wrong = await importCli([nameMatchFile('wrong', 'Quillfeather').file, '--yes', '--on-name-match', 'ask']);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain('error: --on-name-match must be one of: fail, skip, create');
  });

  it('skip: the dry run predicts it, then name matches are skipped and reported, not created, not invited', async () => {
    const { file, dir, emails } = nameMatchFile('skip', 'Aldersgate');
    const plan = path.join(dir, 'plan.csv');
    const dry = await importCli([file, '--dry-run', '--on-name-match', 'skip', '--json', '--report', plan]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ toCreate: 1, skipped: 2, existing: 1, nameMatches: 2 });
    expect(reportOf(plan).map(([status]) => status)).toEqual(['skipped', 'skipped', 'to-create', 'existing']);

    const report = path.join(dir, 'report.csv');
    const result = await importCli([file, '--yes', '--json', '--on-name-match', 'skip', '--report', report]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout) as Summary).toMatchObject({
      rows: 4,
      created: 1,
      existing: 1,
      skipped: 2,
      failed: 0,
      pending: 0,
      invitesSent: 1,
    });
    expect(result.stderr).toMatch(/^ {2}skipped +2$/m);
    const lines = reportOf(report);
    // Both names and the existing client's id, so that someone can decide.
    expect(lines.slice(0, 2)).toEqual([
      [
        'skipped',
        'name-match',
        "mary ann OBRIEN has the name of cl_000001 (Mary-Ann O'Brien), with another email: skipped (--on-name-match skip)",
        'cl_000001',
      ],
      [
        'skipped',
        'name-match',
        'KWAME chen has the name of cl_000008 (Kwame Chen), with another email: skipped (--on-name-match skip)',
        'cl_000008',
      ],
    ]);
    expect(lines[2]?.[0]).toBe('created');
    expect(lines[2]?.[3]).toMatch(/^cl_/);
    expect(lines[3]).toEqual(['existing', '', '', 'cl_000002']);

    expect(await clientsMatching(portal(), emails[0]!)).toEqual([]);
    expect(await clientsMatching(portal(), emails[1]!)).toEqual([]);
    const [created] = await clientsMatching(portal(), emails[2]!);
    expect(created?.id).toBe(lines[2]?.[3]);
    expect(await invitedTo(emails)).toEqual([emails[2]]);
  });

  it('create: name matches are created like any other row, each with its invitation', async () => {
    const { file, dir, emails } = nameMatchFile('create', 'Brackenridge');
    const report = path.join(dir, 'report.csv');
    const result = await importCli([file, '--yes', '--json', '--on-name-match', 'create', '--report', report]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout) as Summary).toMatchObject({
      rows: 4,
      created: 3,
      existing: 1,
      skipped: 0,
      failed: 0,
      invitesSent: 3,
    });
    const lines = reportOf(report);
    expect(lines.map(([status]) => status)).toEqual(['created', 'created', 'created', 'existing']);
    for (const [i, email] of emails.entries()) {
      const [client] = await clientsMatching(portal(), email);
      expect(client?.id).toBe(lines[i]?.[3]);
    }
    const [maryAnn] = await clientsMatching(portal(), emails[0]!);
    expect(maryAnn).toMatchObject({ firstName: 'mary ann', lastName: 'OBRIEN' });
    expect(maryAnn?.id).not.toBe('cl_000001');
    expect((await invitedTo(emails)).sort()).toEqual([...emails].sort());
  });

  it('fail, the default: name matches fail (exit 8) with their reason; --retry-failed with create then adds them', async () => {
    const { file, dir, emails } = nameMatchFile('fail', 'Cottingham');
    const report = path.join(dir, 'report.csv');
    const plan = path.join(dir, 'plan.csv');
    // The plan counts what the run then does.
    const dry = await importCli([file, '--dry-run', '--json', '--report', plan]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ toCreate: 1, failed: 2, existing: 1, nameMatches: 2 });
    // One request per row here (the skip case above went through the batch endpoint).
    const args = [file, '--yes', '--json', '--no-batch'];
    const result = await importCli([...args, '--report', report]);
    expect(result.exitCode).toBe(8);
    expect(JSON.parse(result.stdout) as Summary).toMatchObject({
      rows: 4,
      created: 1,
      existing: 1,
      skipped: 0,
      failed: 2,
      pending: 0,
      invitesSent: 1,
      nameMatches: 2,
    });
    expect(result.stderr).toMatch(/error: 2 of 4 rows failed/);
    expect(result.stderr).toContain(
      'row 2 (line 3): KWAME chen has the name of cl_000008 (Kwame Chen), with another email: not created (--on-name-match fail)',
    );
    const lines = reportOf(report);
    expect(lines.map(([status, code]) => [status, code])).toEqual(
      reportOf(plan).map(([status, code]) => [status === 'to-create' ? 'created' : status, code]),
    );
    expect(lines.slice(0, 2).map(([status, code, , id]) => [status, code, id])).toEqual([
      ['failed', 'name-match', 'cl_000001'],
      ['failed', 'name-match', 'cl_000008'],
    ]);
    expect(lines.slice(2).map(([status]) => status)).toEqual(['created', 'existing']);
    expect(await clientsMatching(portal(), emails[0]!)).toEqual([]);
    expect(await clientsMatching(portal(), emails[1]!)).toEqual([]);
    expect(await invitedTo(emails)).toEqual([emails[2]]);

    // Having looked at them, create them after all: only the failed rows are sent.
    const retry = await importCli([
      file,
      '--yes',
      '--json',
      '--no-batch',
      '--on-name-match',
      'create',
      '--retry-failed',
      report,
    ]);
    expect(retry.exitCode, retry.stderr).toBe(0);
    expect(retry.stderr).toMatch(/ 2 to send \(2 finished in an earlier run\)/);
    expect(JSON.parse(retry.stdout) as Summary).toMatchObject({ created: 3, existing: 1, failed: 0 });
    expect((await invitedTo(emails)).sort()).toEqual([...emails].sort());
  });
});

describe('confirmation when not on a terminal', () => {
  it('refuses without --yes, naming it, and sends nothing: no client, no email, no journal', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'noyes.csv', clientsCsv(3, 'NoYes'));
    const before = await outboxSize(portal());
    const refused = await importCli([file, '--json']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(
      /error: this import sends up to 3 invitation emails: pass --yes to confirm when not running interactively/,
    );
    expect(refused.stderr).toMatch(/hint: add --dry-run to see the plan without sending anything/);
    // With --json the error is also a JSON object on stderr, for scripts.
    const json = refused.stderr
      .split('\n')
      .filter((l) => l.startsWith('{"error"'))
      .map((l) => JSON.parse(l) as { error: { kind: string; message: string; exitCode: number } });
    expect(json).toEqual([{ error: expect.objectContaining({ kind: 'usage', exitCode: 2 }) }]);
    expect(json[0]?.error.message).toContain('--yes');
    expect(refused.stdout).toBe('');

    // Piped in on stdin: stdin is the data, so no one can answer either.
    const piped = await importCli(['-', '--state', path.join(dir, 'stdin.journal')], {
      input: clientsCsv(3, 'NoYes'),
      stdin: 'pipe',
    });
    expect(piped.exitCode).toBe(2);
    expect(piped.stderr).toMatch(/pass --yes to confirm/);

    expect(await clientsMatching(portal(), 'noyes.')).toEqual([]);
    expect(await outboxSize(portal())).toBe(before);
    expect(existsSync(`${file}.portalctl-journal`)).toBe(false);
    expect(existsSync(path.join(dir, 'stdin.journal'))).toBe(false);
  });

  it('on a terminal with --no-input it does not ask either: it refuses, naming --yes', async () => {
    const file = writeCsv(workDir(), 'noinput.csv', clientsCsv(2, 'NoInput'));
    const before = await outboxSize(portal());
    const term = runPty(['clients', 'import', file, '--no-input'], {
      env: { PORTALCTL_URL: portal().url, PORTALCTL_TOKEN: portal().adminToken },
    });
    const { exitCode, screen } = await term.exited;
    expect(exitCode, screen).toBe(2);
    expect(screen).toContain('pass --yes to confirm');
    expect(screen).not.toContain('Create up to');
    expect(await clientsMatching(portal(), 'noinput.')).toEqual([]);
    expect(await outboxSize(portal())).toBe(before);
  });
});
