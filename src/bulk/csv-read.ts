// Streaming CSV reading for imports: what real spreadsheet exports contain (UTF-8 with or without
// a BOM, UTF-16 with a BOM, CRLF or CR line ends, quoted fields with delimiters, quotes and
// newlines, `,` `;` or tab delimiters, blank and all-empty trailing lines). Only one record is
// held at a time; a record larger than MAX_RECORD_CHARS stops the reading with its row and line.
import { createReadStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { type Options, parse } from 'csv-parse';

/** Far above the largest valid row (reasons for referral are at most 10,000 characters). */
export const MAX_RECORD_CHARS = 1024 * 1024;

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Where the CSV comes from: a file (read once per pass) or bytes already in memory (stdin). */
export type CsvInput = { path: string } | { bytes: Buffer; name: string };

/** Where the header is: a given line (--header-row), or found among the first rows. */
export interface HeaderOptions {
  /** The line (a workbook: the sheet's row) that holds the header. */
  headerRow?: number;
  /** Whether a row reads as a header (names known columns): a first row that does not, under
   * one that does, is a title above the header, and is skipped. */
  looksLikeHeader?: (fields: readonly string[]) => boolean;
}

export interface CsvReadOptions extends HeaderOptions {
  /** Forced delimiter; detected from the header line when absent. */
  delimiter?: string;
  /** Forced encoding; a BOM decides when absent, else UTF-8. */
  encoding?: Encoding;
  maxRecordChars?: number;
}

export interface CsvRecord {
  /** 1-based data row (the header is not a row; all-empty lines are not rows). */
  row: number;
  /** 1-based physical line where the record starts in the file. */
  line: number;
  fields: string[];
}

export interface CsvHeader {
  fields: string[];
  line: number;
  delimiter: string;
  encoding: Encoding;
  /** What was read: a CSV (the default) or a workbook's sheet. */
  format?: 'csv' | 'xlsx';
  sheet?: string;
  /** Non-blank rows above the header that were skipped (a title). */
  skipped?: number;
}

/** How many rows are looked at for a header below a title. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Takes the header from the first records: the --header-row line, or the first non-blank record,
 * unless that one does not read as a header and one of the next few does (a title row above it).
 * Returns the records read past the header, to be yielded first.
 */
export async function splitHeader<R extends { fields: string[]; line: number }>(
  next: () => Promise<R | undefined>,
  options: HeaderOptions,
): Promise<{ header: R; skipped: number; buffered: R[] }> {
  const empty = () => new CsvReadError('the file is empty: expected a header row and at least one row', 1, undefined);
  if (options.headerRow !== undefined) {
    let skipped = 0;
    for (;;) {
      const record = await next();
      if (!record || record.line > options.headerRow) {
        throw new CsvReadError(
          `--header-row ${options.headerRow}: ${record ? `line ${options.headerRow} is empty or inside a cell` : `the file has no line ${options.headerRow} with anything on it`}`,
          options.headerRow,
          undefined,
          'pass the line number of the row with the column names, as the spreadsheet or an editor shows it',
        );
      }
      if (record.line === options.headerRow) return { header: record, skipped, buffered: [] };
      skipped++;
    }
  }
  const first = await next();
  if (!first) throw empty();
  const looks = options.looksLikeHeader;
  if (!looks || looks(first.fields)) return { header: first, skipped: 0, buffered: [] };
  const ahead: R[] = [];
  for (let i = 1; i < HEADER_SEARCH_ROWS; i++) {
    const record = await next();
    if (!record) break;
    ahead.push(record);
    if (looks(record.fields)) return { header: record, skipped: ahead.length, buffered: [] };
  }
  return { header: first, skipped: 0, buffered: ahead };
}

/** A problem with the file itself (not one row's values): reading stops. */
export class CsvReadError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly row: number | undefined,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CsvReadError';
  }
}

const CHUNK = 64 * 1024;

function inputStream(input: CsvInput): Readable {
  if ('path' in input) return createReadStream(input.path, { highWaterMark: CHUNK });
  const { bytes } = input;
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
    })(),
    { objectMode: false },
  );
}

/** BOM sniffing: returns the encoding and how many bytes of BOM to drop. */
export function sniffEncoding(head: Buffer, forced?: Encoding): { encoding: Encoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: forced ?? 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: forced ?? 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: forced ?? 'utf-16be', bom: 2 };
  return { encoding: forced ?? 'utf-8', bom: 0 };
}

/** Length of a UTF-8 sequence from its lead byte (0: not a lead byte). */
function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}

/**
 * Where the first byte that is not UTF-8 is (the decoder says only that there is one). `carried`
 * continuation bytes at the start finish a sequence the previous chunk began.
 */
export function firstInvalidUtf8(bytes: Uint8Array, carried = 0): number {
  let i = Math.min(carried, bytes.length);
  while (i < bytes.length) {
    const length = sequenceLength(bytes[i]!);
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return bytes.length;
      if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** Continuation bytes the next chunk must supply for a sequence this chunk ends inside. */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = sequenceLength(byte);
    return length > back ? length - back : 0;
  }
  return 0;
}

/** Line ends in the bytes before `end`, counted as the file's lines end. */
function linesBefore(bytes: Uint8Array, end: number, ends: 'unknown' | 'lf' | 'cr'): number {
  const mark = ends === 'cr' ? 0x0d : 0x0a;
  let lines = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === mark) lines++;
  return lines;
}

/**
 * Bytes -> text in the file's encoding, with every line end turned into LF, so that csv-parse
 * counts physical lines exactly once (it counts a quoted CRLF as two). The file's first line end
 * says what a line end is, as an editor reads it: CRLF or LF, and then a lone CR (inside a quoted
 * cell, say) is a character, not a line; or CR alone (old Mac files), and then every CR is one.
 */
class DecodeNormalise extends Transform {
  private decoder: TextDecoder | undefined;
  private head: Buffer | undefined = Buffer.alloc(0);
  private pendingCr = false;
  private line = 1;
  /** Bytes of a UTF-8 sequence the previous chunk ended inside (the decoder holds them). */
  private carried = 0;
  /** How lines end in this file, known from its first line end. */
  private ends: 'unknown' | 'lf' | 'cr' = 'unknown';
  encoding: Encoding = 'utf-8';

  constructor(private readonly forced: Encoding | undefined) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
  }

  private start(): void {
    const head = this.head ?? Buffer.alloc(0);
    this.head = undefined;
    const { encoding, bom } = sniffEncoding(head, this.forced);
    this.encoding = encoding;
    // fatal: a UTF-8 decoding error is reported (usually a file saved as Windows-1252), not garbled.
    this.decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
    this.emitText(head.subarray(bom), false);
  }

  private emitText(bytes: Buffer, last: boolean): void {
    let text: string;
    try {
      text = this.decoder!.decode(bytes, { stream: !last });
    } catch {
      const line = this.line + linesBefore(bytes, firstInvalidUtf8(bytes, this.carried), this.ends);
      throw new CsvReadError(
        `the file is not valid ${this.encoding.toUpperCase()}: line ${line} has a byte that ${this.encoding.toUpperCase()} does not allow (the file was probably saved as Windows-1252 or another legacy encoding)`,
        line,
        undefined,
        "save it again as UTF-8: in Excel, Save As 'CSV UTF-8 (Comma delimited)'; in LibreOffice Calc, Save As 'Text CSV' with character set 'Unicode (UTF-8)'. Or pass --encoding windows-1252",
      );
    }
    this.carried = incompleteTail(bytes);
    if (this.pendingCr) {
      text = `\r${text}`;
      this.pendingCr = false;
    }
    if (!last && text.endsWith('\r')) {
      this.pendingCr = true;
      text = text.slice(0, -1);
    }
    if (this.ends === 'unknown') {
      const at = text.search(/[\r\n]/);
      if (at !== -1) this.ends = text[at] === '\r' && text[at + 1] !== '\n' ? 'cr' : 'lf';
    }
    if (text.includes('\r')) text = text.replace(this.ends === 'cr' ? /\r\n?/g : /\r\n/g, '\n');
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.line++;
    if (text.length > 0) this.push(text);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      if (this.head) {
        this.head = Buffer.concat([this.head, chunk]);
        if (this.head.length >= 4) this.start();
      } else {
        this.emitText(chunk, false);
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.head) this.start();
      this.emitText(Buffer.alloc(0), true);
      done();
    } catch (error) {
      done(error as Error);
    }
  }
}

/** The delimiter used most often outside quotes on the header line (`,` when none is). */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [delimiter, count] of counts) {
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The delimiter of the header line; when the first line has none (a title above the header), that
 * of the first line that has one.
 */
export function detectDelimiterOfLines(lines: readonly string[]): string {
  for (const line of lines) {
    const delimiter = detectDelimiter(line);
    if (line.includes(delimiter)) return delimiter;
  }
  return ',';
}

/** Reads the first lines of the decoded text (to detect the delimiter). */
async function firstLines(input: CsvInput, encoding: Encoding | undefined, count: number): Promise<string[]> {
  const decoded = inputStream(input).pipe(new DecodeNormalise(encoding));
  let text = '';
  try {
    for await (const chunk of decoded) {
      text += chunk as string;
      const lines = text.split('\n');
      if (lines.length > count) return lines.slice(0, count);
      if (text.length > 64 * 1024) break;
    }
  } catch (error) {
    // A decoding error is reported by the reading itself, with its line.
    if (!(error instanceof CsvReadError)) throw error;
  } finally {
    decoded.destroy();
  }
  return text.split('\n');
}

function countChar(fields: string[], char: string): number {
  let n = 0;
  for (const field of fields) {
    for (let i = field.indexOf(char); i !== -1; i = field.indexOf(char, i + 1)) n++;
  }
  return n;
}

const isBlankRecord = (fields: string[]) => fields.every((field) => field.trim() === '');

export interface CsvReader {
  header: CsvHeader;
  records: AsyncGenerator<CsvRecord>;
}

/**
 * Opens a CSV for one pass: resolves the header (first non-blank record), then yields the data
 * records in order. Call it again for another pass over the same file.
 */
export async function readCsv(input: CsvInput, options: CsvReadOptions = {}): Promise<CsvReader> {
  const delimiter =
    options.delimiter ?? detectDelimiterOfLines(await firstLines(input, options.encoding, HEADER_SEARCH_ROWS));
  const maxRecordChars = options.maxRecordChars ?? MAX_RECORD_CHARS;
  const decode = new DecodeNormalise(options.encoding);
  // Where the parser is (it runs ahead of the consumer): an error names the record after these.
  let parsedRecords = 0;
  let parsedLines = 0;
  // csv-parse counts every CR as a line; a CR left in the text is no line end (see DecodeNormalise).
  let loneCrs = 0;
  const parser = parse({
    // With `info`, the parser hands { record, info } to on_record as it parses each record; it
    // passes on the record and the line it ends on.
    on_record: ((value: { record: string[]; info: { lines: number } }) => {
      loneCrs += countChar(value.record, '\r');
      parsedLines = value.info.lines - loneCrs;
      if (!isBlankRecord(value.record)) parsedRecords++;
      return { record: value.record, lines: parsedLines };
    }) as unknown as NonNullable<Options['on_record']>,
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: maxRecordChars,
  });
  const source = inputStream(input);
  source.on('error', (error) => parser.destroy(error));
  decode.on('error', (error) => parser.destroy(error));
  source.pipe(decode).pipe(parser);
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; lines: number }>;

  let rows = 0;
  const translate = (error: unknown): never => {
    if (error instanceof CsvReadError) throw error;
    const err = error as { code?: string; lines?: number; message?: string };
    const line = parsedLines + 1;
    // The header is the first record the parser saw; data rows are numbered after it.
    const row = Math.max(1, parsedRecords);
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      throw new CsvReadError(
        `row ${row} (line ${line}) is larger than ${Math.round(maxRecordChars / 1024)} KiB; reading stopped there`,
        line,
        row,
        'a quote that is never closed makes the rest of the file one field: check the row, or split the file',
      );
    }
    if (err.code === 'ENOENT')
      throw new CsvReadError(`cannot read the file: ${err.message ?? ''}`, undefined, undefined);
    const near = err.lines === undefined ? line : err.lines - loneCrs;
    throw new CsvReadError(
      `the file cannot be read as CSV near line ${near}: ${err.message ?? String(error)}`,
      near,
      undefined,
    );
  };

  const next = async (): Promise<{ fields: string[]; line: number } | undefined> => {
    for (;;) {
      let step: IteratorResult<{ record: string[]; lines: number }>;
      try {
        step = await iterator.next();
      } catch (error) {
        return translate(error);
      }
      if (step.done) return undefined;
      const { record, lines } = step.value;
      const line = lines - countChar(record, '\n');
      if (isBlankRecord(record)) continue;
      // A lone CR inside a cell is a line break in the value, though not a line of the file.
      for (let i = 0; i < record.length; i++) {
        if (record[i]!.includes('\r')) record[i] = record[i]!.replace(/\r/g, '\n');
      }
      return { fields: record, line };
    }
  };

  let split: Awaited<ReturnType<typeof splitHeader<{ fields: string[]; line: number }>>>;
  try {
    split = await splitHeader(next, options);
  } catch (error) {
    parser.destroy();
    source.destroy();
    throw error;
  }
  const header: CsvHeader = {
    fields: split.header.fields,
    line: split.header.line,
    delimiter,
    encoding: decode.encoding,
    ...(split.skipped ? { skipped: split.skipped } : {}),
  };
  const buffered = split.buffered;

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      for (const record of buffered) {
        rows++;
        yield { row: rows, line: record.line, fields: record.fields };
      }
      for (;;) {
        const record = await next();
        if (!record) return;
        rows++;
        yield { row: rows, line: record.line, fields: record.fields };
      }
    } finally {
      parser.destroy();
      source.destroy();
    }
  }
  return { header, records: records() };
}
