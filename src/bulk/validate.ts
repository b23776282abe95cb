// Pass 1 of an import: the input opened, its columns checked, every row read and validated into
// the plan (src/bulk/plan.ts), and what is wrong shown before anything is sent.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { usageError } from '../errors.js';
import { visible } from '../io/visible.js';
import { columnSpec, MapOptionError } from './columns.js';
import { type CsvInput, CsvReadError } from './csv-read.js';
import type { ImportDeps, ImportOptions } from './import-types.js';
import type { FileIdentity } from './journal.js';
import {
  ambiguousDateMessages,
  buildPlan,
  describeProblem,
  estimateRows,
  extraCellsMessage,
  fileIdentity,
  noteMessages,
  openMapped,
  type Plan,
  resolutionMaps,
} from './plan.js';
import { failedRowsOf, ReportReadError } from './report.js';
import type { RowContext } from './rows.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

async function openInput(options: ImportOptions, deps: ImportDeps): Promise<CsvInput> {
  if (options.file === '-') {
    return { bytes: await readAll(deps.stdin), name: 'stdin' };
  }
  const file = path.resolve(options.file);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch {
    throw usageError(
      `cannot read ${options.file}: no such file`,
      'check the path, or pass - to read the CSV from stdin',
    );
  }
  if (!info.isFile()) throw usageError(`${options.file} is not a file`, 'pass the path of a CSV file, or - for stdin');
  return { path: file };
}

function csvError(error: unknown): never {
  if (error instanceof CsvReadError) {
    throw usageError(error.message, error.hint ?? 'check the file, or pass --delimiter / --encoding');
  }
  throw error;
}

/** Which header was read, when it is not simply the first line of a CSV. */
function sayHeader(header: Plan['header'], deps: ImportDeps): void {
  const sheet = header.format === 'xlsx' ? `sheet "${visible(header.sheet ?? '')}", ` : '';
  if (header.skipped) {
    deps.out.info(
      `reading the header from ${sheet}line ${header.line}: the ${header.skipped === 1 ? 'row' : `${header.skipped} rows`} above it ${header.skipped === 1 ? 'is' : 'are'} not a header (--header-row N chooses another)`,
    );
  } else if (sheet) {
    deps.out.info(`reading ${sheet.slice(0, -2)} (--sheet NAME reads another)`);
  }
}

/** The header row as read, for a message about missing columns (a title row read as one, say). */
function headerRead(header: Plan['header']): string {
  const cells = header.fields.filter((f) => f.trim() !== '');
  const shown = cells
    .slice(0, 5)
    .map((f) => `"${visible(f.length > 40 ? `${f.slice(0, 40)}…` : f)}"`)
    .join(', ');
  const where =
    header.format === 'xlsx' ? `row ${header.line} of sheet "${visible(header.sheet ?? '')}"` : `line ${header.line}`;
  return `the header read is ${where}: ${shown}${cells.length > 5 ? ', …' : ''}`;
}

function checkColumns(plan: Pick<Plan, 'mapping' | 'header'>, options: ImportOptions, deps: ImportDeps): void {
  const { mapping } = plan;
  if (mapping.conflicts.length) {
    const [first] = mapping.conflicts;
    throw usageError(
      `the columns ${first!.headers.map((h) => `"${h}"`).join(' and ')} both fill ${columnSpec(first!.field).header}`,
      `keep one of them, or ignore one with --map "${first!.headers[1]}=-"`,
    );
  }
  if (mapping.missing.length) {
    const names = mapping.missing;
    throw usageError(
      `missing required column${names.length > 1 ? 's' : ''}: ${names.join(', ')} (nothing was sent); ${headerRead(plan.header)}`,
      `if the column names are on another line, pass --header-row N; else add ${names.length > 1 ? 'them' : 'it'}, or name your column with --map "Your Header=${names[0]}"; a CaMS Client Reference Number or CA Number column makes names and email optional. portalctl clients import --template prints every supported column`,
    );
  }
  if (mapping.unknown.length) {
    const list = mapping.unknown.map((u) => `"${u.header}"`).join(', ');
    const notes = mapping.unknown.filter((u) => u.suggestion).map((u) => `"${u.header}": ${u.suggestion}`);
    if (options.strict) {
      throw usageError(
        `unknown column${mapping.unknown.length > 1 ? 's' : ''} ${list} (--strict)`,
        `map ${mapping.unknown.length > 1 ? 'them' : 'it'} with --map "${mapping.unknown[0]!.header}=field", ignore with --map "${mapping.unknown[0]!.header}=-", or leave out --strict`,
      );
    }
    deps.out.warn(
      `ignoring unknown column${mapping.unknown.length > 1 ? 's' : ''} ${list} (map with --map "Header=field", silence with --map "Header=-")`,
    );
    for (const note of notes) deps.out.warn(note);
  }
}

/** Columns of fields this run does not set (options.ignoreFields): read as ignored, said once each. */
function ignoreColumns(plan: Pick<Plan, 'mapping' | 'header'>, options: ImportOptions, deps: ImportDeps): void {
  if (!options.ignoreFields) return;
  plan.mapping.fields.forEach((field, index) => {
    const why = field && field !== 'ignore' ? options.ignoreFields?.get(field) : undefined;
    if (why === undefined) return;
    plan.mapping.fields[index] = 'ignore';
    deps.out.warn(`ignoring the column "${visible(plan.header.fields[index] ?? '')}": ${why}`);
  });
}

export function readOptions(options: ImportOptions) {
  return {
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
  };
}

/** --retry-failed: the rows the report marks failed, or another of `statuses` (undefined without it). */
export async function retrySelection(
  options: ImportOptions,
  statuses?: readonly string[],
): Promise<((row: number) => boolean) | undefined> {
  if (!options.retryFailed) return undefined;
  let rows: Set<number>;
  try {
    rows = await failedRowsOf(path.resolve(options.retryFailed), statuses);
  } catch (error) {
    if (error instanceof ReportReadError) throw usageError(error.message, 'pass a report written by --report');
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw usageError(
        `cannot read the report ${options.retryFailed}: no such file`,
        'pass a report written by --report',
      );
    }
    throw error;
  }
  return (row) => rows.has(row);
}

export interface Validated {
  input: CsvInput;
  identity: FileIdentity;
  context: RowContext;
  plan: Plan;
  validateMs: number;
}

/** Reads and checks every row; shows the invalid ones (and cells past the last column). */
export async function validationPass(
  options: ImportOptions,
  deps: ImportDeps,
  selected: ((row: number) => boolean) | undefined,
): Promise<Validated> {
  const input = await openInput(options, deps);
  const identityPromise = fileIdentity(input);
  identityPromise.catch(() => undefined);
  const opened = await openMapped(input, { read: readOptions(options), maps: options.map }).catch((error: unknown) => {
    if (error instanceof MapOptionError) throw usageError(error.message, 'e.g. --map "Given Name=firstName"');
    return csvError(error);
  });
  checkColumns(opened, options, deps);
  ignoreColumns(opened, options, deps);
  sayHeader(opened.header, deps);
  const context: RowContext = {
    headers: opened.header.fields,
    mapping: opened.mapping,
    listSeparator: options.listSeparator,
    sendInvite: options.invite,
    ...(options.dateFormat ? { dateFormat: options.dateFormat } : {}),
    today: new Date(deps.now()),
    ...(await resolutionMaps(opened.mapping, deps.api)),
  };
  const validateStarted = deps.now();
  const expectedRows = await estimateRows(input);
  const plan = await buildPlan(opened, context, {
    expectedRows,
    read: readOptions(options),
    maps: options.map,
    listSeparator: options.listSeparator,
    sendInvite: options.invite,
    strict: options.strict,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(selected ? { selected } : {}),
  }).catch(csvError);
  const identity = await identityPromise;
  const validateMs = deps.now() - validateStarted;
  if (plan.rows === 0 && plan.fileRows === 0) {
    throw usageError(
      `${options.file === '-' ? 'stdin' : options.file} has a header but no rows`,
      'add rows below the header',
    );
  }
  showProblems(plan, options, deps);
  return { input, identity, context, plan, validateMs };
}

function showProblems(plan: Plan, options: ImportOptions, deps: ImportDeps): void {
  const columns = plan.header.fields.length;
  for (const sample of plan.extraCellSamples) {
    deps.out.warn(
      `row ${sample.row} (line ${sample.line}) ${extraCellsMessage(sample.cells, columns)} (--strict makes this an error)`,
    );
  }
  if (plan.extraCells > plan.extraCellSamples.length) {
    deps.out.warn(`… and ${plan.extraCells - plan.extraCellSamples.length} more rows with cells past the last column`);
  }
  for (const note of noteMessages(plan, options.listSeparator)) deps.out.warn(visible(note));
  if (plan.invalid) deps.stderr.write(`${plan.invalid} invalid row${plan.invalid === 1 ? '' : 's'}:\n`);
  for (const dates of ambiguousDateMessages(plan)) deps.stderr.write(`  ${visible(dates.message)}\n`);
  // A row's problems quote the file's headers and values: shown, never sent to the terminal.
  for (const problem of plan.invalidSamples) deps.stderr.write(`  ${visible(describeProblem(problem))}\n`);
  const unlisted = plan.invalid - plan.dateOrderOnly - plan.invalidSamples.length;
  if (unlisted > 0) deps.stderr.write(`  … and ${unlisted} more (--report FILE.csv lists every row)\n`);
}
