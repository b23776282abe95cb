// CSV files as LibreOffice Calc wrote them (test/fixtures/sheets/README.md): a title row above the
// header, a Windows-1252 save, and the line a bad byte is on, wherever the file's reads begin.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeHeader } from '../../../src/bulk/columns.js';
import { type CsvInput, CsvReadError, firstInvalidUtf8, readCsv } from '../../../src/bulk/csv-read.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/sheets');
const fixture = (name: string): CsvInput => ({ path: path.join(FIXTURES, name) });
const header = (fields: readonly string[]) => looksLikeHeader(fields, new Map());

async function read(input: CsvInput, options = {}) {
  const reader = await readCsv(input, options);
  const records = [];
  for await (const record of reader.records) records.push(record);
  return { header: reader.header, records };
}

describe('a title row above the header', () => {
  it('is skipped when the rows below it name the columns; the header is the row that does', async () => {
    const { header: read3, records } = await read(fixture('clients-title.csv'), { looksLikeHeader: header });
    expect(read3).toMatchObject({ line: 3, skipped: 1, delimiter: ',' });
    expect(read3.fields[0]).toBe('First Name');
    expect(records[0]).toMatchObject({ row: 1, line: 4 });
    expect(records.map((r) => r.line)).toEqual([4, 6, 7]);
  });

  it('--header-row takes the line given, even a title', async () => {
    const { header: first } = await read(fixture('clients-title.csv'), { headerRow: 1, looksLikeHeader: header });
    expect(first.fields[0]).toBe('Clients to onboard, March 2026');
    const error = await read(fixture('clients-title.csv'), { headerRow: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvReadError);
    expect((error as Error).message).toBe('--header-row 2: line 2 is empty or inside a cell');
  });

  it('detects the delimiter from the lines below a title that has none', async () => {
    const csv = 'Clients to onboard\nFirst Name;Last Name;Email\nAda;Okafor;ada@example.org\n';
    const { header: found, records } = await read(
      { bytes: Buffer.from(csv), name: 't.csv' },
      { looksLikeHeader: header },
    );
    expect(found).toMatchObject({ delimiter: ';', line: 2 });
    expect(records[0]!.fields).toEqual(['Ada', 'Okafor', 'ada@example.org']);
  });
});

describe('a file that is not UTF-8', () => {
  it('names the line of the bad byte in a file Calc saved as Windows-1252, and how to save UTF-8 in Excel and Calc', async () => {
    const error = (await read(fixture('vietnamese.csv')).catch((e: unknown) => e)) as CsvReadError;
    expect(error).toBeInstanceOf(CsvReadError);
    expect(error.message).toMatch(/^the file is not valid UTF-8: line 4 has a byte/);
    expect(error.line).toBe(4);
    expect(error.hint).toContain("'CSV UTF-8 (Comma delimited)'");
    expect(error.hint).toContain("'Text CSV' with character set 'Unicode (UTF-8)'");
  });

  it('names the true line when the bad byte is far past the first 64 KiB read', async () => {
    const lines = ['First Name,Last Name,Email'];
    for (let i = 1; i <= 3000; i++) lines.push(`Person${i},Okafor,p${i}@example.org`);
    const good = Buffer.from(`${lines.join('\r\n')}\r\n`);
    const bad = Buffer.concat([
      good,
      Buffer.from('Ren'),
      Buffer.from([0xe9]),
      Buffer.from(',Okafor,r@example.org\r\n'),
    ]);
    expect(good.length).toBeGreaterThan(64 * 1024);
    const error = (await read({ bytes: bad, name: 'big.csv' }).catch((e: unknown) => e)) as CsvReadError;
    expect(error.message).toMatch(/line 3002 /);
  });

  it('finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('abc'))).toBe(3);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe9, 0x62]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from('Chloé\xff', 'latin1'))).toBe(4);
    expect(firstInvalidUtf8(Buffer.concat([Buffer.from('Chloé'), Buffer.from([0xff])]))).toBe(6);
    // The rest of a character the previous chunk began.
    expect(firstInvalidUtf8(Buffer.from([0xa9, 0x61, 0xff]), 1)).toBe(2);
  });
});
