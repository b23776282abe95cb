// `portalctl clients import`, the whole run: read and validate every row (pass 1), show the plan
// and confirm, then send (pass 2) through the pipeline with a journal that makes the run
// resumable and exactly-once, and finally write the report (pass 3) and the summary.
// `runImport` never touches `process`: streams, the portal, the stop signal and the clock come in
// through `deps`.
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ApiClient } from '../api/client.js';
import { CliError, cancelled, usageError } from '../errors.js';
import type { Output, OutStream } from '../io/output.js';
import { visible } from '../io/visible.js';
import { platformDirs } from '../platform-dirs.js';
// The duplicate check's own normalisation (the local portal's): for names within the file.
import { normaliseName } from '../server/domain/normalise.js';
import { drain, mapLimit } from './async.js';
import { type CheckResult, checkRow, isSameClient } from './checks.js';
import { columnSpec, MapOptionError } from './columns.js';
import { type CsvInput, CsvReadError, type Encoding } from './csv-read.js';
import type { DateOrder } from './dates.js';
import {
  acquireLock,
  type DoneRecord,
  type FileIdentity,
  isFailed,
  isFinal,
  JOURNAL_VERSION,
  JournalError,
  type JournalState,
  JournalWriter,
  NAME_MATCH,
  RowState,
  type RunRecord,
  readJournal,
  stateOf,
} from './journal.js';
import {
  FingerprintSet,
  fingerprint,
  type KeyScheme,
  newSecret,
  RowBytes,
  type RowKeyDeriver,
  rowKeyDeriver,
} from './keys.js';
import {
  DEFAULT_POLICIES,
  describeMatch,
  type EmailMatchPolicy,
  emailMatchOutcome,
  isMatchCode,
  type MatchOutcome,
  type MatchPolicies,
  type NameMatchPolicy,
  nameMatchOutcome,
} from './matches.js';
import { bodyOf, type ImportTransport, runPipeline, type WorkItem, workItem } from './pipeline.js';
import {
  ambiguousDateMessages,
  buildPlan,
  buildRecord,
  describeProblem,
  duplicateMessage,
  estimateRows,
  extraCellsMessage,
  fileIdentity,
  noteMessages,
  openMapped,
  type Plan,
  PlanState,
  resolutionMaps,
} from './plan.js';
import { createProgress, silentProgress } from './progress.js';
import { failedRowsOf, OutcomeMerger, type ReportLine, ReportReadError, writeReport } from './report.js';
import { buildRow, type RowContext } from './rows.js';

export type { EmailMatchPolicy, NameMatchPolicy } from './matches.js';

export interface ImportOptions {
  /** A path, or '-' for stdin. */
  file: string;
  delimiter?: string | undefined;
  encoding?: Encoding | undefined;
  /** A workbook's sheet (--sheet); the header's line (--header-row); how dates are written (--date-format). */
  sheet?: string | undefined;
  headerRow?: number | undefined;
  dateFormat?: DateOrder | undefined;
  map: string[];
  strict: boolean;
  listSeparator: string;
  skipInvalid: boolean;
  dryRun: boolean;
  invite: boolean;
  onNameMatch: NameMatchPolicy;
  onEmailMatch: EmailMatchPolicy;
  concurrency: number;
  /** Concurrency when the portal turns out to have no batch endpoint. */
  fallbackConcurrency?: number | undefined;
  batch: boolean;
  batchSize?: number | undefined;
  state?: string | undefined;
  restart: boolean;
  report?: string | undefined;
  retryFailed?: string | undefined;
  shard?: { index: number; count: number } | undefined;
  progress: boolean;
  yes: boolean;
  /** Stop when the portal has answered nothing for this long (--timeout; default 30 s). */
  unreachableMs?: number | undefined;
}

export interface ImportDeps {
  stdin: NodeJS.ReadableStream;
  stderr: OutStream;
  out: Output;
  /** A person can answer a confirmation. */
  interactive: boolean;
  confirm(message: string): Promise<boolean>;
  /** For read-only lookups (providers, staff, duplicates, CaMS/CA), with the API client's retries. */
  api(): Promise<ApiClient>;
  /** For the creates: single attempts, the pipeline retries. */
  transport(): Promise<ImportTransport>;
  /** Identifies the portal in the journal (its URL, or the local portal's database). */
  portalId(): Promise<string>;
  /** First Ctrl-C. */
  stop: AbortSignal;
  env: Record<string, string | undefined>;
  now(): number;
  /** The command line that resumes this run (printed after Ctrl-C). */
  resumeCommand: string;
  /** Peak resident memory of the process so far, in bytes (for --json and the benchmark). */
  peakMemory?(): number;
}

export interface ImportSummary {
  file: string;
  dryRun: boolean;
  rows: number;
  fileRows: number;
  created: number;
  existing: number;
  invalid: number;
  duplicate: number;
  skipped: number;
  failed: number;
  pending: number;
  invitesSent: number;
  /** Rows that had finished in an earlier run of this journal. */
  finishedEarlier: number;
  /** Time spent reading and checking the file before sending (pass 1), and sending (pass 2). */
  validateMs: number;
  sendMs: number;
  /** Rows sent in this run. */
  sent: number;
  /** --dry-run: rows that would be created. */
  toCreate?: number;
  /**
   * Rows whose email belongs to a client with another name (or at another provider): failed,
   * skipped or counted as existing, as --on-email-match says (included in those counts).
   */
  emailConflicts: number;
  /** Rows not created for a possible name match: failed or skipped, as --on-name-match says. */
  nameMatches: number;
  batch: boolean;
  /** 429 answers from the portal (the concurrency backed off each time). */
  throttled: number;
  /** Requests sent again after a network error, a 5xx or a key still in flight. */
  retried: number;
  journal: string | null;
  report: string | null;
  elapsedMs: number;
  /** Rows per second of the send pass. */
  rowsPerSecond: number;
  peakMemoryBytes?: number;
  /** Bytes the plan holds for the whole file (one byte and one fingerprint per row). */
  planBytes: number;
  /** Why the run stopped early, if it did. */
  stopped?: 'cancelled' | 'error';
}

const IDENTITY_OPTIONS = [
  'invite',
  'map',
  'listSeparator',
  'delimiter',
  'encoding',
  'shard',
  'sheet',
  'headerRow',
  'dateFormat',
] as const;

function journalOptions(options: ImportOptions): Record<string, unknown> {
  return {
    invite: options.invite,
    map: [...options.map].sort(),
    listSeparator: options.listSeparator,
    delimiter: options.delimiter ?? null,
    encoding: options.encoding ?? null,
    shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
    // Written only when given, so that journals of runs without them still resume.
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
    ...(options.dateFormat !== undefined ? { dateFormat: options.dateFormat } : {}),
  };
}

function flagOf(key: (typeof IDENTITY_OPTIONS)[number], value: unknown): string {
  switch (key) {
    case 'invite':
      return value === false ? '--no-invite' : 'invitations on (no --no-invite)';
    case 'map':
      return (value as string[]).length ? (value as string[]).map((m) => `--map "${m}"`).join(' ') : 'no --map';
    case 'listSeparator':
      return `--list-separator "${value}"`;
    case 'delimiter':
      return value === null ? 'the detected delimiter' : `--delimiter "${value}"`;
    case 'encoding':
      return value === null ? 'the detected encoding' : `--encoding ${value}`;
    case 'shard':
      return value === null ? 'no --shard' : `--shard ${value}`;
    case 'sheet':
      return value === null ? 'the first sheet' : `--sheet "${value}"`;
    case 'headerRow':
      return value === null ? 'the header row found' : `--header-row ${value}`;
    case 'dateFormat':
      return value === null ? 'no --date-format' : `--date-format ${value}`;
  }
}

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

function stateDir(env: Record<string, string | undefined>): string {
  return path.join(platformDirs(env).state, 'imports');
}

async function journalPathFor(options: ImportOptions, identity: FileIdentity, deps: ImportDeps): Promise<string> {
  if (options.state) return path.resolve(options.state);
  const shard = options.shard ? `.shard-${options.shard.index}-of-${options.shard.count}` : '';
  if (options.file === '-') {
    const dir = stateDir(deps.env);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return path.join(dir, `stdin-${identity.sha256.slice(0, 16)}${shard}.portalctl-journal`);
  }
  return `${path.resolve(options.file)}${shard}.portalctl-journal`;
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

interface Totals {
  created: number;
  existing: number;
  skipped: number;
  failed: number;
  pending: number;
  invitesSent: number;
  emailConflicts: number;
  nameMatches: number;
}

function countOutcomes(plan: Plan, rows: RowBytes, considered: (row: number) => boolean): Totals {
  const totals: Totals = {
    created: 0,
    existing: 0,
    skipped: 0,
    failed: 0,
    pending: 0,
    invitesSent: 0,
    emailConflicts: 0,
    nameMatches: 0,
  };
  for (let row = 1; row <= plan.fileRows; row++) {
    if (plan.states.get(row) !== PlanState.valid) continue;
    const state = rows.get(row);
    switch (state) {
      case RowState.createdInvited:
        totals.invitesSent++;
        totals.created++;
        break;
      case RowState.created:
        totals.created++;
        break;
      case RowState.existing:
        totals.existing++;
        break;
      case RowState.emailMatchExisting:
        totals.existing++;
        totals.emailConflicts++;
        break;
      case RowState.skipped:
        totals.skipped++;
        break;
      case RowState.emailConflictSkipped:
        totals.skipped++;
        totals.emailConflicts++;
        break;
      case RowState.nameMatchSkipped:
        totals.skipped++;
        totals.nameMatches++;
        break;
      case RowState.failed:
      case RowState.failedRetryable:
        totals.failed++;
        break;
      case RowState.emailConflict:
        totals.failed++;
        totals.emailConflicts++;
        break;
      case RowState.nameMatch:
        totals.failed++;
        totals.nameMatches++;
        break;
      default:
        if (considered(row)) totals.pending++;
    }
  }
  return totals;
}

/** The plan, before anything is sent. */
function printPlan(plan: Plan, toSend: number, finishedEarlier: number, options: ImportOptions, deps: ImportDeps) {
  const lines: string[] = [];
  const name = options.file === '-' ? 'stdin' : options.file;
  const shard = options.shard ? ` (shard ${options.shard.index}/${options.shard.count} of ${plan.fileRows})` : '';
  lines.push(`${name}: ${plan.rows} rows${shard}`);
  lines.push(`  ${pad(toSend)} to send${finishedEarlier ? ` (${finishedEarlier} finished in an earlier run)` : ''}`);
  if (plan.linkedCams || plan.linkedCa) {
    lines.push(`  ${pad(plan.linkedCams)} with a CaMS link, ${plan.linkedCa} with a Common Assessment import`);
  }
  if (plan.invalid)
    lines.push(`  ${pad(plan.invalid)} invalid${options.skipInvalid ? ' (skipped: --skip-invalid)' : ''}`);
  if (plan.duplicate) lines.push(`  ${pad(plan.duplicate)} duplicate within the file (the first one is imported)`);
  if (toSend > 0) {
    lines.push(
      options.invite
        ? `Each client created gets a portal invitation email (up to ${toSend}); pass --no-invite to send none.`
        : 'No invitations will be sent (--no-invite).',
    );
  }
  deps.stderr.write(`${lines.join('\n')}\n`);
}

const pad = (n: number) => String(n).padStart(6);

export function summaryTable(summary: ImportSummary, policies: MatchPolicies = DEFAULT_POLICIES): string {
  const rows: [string, number, string?][] = summary.dryRun
    ? [
        ['to create', summary.toCreate ?? 0],
        ['existing', summary.existing, 'already in the portal'],
        ['would fail', summary.failed],
        ['skipped', summary.skipped],
        ['invalid', summary.invalid],
        ['duplicate', summary.duplicate, 'within the file'],
      ]
    : [
        ['created', summary.created, `${summary.invitesSent} invitations sent`],
        ['existing', summary.existing, 'already in the portal'],
        ['skipped', summary.skipped],
        ['invalid', summary.invalid],
        ['duplicate', summary.duplicate, 'within the file'],
        ['failed', summary.failed],
        ['pending', summary.pending, 'not sent yet: re-run to resume'],
      ];
  const title = summary.dryRun ? `Dry run of ${summary.file}: nothing was sent` : `Import of ${summary.file}`;
  const body = rows
    .filter(([label, n]) => n > 0 || label === 'created' || label === 'to create' || label === 'failed')
    .map(([label, n, note]) => `  ${label.padEnd(10)} ${String(n).padStart(7)}${note && n > 0 ? `  ${note}` : ''}`);
  const notes: string[] = [];
  // The same two lines in the plan and after the run: the rows that may be someone already there.
  if (summary.emailConflicts) {
    const n = summary.emailConflicts;
    notes.push(
      `  ${n === 1 ? '1 row has the email of someone else' : `${n} rows have the emails of other people`} in the portal (--on-email-match ${policies.onEmailMatch})`,
    );
  }
  if (summary.nameMatches) {
    const n = summary.nameMatches;
    notes.push(
      `  ${n === 1 ? '1 row has the name of another client, with another email' : `${n} rows have the names of other clients, with other emails`} (--on-name-match ${policies.onNameMatch})`,
    );
  }
  if (!summary.dryRun) {
    if (summary.finishedEarlier)
      notes.push(`  ${summary.finishedEarlier} of these rows had finished in an earlier run`);
    if (summary.throttled)
      notes.push(`  the portal rate limited ${summary.throttled} requests; concurrency backed off`);
    if (summary.retried) notes.push(`  ${summary.retried} requests were retried after network or server errors`);
    notes.push(`  ${summary.rows} rows in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  }
  return `${[title, ...body, ...notes].join('\n')}\n`;
}

export async function runImport(options: ImportOptions, deps: ImportDeps): Promise<ImportSummary> {
  const started = deps.now();
  const input = await openInput(options, deps);
  const identityPromise = fileIdentity(input);
  identityPromise.catch(() => undefined);

  let retrySet: Set<number> | undefined;
  if (options.retryFailed) {
    try {
      retrySet = await failedRowsOf(path.resolve(options.retryFailed));
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
  }
  const selected = retrySet ? (row: number) => retrySet.has(row) : undefined;

  // ── pass 1: columns, validation, duplicates ──
  const opened = await openMapped(input, { read: readOptions(options), maps: options.map }).catch((error: unknown) => {
    if (error instanceof MapOptionError) throw usageError(error.message, 'e.g. --map "Given Name=firstName"');
    return csvError(error);
  });
  checkColumns(opened, options, deps);
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
  // Dates in an unknown order are the file's problem, not some rows': nothing goes until it is said.
  const blocked = (plan.invalid > 0 && !options.skipInvalid) || plan.ambiguousDates.length > 0;

  // ── the journal of earlier runs ──
  const journalPath = options.dryRun && !options.state ? undefined : await journalPathFor(options, identity, deps);
  const defaultJournal = options.dryRun
    ? await journalPathFor(options, identity, deps).catch(() => undefined)
    : journalPath;
  let journal: JournalState | undefined;
  const portalId = await deps.portalId();
  if (defaultJournal && !options.restart) {
    try {
      journal = await readJournal(defaultJournal);
    } catch (error) {
      if (error instanceof JournalError) {
        throw usageError(
          `${error.message}`,
          'pass --restart to start this import over, or --state FILE for another journal',
        );
      }
      throw error;
    }
    if (journal) checkJournal(journal.run, identity, options, portalId, defaultJournal);
  }
  const rowStates = journal?.rows ?? new RowBytes();
  const considered = (row: number) => plan.states.get(row) === PlanState.valid && (!selected || selected(row));
  const genOf = (row: number): number => {
    const gen = journal?.gens.get(row) ?? 0;
    // --retry-failed: a refusal is stored by the portal under the old key; a new generation asks again.
    const state = rowStates.get(row);
    return selected && isFailed(state) && state !== RowState.failedRetryable ? gen + 1 : gen;
  };
  const needsSending = (row: number) => {
    if (!considered(row)) return false;
    const state = rowStates.get(row);
    if (selected) return state === RowState.none || state === RowState.inflight || isFailed(state);
    return !isFinal(state);
  };
  let toSend = 0;
  let finishedEarlier = 0;
  for (let row = 1; row <= plan.fileRows; row++) {
    if (needsSending(row)) toSend++;
    else if (plan.states.get(row) === PlanState.valid && rowStates.get(row) >= RowState.created) finishedEarlier++;
  }

  const summaryBase = {
    file: options.file === '-' ? 'stdin' : options.file,
    rows: plan.rows,
    fileRows: plan.fileRows,
    invalid: plan.invalid,
    duplicate: plan.duplicate,
    finishedEarlier,
    validateMs,
    sendMs: 0,
    sent: 0,
    batch: false,
    throttled: 0,
    retried: 0,
    report: options.report ? path.resolve(options.report) : null,
    planBytes: plan.memoryBytes,
  };

  // ── --dry-run: ask the portal about every row, change nothing ──
  if (options.dryRun) {
    printPlan(plan, toSend, finishedEarlier, options, deps);
    const samples = new MatchSamples();
    const result = await dryRun(input, plan, options, deps, needsSending, rowStates, journal, defaultJournal, samples);
    samples.print(deps, Boolean(options.report));
    const summary: ImportSummary = {
      ...summaryBase,
      dryRun: true,
      created: 0,
      existing: result.existing,
      skipped: result.skipped,
      failed: result.failed,
      pending: 0,
      invitesSent: 0,
      toCreate: result.toCreate,
      emailConflicts: result.emailConflicts,
      nameMatches: result.nameMatches,
      journal: null,
      elapsedMs: deps.now() - started,
      rowsPerSecond: 0,
      ...(deps.peakMemory ? { peakMemoryBytes: deps.peakMemory() } : {}),
    };
    report(summary, deps, policiesOf(options));
    if (blocked) throw invalidError(plan, true);
    return summary;
  }

  if (blocked) {
    if (options.report) {
      const segments = journal?.segments ?? [];
      await finalPass(input, plan, options, defaultJournal, segments, rowStates, clientNamer(deps.api), undefined);
    }
    throw invalidError(plan, false);
  }

  // ── confirm ──
  printPlan(plan, toSend, finishedEarlier, options, deps);
  if (toSend > 0 && options.invite && !options.yes) {
    if (!deps.interactive) {
      throw usageError(
        `this import sends up to ${toSend} invitation emails: pass --yes to confirm when not running interactively`,
        'add --dry-run to see the plan without sending anything, or --no-invite to send no invitations',
      );
    }
    if (!(await deps.confirm(`Create up to ${toSend} clients and email each an invitation?`))) {
      throw cancelled('cancelled: nothing was sent');
    }
  }

  // ── pass 2: send ──
  const jpath = journalPath!;
  if (options.restart) await rm(jpath, { force: true });
  let release: () => Promise<void>;
  try {
    release = await acquireLock(jpath);
  } catch (error) {
    if (error instanceof JournalError) throw new CliError('conflict', error.message, { hint: `journal: ${jpath}` });
    throw error;
  }
  let writer: JournalWriter | undefined;
  let stopped: ImportSummary['stopped'];
  let fatal: Error | undefined;
  let unreachable = false;
  let batchUsed = false;
  let throttled = 0;
  let retried = 0;
  let sendStarted = 0;
  let sendMs = 0;
  let sentRows = 0;
  let segments = journal?.segments ?? [];
  try {
    writer = await JournalWriter.open(jpath);
    const secret = journal?.run.secret ?? newSecret();
    const segmentNumber = (journal?.segments.at(-1)?.n ?? 0) + 1;
    if (!journal) {
      const run: RunRecord = {
        t: 'run',
        v: JOURNAL_VERSION,
        at: new Date(deps.now()).toISOString(),
        file: identity,
        secret,
        options: { ...journalOptions(options), portal: portalId },
      };
      await writer.append([run], true);
    }
    await writer.flush();
    // This run's records begin at its 'seg' line: the journal's size before it is written.
    const segOffset = (await stat(jpath)).size;
    await writer.append(
      [
        {
          t: 'seg',
          n: segmentNumber,
          at: new Date(deps.now()).toISOString(),
          mode: selected ? 'retry-failed' : 'import',
        },
      ],
      true,
    );
    segments = [...segments, { n: segmentNumber, start: segOffset, end: Number.POSITIVE_INFINITY }];

    writer.syncEvery(1000);
    if (toSend > 0) {
      sendStarted = deps.now();
      const progress = options.progress
        ? await createProgress({ total: toSend, label: 'import', stream: deps.stderr, tty: deps.stderr.isTTY === true })
        : silentProgress;
      let done = 0;
      let failedSoFar = 0;
      let journalError: unknown;
      const sameClient = async (item: WorkItem, clientId: string) =>
        isSameClient(await deps.api(), bodyOf(item), clientId);
      const result = await runPipeline(
        sendItems(
          input,
          context,
          options,
          needsSending,
          genOf,
          rowKeyDeriver(secret, (journal?.run.v ?? JOURNAL_VERSION) as KeyScheme),
        ),
        {
          concurrency: options.concurrency,
          ...(options.fallbackConcurrency ? { fallbackConcurrency: options.fallbackConcurrency } : {}),
          batch: options.batch,
          sameClient,
          ...(options.unreachableMs ? { unreachableMs: options.unreachableMs } : {}),
          policies: policiesOf(options),
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        },
        {
          transport: await deps.transport(),
          sent: (items) => {
            const gens = items.map((i) => i.gen);
            for (const item of items) rowStates.set(item.row, RowState.inflight);
            // Written (so a killed process leaves it behind) before the request leaves; fsynced in
            // the background. Losing it to a machine crash only means the row is replayed with its
            // derived key (and email uniqueness keeps even a new key from duplicating a client).
            return writer!.append([
              { t: 'sent', rows: items.map((i) => i.row), ...(gens.some((g) => g > 0) ? { gen: gens } : {}) },
            ]);
          },
          done: (records: DoneRecord[]) => {
            writer!.append(records).catch((error: unknown) => {
              journalError ??= error;
            });
          },
          onOutcome: (record) => {
            rowStates.set(record.r, stateOf(record));
            done++;
            if (record.s === 'failed') failedSoFar++;
            progress.update(done, failedSoFar);
          },
          onNotice: (message) => deps.out.info(message),
          stop: deps.stop,
        },
      );
      progress.stop();
      sendMs = deps.now() - sendStarted;
      sentRows = done;
      batchUsed = result.batchUsed;
      throttled = result.throttled;
      retried = result.retried;
      if (result.fatal) {
        fatal = result.fatal;
        unreachable = result.unreachable !== undefined;
        stopped = 'error';
      } else if (result.stopped) stopped = 'cancelled';
      if (journalError) fatal ??= new Error(`cannot write the journal ${jpath}: ${(journalError as Error).message}`);
    }
    await writer.append([
      {
        t: 'end',
        n: segmentNumber,
        at: new Date(deps.now()).toISOString(),
        reason: stopped ? (stopped === 'cancelled' ? 'cancelled' : 'stopped') : 'complete',
      },
    ]);
    await writer.close();
    writer = undefined;
  } finally {
    await writer?.close().catch(() => undefined);
    await release();
  }
  const finalSize = (await stat(jpath)).size;
  segments = segments.map((s) => (Number.isFinite(s.end) ? s : { ...s, end: finalSize }));

  // ── pass 3: the report ──
  const totals = countOutcomes(plan, rowStates, considered);
  const samples = new MatchSamples();
  if (options.report || totals.emailConflicts + totals.nameMatches > 0) {
    await finalPass(input, plan, options, jpath, segments, rowStates, clientNamer(deps.api), samples);
  }
  samples.print(deps, Boolean(options.report));
  const elapsedMs = deps.now() - started;
  const summary: ImportSummary = {
    ...summaryBase,
    dryRun: false,
    ...totals,
    batch: batchUsed,
    throttled,
    retried,
    sendMs,
    sent: sentRows,
    journal: jpath,
    elapsedMs,
    rowsPerSecond: sendMs > 0 ? Math.round((sentRows * 1000) / sendMs) : 0,
    ...(deps.peakMemory ? { peakMemoryBytes: deps.peakMemory() } : {}),
    ...(stopped ? { stopped } : {}),
  };
  report(summary, deps, policiesOf(options));

  if (fatal) {
    if (unreachable && fatal instanceof CliError) {
      // The rows not sent are pending in the journal: the same command sends them once the portal answers.
      throw new CliError(fatal.kind, fatal.message, {
        hint: `${summary.pending} row${summary.pending === 1 ? ' is' : 's are'} pending in the journal${summary.failed ? ` and ${summary.failed} failed` : ''}; to resume, run:\n  ${deps.resumeCommand}`,
      });
    }
    if (fatal instanceof CliError) throw fatal;
    const hint = (fatal as { hint?: string }).hint;
    if (hint) throw new CliError('server', fatal.message, { cause: fatal, hint });
    throw fatal;
  }
  if (stopped === 'cancelled') {
    deps.stderr.write(`Stopped. ${summary.pending} rows were not sent. To resume, run:\n  ${deps.resumeCommand}\n`);
    throw cancelled('import stopped (Ctrl-C); the journal is saved');
  }
  if (
    totals.failed > 0 &&
    totals.created + totals.existing + totals.skipped === 0 &&
    allPortalFailures(plan, rowStates)
  ) {
    // Nothing was done, and only because the portal failed: not "partly done".
    throw new CliError('server', `none of the ${plan.rows} rows was imported: the portal failed every request`, {
      hint: `re-running the same command retries them${options.report ? `; the report ${options.report} lists each with its reason` : ''}`,
    });
  }
  if (totals.failed > 0) {
    const where = options.report
      ? `the report ${options.report} lists each with its reason`
      : 'add --report FILE.csv to see each with its reason';
    // Rows that matched other clients are not retried as they are: someone decides, then says so.
    const decide =
      totals.emailConflicts + totals.nameMatches > 0
        ? `; for rows that match other clients, check them, then --retry-failed REPORT.csv with --on-name-match create (a different person) or --on-email-match same-person`
        : '';
    throw new CliError('partial', `${totals.failed} of ${plan.rows} rows failed`, {
      hint: `${where}; re-running the same command retries network and server failures, --retry-failed REPORT.csv retries every failed row${decide}`,
    });
  }
  return summary;
}

/** Every failed row failed on the portal's side (network, 5xx: retried by a plain re-run). */
function allPortalFailures(plan: Plan, rows: RowBytes): boolean {
  for (let row = 1; row <= plan.fileRows; row++) {
    if (
      plan.states.get(row) === PlanState.valid &&
      isFailed(rows.get(row)) &&
      rows.get(row) !== RowState.failedRetryable
    ) {
      return false;
    }
  }
  return true;
}

function policiesOf(options: ImportOptions): MatchPolicies {
  return { onNameMatch: options.onNameMatch, onEmailMatch: options.onEmailMatch };
}

function readOptions(options: ImportOptions) {
  return {
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
  };
}

function report(summary: ImportSummary, deps: ImportDeps, policies: MatchPolicies): void {
  deps.stderr.write(summaryTable(summary, policies));
  if (deps.out.format === 'json' || deps.out.format === 'ndjson') deps.out.value(summary);
}

function invalidError(plan: Plan, dryRun: boolean): CliError {
  const [dates] = ambiguousDateMessages(plan);
  if (dates) {
    return usageError(
      `${visible(dates.message.slice(0, dates.message.indexOf(':')))}: the order of its dates is not known${dryRun ? ': the import would send nothing' : '; nothing was sent'}`,
      dates.hint,
    );
  }
  if (plan.valid === 0) {
    return usageError(
      `${plan.invalid === 1 ? 'the only row is' : `all ${plan.invalid} rows are`} invalid${dryRun ? ': the import would send nothing' : '; nothing was sent'}`,
      `fix ${plan.invalid === 1 ? 'it' : 'them'} and re-run${dryRun ? '' : ' (--report FILE.csv lists every row with its line and reason)'}`,
    );
  }
  return usageError(
    `${plan.invalid} of ${plan.rows} rows are invalid${dryRun ? ': the import would send nothing' : '; nothing was sent'}`,
    `fix ${plan.invalid === 1 ? 'it' : 'them'} and re-run, or pass --skip-invalid to import the ${plan.valid} valid rows${dryRun ? '' : ' (--report FILE.csv lists every row with its line and reason)'}`,
  );
}

function checkJournal(
  run: RunRecord,
  identity: FileIdentity,
  options: ImportOptions,
  portalId: string,
  file: string,
): void {
  if (run.file.size !== identity.size || run.file.sha256 !== identity.sha256) {
    throw usageError(
      `the input changed since this import started (journal ${file})`,
      'pass --restart to start over with the new file (rows already in the portal then count as existing), or --state FILE for a separate journal',
    );
  }
  const previousPortal = run.options.portal;
  if (previousPortal !== undefined && previousPortal !== portalId) {
    throw usageError(
      `this journal belongs to an import into another portal (${String(previousPortal)})`,
      'pass --state FILE to keep a separate journal for this portal, or --restart',
    );
  }
  const now = journalOptions(options);
  for (const key of IDENTITY_OPTIONS) {
    if (JSON.stringify(run.options[key] ?? null) !== JSON.stringify(now[key] ?? null)) {
      throw usageError(
        `this import was started with ${flagOf(key, run.options[key] ?? null)}, now ${flagOf(key, now[key] ?? null)}`,
        're-run it with the options it was started with to resume, or pass --restart to start over',
      );
    }
  }
}

async function* sendItems(
  input: CsvInput,
  context: RowContext,
  options: ImportOptions,
  needsSending: (row: number) => boolean,
  genOf: (row: number) => number,
  keyOf: RowKeyDeriver,
): AsyncGenerator<WorkItem> {
  const opened = await openMapped(input, { read: readOptions(options), maps: options.map });
  for await (const record of opened.records) {
    if (!needsSending(record.row)) continue;
    const result = buildRow(record.fields, context, { checked: true });
    if (!result.ok) continue; // cannot happen: the same file and options validated it in pass 1
    const gen = genOf(record.row);
    yield workItem(record.row, keyOf(record.row, result.naturalKey, gen), gen, result.body);
  }
}

interface DryRunResult {
  toCreate: number;
  existing: number;
  failed: number;
  skipped: number;
  emailConflicts: number;
  nameMatches: number;
}

/**
 * The first rows that matched other clients, and the first the portal refuses (a CaMS number with
 * no match, say), for the screen (the report lists them all).
 */
class MatchSamples {
  lines: string[] = [];
  count = 0;
  refused: string[] = [];
  refusedCount = 0;

  constructor(private readonly limit = 20) {}

  /** Passes the report's lines through, noting those of such rows. */
  async *watch(lines: AsyncIterable<ReportLine>): AsyncGenerator<ReportLine> {
    for await (const line of lines) {
      if (isMatchCode(line.code) && line.status !== 'to-create') {
        this.count++;
        if (this.lines.length < this.limit) this.lines.push(`row ${line.row} (line ${line.line}): ${line.message}`);
      } else if (line.status === 'failed' && line.message) {
        this.refusedCount++;
        if (this.refused.length < this.limit) {
          this.refused.push(
            `row ${line.row} (line ${line.line}): ${line.message}${line.code ? ` (${line.code})` : ''}`,
          );
        }
      }
      yield line;
    }
  }

  print(deps: ImportDeps, reported: boolean): void {
    const more = (shown: number, count: number) => {
      if (count > shown) {
        deps.stderr.write(`  … and ${count - shown} more${reported ? '' : ' (--report FILE.csv lists every row)'}\n`);
      }
    };
    if (this.refusedCount) {
      deps.stderr.write(
        `${this.refusedCount === 1 ? '1 row is' : `${this.refusedCount} rows are`} refused by the portal:\n`,
      );
      for (const line of this.refused) deps.stderr.write(`  ${visible(line)}\n`);
      more(this.refused.length, this.refusedCount);
    }
    if (!this.count) return;
    const rows = this.count === 1 ? '1 row matches another client' : `${this.count} rows match other clients`;
    deps.stderr.write(`${rows} by email or name:\n`);
    for (const line of this.lines) deps.stderr.write(`  ${line}\n`);
    more(this.lines.length, this.count);
  }
}

/** Existing clients' names for the report, asked once each (undefined when the caller may not see one). */
type Namer = (id: string) => Promise<string | undefined>;

function clientNamer(api: () => Promise<ApiClient>): Namer {
  const names = new Map<string, Promise<string | undefined>>();
  return (id) => {
    let name = names.get(id);
    if (!name) {
      if (names.size >= 10_000) names.clear();
      name = (async () => {
        try {
          const client = await (await api()).call('getClient', { params: { id } });
          return `${client.firstName} ${client.lastName}`;
        } catch {
          return undefined; // the report still says which client, by id
        }
      })();
      names.set(id, name);
    }
    return name;
  };
}

/** The row's own name, as the file gives it (a CaMS row may give none: CaMS supplies it). */
function rowNameOf(built: ReturnType<typeof buildRow>): string | undefined {
  if (!built.ok || !built.body.firstName || !built.body.lastName) return undefined;
  return `${built.body.firstName} ${built.body.lastName}`;
}

async function dryRun(
  input: CsvInput,
  plan: Plan,
  options: ImportOptions,
  deps: ImportDeps,
  needsSending: (row: number) => boolean,
  rowStates: RowBytes,
  journal: JournalState | undefined,
  journalPath: string | undefined,
  samples: MatchSamples,
): Promise<DryRunResult> {
  const api = await deps.api();
  const result: DryRunResult = { toCreate: 0, existing: 0, failed: 0, skipped: 0, emailConflicts: 0, nameMatches: 0 };
  const opened = await openMapped(input, { read: readOptions(options), maps: options.map });
  // Lookups are light: ask many at once (a dry run of thousands of rows takes seconds).
  const width = Math.max(16, options.concurrency);
  const merger = journal && journalPath ? new OutcomeMerger(journalPath, journal.segments) : undefined;
  const namer = clientNamer(deps.api);
  const fileNames = new FingerprintSet(plan.valid);
  const emit = async function* (): AsyncGenerator<ReportLine> {
    let chunk: { row: number; line: number; fields: string[] }[] = [];
    const flush = async function* () {
      const checked = await mapLimit(chunk, width, async (record) => {
        const built = buildRow(record.fields, plan.context);
        return { record, built, check: built.ok ? await checkRow(api, built.body) : undefined };
      });
      for (const { record, built, check } of checked) {
        yield dryRunLine(record, built, check, policiesOf(options), result, fileNames);
      }
      chunk = [];
    };
    for await (const record of opened.records) {
      const state = plan.states.get(record.row);
      if (state === PlanState.otherShard) continue;
      if (state === PlanState.valid && needsSending(record.row)) {
        chunk.push(record);
        if (chunk.length >= width * 8) yield* flush();
        continue;
      }
      if (chunk.length) yield* flush();
      yield await staticLine(record, plan, rowStates, merger, namer);
    }
    if (chunk.length) yield* flush();
  };
  try {
    if (options.report) await writeReport(path.resolve(options.report), samples.watch(emit()));
    else await drain(samples.watch(emit()));
  } finally {
    await merger?.close();
  }
  return result;
}

/** A row the policies decided (existing, skipped or failed), counted as the send pass counts it. */
function matchLine(
  base: { row: number; line: number },
  outcome: MatchOutcome,
  names: { rowName?: string | undefined; existingName?: string | undefined },
  result: DryRunResult,
): ReportLine {
  if (outcome.s === 'existing') result.existing++;
  else if (outcome.s === 'skipped') result.skipped++;
  else result.failed++;
  if (outcome.code === NAME_MATCH) result.nameMatches++;
  else if (outcome.code) result.emailConflicts++;
  return {
    ...base,
    status: outcome.s,
    ...(outcome.id ? { id: outcome.id } : {}),
    ...(outcome.code
      ? {
          code: outcome.code,
          message: describeMatch({ status: outcome.s, code: outcome.code, id: outcome.id, ...names }),
        }
      : {}),
  };
}

function dryRunLine(
  record: { row: number; line: number },
  built: ReturnType<typeof buildRow>,
  check: CheckResult | undefined,
  policies: MatchPolicies,
  result: DryRunResult,
  fileNames: FingerprintSet,
): ReportLine {
  const base = { row: record.row, line: record.line };
  if (!built.ok || !check) return { ...base, status: 'invalid' };
  const rowName = rowNameOf(built);
  switch (check.status) {
    case 'existing':
      result.existing++;
      return { ...base, status: 'existing', id: check.id };
    case 'failed':
      result.failed++;
      return { ...base, status: 'failed', code: check.code, message: check.message };
    case 'email-match': {
      const outcome = emailMatchOutcome(policies, check.samePerson, check.existing?.id);
      return matchLine(base, outcome, { rowName, existingName: check.existing?.name }, result);
    }
  }
  const match = check.nameMatch;
  if (match && policies.onNameMatch !== 'create') {
    return matchLine(base, nameMatchOutcome(policies, match.id), { rowName, existingName: match.name }, result);
  }
  // The portal does not have the file's rows yet; when sent, a row whose name is that of an
  // earlier row of the file is a name match with the client that row became. Found here for the
  // same normalised names (the portal also matches partial ones: "Ann" for "Anna").
  const key = `${normaliseName(check.who.firstName)}\n${normaliseName(check.who.lastName)}`;
  const earlier = fileNames.add(fingerprint(key), record.row);
  if (!match && earlier !== 0) {
    if (policies.onNameMatch !== 'create') {
      const outcome = nameMatchOutcome(policies, undefined);
      const line = matchLine(base, outcome, { rowName }, result);
      return {
        ...line,
        message: describeMatch({ status: outcome.s, code: NAME_MATCH, rowName, existingRow: earlier }),
      };
    }
    result.toCreate++;
    return {
      ...base,
      status: 'to-create',
      code: NAME_MATCH,
      message: describeMatch({ status: 'to-create', code: NAME_MATCH, rowName, existingRow: earlier }),
    };
  }
  result.toCreate++;
  if (!match) return { ...base, status: 'to-create' };
  // Created anyway (--on-name-match create): said in the report, not counted as a name match.
  return {
    ...base,
    status: 'to-create',
    id: match.id,
    code: NAME_MATCH,
    message: describeMatch({ status: 'to-create', code: NAME_MATCH, id: match.id, rowName, existingName: match.name }),
  };
}

/** The report line of a row the send pass does not send (invalid, duplicate, finished, not selected). */
async function staticLine(
  record: { row: number; line: number; fields: string[] },
  plan: Plan,
  rowStates: RowBytes,
  merger: OutcomeMerger | undefined,
  namer: Namer,
): Promise<ReportLine> {
  const base = { row: record.row, line: record.line };
  const state = plan.states.get(record.row);
  if (state === PlanState.invalid) {
    const built = buildRecord(record.fields, plan.context, plan.strict);
    const message = built.ok ? '' : built.errors.map((e) => `${e.column}: ${e.message}`).join('; ');
    return { ...base, status: 'invalid', code: 'invalid', message };
  }
  if (state === PlanState.duplicate) {
    const built = buildRow(record.fields, plan.context);
    const first = plan.firstRows.get(record.row) ?? 0;
    return { ...base, status: 'duplicate', code: 'duplicate', message: duplicateMessage(built.naturalKey, first) };
  }
  const outcome = await merger?.outcome(record.row);
  if (outcome && rowStates.get(record.row) !== RowState.inflight) {
    const line = outcomeLine(base, outcome);
    if (!isMatchCode(outcome.code)) return line;
    // The journal keeps no names: the report names both people, so that someone can decide.
    const rowName = rowNameOf(buildRow(record.fields, plan.context, { checked: true }));
    const existingName = outcome.id ? await namer(outcome.id) : undefined;
    return {
      ...line,
      message: describeMatch({ status: outcome.s, code: outcome.code!, id: outcome.id, rowName, existingName }),
    };
  }
  return { ...base, status: 'pending' };
}

function outcomeLine(base: { row: number; line: number }, outcome: DoneRecord): ReportLine {
  return {
    ...base,
    status: outcome.s,
    ...(outcome.id ? { id: outcome.id } : {}),
    ...(outcome.code ? { code: outcome.code } : {}),
    ...(outcome.msg ? { message: outcome.msg } : {}),
  };
}

/**
 * Pass 3: the report (with --report), or without one, a pass that only finds the rows that matched
 * other clients, to show the first of them (only when there are some).
 */
async function finalPass(
  input: CsvInput,
  plan: Plan,
  options: ImportOptions,
  journalPath: string | undefined,
  segments: { n: number; start: number; end: number }[],
  rowStates: RowBytes,
  namer: Namer,
  samples: MatchSamples | undefined,
): Promise<void> {
  const opened = await openMapped(input, { read: readOptions(options), maps: options.map });
  const merger = journalPath && segments.length ? new OutcomeMerger(journalPath, segments) : undefined;
  async function* lines(): AsyncGenerator<ReportLine> {
    for await (const record of opened.records) {
      if (plan.states.get(record.row) === PlanState.otherShard) continue;
      yield await staticLine(record, plan, rowStates, merger, namer);
    }
  }
  try {
    const watched = samples ? samples.watch(lines()) : lines();
    if (options.report) await writeReport(path.resolve(options.report), watched);
    else await drain(watched);
  } finally {
    await merger?.close();
  }
}
