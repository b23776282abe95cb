// The first pass of an import: read every row, check it with the contract's schema, find
// duplicates within the file, and decide what the send pass will do, before anything is sent.
// Per row it keeps one byte (and a fingerprint of its natural key), whatever the file's size.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { ApiClient } from '../api/client.js';
import { type ColumnMapping, mapColumns, parseMapOptions } from './columns.js';
import { type CsvHeader, type CsvInput, type CsvReadOptions, type CsvRecord, readCsv } from './csv-read.js';
import type { FileIdentity } from './journal.js';
import { FingerprintSet, fingerprint, RowBytes, shardOf } from './keys.js';
import { buildRow, providerKey, type RowContext, type RowError, type RowResult } from './rows.js';

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
}

export interface PlanOptions {
  /** Expected number of rows (sizes the duplicate table once, instead of growing it). */
  expectedRows?: number;
  read: CsvReadOptions;
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

export async function openMapped(input: CsvInput, options: Pick<PlanOptions, 'read' | 'maps'>): Promise<OpenedFile> {
  const reader = await readCsv(input, options.read);
  const mapping = mapColumns(reader.header.fields, parseMapOptions(options.maps));
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
  };
  for await (const record of opened.records) {
    plan.fileRows = record.row;
    const result = buildRecord(record.fields, context, plan.strict);
    if (!plan.strict && extraCells(record.fields, context.headers.length)) {
      plan.extraCells++;
      if (plan.extraCellSamples.length < samples) {
        plan.extraCellSamples.push({ row: record.row, line: record.line, cells: record.fields.length });
      }
    }
    const state = classify(record, result, plan, keys, options, samples);
    states.set(record.row, state);
  }
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
  const columns = context.headers.length;
  if (!strict || !extraCells(fields, columns)) return result;
  const error = { column: '(row)', message: `${extraCellsMessage(fields.length, columns)} (--strict)` };
  return { ok: false, errors: [...(result.ok ? [] : result.errors), error], naturalKey: result.naturalKey };
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
