// Files that are not a CSV or an .xlsx are named from their first bytes, never read as text.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { sniffFile } from '../../../src/bulk/sniff.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/sheets');
const bytes = (value: number[] | string, name = 'clients.csv') => ({
  bytes: typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from(value),
  name,
});

async function zipOf(names: string[]): Promise<Buffer<ArrayBuffer>> {
  const zip = new yazl.ZipFile();
  for (const name of names) zip.addBuffer(Buffer.from('x'), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.from(Buffer.concat(chunks));
}

describe('sniffFile', () => {
  it('knows the workbooks LibreOffice Calc wrote: .xlsx is read, .ods and .xls are named', async () => {
    expect(await sniffFile({ path: path.join(FIXTURES, 'clients.xlsx') })).toEqual({ kind: 'xlsx' });
    expect(await sniffFile({ path: path.join(FIXTURES, 'clients.ods') })).toMatchObject({
      kind: 'other',
      what: 'an OpenDocument spreadsheet (.ods)',
    });
    expect(await sniffFile({ path: path.join(FIXTURES, 'clients.xls') })).toEqual({
      kind: 'other',
      what: 'an Excel 97-2003 workbook (.xls)',
      fix: 'open it in the spreadsheet and save it as .xlsx or CSV UTF-8',
    });
  });

  it('reads text of any encoding as a CSV', async () => {
    expect(await sniffFile({ path: path.join(FIXTURES, 'vietnamese.csv') })).toEqual({ kind: 'csv' });
    expect(await sniffFile(bytes([0xff, 0xfe, 0x41, 0x00]))).toEqual({ kind: 'csv' });
    expect(await sniffFile(bytes(''))).toEqual({ kind: 'csv' });
  });

  it('names PDFs, images, archives and web pages', async () => {
    const what = async (input: ReturnType<typeof bytes>) => ((await sniffFile(input)) as { what?: string }).what;
    expect(await what(bytes('%PDF-1.7\n'))).toBe('a PDF document');
    expect(await what(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('an image (or video)');
    expect(await what(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('an image (or video)');
    expect(await what(bytes([0x1f, 0x8b, 0x08]))).toBe('a gzip archive');
    expect(await what(bytes('<!DOCTYPE html><table>', 'clients.xls'))).toMatch(/^a web page/);
    expect(await what({ bytes: await zipOf(['clients.csv']), name: 'x.zip' })).toBe('a ZIP archive');
    expect(await what({ bytes: await zipOf(['word/document.xml']), name: 'x.docx' })).toBe('a Word document');
  });
});
