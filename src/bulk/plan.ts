// The first pass of an import: read every row, check it with the contract's schema, find
// duplicates within the file, and decide what the send pass will do, before anything is sent.
// Per row it keeps one byte (and a fingerprint of its natural key), whatever the file's size.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { ApiClient } from '../api/client.js';
import { type ColumnMapping, looksLikeHeader, mapColumns, parseMapOptions } from './columns.js';
import {
  type CsvHeader,
  type CsvInput,
  CsvReadError,
  type CsvReader,
  type CsvReadOptions,
  type CsvRecord,
  readCsv,
} from './csv-read.js';
import { ORDER_NAMES } from './dates.js';
import type { FileIdentity } from './journal.js';
import { FingerprintSet, fingerprint, RowBytes, shardOf } from './keys.js';
import { buildRow, providerKey, type RowContext, type RowError, type RowNote, type RowResult } from './rows.js';
import { sniffFile } from './sniff.js';
import { readWorkbook } from './workbook.js';

/** What the plan decided for a row. */
export const PlanState = {
  none: 0,
  valid: 1,
  invalid: 2,
  duplicate: 3,
  /** Another shard's row (--shard). */
  otherShard: 4,
} as const;

export interface RowProblem {
  row: number;
  line: number;
  errors: RowError[];
}

export interface Plan {
  header: CsvHeader;
  mapping: ColumnMapping;
  context: RowContext;
  /** Data rows in the file. */
  fileRows: number;
  /** Rows of this shard (all rows without --shard). */
  rows: number;
  valid: number;
  invalid: number;
  duplicate: number;
  linkedCams: number;
  linkedCa: number;
  states: RowBytes;
  /** The first invalid rows, for the message (the report lists them all). */
  invalidSamples: RowProblem[];
  duplicateSamples: { row: number; line: number; firstRow: number; naturalKey: string }[];
  /** Rows with more cells than the header has columns (ignored cells; invalid rows under --strict). */
  extraCells: number;
  extraCellSamples: { row: number; line: number; cells: number }[];
  /** --strict: a row with more cells than the header is invalid. */
  strict: boolean;
  /** Each duplicate row -> the row its natural key was first seen on (for the report). */
  firstRows: Map<number, number>;
  /** Bytes held per row by the first pass (for the benchmark's memory note). */
  memoryBytes: number;
  /** Invalid rows whose only problem is a date in an unknown order (not listed one by one). */
  dateOrderOnly: number;
  /** Date columns written with numbers only and no --date-format: said once per column. */
  ambiguousDates: AmbiguousDates[];
  /** Warnings about valid rows, once per column and kind (a ? in a name, commas in a list). */
  notes: NoteCount[];
}

export interface AmbiguousDates {
  column: string;
  /** Rows with a numbers-only date in this column. */
  rows: number;
  /** Rows whose only problem is this column's date. */
  only: number;
  /** The shapes seen (##/##/##), digits left out. */
  shapes: string[];
  /** Rows whose first number is over 12 (so day first), and whose second is (so month first). */
  dayFirst: number;
  monthFirst: number;
}

export interface NoteCount {
  column: string;
  code: RowNote['code'];
  rows: number;
  first: { row: number; line: number };
}

/** How to read the file: a CSV's encoding and delimiter, a workbook's sheet, where the header is. */
export interface ReadOptions extends CsvReadOptions {
  /** --sheet: a workbook's sheet by name (the first sheet when absent). */
  sheet?: string;
}

export interface PlanOptions {
  /** Expected number of rows (sizes the duplicate table once, instead of growing it). */
  expectedRows?: number;
  read: ReadOptions;
  maps: readonly string[];
  listSeparator: string;
  sendInvite: boolean;
  /** A row with more cells than the header is invalid (else a warning). */
  strict?: boolean;
  shard?: { index: number; count: number };
  /** Rows whose validity matters (others are still read and classified). */
  selected?: (row: number) => boolean;
  samples?: number;
}

/** Size and SHA-256 of the input, to recognise it when resuming. */
export async function fileIdentity(input: CsvInput): Promise<FileIdentity> {
  const hash = createHash('sha256');
  let size = 0;
  if ('path' in input) {
    // One buffer, reused: a stream would leave a trail of megabyte buffers for the GC to find.
    const handle = await open(input.path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(256 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, size);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        size += bytesRead;
      }
    } finally {
      await handle.close();
    }
  } else {
    hash.update(input.bytes);
    size = input.bytes.length;
  }
  const name = 'path' in input ? (input.path.split(/[\\/]/).at(-1) ?? input.path) : input.name;
  return { name, size, sha256: hash.digest('hex') };
}

/**
 * Rows a file probably holds, from its size and the length of its first rows (a slight
 * overestimate is fine: it only sizes the duplicate table up front).
 */
export async function estimateRows(input: CsvInput): Promise<number> {
  const head =
    'path' in input
      ? await (async () => {
          const handle = await open(input.path, 'r');
          try {
            const buffer = Buffer.alloc(64 * 1024);
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
            return { sample: buffer.subarray(0, bytesRead), size: (await handle.stat()).size };
          } finally {
            await handle.close();
          }
        })()
      : { sample: input.bytes.subarray(0, 64 * 1024), size: input.bytes.length };
  // A workbook is compressed: its newlines say nothing. Its rows take some 20 bytes or more.
  if (head.sample[0] === 0x50 && head.sample[1] === 0x4b) return Math.ceil(head.size / 20);
  let lines = 0;
  for (let i = head.sample.indexOf(10); i !== -1; i = head.sample.indexOf(10, i + 1)) lines++;
  if (lines < 2) return 1024;
  return Math.ceil((head.size / head.sample.length) * lines * 1.02);
}

/** Provider and staff lookups, only when the file has those columns. */
export async function resolutionMaps(
  mapping: ColumnMapping,
  api: () => Promise<ApiClient>,
): Promise<Pick<RowContext, 'providers' | 'staff'>> {
  const result: Pick<RowContext, 'providers' | 'staff'> = {};
  if (mapping.fields.includes('provider')) {
    const { data } = await (await api()).call('listProviders', {});
    result.providers = new Map();
    for (const p of data) {
      result.providers.set(providerKey(p.name), p.id);
      result.providers.set(p.id, p.id);
    }
  }
  if (mapping.fields.includes('caseworkers')) {
    const { data } = await (await api()).call('listStaff', {});
    result.staff = new Map();
    for (const s of data) {
      result.staff.set(s.email.toLowerCase(), s.id);
      result.staff.set(s.id, s.id);
    }
  }
  return result;
}

export interface OpenedFile {
  header: CsvHeader;
  mapping: ColumnMapping;
  records: AsyncGenerator<CsvRecord>;
}

/** Opens a CSV or a workbook's sheet, as the first bytes say it is; anything else is named. */
export async function openRecords(input: CsvInput, read: ReadOptions): Promise<CsvReader> {
  const kind = await sniffFile(input);
  if (kind.kind === 'other') {
    throw new CsvReadError(
      `this is ${kind.what}, not a CSV or an .xlsx workbook: ${kind.fix}`,
      undefined,
      undefined,
      'clients import reads CSV files (UTF-8, UTF-16 or, with --encoding, Windows-1252) and .xlsx workbooks',
    );
  }
  const { sheet, ...csv } = read;
  if (kind.kind === 'xlsx') {
    if (read.delimiter || read.encoding) {
      throw new CsvReadError(
        `--${read.delimiter ? 'delimiter' : 'encoding'} applies to a CSV, and this is an .xlsx workbook`,
        undefined,
        undefined,
        'leave it out: a workbook says how its cells are written',
      );
    }
    return readWorkbook(input, { ...csv, ...(sheet === undefined ? {} : { sheet }) });
  }
  if (sheet !== undefined) {
    throw new CsvReadError(
      '--sheet applies to a workbook, and this is a CSV file',
      undefined,
      undefined,
      'leave out --sheet (a CSV has one sheet)',
    );
  }
  return readCsv(input, csv);
}

export async function openMapped(input: CsvInput, options: Pick<PlanOptions, 'read' | 'maps'>): Promise<OpenedFile> {
  const maps = parseMapOptions(options.maps);
  const reader = await openRecords(input, {
    looksLikeHeader: (fields) => looksLikeHeader(fields, maps),
    ...options.read,
  });
  const mapping = mapColumns(reader.header.fields, maps);
  return { header: reader.header, mapping, records: reader.records };
}

export async function buildPlan(opened: OpenedFile, context: RowContext, options: PlanOptions): Promise<Plan> {
  const states = new RowBytes();
  const keys = new FingerprintSet(options.expectedRows ?? 1024);
  const samples = options.samples ?? 20;
  const plan: Plan = {
    header: opened.header,
    mapping: opened.mapping,
    context,
    fileRows: 0,
    rows: 0,
    valid: 0,
    invalid: 0,
    duplicate: 0,
    linkedCams: 0,
    linkedCa: 0,
    states,
    invalidSamples: [],
    duplicateSamples: [],
    extraCells: 0,
    extraCellSamples: [],
    strict: options.strict ?? false,
    firstRows: new Map(),
    memoryBytes: 0,
    ambiguousDates: [],
    dateOrderOnly: 0,
    notes: [],
  };
  const dateColumns = opened.mapping.fields.flatMap((key, index) =>
    key === 'dateOfBirth' ? [{ index, header: context.headers[index] ?? '', filled: 0 }] : [],
  );
  for await (const record of opened.records) {
    plan.fileRows = record.row;
    for (const column of dateColumns) if ((record.fields[column.index] ?? '').trim() !== '') column.filled++;
    const result = buildRecord(record.fields, context, plan.strict);
    if (!plan.strict && extraCells(record.fields, context.headers.length)) {
      plan.extraCells++;
      if (plan.extraCellSamples.length < samples) {
        plan.extraCellSamples.push({ row: record.row, line: record.line, cells: record.fields.length });
      }
    }
    const state = classify(record, result, plan, keys, options, samples);
    states.set(record.row, state);
    if (state !== PlanState.otherShard) noteRow(plan, record, result);
  }
  settleDates(plan, dateColumns);
  // The fingerprint table (12 bytes a slot) is not needed once every row is classified: it is
  // left behind here, so the send pass holds only the row states (and one entry per duplicate).
  plan.memoryBytes = keys.bytes + states.length;
  return plan;
}

function classify(
  record: CsvRecord,
  result: RowResult,
  plan: Plan,
  keys: FingerprintSet,
  options: PlanOptions,
  samples: number,
): number {
  const { shard } = options;
  if (shard && shardOf(result.naturalKey, record.row, shard.count) !== shard.index) return PlanState.otherShard;
  plan.rows++;
  const counts = options.selected ? options.selected(record.row) : true;
  if (!result.ok) {
    if (counts) {
      plan.invalid++;
      if (plan.invalidSamples.length < samples) {
        plan.invalidSamples.push({ row: record.row, line: record.line, errors: result.errors });
      }
    }
    return PlanState.invalid;
  }
  const firstRow = keys.add(fingerprint(result.naturalKey), record.row);
  if (firstRow !== 0) {
    plan.firstRows.set(record.row, firstRow);
    if (counts) {
      plan.duplicate++;
      if (plan.duplicateSamples.length < samples) {
        plan.duplicateSamples.push({ row: record.row, line: record.line, firstRow, naturalKey: result.naturalKey });
      }
    }
    return PlanState.duplicate;
  }
  if (counts) {
    plan.valid++;
    if (result.body.link && 'camsClientReferenceNumber' in result.body.link) plan.linkedCams++;
    else if (result.body.link) plan.linkedCa++;
  }
  return PlanState.valid;
}

const MAX_SHAPES = 3;

/** Counts what is said once for the file: dates in an unknown order, notes on rows. */
function noteRow(plan: Plan, record: CsvRecord, result: RowResult): void {
  if (!result.ok) {
    for (const error of result.errors) {
      if (error.ambiguousDate) noteAmbiguousDate(plan, error.column, error.ambiguousDate, result.errors.length === 1);
    }
  }
  for (const note of result.notes ?? []) {
    let entry = plan.notes.find((n) => n.column === note.column && n.code === note.code);
    if (!entry) {
      entry = { column: note.column, code: note.code, rows: 0, first: { row: record.row, line: record.line } };
      plan.notes.push(entry);
    }
    entry.rows++;
  }
}

/** One date of a column in an unknown order; `only`: the row's one problem. */
function noteAmbiguousDate(
  plan: Plan,
  column: string,
  date: NonNullable<RowError['ambiguousDate']>,
  only: boolean,
): void {
  let entry = plan.ambiguousDates.find((d) => d.column === column);
  if (!entry) {
    entry = { column, rows: 0, only: 0, shapes: [], dayFirst: 0, monthFirst: 0 };
    plan.ambiguousDates.push(entry);
  }
  entry.rows++;
  if (only) entry.only++;
  if (date.evidence === 'day-first') entry.dayFirst++;
  if (date.evidence === 'month-first') entry.monthFirst++;
  if (entry.shapes.length < MAX_SHAPES && !entry.shapes.includes(date.shape)) entry.shapes.push(date.shape);
}

/**
 * A date column written with numbers only (most of its dates) is said once, for the column, and
 * stops the import until --date-format says the order; a few such dates in a column of others are
 * those rows' problem, listed with them.
 */
function settleDates(plan: Plan, columns: { header: string; filled: number }[]): void {
  plan.ambiguousDates = plan.ambiguousDates.filter((d) => {
    const filled = columns.find((c) => c.header === d.column)?.filled ?? d.rows;
    return d.rows * 2 > filled;
  });
  const columnLevel = new Set(plan.ambiguousDates.map((d) => d.column));
  if (!columnLevel.size) return;
  plan.dateOrderOnly = plan.ambiguousDates.reduce((sum, d) => sum + d.only, 0);
  const said = (e: RowError) => e.ambiguousDate !== undefined && columnLevel.has(e.column);
  plan.invalidSamples = plan.invalidSamples
    .map((sample) => ({ ...sample, errors: sample.errors.filter((e) => !said(e)) }))
    .filter((sample) => sample.errors.length > 0);
}

const rowsOf = (n: number) => (n === 1 ? '1 row' : `${n} rows`);

/** The date columns in an unknown order, one message each, with what to do. */
export function ambiguousDateMessages(plan: Pick<Plan, 'ambiguousDates'>): { message: string; hint: string }[] {
  return plan.ambiguousDates.map((d) => {
    const evidence =
      d.dayFirst && d.monthFirst
        ? ` Some rows can only be day first and others only month first: the column mixes both orders.`
        : d.dayFirst
          ? ` ${rowsOf(d.dayFirst)} can only be day first (the first number is over 12): probably ${ORDER_NAMES.dmy}.`
          : d.monthFirst
            ? ` ${rowsOf(d.monthFirst)} can only be month first (the second number is over 12): probably ${ORDER_NAMES.mdy}.`
            : '';
    return {
      message: `${d.column}: ${rowsOf(d.rows)} have dates written with numbers only (${d.shapes.join(', ')}), and which number is the month is ambiguous (03/04/88 is 3 April or 4 March).${evidence}`,
      hint: `pass --date-format mdy (${ORDER_NAMES.mdy}), dmy (${ORDER_NAMES.dmy}) or ymd; or format the column as YYYY-MM-DD in the spreadsheet and export again. Two-digit years are read as 20YY unless that is after today, then 19YY`,
    };
  });
}

/** The warnings about rows, once per column and kind. */
export function noteMessages(plan: Pick<Plan, 'notes' | 'strict'>, listSeparator: string): string[] {
  const messages: string[] = [];
  for (const note of plan.notes) {
    const where = `${note.column}: ${rowsOf(note.rows)}, first row ${note.first.row} (line ${note.first.line})`;
    if (note.code === 'lost-letters') {
      messages.push(
        `${where}, ${note.rows === 1 ? 'has' : 'have'} a ? inside a name: letters the file's encoding could not hold were lost when it was saved (Windows-1252 has no Vietnamese letters, for one). Save it as CSV UTF-8 and export again${plan.strict ? '' : ' (--strict makes this an error)'}`,
      );
    } else if (note.code === 'list-commas') {
      const separated = plan.notes.some((n) => n.code === 'list-separated');
      if (!separated) continue;
      messages.push(
        `${where}, ${note.rows === 1 ? 'has' : 'have'} a list cell with commas and no ${listSeparator}, while other list cells use ${listSeparator}: each such cell is read as one value. Separate the values with ${listSeparator}, or pass --list-separator , if the file uses commas`,
      );
    }
  }
  return messages;
}

/**
 * Cells past the header's last column that hold something: a spreadsheet pads rows with empty
 * ones, which lose nothing.
 */
export function extraCells(fields: readonly string[], columns: number): number {
  let extra = 0;
  for (let i = columns; i < fields.length; i++) if (fields[i]!.trim() !== '') extra++;
  return extra;
}

/** What a row with cells beyond the header says (no values: they may be personal data). */
export function extraCellsMessage(cells: number, columns: number): string {
  return `has ${cells} cells but the header has ${columns} columns: the cells past the last column are ignored`;
}

/** buildRow, and under --strict a row with more (non-empty) cells than the header is invalid. */
export function buildRecord(fields: readonly string[], context: RowContext, strict: boolean): RowResult {
  const result = buildRow(fields, context);
  if (!strict) return result;
  const columns = context.headers.length;
  const errors: RowError[] = [];
  if (extraCells(fields, columns)) {
    errors.push({ column: '(row)', message: `${extraCellsMessage(fields.length, columns)} (--strict)` });
  }
  for (const note of result.notes ?? []) {
    if (note.code !== 'lost-letters') continue;
    errors.push({
      column: note.column,
      message: 'has a ? inside a name: letters were lost when the file was saved; save it as CSV UTF-8 (--strict)',
    });
  }
  if (!errors.length) return result;
  return { ok: false, errors: [...(result.ok ? [] : result.errors), ...errors], naturalKey: result.naturalKey };
}

/** "row 12 (line 13), Email: must be …" */
export function describeProblem(problem: RowProblem): string {
  return `row ${problem.row} (line ${problem.line}): ${problem.errors.map((e) => `${e.column}: ${e.message}`).join('; ')}`;
}

/** What a duplicate row says, in messages and the report. */
export function duplicateMessage(naturalKey: string | undefined, firstRow: number): string {
  const what = naturalKey?.startsWith('cams:')
    ? 'CaMS Client Reference Number'
    : naturalKey?.startsWith('ca:')
      ? 'CA number'
      : 'email';
  return `same ${what} as row ${firstRow}`;
}
