// Spreadsheets as admins have them, through the built CLI: workbooks and CSV files LibreOffice
// Calc wrote (test/fixtures/sheets/README.md says how), read as the spreadsheet shows them, or
// refused once with what to do; and the export written for a spreadsheet (BOM, .xlsx).
import { closeSync, copyFileSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/bulk/workbook.js';
import { usePortal } from '../helpers/e2e.js';
import { portalctl } from '../helpers/portal.js';
import { clientsMatching, importer, parseReport, workDir } from './import-support.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/sheets');
const portal = usePortal();
const importAsAdmin = importer(portal);
/**
 * The files' people (Chloé Da Silva…) share names with seeded clients of Northstar, where the
 * administrator's rows go: here they are other people, so rows with such names are created.
 */
const importCli = (args: string[], options?: Parameters<typeof importAsAdmin>[1]) =>
  importAsAdmin(args.includes('--template') ? args : [...args, '--on-name-match', 'create'], options);

/** A copy of a fixture in a fresh directory (the import writes its journal next to the file). */
function copy(name: string, as = name): string {
  const file = path.join(workDir(), as);
  copyFileSync(path.join(FIXTURES, name), file);
  return file;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** Runs the CLI with stdout a file, as `> file` makes it (execa's { file } would be a pipe). */
async function toFile(args: string[], file: string) {
  const fd = openSync(file, 'w');
  try {
    // A descriptor is what spawn takes for a file; execa's types list only its own forms.
    return await portalctl(args, { portal: portal(), stdout: fd as unknown as 'pipe' });
  } finally {
    closeSync(fd);
  }
}

describe('a workbook', () => {
  it('imports the first sheet of an .xlsx: dates, numbers and multi-line cells as the spreadsheet shows them', async () => {
    const result = await importCli([copy('clients.xlsx'), '--yes', '--json', '--no-invite']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 3, created: 3, invalid: 0 });
    expect(result.stderr).toContain('reading sheet "Clients" (--sheet NAME reads another)');
    const [ada] = await clientsMatching(portal(), 'ada.sheet@example.org');
    expect(ada).toMatchObject({
      firstName: 'Ada',
      phone: '4165550199',
      dateOfBirth: '1988-03-14',
      targetOccupations: ['Bookkeeper', 'Office administrator'],
      referral: { reasons: 'Laid off in March.\nWants office work.' },
    });
    const [chloe] = await clientsMatching(portal(), 'chloe.sheet@example.org');
    expect(chloe).toMatchObject({ firstName: 'Chloé', lastName: 'Da Silva', dateOfBirth: '2001-07-09' });
  });

  it('reads another sheet with --sheet, and names the sheets when there is no such one', async () => {
    const result = await importCli([copy('clients.xlsx', 'sheet.xlsx'), '--sheet', 'Second', '--dry-run']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error: the workbook has no sheet named "Second"');
    expect(result.stderr).toContain('hint: its sheets: "Clients", "Notes"; pass --sheet NAME');
  });

  it('names an Excel 97-2003 workbook, an OpenDocument spreadsheet and a PDF instead of reading them as text', async () => {
    const xls = await importCli([copy('clients.xls'), '--dry-run']);
    expect(xls.exitCode).toBe(2);
    expect(xls.stderr).toContain(
      'error: this is an Excel 97-2003 workbook (.xls), not a CSV or an .xlsx workbook: open it in the spreadsheet and save it as .xlsx or CSV UTF-8',
    );
    expect(xls.stderr).not.toContain('UTF-8 (near');
    const ods = await importCli([copy('clients.ods'), '--dry-run']);
    expect(ods.exitCode).toBe(2);
    expect(ods.stderr).toContain('error: this is an OpenDocument spreadsheet (.ods)');
  });
});

describe('dates', () => {
  it('says once for the column that US dates are ambiguous, with the fix; --date-format mdy reads them', async () => {
    const file = copy('clients-us.csv');
    const refused = await importCli([file, '--dry-run']);
    expect(refused.exitCode).toBe(2);
    expect(count(refused.stderr, 'Date of Birth')).toBe(2);
    expect(refused.stderr).toContain(
      'Date of Birth: 3 rows have dates written with numbers only (##/##/##), and which number is the month is ambiguous',
    );
    expect(refused.stderr).toContain('1 row can only be month first (the second number is over 12)');
    expect(refused.stderr).toContain('error: Date of Birth: the order of its dates is not known');
    expect(refused.stderr).toMatch(/hint: pass --date-format mdy \(month\/day\/year\), dmy/);
    expect(refused.stderr).not.toMatch(/row \d+ \(line/);
    // Nothing goes even with --skip-invalid: the column is the problem, not some rows.
    const skipping = await importCli([file, '--skip-invalid', '--yes', '--no-invite']);
    expect(skipping.exitCode).toBe(2);

    const report = path.join(workDir(), 'report.csv');
    const read = await importCli([file, '--date-format', 'mdy', '--dry-run', '--report', report]);
    expect(read.exitCode, read.stderr).toBe(0);
    expect(parseReport(readFileSync(report, 'utf8')).map((r) => r.status)).toEqual([
      'existing',
      'existing',
      'existing',
    ]);
  });

  it('reads day-first dates with --date-format dmy: the same people as the workbook', async () => {
    const refused = await importCli([copy('clients-dayfirst.csv'), '--dry-run']);
    expect(refused.stderr).toContain(
      '1 row can only be day first (the first number is over 12): probably day/month/year',
    );
    const result = await importCli([copy('clients-dayfirst.csv'), '--date-format', 'dmy', '--dry-run', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ existing: 3, invalid: 0 });
  });
});

describe('numbers and identifiers', () => {
  it('a dry run lists every row the portal would refuse, with row, column and reason', async () => {
    const result = await importCli([copy('numbers.csv'), '--dry-run']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'row 3 (line 4): CaMS Client Reference Number: the spreadsheet shows this number in scientific notation, which has lost its last digits: format the column as text and export again; Phone: the spreadsheet shows this number in scientific notation',
    );
    expect(result.stderr).toContain(
      'row 4 (line 5): CaMS Client Reference Number: has 8 digits, and a CaMS Client Reference Number has 9: the spreadsheet may have dropped a leading zero',
    );
    // 210,104,729 and 210418916.0 are read as the numbers they are, both in CaMS.
    expect(result.stderr).toMatch(/to create +2\n/);
    expect(result.stderr).toContain('hint: fix them and re-run, or pass --skip-invalid to import the 2 valid rows');
  });

  it('a dry run lists the rows the portal would refuse with the reason, not only a count', async () => {
    const file = path.join(workDir(), 'refused.csv');
    writeFileSync(
      file,
      'First Name,Last Name,Email,CaMS Client Reference Number,CA Number\nNo,Match,no.match@example.org,219999999,\nIn,Progress,in.progress@example.org,,CA-3009013\n',
    );
    const result = await importCli([file, '--dry-run']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('2 rows are refused by the portal:\n  row 1 (line 2): No match in CaMS');
    expect(result.stderr).toContain(
      '  row 2 (line 3): Assessment not submitted: Common Assessment CA-3009013 is still in progress',
    );
    expect(result.stderr).toMatch(/would fail +2/);
  });

  it('with every row invalid, does not offer to import the valid rows', async () => {
    const file = path.join(workDir(), 'bad.csv');
    writeFileSync(file, 'First Name,Last Name,Email\nAda,Okafor,not-an-email\nBo,Li,also-not\n');
    const result = await importCli([file, '--yes']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error: all 2 rows are invalid; nothing was sent');
    expect(result.stderr).not.toContain('--skip-invalid');
  });
});

describe('a title row, and a Windows-1252 save', () => {
  it('finds the header below a title, and says so; --header-row 1 shows the header read', async () => {
    const result = await importCli([copy('clients-title.csv'), '--dry-run', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('reading the header from line 3: the row above it is not a header');
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 3, existing: 3 });
    const forced = await importCli([copy('clients-title.csv'), '--dry-run', '--header-row', '1']);
    expect(forced.exitCode).toBe(2);
    expect(forced.stderr).toContain(
      'error: missing required columns: First Name, Last Name, Email (nothing was sent); the header read is line 1: "Clients to onboard, March 2026"',
    );
    expect(forced.stderr).toContain('hint: if the column names are on another line, pass --header-row N');
  });

  it('names the line of the byte that is not UTF-8, then warns of the ? in names; --strict refuses them', async () => {
    const file = copy('vietnamese.csv');
    const utf8 = await importCli([file, '--dry-run']);
    expect(utf8.exitCode).toBe(2);
    expect(utf8.stderr).toContain('error: the file is not valid UTF-8: line 4 has a byte that UTF-8 does not allow');
    expect(utf8.stderr).toContain("in LibreOffice Calc, Save As 'Text CSV' with character set 'Unicode (UTF-8)'");
    const legacy = await importCli([file, '--dry-run', '--encoding', 'windows-1252']);
    expect(legacy.exitCode, legacy.stderr).toBe(0);
    expect(legacy.stderr).toContain(
      "! First Name: 2 rows, first row 1 (line 2), have a ? inside a name: letters the file's encoding could not hold were lost",
    );
    expect(count(legacy.stderr, 'inside a name')).toBe(2);
    const strict = await importCli([file, '--dry-run', '--encoding', 'windows-1252', '--strict']);
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr).toContain('row 1 (line 2): First Name: has a ? inside a name');
  });

  it('warns once when list cells use commas while others use |', async () => {
    const file = path.join(workDir(), 'lists.csv');
    writeFileSync(
      file,
      'First Name,Last Name,Email,Target Occupations\nAda,Lists,ada.lists@example.org,Retail|Warehouse\nBo,Lists,bo.lists@example.org,"Cook, Baker"\nCy,Lists,cy.lists@example.org,"Driver, Mover"\n',
    );
    const result = await importCli([file, '--dry-run']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(count(result.stderr, 'list cell with commas')).toBe(1);
    expect(result.stderr).toContain(
      'Target Occupations: 2 rows, first row 2 (line 3), have a list cell with commas and no |',
    );
    expect(result.stderr).toContain('--list-separator');
  });
});

describe('export for a spreadsheet', () => {
  it('starts a CSV written to a file with a byte-order mark (--no-bom leaves it out; piped, --bom adds it)', async () => {
    const dir = workDir();
    const file = path.join(dir, 'clients.csv');
    const written = await toFile(['clients', 'export'], file);
    expect(written.exitCode, String(written.stderr)).toBe(0);
    expect([...readFileSync(file).subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x46]);
    const plain = path.join(dir, 'plain.csv');
    await toFile(['clients', 'export', '--no-bom'], plain);
    expect(readFileSync(plain, 'latin1').startsWith('First Name,')).toBe(true);
    const piped = await portalctl(['clients', 'export'], { portal: portal() });
    expect(String(piped.stdout).startsWith('First Name,')).toBe(true);
    const forced = await portalctl(['clients', 'export', '--bom'], { portal: portal() });
    expect(String(forced.stdout).startsWith('\uFEFFFirst Name,')).toBe(true);
  });

  it('-o xlsx writes a workbook with dates as dates and formulas neutralised, which imports back', async () => {
    const dir = workDir();
    const csv = path.join(dir, 'formula.csv');
    writeFileSync(
      csv,
      'First Name,Last Name,Email,Date of Birth\n=SUM(A1),Sheetcell,formula.sheet@example.org,1990-04-30\n',
    );
    expect((await importCli([csv, '--yes', '--no-invite'])).exitCode).toBe(0);
    const file = path.join(dir, 'clients.xlsx');
    const exported = await toFile(['clients', 'export', '-o', 'xlsx', '--search', 'Sheetcell'], file);
    expect(exported.exitCode, String(exported.stderr)).toBe(0);
    expect(String(exported.stderr)).toContain('1 client exported');
    const reader = await readWorkbook({ path: file });
    const rows = [];
    for await (const record of reader.records) rows.push(record.fields);
    const at = (name: string) => reader.header.fields.indexOf(name);
    expect(rows).toHaveLength(1);
    expect(rows[0]![at('First Name')]).toBe("'=SUM(A1)");
    expect(rows[0]![at('Date of Birth')]).toBe('1990-04-30');
    const back = await importCli([file, '--dry-run', '--json']);
    expect(back.exitCode, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ rows: 1, existing: 1 });
    const template = await importCli(['--template', '-o', 'xlsx']);
    expect(template.exitCode).toBe(0);
    const list = await portalctl(['clients', 'list', '-o', 'xlsx'], { portal: portal() });
    expect(list.exitCode).toBe(2);
    expect(String(list.stderr)).toContain('-o xlsx is written by clients export only');
  });
});
