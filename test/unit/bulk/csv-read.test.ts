import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CsvInput, CsvReadError, detectDelimiter, readCsv } from '../../../src/bulk/csv-read.js';

async function read(input: CsvInput | string, options = {}) {
  const source = typeof input === 'string' ? { bytes: Buffer.from(input, 'utf8'), name: 'test' } : input;
  const reader = await readCsv(source, options);
  const records = [];
  for await (const record of reader.records) records.push(record);
  return { header: reader.header, records };
}

const tempFile = (bytes: Buffer) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'portalctl-csv-')), 'in.csv');
  writeFileSync(file, bytes);
  return { path: file };
};

describe('readCsv', () => {
  it('reads a plain UTF-8 file with a header and rows', async () => {
    const { header, records } = await read('First Name,Email\nAda,ada@example.org\nGrace,grace@example.org\n');
    expect(header.fields).toEqual(['First Name', 'Email']);
    expect(header.delimiter).toBe(',');
    expect(records).toEqual([
      { row: 1, line: 2, fields: ['Ada', 'ada@example.org'] },
      { row: 2, line: 3, fields: ['Grace', 'grace@example.org'] },
    ]);
  });

  it('drops a UTF-8 BOM so the first header matches', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Email,Name\nx@example.org,Zoë\n')]);
    const { header, records } = await read(tempFile(bytes));
    expect(header.fields[0]).toBe('Email');
    expect(header.encoding).toBe('utf-8');
    expect(records[0]!.fields).toEqual(['x@example.org', 'Zoë']);
  });

  it('decodes UTF-16LE with a BOM (what Excel writes as "Unicode text")', async () => {
    const text = 'Email\tName\r\nx@example.org\tChloé Côté\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { header, records } = await read(tempFile(bytes));
    expect(header.encoding).toBe('utf-16le');
    expect(header.delimiter).toBe('\t');
    expect(records).toEqual([{ row: 1, line: 2, fields: ['x@example.org', 'Chloé Côté'] }]);
  });

  it('handles CRLF, quoted commas, doubled quotes and newlines, counting physical lines', async () => {
    const csv = 'a,b\r\n1,"x, ""y"""\r\n2,"multi\r\nline\r\nvalue"\r\n3,last\r\n';
    const { records } = await read(csv);
    expect(records).toEqual([
      { row: 1, line: 2, fields: ['1', 'x, "y"'] },
      { row: 2, line: 3, fields: ['2', 'multi\nline\nvalue'] },
      { row: 3, line: 6, fields: ['3', 'last'] },
    ]);
  });

  it('detects ; and tab delimiters from the header line, or takes --delimiter', async () => {
    expect((await read('a;b;c\n1;2;3\n')).records[0]!.fields).toEqual(['1', '2', '3']);
    expect((await read('a\tb\n1,5\t2\n')).records[0]!.fields).toEqual(['1,5', '2']);
    expect((await read('a;b\n1;2\n', { delimiter: ',' })).records[0]!.fields).toEqual(['1;2']);
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
    expect(detectDelimiter('name')).toBe(',');
  });

  it('skips blank and all-empty lines (trailing ",,," rows from spreadsheets) without numbering them as rows', async () => {
    const { records } = await read('a,b\n\n1,2\n,,\n   ,  \n3,4\n\n\n,\n');
    expect(records).toEqual([
      { row: 1, line: 3, fields: ['1', '2'] },
      { row: 2, line: 6, fields: ['3', '4'] },
    ]);
  });

  it('counts lines as an editor shows them: a lone CR inside a quoted cell is no line (CRLF and LF files)', async () => {
    for (const end of ['\r\n', '\n']) {
      const csv = ['a,b', '1,"first\rsecond"', '2,"x\r\ry"', '3,last', ''].join(end);
      const { records } = await read(csv);
      expect(records).toEqual([
        { row: 1, line: 2, fields: ['1', 'first\nsecond'] },
        { row: 2, line: 3, fields: ['2', 'x\n\ny'] },
        { row: 3, line: 4, fields: ['3', 'last'] },
      ]);
    }
  });

  it('reads a file whose lines end with CR alone (old Mac exports), every CR a line', async () => {
    const { records } = await read('a,b\r1,"two\rlines"\r2,z\r');
    expect(records).toEqual([
      { row: 1, line: 2, fields: ['1', 'two\nlines'] },
      { row: 2, line: 4, fields: ['2', 'z'] },
    ]);
  });

  it('keeps CRLF split across read chunks as one line end', async () => {
    const head = 'a,b\n';
    const filler = `1,${'x'.repeat(256 * 1024 - head.length - 3)}\r`;
    const bytes = Buffer.from(`${head}${filler}\n2,y\r\n`);
    const { records } = await read(tempFile(bytes));
    expect(records.map((r) => [r.row, r.line, r.fields[0]])).toEqual([
      [1, 2, '1'],
      [2, 3, '2'],
    ]);
  });

  it('stops at a record larger than the bound, naming its row and line', async () => {
    const csv = `a,b\n1,ok\n2,"${'z'.repeat(5000)}\n3,never closed\n`;
    const error = await read(csv, { maxRecordChars: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvReadError);
    expect((error as CsvReadError).message).toMatch(/^row 2 \(line 3\) is larger than 1 KiB/);
    expect((error as CsvReadError).hint).toMatch(/quote that is never closed/);
  });

  it('reports a file that is not UTF-8 with a hint about the encoding', async () => {
    const bytes = Buffer.from([...Buffer.from('Name\nCaf'), 0xe9, 0x0a]);
    const error = await read(tempFile(bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvReadError);
    expect((error as CsvReadError).hint).toMatch(/windows-1252/);
    const { records } = await read(tempFile(bytes), { encoding: 'windows-1252' });
    expect(records[0]!.fields).toEqual(['Café']);
  });

  it('refuses an empty file', async () => {
    await expect(read('\n\n')).rejects.toThrow(/empty/);
  });
});
