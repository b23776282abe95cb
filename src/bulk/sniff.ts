// What an import file is, from its first bytes (and, for a ZIP, the names inside it), so that a
// workbook is read as one and anything else is named instead of being read as a garbled CSV.
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { CsvInput } from './csv-read.js';
import { zipEntryNames } from './workbook.js';

export type FileKind =
  | { kind: 'csv' }
  | { kind: 'xlsx' }
  /** Something the import cannot read: what it is and what to do. */
  | { kind: 'other'; what: string; fix: string };

const SAVE_AS = 'save it as .xlsx or CSV UTF-8';

async function head(input: CsvInput, bytes = 512): Promise<Buffer> {
  if ('bytes' in input) return input.bytes.subarray(0, bytes);
  const handle = await open(input.path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const startsWith = (buffer: Buffer, ...bytes: number[]) => bytes.every((b, i) => buffer[i] === b);

function nameOf(input: CsvInput): string {
  return 'path' in input ? input.path : input.name;
}

/** A ZIP file: a workbook, an OpenDocument or Office file, or an archive. */
async function sniffZip(input: CsvInput, bytes: Buffer): Promise<FileKind> {
  let names: string[];
  try {
    names = await zipEntryNames(input);
  } catch {
    return { kind: 'other', what: 'a damaged ZIP archive', fix: `open it in the spreadsheet and ${SAVE_AS}` };
  }
  if (names.includes('xl/workbook.xml')) return { kind: 'xlsx' };
  // An OpenDocument file names its type in its first entry, "mimetype", stored uncompressed.
  const text = bytes.toString('latin1');
  if (text.includes('application/vnd.oasis.opendocument.spreadsheet')) {
    return {
      kind: 'other',
      what: 'an OpenDocument spreadsheet (.ods)',
      fix: `open it in LibreOffice Calc and ${SAVE_AS} (File > Save As, "Excel 2007-365" or "Text CSV" with character set UTF-8)`,
    };
  }
  if (text.includes('application/vnd.oasis.opendocument')) {
    return { kind: 'other', what: 'an OpenDocument document, not a spreadsheet', fix: 'pass the spreadsheet' };
  }
  if (names.some((n) => n.startsWith('word/')))
    return { kind: 'other', what: 'a Word document', fix: 'pass the spreadsheet' };
  if (names.some((n) => n.startsWith('ppt/')))
    return { kind: 'other', what: 'a PowerPoint presentation', fix: 'pass the spreadsheet' };
  return {
    kind: 'other',
    what: 'a ZIP archive',
    fix: 'extract the spreadsheet from it and pass that (.xlsx or CSV UTF-8)',
  };
}

/** Recognises the file; a text file (whatever its encoding) is a CSV as far as this goes. */
export async function sniffFile(input: CsvInput): Promise<FileKind> {
  const bytes = await head(input);
  const ext = path.extname(nameOf(input)).toLowerCase();
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0x50, 0x4b, 0x05, 0x06)) {
    return sniffZip(input, bytes);
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    const what =
      ext === '.doc' || ext === '.ppt' || ext === '.msg'
        ? 'a Microsoft Office 97-2003 document'
        : 'an Excel 97-2003 workbook (.xls)';
    return { kind: 'other', what, fix: `open it in the spreadsheet and ${SAVE_AS}` };
  }
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) {
    return { kind: 'other', what: 'a PDF document', fix: `export the data from the program that made it, ${SAVE_AS}` };
  }
  const image =
    startsWith(bytes, 0x89, 0x50, 0x4e, 0x47) ||
    startsWith(bytes, 0xff, 0xd8, 0xff) ||
    startsWith(bytes, 0x47, 0x49, 0x46, 0x38) ||
    startsWith(bytes, 0x49, 0x49, 0x2a, 0x00) ||
    startsWith(bytes, 0x4d, 0x4d, 0x00, 0x2a) ||
    (startsWith(bytes, 0x52, 0x49, 0x46, 0x46) && bytes.subarray(8, 12).toString('latin1') === 'WEBP') ||
    bytes.subarray(4, 8).toString('latin1') === 'ftyp';
  if (image) {
    return { kind: 'other', what: 'an image (or video)', fix: `pass the spreadsheet itself, ${SAVE_AS}` };
  }
  if (startsWith(bytes, 0x1f, 0x8b)) {
    return { kind: 'other', what: 'a gzip archive', fix: 'decompress it and pass the CSV inside' };
  }
  const start = bytes.toString('latin1').trimStart().slice(0, 200).toLowerCase();
  if (start.startsWith('<?xml') && bytes.toString('latin1').includes('urn:schemas-microsoft-com:office:spreadsheet')) {
    return { kind: 'other', what: 'an Excel 2003 XML spreadsheet', fix: `open it in the spreadsheet and ${SAVE_AS}` };
  }
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) {
    return {
      kind: 'other',
      what: 'a web page (some programs save HTML with an .xls name)',
      fix: `open it in the spreadsheet and ${SAVE_AS}`,
    };
  }
  return { kind: 'csv' };
}
