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

export interface CsvReadOptions {
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
      throw new CsvReadError(
        `the file is not valid ${this.encoding.toUpperCase()} (near line ${this.line})`,
        this.line,
        undefined,
        "if it comes from Excel, save it as 'CSV UTF-8', or pass --encoding windows-1252",
      );
    }
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

/** Reads up to the first line end of the decoded text (to detect the delimiter). */
async function firstLine(input: CsvInput, encoding: Encoding | undefined): Promise<string> {
  const decoded = inputStream(input).pipe(new DecodeNormalise(encoding));
  let text = '';
  try {
    for await (const chunk of decoded) {
      text += chunk as string;
      const end = text.indexOf('\n');
      if (end !== -1) return text.slice(0, end);
      if (text.length > 64 * 1024) break;
    }
  } finally {
    decoded.destroy();
  }
  return text;
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
  const delimiter = options.delimiter ?? detectDelimiter(await firstLine(input, options.encoding));
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

  const first = await next();
  if (!first) {
    parser.destroy();
    throw new CsvReadError('the file is empty: expected a header row and at least one row', 1, undefined);
  }
  const header: CsvHeader = { fields: first.fields, line: first.line, delimiter, encoding: decode.encoding };

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
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
