// What real spreadsheets hand the import: rows with more cells than the header (said, or refused
// under --strict), and a lone CR inside a quoted cell (no line of the file: the line numbers of
// errors and of the report stay those an editor shows).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientsMatching, parseReport, workDir, writeCsv } from '../e2e/import-support.js';
import { useInProcessPortal } from '../helpers/world.js';

const portal = useInProcessPortal();
const importCli = (args: string[], options: { token?: string } = {}) =>
  portal().run(['clients', 'import', ...args], options);

describe('rows with more cells than the header', () => {
  const csv = [
    'First Name,Last Name,Email',
    'Ada,Extra,ada.extra.xc@example.org,surplus,more',
    'Bo,Plain,bo.plain.xc@example.org',
    // Empty cells past the end (a spreadsheet's padding) lose nothing: no warning.
    'Cy,Padded,cy.padded.xc@example.org,,',
    '',
  ].join('\r\n');

  it('are imported with a warning per row naming its row and line', async () => {
    const file = writeCsv(workDir(), 'extra.csv', csv);
    const result = await importCli([file, '--yes', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 3, created: 3 });
    expect(result.stderr).toContain(
      '! row 1 (line 2) has 5 cells but the header has 3 columns: the cells past the last column are ignored (--strict makes this an error)',
    );
    expect(result.stderr).not.toMatch(/row 3 \(line 4\) has/);
    expect(result.stderr).not.toContain('surplus');
  });

  it('are invalid under --strict: nothing is sent, and the report says why', async () => {
    const dir = workDir();
    const file = writeCsv(dir, 'extra-strict.csv', csv.replaceAll('.xc@', '.xs@'));
    const report = path.join(dir, 'report.csv');
    const result = await importCli([file, '--yes', '--strict', '--report', report]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'row 1 (line 2): (row): has 5 cells but the header has 3 columns: the cells past the last column are ignored (--strict)',
    );
    expect(result.stderr).toMatch(/1 of 3 rows are invalid; nothing was sent/);
    expect(parseReport(readFileSync(report, 'utf8'))[0]).toMatchObject({ row: '1', line: '2', status: 'invalid' });
    expect(await clientsMatching(portal(), '.xs@example.org')).toEqual([]);
  });
});

describe('line numbers', () => {
  it('a lone CR inside a quoted cell is no line: errors and the report name the line an editor shows', async () => {
    const dir = workDir();
    const csv = [
      'First Name,Last Name,Email,Notes',
      'Ada,Cr,ada.cr.ln@example.org,"pasted from an old Mac:\rtwo\rlines"',
      'Bo,Cr,not-an-email,',
      'Cy,Cr,cy.cr.ln@example.org,',
      '',
    ].join('\r\n');
    const file = writeCsv(dir, 'cr.csv', csv);
    const report = path.join(dir, 'report.csv');
    const result = await importCli([file, '--dry-run', '--map', 'Notes=-', '--report', report]);
    expect(result.stderr).toMatch(/row 2 \(line 3\): Email: /);
    const lines = parseReport(readFileSync(report, 'utf8'));
    expect(lines.map((l) => [l.row, l.line])).toEqual([
      ['1', '2'],
      ['2', '3'],
      ['3', '4'],
    ]);
  });
});
