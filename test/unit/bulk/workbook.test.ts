// The .xlsx reader against workbooks LibreOffice Calc wrote (test/fixtures/sheets/README.md), and
// against the export's own writer: typed cells come out as the text a CSV would hold.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { CsvInput } from '../../../src/bulk/csv-read.js';
import { CsvReadError } from '../../../src/bulk/csv-read.js';
import { isDateFormat, plainNumber, readWorkbook, serialToIsoDate } from '../../../src/bulk/workbook.js';
import { writeXlsx } from '../../../src/io/xlsx-out.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/sheets');
const fixture = (name: string): CsvInput => ({ path: path.join(FIXTURES, name) });

async function read(input: CsvInput, options = {}) {
  const reader = await readWorkbook(input, options);
  const records = [];
  for await (const record of reader.records) records.push(record);
  return { header: reader.header, records };
}

async function entryText(bytes: Buffer, name: string): Promise<string> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(undefined));
        zip.once('error', reject);
        zip.readEntry();
      });
      if (!entry) throw new Error(`no ${name} in the archive`);
      if (entry.fileName !== name) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
  } finally {
    zip.close();
  }
}

const ADA = [
  'Ada',
  'Okafor',
  'ada.sheet@example.org',
  '4165550199',
  '1988-03-14',
  'Bookkeeper|Office administrator',
  'Laid off in March.\nWants office work.',
];

describe('readWorkbook', () => {
  it('reads the first sheet of an .xlsx: dates as ISO dates, numbers as plain digits, multi-line cells whole', async () => {
    const { header, records } = await read(fixture('clients.xlsx'));
    expect(header).toMatchObject({ line: 1, format: 'xlsx', sheet: 'Clients' });
    expect(header.fields).toEqual([
      'First Name',
      'Last Name',
      'Email',
      'Phone',
      'Date of Birth',
      'Target Occupations',
      'Reasons for Referral',
    ]);
    expect(records).toHaveLength(3);
    expect(records[0]).toEqual({ row: 1, line: 2, fields: ADA });
    expect(records[2]!.fields.slice(0, 5)).toEqual([
      'Chloé',
      'Da Silva',
      'chloe.sheet@example.org',
      '905-555-0111',
      '2001-07-09',
    ]);
    expect(records[2]!.fields[6]).toBe('First job search.\nNeeds a resume.\nSpeaks Portuguese.');
  });

  it('reads the dates of a workbook in the 1904 date system as the same days', async () => {
    const { records } = await read(fixture('clients-1904.xlsx'));
    expect(records.map((r) => r.fields[4])).toEqual(['1988-03-14', '1975-11-02', '2001-07-09']);
  });

  it('reads the sheet --sheet names, and names the sheets there are when it is not one', async () => {
    const { header, records } = await read(fixture('clients.xlsx'), { sheet: 'notes' });
    expect(header).toMatchObject({ sheet: 'Notes', fields: ['Note'] });
    expect(records).toHaveLength(1);
    const error = await read(fixture('clients.xlsx'), { sheet: 'March' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvReadError);
    expect(error).toMatchObject({
      message: 'the workbook has no sheet named "March"',
      hint: 'its sheets: "Clients", "Notes"; pass --sheet NAME',
    });
  });

  it('finds the header below a title row, or takes the row --header-row names', async () => {
    const looksLikeHeader = (fields: readonly string[]) => fields.includes('Email');
    const found = await read(fixture('clients-title.xlsx'), { looksLikeHeader });
    expect(found.header).toMatchObject({ line: 3, skipped: 1 });
    expect(found.records[0]).toEqual({ row: 1, line: 4, fields: ADA });
    const given = await read(fixture('clients-title.xlsx'), { headerRow: 1, looksLikeHeader });
    expect(given.header.fields[0]).toBe('Clients to onboard, March 2026');
  });

  it('reads back what the export writes: types, neutralised formulas, characters XML cannot hold', async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _e, done) {
        chunks.push(chunk);
        done();
      },
    });
    type Item = { name: string; born: string; at: string; ok: boolean };
    const items: Item[] = [
      { name: '=HYPERLINK("http://evil.example","x")', born: '1988-03-14', at: '2025-09-05T13:46:41.000Z', ok: true },
      { name: 'Bell\u0007 _x0041_ & <b>', born: '', at: '2025-09-05T00:00:00.000Z', ok: false },
    ];
    const count = await writeXlsx(
      out,
      'Clients',
      [
        { header: 'Name', kind: 'text', value: (i: Item) => i.name },
        { header: 'Born', kind: 'date', value: (i: Item) => i.born },
        { header: 'At', kind: 'timestamp', value: (i: Item) => i.at },
        { header: 'OK', kind: 'boolean', value: (i: Item) => i.ok },
      ],
      items,
    );
    expect(count).toBe(2);
    const bytes = Buffer.concat(chunks);
    const { header, records } = await read({ bytes, name: 'export.xlsx' });
    expect(header.fields).toEqual(['Name', 'Born', 'At', 'OK']);
    expect(records.map((r) => r.fields)).toEqual([
      [`'=HYPERLINK("http://evil.example","x")`, '1988-03-14', '2025-09-05', 'TRUE'],
      ['Bell\u0007 _x0041_ & <b>', '', '2025-09-05', 'FALSE'],
    ]);
    // No formula in the sheet: a cell is a value, never something a spreadsheet runs.
    const sheet = await entryText(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheet).not.toContain('<f>');
    expect(sheet).toContain('_x0007_');
  });

  it('is refused when the archive is damaged', async () => {
    const bytes = readFileSync(path.join(FIXTURES, 'clients.xlsx')).subarray(0, 2000);
    await expect(read({ bytes, name: 'cut.xlsx' })).rejects.toThrow(/the workbook cannot be read/);
  });
});

describe('cell values', () => {
  it('turns serial days into dates in both date systems, with 1900 counted as Excel counts it', () => {
    expect(serialToIsoDate(1, false)).toBe('1900-01-01');
    expect(serialToIsoDate(59, false)).toBe('1900-02-28');
    expect(serialToIsoDate(61, false)).toBe('1900-03-01');
    expect(serialToIsoDate(32216, false)).toBe('1988-03-14');
    expect(serialToIsoDate(32216.75, false)).toBe('1988-03-14');
    expect(serialToIsoDate(0, true)).toBe('1904-01-01');
    expect(serialToIsoDate(30754, true)).toBe('1988-03-14');
  });

  it('writes numbers as plain digits, never in scientific notation', () => {
    expect(plainNumber(210104729)).toBe('210104729');
    expect(plainNumber(4165550199)).toBe('4165550199');
    expect(plainNumber(12.5)).toBe('12.5');
    expect(plainNumber(1e20)).toBe('100000000000000000000');
  });

  it('tells date formats from others', () => {
    expect(isDateFormat('yyyy\\-mm\\-dd')).toBe(true);
    expect(isDateFormat('[$-409]mmmm d, yyyy;@')).toBe(true);
    expect(isDateFormat('0.00E+00')).toBe(false);
    expect(isDateFormat('#,##0')).toBe(false);
    expect(isDateFormat('h:mm')).toBe(false);
    expect(isDateFormat('"day "0')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
  });
});
