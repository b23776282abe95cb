// `portalctl clients import` in-process against a seeded portal: file formats, column matching,
// validation, dry run, duplicates, per-row linking, the report, --retry-failed, sharding and
// confirmation. Through the built binary: standard input, the README's fixture and the heap bound
// (test/e2e/import.test.ts), and the faults, interruptions and terminals (test/e2e/import-*.test.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  api,
  clientsCsv,
  clientsMatching,
  counts,
  invitations,
  outboxSize,
  parseReport,
  workDir,
  writeCsv,
} from '../e2e/import-support.js';
import { ROOT } from '../helpers/portal.js';
import { useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();

const fixture = (name: string) => path.join(ROOT, 'fixtures/import', name);
/** Copies a fixture into a temp dir, so its journal is written there and not in the repository. */
function copy(name: string): string {
  return writeCsv(workDir(), name, readFileSync(fixture(name)));
}
const importCli = (args: string[]) => portal().run(['clients', 'import', ...args]);

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

describe('file formats', () => {
  it('reads UTF-8 with a BOM, ; delimiters and CRLF, with --map for other header names', async () => {
    const file = copy('semicolon-bom.csv');
    const maps = [
      'Prénom=firstName',
      'Nom=lastName',
      'Courriel=email',
      'Téléphone=phone',
      'Date de naissance=dateOfBirth',
    ];
    const result = await importCli([file, '--yes', '--json', ...maps.flatMap((m) => ['--map', m])]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ rows: 2, created: 2, failed: 0 });
    const [elise] = await clientsMatching(portal(), 'elise.belanger.sc@');
    expect(elise).toMatchObject({
      firstName: 'Élise',
      lastName: 'Bélanger',
      phone: '514-555-0101',
      dateOfBirth: '1988-03-09',
    });
  });

  it('reads tab-separated files with blank trailing lines, splitting lists on |', async () => {
    const result = await importCli([copy('tab.tsv'), '--yes', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ rows: 2, created: 2 });
    const [kenji] = await clientsMatching(portal(), 'kenji.tanaka.tab@');
    expect(kenji?.targetOccupations).toEqual(['Line cook', 'Prep cook']);
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text")', async () => {
    // The people of the format fixtures have the names of seeded clients: created anyway here.
    const result = await importCli([copy('utf16le.txt'), '--yes', '--json', '--on-name-match', 'create']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ rows: 2, created: 2 });
    const [zoe] = await clientsMatching(portal(), 'zoe.levesque.u16@');
    expect(zoe).toMatchObject({
      firstName: 'Zoë',
      lastName: 'Lévesque',
      address: '12 Rue Principale, Gatineau, QC J8X 1A1',
    });
    const [sean] = await clientsMatching(portal(), 'sean.obriain.u16@');
    expect(sean?.lastName).toBe('Ó Briain');
  });

  it('keeps quoted commas, quotes and newlines, and skips all-empty trailing rows', async () => {
    const result = await importCli([copy('quoted.csv'), '--yes', '--json', '--on-name-match', 'create']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ rows: 3, created: 3 });
    const [mary] = await clientsMatching(portal(), 'maryann.obrien.q@');
    expect(mary?.address).toBe('Unit 4, 55 King St E, Toronto, ON M5C 1G4');
    expect(mary?.referral.reasons).toBe('Wants "office" work,\npart-time');
    const [jean] = await clientsMatching(portal(), 'jeanluc.stpierre.q@');
    expect(jean?.address).toBe('10 Bank St\nOttawa, ON K1P 5N2');
  });

  it('stops at a giant field, naming its row and line, before anything is sent', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'giant.csv',
      `First Name,Last Name,Email\nA,B,giant.ok@example.org\nC,"${'x'.repeat(1_200_000)}",giant.no@example.org\n`,
    );
    const result = await importCli([file, '--yes', '--skip-invalid']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/error: row 2 \(line 3\) is larger than 1024 KiB; reading stopped there/);
    expect(await clientsMatching(portal(), 'giant.ok@')).toEqual([]);
  });
});

describe('columns', () => {
  it('matches aliases case-, space- and punctuation-insensitively and warns about unknown columns', async () => {
    const result = await importCli([copy('aliases.csv'), '--yes', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('ignoring unknown column "Notes"');
    const [priya] = await clientsMatching(portal(), 'priya.raman.al@');
    expect(priya).toMatchObject({
      firstName: 'Priya',
      lastName: 'Raman',
      phone: '416-555-0111',
      dateOfBirth: '1992-07-01',
      serviceNeeds: ['Childcare', 'Resume help'],
      pronouns: 'she/her',
      preferredName: 'Pri',
      transportation: 'public-transit',
      referral: { source: 'Ontario Works' },
    });
  });

  it('refuses unknown columns with --strict, and a missing required column, sending nothing', async () => {
    const before = await outboxSize(portal());
    const strict = await importCli([copy('aliases.csv'), '--yes', '--strict']);
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr).toMatch(/error: unknown column "Notes" \(--strict\)/);
    const dir = workDir();
    const missing = await importCli([writeCsv(dir, 'm.csv', 'First Name,Email\nA,a.missing@example.org\n'), '--yes']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/error: missing required column: Last Name \(nothing was sent\)/);
    expect(missing.stderr).toMatch(/--map "Your Header=Last Name"/);
    expect(await outboxSize(portal())).toBe(before);
  });

  it('--template prints every supported column, which the export also writes', async () => {
    const result = await importCli(['--template']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim().split(',')).toContain('CaMS Client Reference Number');
    expect(result.stderr).toMatch(/Lists use \| between values/);
  });
});

describe('validation', () => {
  it('reports every invalid row with its row, line, column and reason, and sends nothing', async () => {
    const before = await outboxSize(portal());
    const result = await importCli([copy('invalid.csv'), '--yes']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('row 2 (line 4): Email: must be an email address like name@example.org');
    expect(result.stderr).toContain('row 3 (line 5): Last Name: is required');
    expect(result.stderr).toContain(
      'row 4 (line 6): Date of Birth: is not a date: write it as YYYY-MM-DD (e.g. 1988-03-14), or pass --date-format for dates like 03/14/88; Job Post Updates: must be yes or no',
    );
    expect(result.stderr).toMatch(/error: 3 of 5 rows are invalid; nothing was sent/);
    expect(result.stderr).toMatch(/--skip-invalid to import the 2 valid rows/);
    expect(await clientsMatching(portal(), '.inv@example.org')).toEqual([]);
    expect(await outboxSize(portal())).toBe(before);
  });

  it('--skip-invalid sends the valid rows, exits 0, and the report lists every row once', async () => {
    const dir = workDir();
    const report = path.join(dir, 'report.csv');
    const result = await importCli([copy('invalid.csv'), '--yes', '--skip-invalid', '--report', report, '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ rows: 5, created: 2, invalid: 3, failed: 0 });
    const lines = parseReport(readFileSync(report, 'utf8'));
    expect(lines.map((l) => [l.row, l.line, l.status])).toEqual([
      ['1', '2', 'created'],
      ['2', '4', 'invalid'],
      ['3', '5', 'invalid'],
      ['4', '6', 'invalid'],
      ['5', '7', 'created'],
    ]);
    expect(lines[0]?.client_id).toMatch(/^cl_/);
    expect(lines[1]?.message).toBe('Email: must be an email address like name@example.org');
    expect(readFileSync(report, 'utf8')).not.toContain('not-an-email');
  });
});

describe('dry run', () => {
  it('checks the portal and prints the plan, sending nothing (the outbox is unchanged)', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'dry.csv',
      "First Name,Last Name,Email\nNew,Person,new.person.dry@example.org\nMary-Ann,O'Brien,maryann.obrien1@example.org\nMary-Ann,OBrien,other.maryann.dry@example.org\nDup,Row,new.person.dry@example.org\nBad,,bad.dry@example.org\n",
    );
    const before = await outboxSize(portal());
    const report = path.join(dir, 'plan.csv');
    const result = await importCli([file, '--dry-run', '--skip-invalid', '--json', '--report', report]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({
      toCreate: 1,
      existing: 1,
      failed: 1,
      nameMatches: 1,
      emailConflicts: 0,
      invalid: 1,
      duplicate: 1,
      created: 0,
    });
    expect(result.stderr).toMatch(/Dry run of .*dry\.csv: nothing was sent/);
    expect(parseReport(readFileSync(report, 'utf8')).map((l) => [l.status, l.code])).toEqual([
      ['to-create', ''],
      ['existing', ''],
      ['failed', 'name-match'],
      ['duplicate', 'duplicate'],
      ['invalid', 'invalid'],
    ]);
    expect(await outboxSize(portal())).toBe(before);
    expect(await clientsMatching(portal(), 'new.person.dry@')).toEqual([]);
  });
});

describe('duplicates and existing clients', () => {
  it('imports the first of two rows with one email, and counts emails already in the portal as existing', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'dups.csv',
      "First Name,Last Name,Email\nFirst,Copy,same.dup@example.org\nSecond,Copy,SAME.dup@example.org\nMary-Ann,O'Brien,maryann.obrien1@example.org\n",
    );
    const report = path.join(dir, 'r.csv');
    const result = await importCli([file, '--yes', '--json', '--report', report]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ created: 1, duplicate: 1, existing: 1, failed: 0 });
    const lines = parseReport(readFileSync(report, 'utf8'));
    expect(lines[1]).toMatchObject({ status: 'duplicate', message: 'same email as row 1' });
    expect(lines[2]).toMatchObject({ status: 'existing', client_id: 'cl_000001' });
    const copies = await clientsMatching(portal(), 'same.dup@');
    expect(copies.map((c) => c.firstName)).toEqual(['First']);
  });

  it('--on-name-match skip leaves out rows whose name matches another client', async () => {
    const dir = workDir();
    const file = writeCsv(
      dir,
      'names.csv',
      "First Name,Last Name,Email\nMary-Ann,O'Brien,maryann.again.nm@example.org\nUnique,Nameperson,unique.nm@example.org\n",
    );
    const result = await importCli([file, '--yes', '--json', '--on-name-match', 'skip']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 1, skipped: 1 });
    expect(await clientsMatching(portal(), 'maryann.again.nm@')).toEqual([]);
  });
});

describe('per-row linking', () => {
  it('links CaMS rows, imports CA rows, and reports each refusal with its code', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'linking.csv', readFileSync(fixture('linking.csv')));
    const report = path.join(dir, 'report.csv');
    const result = await importCli([file, '--yes', '--skip-invalid', '--json', '--report', report]);
    expect(result.exitCode).toBe(8);
    expect(summaryOf(result.stdout)).toMatchObject({ rows: 9, created: 3, existing: 1, failed: 3, invalid: 2 });
    expect(result.stderr).toMatch(/error: 3 of 9 rows failed/);
    const lines = parseReport(readFileSync(report, 'utf8'));
    expect(lines.map((l) => [l.status, l.code])).toEqual([
      ['created', ''],
      ['created', ''],
      // A Case Reference Number has not the shape of a Client Reference Number: invalid before sending.
      ['invalid', 'invalid'],
      // Linked already, to this very person (the row names no other email): existing.
      ['existing', ''],
      // Linked already, to someone else than this row's email: refused.
      ['failed', 'cams-already-linked'],
      ['created', ''],
      ['failed', 'ca-in-progress'],
      ['failed', 'ca-not-found'],
      ['invalid', 'invalid'],
    ]);
    expect(lines[2]?.message).toMatch(/Client Reference Number/);
    expect(lines[3]?.client_id).toBe('cl_000001');
    const [amara] = await clientsMatching(portal(), 'amara.hassan.cams5@');
    expect(amara?.link).toMatchObject({ type: 'cams', clientReferenceNumber: '210523645' });
    const [fatima] = await clientsMatching(portal(), 'fatima.nowak.ca5@');
    expect(fatima?.link).toMatchObject({ type: 'ca', caNumber: 'CA-3005005' });
  });
});

describe('retry-failed', () => {
  it('re-runs only the rows a report marks failed, with a fresh key, so a fixed refusal now succeeds', async () => {
    // CaMS 210628374 is first linked to another client, so the row is refused (cams-already-linked).
    await api(portal(), 'PUT', '/v1/clients/cl_000003/cams-link', { clientReferenceNumber: '210628374', force: true });
    const dir = workDir();
    const file = writeCsv(
      dir,
      'retry.csv',
      'First Name,Last Name,Email,CaMS Client Reference Number\nOk,One,ok.one.rf@example.org,\nGrace,Tran,grace.tran.rf@example.org,210628374\nOk,Two,ok.two.rf@example.org,\n',
    );
    const report = path.join(dir, 'report.csv');
    const first = await importCli([file, '--yes', '--json', '--report', report]);
    expect(first.exitCode).toBe(8);
    expect(summaryOf(first.stdout)).toMatchObject({ created: 2, failed: 1 });
    expect(parseReport(readFileSync(report, 'utf8'))[1]).toMatchObject({
      status: 'failed',
      code: 'cams-already-linked',
    });

    // A plain re-run does not resend a refused row: the portal would answer the same.
    const plain = await importCli([file, '--yes', '--json']);
    expect(plain.stderr).toMatch(/ 0 to send \(3 finished in an earlier run\)/);
    expect(plain.exitCode).toBe(8);

    // Fix the cause, then retry just the failed row. (cl_000003 kept the CaMS names it took while
    // linked, so the row is now a possible duplicate by name: created anyway here.)
    await api(portal(), 'DELETE', '/v1/clients/cl_000003/cams-link');
    const beforeInvites = (await invitations(portal())).length;
    const second = path.join(dir, 'r2.csv');
    const retry = await importCli([
      file,
      '--yes',
      '--json',
      '--retry-failed',
      report,
      '--report',
      second,
      '--on-name-match',
      'create',
    ]);
    expect(retry.exitCode, retry.stderr).toBe(0);
    expect(retry.stderr).toMatch(/ 1 to send \(2 finished in an earlier run\)/);
    expect(summaryOf(retry.stdout)).toMatchObject({ created: 3, failed: 0 });
    expect((await invitations(portal())).length).toBe(beforeInvites + 1);
    expect(parseReport(readFileSync(second, 'utf8')).map((l) => l.status)).toEqual(['created', 'created', 'created']);
    const [grace] = await clientsMatching(portal(), 'grace.tran.rf@');
    expect(grace?.link).toMatchObject({ type: 'cams', clientReferenceNumber: '210628374' });
  });
});

describe('sharding', () => {
  it('--shard K/N splits the file so the union of all shards is every row, with no overlap', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'shards.csv', clientsCsv(60, 'Shard'));
    const seen: string[] = [];
    for (const k of [1, 2, 3]) {
      const report = path.join(dir, `shard-${k}.csv`);
      const result = await importCli([file, '--yes', '--json', '--shard', `${k}/3`, '--report', report, '--no-invite']);
      expect(result.exitCode, result.stderr).toBe(0);
      const lines = parseReport(readFileSync(report, 'utf8'));
      expect(lines.length).toBeGreaterThan(5);
      expect(lines.every((l) => l.status === 'created')).toBe(true);
      seen.push(...lines.map((l) => l.row ?? ''));
    }
    expect(seen.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const clients = await clientsMatching(portal(), 'shard.');
    expect(clients).toHaveLength(60);
    expect([...counts(clients.map((c) => c.email)).values()].every((n) => n === 1)).toBe(true);
  });
});

describe('confirmation', () => {
  it('needs --yes to send invitations when not on a terminal, and not with --no-invite', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'yes.csv', clientsCsv(2, 'Confirm'));
    const refused = await importCli([file]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/error: this import sends up to 2 invitation emails: pass --yes to confirm/);
    expect(await clientsMatching(portal(), 'confirm.')).toEqual([]);
    const quiet = await importCli([file, '--no-invite', '--json']);
    expect(quiet.exitCode, quiet.stderr).toBe(0);
    expect(summaryOf(quiet.stdout)).toMatchObject({ created: 2, invitesSent: 0 });
  });
});
