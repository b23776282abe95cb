// `portalctl clients update --from-file`: the import's reader and validation (pass 1,
// src/bulk/validate.ts), then one pass over the rows: each is matched to a client by the rules of
// the same person (src/bulk/update-rows.ts), compared field by field, and its changes sent with one
// PATCH under an Idempotency-Key derived from the journal's secret. The journal (its own file,
// FILE.portalctl-update-journal) makes a re-run resume: finished rows are not sent again, and a row
// that was in flight is sent again with the same key, so the portal replays its first answer.
// A dry run makes the same pass and sends nothing.
import path from 'node:path';
import type { ApiClient } from '../api/client.js';
import type { Client } from '../contract/schemas.js';
import { CliError, cancelled, usageError } from '../errors.js';
import { visible } from '../io/visible.js';
import { drain } from './async.js';
import type { FieldKey } from './columns.js';
import type { ImportDeps, ImportOptions } from './import-types.js';
import {
  type DoneRecord,
  earlierRuns,
  type FileIdentity,
  isFailed,
  JOURNAL_VERSION,
  JournalSession,
  journalOptions,
  RowState,
  stateOf,
} from './journal.js';
import { type RowBytes, rowKeyDeriver } from './keys.js';
import { ambiguousDateMessages, openMapped, type Plan, PlanState } from './plan.js';
import { OutcomeMerger, type ReportLine, writeReport } from './report.js';
import { clientNamer, staticLine } from './report-pass.js';
import { buildRow } from './rows.js';
import { sendSelection } from './selection.js';
import {
  camsOwnedChanges,
  camsRefusal,
  changesOf,
  describeChanges,
  emailTakenBy,
  type FieldChange,
  fieldName,
  matchRow,
  updateBody,
} from './update-rows.js';
import { readOptions, retrySelection, validationPass } from './validate.js';
import { safeMessage } from './verdict.js';

export interface UpdateOptions {
  file: string;
  delimiter?: string | undefined;
  encoding?: ImportOptions['encoding'];
  sheet?: string | undefined;
  headerRow?: number | undefined;
  dateFormat?: ImportOptions['dateFormat'];
  map: string[];
  strict: boolean;
  listSeparator: string;
  skipInvalid: boolean;
  dryRun: boolean;
  state?: string | undefined;
  restart: boolean;
  report?: string | undefined;
  /** A report of an earlier run: only its rows not applied (failed or refused) are tried again. */
  retryFailed?: string | undefined;
  yes: boolean;
}

/** The report statuses --retry-failed tries again, and the journal states they are kept as. */
const RETRIED_STATUSES = ['failed', 'refused'] as const;
const retriedState = (state: number): boolean => isFailed(state) || state === RowState.refused;

export type UpdateDeps = Omit<ImportDeps, 'transport' | 'peakMemory'>;

/** One row's account, on screen and in --json. Changes hold the values: never in the journal. */
export interface UpdateRow {
  row: number;
  line: number;
  status: ReportLine['status'];
  clientId?: string;
  code?: string;
  message?: string;
  changes?: { field: string; column: string; from: unknown; to: unknown }[];
}

export interface UpdateSummary {
  file: string;
  dryRun: boolean;
  rows: number;
  /** Rows changed (a dry run: that would be). */
  updated: number;
  unchanged: number;
  unmatched: number;
  refused: number;
  failed: number;
  invalid: number;
  duplicate: number;
  pending: number;
  /** Email changes now pending the client's confirmation (a confirmation is emailed to each). */
  emailChanges: number;
  finishedEarlier: number;
  journal: string | null;
  report: string | null;
  /** The rows this run looked at, with what changed (finished earlier: from the journal, without values). */
  results: UpdateRow[];
}

/** Columns a file may hold that an update does not change (a client export has them). */
const NOT_UPDATED = new Map<FieldKey, string>([
  ['provider', 'clients update does not move clients (portalctl clients refer)'],
  ['caseworkers', 'clients update does not assign staff (portalctl clients assign-staff / unassign-staff)'],
]);

export function importOptionsOf(options: UpdateOptions): ImportOptions {
  return {
    ...options,
    invite: false,
    onNameMatch: 'fail',
    onEmailMatch: 'fail',
    concurrency: 1,
    batch: false,
    progress: false,
    update: true,
    ignoreFields: NOT_UPDATED,
  };
}

function invalidError(plan: Plan, dryRun: boolean): CliError {
  const nothing = dryRun ? ': nothing would be changed' : '; nothing was changed';
  const [dates] = ambiguousDateMessages(plan);
  if (dates) {
    return usageError(
      `${visible(dates.message.slice(0, dates.message.indexOf(':')))}: the order of its dates is not known${nothing}`,
      dates.hint,
    );
  }
  return usageError(
    `${plan.invalid} of ${plan.rows} rows ${plan.invalid === 1 ? 'is' : 'are'} invalid${nothing}`,
    plan.valid === 0
      ? 'fix them and re-run'
      : `fix them and re-run, or pass --skip-invalid to apply the ${plan.valid} valid rows`,
  );
}

interface RowContextOfRun {
  api: ApiClient;
  session: JournalSession | undefined;
  keyOf: ((row: number, naturalKey: string, generation?: number) => string) | undefined;
  /** The key generation a row is sent with (a new one when --retry-failed asks again). */
  genOf(row: number): number;
  /** The row was in flight when an earlier run stopped. */
  wasInflight(row: number): boolean;
  separator: string;
}

/** Matches, compares and (unless a dry run) applies one row. */
async function updateRow(
  record: { row: number; line: number; fields: string[] },
  plan: Plan,
  run: RowContextOfRun,
): Promise<{ result: UpdateRow; done?: DoneRecord; emailChange?: boolean }> {
  const base = { row: record.row, line: record.line };
  const built = buildRow(record.fields, plan.context, { checked: true });
  if (!built.ok) return { result: { ...base, status: 'invalid' } };
  const match = await matchRow(run.api, built.body);
  if (match.kind !== 'client') {
    const done: DoneRecord = { t: 'done', r: record.row, s: match.kind, code: match.code, msg: match.message };
    if (match.id) done.id = match.id;
    return {
      result: {
        ...base,
        status: match.kind,
        ...(match.id ? { clientId: match.id } : {}),
        code: match.code,
        message: match.message,
      },
      done,
    };
  }
  const client = match.client;
  const changes = changesOf(built.body, client);
  const shownChanges = changes.map((c) => ({ field: c.field, column: fieldName(c.field), from: c.from, to: c.to }));
  const owned = camsOwnedChanges(changes, client);
  if (owned.length) {
    const message = camsRefusal(owned, client);
    // On screen and in the report, the values refused; in the journal, only which fields.
    const said = `${describeChanges(owned, run.separator)}: ${message}`;
    return {
      result: {
        ...base,
        status: 'refused',
        clientId: client.id,
        code: 'cams-owned-field',
        message: said,
        changes: shownChanges,
      },
      done: { t: 'done', r: record.row, s: 'refused', id: client.id, code: 'cams-owned-field', msg: message },
    };
  }
  if (changes.length === 0) {
    // In flight when an earlier run stopped, and now as the file says: that run's change took effect.
    const status = run.wasInflight(record.row) ? 'updated' : 'unchanged';
    const message = status === 'updated' ? 'changed by the run that was interrupted' : undefined;
    return {
      result: { ...base, status, clientId: client.id, ...(message ? { message } : {}) },
      done: { t: 'done', r: record.row, s: status, id: client.id, ...(message ? { msg: message } : {}) },
    };
  }
  const described = describeChanges(changes, run.separator);
  if (!run.session || !run.keyOf) {
    // The portal would refuse a new email another client holds: said now, as the real run would.
    const taken = await emailTakenBy(run.api, changes, client);
    if (taken) {
      const message = `${described}: ${taken} (nothing in this row would be changed)`;
      const result = { ...base, clientId: client.id, code: 'email-taken', message, changes: shownChanges };
      return { result: { ...result, status: 'refused' } };
    }
    return { result: { ...base, status: 'to-update', clientId: client.id, message: described, changes: shownChanges } };
  }
  return applyChanges(base, client, changes, { described, shownChanges }, built.naturalKey, run);
}

async function applyChanges(
  base: { row: number; line: number },
  client: Client,
  changes: FieldChange[],
  said: { described: string; shownChanges: NonNullable<UpdateRow['changes']> },
  naturalKey: string,
  run: RowContextOfRun,
): Promise<{ result: UpdateRow; done?: DoneRecord; emailChange?: boolean }> {
  const session = run.session!;
  // Written before the request leaves: a killed run re-sends this row with the same key.
  const generation = run.genOf(base.row);
  await session.sent([base.row], [generation]);
  const fields = changes.map((c) => c.field).join(', ');
  try {
    const updated = await run.api.call(
      'updateClient',
      { params: { id: client.id }, body: updateBody(changes) },
      { idempotencyKey: run.keyOf!(base.row, naturalKey, generation) },
    );
    const emailChange = changes.some((c) => c.field === 'email') && updated.pendingEmail !== null;
    return {
      result: { ...base, status: 'updated', clientId: client.id, message: said.described, changes: said.shownChanges },
      // The journal keeps which fields changed, never their values.
      done: { t: 'done', r: base.row, s: 'updated', id: client.id, msg: `changed: ${fields}` },
      emailChange,
    };
  } catch (error) {
    if (!(error instanceof CliError) || !error.problem) throw error;
    const refused = error.kind === 'conflict' || error.kind === 'validation' || error.kind === 'forbidden';
    const status = refused ? 'refused' : 'failed';
    const code = error.problem.code ?? error.kind;
    // The problem's own words, without emails or names: the journal keeps this message.
    const message = `${safeMessage(error.problem, error.message)}; nothing in this row was changed`;
    return {
      result: { ...base, status, clientId: client.id, code, message },
      done: {
        t: 'done',
        r: base.row,
        s: status,
        id: client.id,
        code,
        msg: message,
        ...(refused ? {} : { retry: true }),
      },
    };
  }
}

const COUNTED = {
  updated: 'updated',
  unchanged: 'unchanged',
  unmatched: 'unmatched',
  refused: 'refused',
  failed: 'failed',
} as const;

/** The whole run: validate, match and compare every row, apply (or, a dry run, show) the changes. */
export async function runUpdate(options: UpdateOptions, deps: UpdateDeps): Promise<UpdateSummary> {
  const importOptions = importOptionsOf(options);
  const importDeps: ImportDeps = { ...deps, transport: () => Promise.reject(new Error('not used by an update')) };
  const selected = await retrySelection(importOptions, RETRIED_STATUSES);
  const checked = await validationPass(importOptions, importDeps, selected);
  const { input, plan } = checked;
  if ((plan.invalid > 0 && !options.skipInvalid) || plan.ambiguousDates.length > 0) {
    throw invalidError(plan, options.dryRun);
  }
  const portalId = await deps.portalId();
  const earlier = await earlierRuns(importOptions, checked.identity, deps.env, portalId);
  const selection = sendSelection(plan, earlier.journal, selected, retriedState);
  if (!options.dryRun) await confirmUpdate(selection.toSend, options, deps);

  const session = options.dryRun
    ? undefined
    : await openSession(earlier, checked.identity, importOptions, portalId, deps);
  const summary: UpdateSummary = {
    file: options.file === '-' ? 'stdin' : options.file,
    dryRun: options.dryRun,
    rows: plan.rows,
    updated: 0,
    unchanged: 0,
    unmatched: 0,
    refused: 0,
    failed: 0,
    invalid: plan.invalid,
    duplicate: plan.duplicate,
    pending: 0,
    emailChanges: 0,
    finishedEarlier: selection.finishedEarlier,
    journal: session?.path ?? null,
    report: options.report ? path.resolve(options.report) : null,
    results: [],
  };
  let stopped = false;
  try {
    const api = await deps.api();
    const keyOf = session ? rowKeyDeriver(session.secret, session.version === 1 ? 1 : 2) : undefined;
    const run: RowContextOfRun = {
      api,
      session,
      keyOf,
      wasInflight: (row) => earlier.journal?.rows.get(row) === RowState.inflight,
      genOf: selection.genOf,
      separator: options.listSeparator,
    };
    const merger =
      earlier.journal && earlier.readFrom ? new OutcomeMerger(earlier.readFrom, earlier.journal.segments) : undefined;
    const namer = clientNamer(deps.api);
    const opened = await openMapped(input, { read: readOptions(importOptions), maps: importOptions.map });
    async function* lines(): AsyncGenerator<ReportLine> {
      for await (const record of opened.records) {
        const state = plan.states.get(record.row);
        if (state !== PlanState.valid || !selection.needsSending(record.row)) {
          yield await staticLine(record, plan, selection.rowStates, merger, namer);
          continue;
        }
        if (deps.stop.aborted) {
          stopped = true;
          summary.pending++;
          yield { row: record.row, line: record.line, status: 'pending' };
          continue;
        }
        const { result, done, emailChange } = await updateRow(record, plan, run);
        if (done && session) {
          session.done([done]);
          selection.rowStates.set(record.row, stateOf(done));
        }
        if (emailChange) summary.emailChanges++;
        if (result.status === 'to-update') summary.updated++;
        else if (options.dryRun && result.status in COUNTED) summary[COUNTED[result.status as keyof typeof COUNTED]]++;
        summary.results.push(result);
        showRow(result, deps);
        yield reportLine(result);
      }
    }
    try {
      if (options.report) await writeReport(path.resolve(options.report), lines());
      else await drain(lines());
    } finally {
      await merger?.close();
    }
    if (session?.failure) throw session.failure;
    await session?.end(stopped ? 'cancelled' : 'complete');
    if (session) countStates(summary, plan, selection.rowStates);
  } finally {
    await session?.close();
  }
  showSummary(summary, deps);
  const error = endingError(summary, stopped, options, deps);
  if (error) throw error;
  return summary;
}

async function openSession(
  earlier: Awaited<ReturnType<typeof earlierRuns>>,
  identity: FileIdentity,
  importOptions: ImportOptions,
  portalId: string,
  deps: UpdateDeps,
): Promise<JournalSession | undefined> {
  if (!earlier.path) return undefined;
  const at = () => new Date(deps.now()).toISOString();
  return JournalSession.open(earlier.path, {
    restart: importOptions.restart,
    earlier: earlier.journal,
    run: (secret) => ({
      t: 'run',
      v: JOURNAL_VERSION,
      at: at(),
      file: identity,
      secret,
      options: { ...journalOptions(importOptions), portal: portalId },
    }),
    mode: 'update',
    at,
  });
}

/** How the run ended, when not every row was applied: the error to exit with. */
function endingError(
  summary: UpdateSummary,
  stopped: boolean,
  options: UpdateOptions,
  deps: UpdateDeps,
): Error | undefined {
  if (stopped) {
    deps.stderr.write(`Stopped. ${summary.pending} rows were not sent. To resume, run:\n  ${deps.resumeCommand}\n`);
    return cancelled('update stopped (Ctrl-C); the journal is saved');
  }
  const notApplied = summary.unmatched + summary.refused + summary.failed;
  // A dry run says what would happen and exits 0, as the import's does.
  if (notApplied === 0 || options.dryRun) return undefined;
  const where = options.report
    ? `the report ${options.report} lists each with its reason; once the refused or failed rows are resolved, try them again with --retry-failed ${options.report}`
    : 'add --report FILE.csv to see each with its reason (and --retry-failed it later)';
  return new CliError('partial', `${notApplied} of ${summary.rows} rows were not applied`, {
    hint: `${where}; rows that match no client can be added with portalctl clients import (it counts the others as existing)`,
  });
}

/** A run's totals from the journal's row states: this run's rows and those finished earlier. */
function countStates(summary: UpdateSummary, plan: Plan, states: RowBytes): void {
  const byState = new Map<number, keyof typeof COUNTED>([
    [RowState.updated, 'updated'],
    [RowState.unchanged, 'unchanged'],
    [RowState.unmatched, 'unmatched'],
    [RowState.refused, 'refused'],
    [RowState.failed, 'failed'],
    [RowState.failedRetryable, 'failed'],
  ]);
  for (let row = 1; row <= plan.fileRows; row++) {
    if (plan.states.get(row) !== PlanState.valid) continue;
    const counted = byState.get(states.get(row));
    if (counted) summary[counted]++;
  }
}

function reportLine(result: UpdateRow): ReportLine {
  return {
    row: result.row,
    line: result.line,
    status: result.status,
    ...(result.clientId ? { id: result.clientId } : {}),
    ...(result.code ? { code: result.code } : {}),
    ...(result.message ? { message: result.message } : {}),
  };
}

/** Each row that changes (or would), or is not applied, on stdout; unchanged rows only in the count. */
function showRow(result: UpdateRow, deps: UpdateDeps): void {
  if (deps.out.format === 'json' || deps.out.format === 'ndjson' || result.status === 'unchanged') return;
  const who = result.clientId ? ` ${result.clientId}` : '';
  const status = result.status === 'to-update' ? 'to update' : result.status;
  deps.out.line(
    `row ${result.row} (line ${result.line})${who}: ${status}${result.message ? `: ${result.message}` : ''}`,
  );
}

async function confirmUpdate(toSend: number, options: UpdateOptions, deps: UpdateDeps): Promise<void> {
  if (toSend === 0 || options.yes) return;
  if (!deps.interactive) {
    throw usageError(
      `this changes the records of up to ${toSend} clients: pass --yes to confirm when not running interactively`,
      'add --dry-run to see each change (old → new) without changing anything',
    );
  }
  if (
    !(await deps.confirm(
      `Apply the file's changes to up to ${toSend} clients (a new email is confirmed by the client)?`,
    ))
  ) {
    throw cancelled('cancelled: nothing was changed');
  }
}

function showSummary(summary: UpdateSummary, deps: UpdateDeps): void {
  const rows: [string, number, (string | undefined)?][] = [
    [
      summary.dryRun ? 'to update' : 'updated',
      summary.updated,
      summary.emailChanges ? `${summary.emailChanges} email changes pending confirmation` : undefined,
    ],
    ['unchanged', summary.unchanged, 'already as the file says'],
    ['unmatched', summary.unmatched, 'no client is the same person'],
    ['refused', summary.refused],
    ['failed', summary.failed],
    ['invalid', summary.invalid],
    ['duplicate', summary.duplicate, 'within the file'],
    ['pending', summary.pending, 'not sent yet: re-run to resume'],
  ];
  const title = summary.dryRun ? `Dry run of ${summary.file}: nothing was changed` : `Update from ${summary.file}`;
  const body = rows
    .filter(([label, n]) => n > 0 || label === 'updated' || label === 'to update')
    .map(([label, n, note]) => `  ${label.padEnd(10)} ${String(n).padStart(7)}${note && n > 0 ? `  ${note}` : ''}`);
  if (summary.finishedEarlier) body.push(`  ${summary.finishedEarlier} of these rows had finished in an earlier run`);
  deps.stderr.write(`${[title, ...body].join('\n')}\n`);
  if (deps.out.format === 'json' || deps.out.format === 'ndjson') deps.out.value(summary);
}
