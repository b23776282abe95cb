// Streaming .xlsx reading for imports: the workbook's parts are read straight from the archive
// (random access, nothing extracted to disk) and the sheet is parsed as it is inflated, one row at
// a time, so memory stays flat as for a CSV, apart from the shared-strings table every xlsx reader
// holds. Cells become the text a CSV export would hold, typed as the data is: a date cell an ISO
// date (1900 and 1904 date systems), a number its plain digits, rich text its text.
// (exceljs's streaming reader copies a worksheet to a temporary file when the shared strings come
// after it in the archive, as both Excel and LibreOffice write them: clients' data on disk.)
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  type CsvHeader,
  type CsvInput,
  CsvReadError,
  type CsvReader,
  type HeaderOptions,
  splitHeader,
} from './csv-read.js';

export interface WorkbookReadOptions extends HeaderOptions {
  /** The sheet to read (by name, case-insensitive); the first sheet when absent. */
  sheet?: string;
}

async function openZip(input: CsvInput): Promise<ZipFile> {
  const options = { lazyEntries: true, autoClose: false };
  return 'path' in input ? yauzl.openPromise(input.path, options) : yauzl.fromBufferPromise(input.bytes, options);
}

async function entriesOf(zip: ZipFile): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

/** The names inside a ZIP archive (to tell an .xlsx from other ZIPs). */
export async function zipEntryNames(input: CsvInput): Promise<string[]> {
  const zip = await openZip(input);
  try {
    return [...(await entriesOf(zip)).keys()];
  } finally {
    zip.close();
  }
}

type Handlers = {
  open?(tag: SaxesTagPlain): void;
  text?(text: string): void;
  close?(tag: SaxesTagPlain): void;
};

function parserWith(handlers: Handlers): SaxesParser {
  const parser = new SaxesParser();
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.close) parser.on('closetag', handlers.close);
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  return parser;
}

/** Parses one part of the archive through, calling the handlers as it goes. */
async function parsePart(zip: ZipFile, entry: Entry | undefined, handlers: Handlers): Promise<void> {
  if (!entry) return;
  const parser = parserWith(handlers);
  const stream = await zip.openReadStreamPromise(entry);
  stream.setEncoding('utf8');
  for await (const chunk of stream) parser.write(chunk as string);
  parser.close();
}

/** The local name of a tag (`x:row` and `row` alike: some writers prefix the namespace). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

const attr = (tag: SaxesTagPlain, name: string): string | undefined => {
  const value = tag.attributes[name];
  return typeof value === 'string' ? value : undefined;
};

interface Book {
  date1904: boolean;
  /** Style index -> the style shows a date. */
  dateStyles: boolean[];
  strings: string[];
  sheetPart: string;
  sheetName: string;
}

// Built-in number formats that show a date (ECMA-376 18.8.30, with the East Asian ones).
const BUILTIN_DATES = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]);

/** A custom format code shows a date when, outside quotes, brackets and escapes, it has d or y. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  return /[dy]/i.test(bare);
}

async function readBook(zip: ZipFile, entries: Map<string, Entry>, sheet: string | undefined): Promise<Book> {
  let date1904 = false;
  const sheets: { name: string; rid: string }[] = [];
  await parsePart(zip, entries.get('xl/workbook.xml'), {
    open(tag) {
      const name = local(tag.name);
      if (name === 'workbookPr') {
        const value = attr(tag, 'date1904');
        date1904 = value === '1' || value === 'true';
      } else if (name === 'sheet') {
        sheets.push({ name: attr(tag, 'name') ?? '', rid: attr(tag, 'r:id') ?? '' });
      }
    },
  });
  const targets = new Map<string, string>();
  await parsePart(zip, entries.get('xl/_rels/workbook.xml.rels'), {
    open(tag) {
      if (local(tag.name) === 'Relationship') targets.set(attr(tag, 'Id') ?? '', attr(tag, 'Target') ?? '');
    },
  });
  const chosen = sheet === undefined ? sheets[0] : sheets.find((s) => s.name.toLowerCase() === sheet.toLowerCase());
  if (!chosen) {
    throw new CsvReadError(
      sheet === undefined ? 'the workbook has no sheet' : `the workbook has no sheet named "${sheet}"`,
      undefined,
      undefined,
      `its sheets: ${sheets.map((s) => `"${s.name}"`).join(', ') || 'none'}; pass --sheet NAME`,
    );
  }
  const target = targets.get(chosen.rid) ?? '';
  const sheetPart = target.startsWith('/') ? target.slice(1) : `xl/${target}`;

  const formats = new Map<number, boolean>();
  const dateStyles: boolean[] = [];
  let inCellXfs = false;
  await parsePart(zip, entries.get('xl/styles.xml'), {
    open(tag) {
      const name = local(tag.name);
      if (name === 'numFmt') formats.set(Number(attr(tag, 'numFmtId')), isDateFormat(attr(tag, 'formatCode') ?? ''));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attr(tag, 'numFmtId') ?? 0);
        dateStyles.push(formats.get(id) ?? BUILTIN_DATES.has(id));
      }
    },
    close(tag) {
      if (local(tag.name) === 'cellXfs') inCellXfs = false;
    },
  });

  // Shared strings: the text of each <si>, rich-text runs joined, phonetic guides (<rPh>) left out.
  const strings: string[] = [];
  let text = '';
  let inT = false;
  let inPhonetic = false;
  await parsePart(zip, entries.get('xl/sharedStrings.xml'), {
    open(tag) {
      const name = local(tag.name);
      if (name === 'si') text = '';
      else if (name === 't') inT = !inPhonetic;
      else if (name === 'rPh') inPhonetic = true;
    },
    text(value) {
      if (inT) text += value;
    },
    close(tag) {
      const name = local(tag.name);
      if (name === 't') inT = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si') strings.push(unescapeText(text));
    },
  });
  return { date1904, dateStyles, strings, sheetPart, sheetName: chosen.name };
}

/** OOXML writes characters XML cannot hold as _xHHHH_ (and a literal one as _x005F_xHHHH_). */
export function unescapeText(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

const DAY_MS = 86_400_000;

/** A serial day number as an ISO date (the time of day, if any, is dropped). */
export function serialToIsoDate(serial: number, date1904: boolean): string {
  let days = Math.floor(serial + 1e-9);
  if (date1904) days += 1462;
  // The 1900 system counts a 29 February 1900 that never was (day 60): days before it are one less.
  else if (days < 60) days += 1;
  return new Date(Date.UTC(1899, 11, 30) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A number as its plain digits: 210104729, never 2.10E+08; 12.5 stays 12.5. */
export function plainNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(Math.min(20, Math.max(0, -Math.floor(Math.log10(Math.abs(value))) + 15))).replace(/\.?0+$/, '');
}

/** "AB12" -> 27 (0-based column of a cell reference). */
function columnOf(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column - 1;
}

interface SheetRow {
  line: number;
  fields: string[];
}

/** The sheet's rows in order, parsed as the part is inflated (one chunk of rows at a time). */
async function* sheetRows(stream: Readable, book: Book): AsyncGenerator<SheetRow> {
  const ready: SheetRow[] = [];
  let cells: string[] | undefined;
  let rowNumber = 0;
  let column = -1;
  let type = '';
  let style = 0;
  let value = '';
  let inValue = false;
  let inInline = false;
  let inPhonetic = false;
  const parser = parserWith({
    open(tag) {
      switch (local(tag.name)) {
        case 'row': {
          const r = Number(attr(tag, 'r'));
          rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
          cells = [];
          column = -1;
          break;
        }
        case 'c': {
          const ref = attr(tag, 'r');
          column = ref ? columnOf(ref) : column + 1;
          type = attr(tag, 't') ?? 'n';
          style = Number(attr(tag, 's') ?? 0);
          value = '';
          break;
        }
        case 'v':
          inValue = true;
          break;
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          if (inInline && !inPhonetic) inValue = true;
          break;
      }
    },
    text(text) {
      if (inValue) value += text;
    },
    close(tag) {
      switch (local(tag.name)) {
        case 'v':
        case 't':
          inValue = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          if (cells && column >= 0) cells[column] = cellText(type, value, style, book);
          break;
        case 'row':
          if (cells) {
            for (let i = 0; i < cells.length; i++) cells[i] ??= '';
            ready.push({ line: rowNumber, fields: cells });
          }
          cells = undefined;
          break;
      }
    },
  });
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    parser.write(chunk as string);
    while (ready.length) yield ready.shift()!;
  }
  parser.close();
  while (ready.length) yield ready.shift()!;
}

function cellText(type: string, value: string, style: number, book: Book): string {
  switch (type) {
    case 's':
      return book.strings[Number(value)] ?? '';
    case 'inlineStr':
      return unescapeText(value);
    case 'str':
      return value;
    case 'b':
      return value === '1' ? 'TRUE' : 'FALSE';
    case 'e':
      return value;
    case 'd':
      return value.slice(0, 10);
    default: {
      if (value === '') return '';
      const number = Number(value);
      if (!Number.isFinite(number)) return value;
      return book.dateStyles[style] ? serialToIsoDate(number, book.date1904) : plainNumber(number);
    }
  }
}

/**
 * Opens a workbook for one pass, as readCsv opens a CSV: the header row, then the data rows in
 * order ("line" is the sheet's row number, as the spreadsheet shows it).
 */
export async function readWorkbook(input: CsvInput, options: WorkbookReadOptions = {}): Promise<CsvReader> {
  let zip: ZipFile;
  try {
    zip = await openZip(input);
  } catch (error) {
    throw new CsvReadError(
      `the workbook cannot be read: ${(error as Error).message}`,
      undefined,
      undefined,
      'open it in the spreadsheet and save it again as .xlsx, or as CSV UTF-8',
    );
  }
  let stream: Readable | undefined;
  try {
    const entries = await entriesOf(zip);
    const book = await readBook(zip, entries, options.sheet);
    const part = entries.get(book.sheetPart);
    if (!part) throw new CsvReadError(`the workbook's sheet "${book.sheetName}" is missing`, undefined, undefined);
    stream = await zip.openReadStreamPromise(part);
    const rows = sheetRows(stream, book);
    const next = async (): Promise<SheetRow | undefined> => {
      for (;;) {
        const step = await rows.next();
        if (step.done) return undefined;
        if (step.value.fields.every((f) => f.trim() === '')) continue;
        return step.value;
      }
    };
    const split = await splitHeader(next, options);
    const header: CsvHeader = {
      fields: split.header.fields,
      line: split.header.line,
      delimiter: ',',
      encoding: 'utf-8',
      format: 'xlsx',
      sheet: book.sheetName,
      ...(split.skipped ? { skipped: split.skipped } : {}),
    };
    const owned = stream;
    async function* records() {
      let row = 0;
      try {
        for (const record of split.buffered) yield { row: ++row, line: record.line, fields: record.fields };
        for (;;) {
          const record = await next();
          if (!record) return;
          yield { row: ++row, line: record.line, fields: record.fields };
        }
      } finally {
        owned.destroy();
        zip.close();
      }
    }
    return { header, records: records() };
  } catch (error) {
    stream?.destroy();
    zip.close();
    if (error instanceof CsvReadError) throw error;
    throw new CsvReadError(
      `the workbook cannot be read: ${(error as Error).message}`,
      undefined,
      undefined,
      'open it in the spreadsheet and save it again as .xlsx, or as CSV UTF-8',
    );
  }
}
