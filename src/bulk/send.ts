// Pass 2 of an import: the rows to send go through the pipeline (src/bulk/pipeline.ts), each
// written to the journal as sent before it leaves and as done when its outcome comes, in one
// journal session (src/bulk/journal.ts) with the progress bar on stderr.
import { isSameClient } from './checks.js';
import type { CsvInput } from './csv-read.js';
import type { ImportDeps, ImportOptions, ImportSummary } from './import-types.js';
import {
  type DoneRecord,
  JOURNAL_VERSION,
  JournalSession,
  type JournalState,
  journalOptions,
  RowState,
  type Segment,
  stateOf,
} from './journal.js';
import { type KeyScheme, type RowKeyDeriver, rowKeyDeriver } from './keys.js';
import { runPipeline } from './pipeline.js';
import { openMapped } from './plan.js';
import { createProgress, silentProgress } from './progress.js';
import { buildRow, type RowContext } from './rows.js';
import type { Selection } from './selection.js';
import { policiesOf } from './summary.js';
import { readOptions } from './validate.js';
import { bodyOf, type WorkItem, workItem } from './verdict.js';

export interface SendResult {
  stopped?: ImportSummary['stopped'];
  fatal?: Error;
  /** The portal stopped answering (the rows not sent are pending: the same command resumes). */
  unreachable: boolean;
  batchUsed: boolean;
  throttled: number;
  retried: number;
  sendMs: number;
  /** Rows with an outcome in this run. */
  sent: number;
  /** Every run's journal segment (this one's included), for the report. */
  segments: Segment[];
}

export interface SendInput {
  input: CsvInput;
  context: RowContext;
  selection: Selection;
  journalPath: string;
  earlier: JournalState | undefined;
  identity: JournalState['run']['file'];
  portalId: string;
  retryFailed: boolean;
}

export async function sendPass(what: SendInput, options: ImportOptions, deps: ImportDeps): Promise<SendResult> {
  const at = () => new Date(deps.now()).toISOString();
  const session = await JournalSession.open(what.journalPath, {
    restart: options.restart,
    earlier: what.earlier,
    run: (secret) => ({
      t: 'run',
      v: JOURNAL_VERSION,
      at: at(),
      file: what.identity,
      secret,
      options: { ...journalOptions(options), portal: what.portalId },
    }),
    mode: what.retryFailed ? 'retry-failed' : 'import',
    at,
  });
  let result: Omit<SendResult, 'segments'> = {
    unreachable: false,
    batchUsed: false,
    throttled: 0,
    retried: 0,
    sendMs: 0,
    sent: 0,
  };
  try {
    if (what.selection.toSend > 0) result = await sendRows(what, session, options, deps);
    const { stopped } = result;
    await session.end(stopped ? (stopped === 'cancelled' ? 'cancelled' : 'stopped') : 'complete');
  } finally {
    await session.close();
  }
  return { ...result, segments: await session.finalSegments() };
}

async function sendRows(
  what: SendInput,
  session: JournalSession,
  options: ImportOptions,
  deps: ImportDeps,
): Promise<Omit<SendResult, 'segments'>> {
  const { selection } = what;
  const sendStarted = deps.now();
  const progress = options.progress
    ? await createProgress({
        total: selection.toSend,
        label: 'import',
        stream: deps.stderr,
        tty: deps.stderr.isTTY === true,
      })
    : silentProgress;
  let done = 0;
  let failedSoFar = 0;
  const keyOf = rowKeyDeriver(session.secret, session.version as KeyScheme);
  const result = await runPipeline(
    sendItems(what.input, what.context, options, selection, keyOf),
    {
      concurrency: options.concurrency,
      ...(options.fallbackConcurrency ? { fallbackConcurrency: options.fallbackConcurrency } : {}),
      batch: options.batch,
      sameClient: async (item: WorkItem, clientId: string) => isSameClient(await deps.api(), bodyOf(item), clientId),
      ...(options.unreachableMs ? { unreachableMs: options.unreachableMs } : {}),
      policies: policiesOf(options),
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    },
    {
      transport: await deps.transport(),
      sent: (items) => {
        for (const item of items) selection.rowStates.set(item.row, RowState.inflight);
        return session.sent(
          items.map((i) => i.row),
          items.map((i) => i.gen),
        );
      },
      done: (records: DoneRecord[]) => session.done(records),
      onOutcome: (record) => {
        selection.rowStates.set(record.r, stateOf(record));
        done++;
        if (record.s === 'failed') failedSoFar++;
        progress.update(done, failedSoFar);
      },
      onNotice: (message) => deps.out.info(message),
      stop: deps.stop,
    },
  );
  progress.stop();
  let fatal = result.fatal;
  if (session.failure) {
    fatal ??= new Error(`cannot write the journal ${session.path}: ${(session.failure as Error).message}`);
  }
  return {
    ...(result.fatal ? { stopped: 'error' as const } : result.stopped ? { stopped: 'cancelled' as const } : {}),
    ...(fatal ? { fatal } : {}),
    unreachable: result.fatal !== undefined && result.unreachable !== undefined,
    batchUsed: result.batchUsed,
    throttled: result.throttled,
    retried: result.retried,
    sendMs: deps.now() - sendStarted,
    sent: done,
  };
}

/** The rows to send, read again from the file (pass 1 checked them). */
async function* sendItems(
  input: CsvInput,
  context: RowContext,
  options: ImportOptions,
  selection: Selection,
  keyOf: RowKeyDeriver,
): AsyncGenerator<WorkItem> {
  const opened = await openMapped(input, { read: readOptions(options), maps: options.map });
  for await (const record of opened.records) {
    if (!selection.needsSending(record.row)) continue;
    const result = buildRow(record.fields, context, { checked: true });
    if (!result.ok) continue; // cannot happen: the same file and options validated it in pass 1
    const gen = selection.genOf(record.row);
    yield workItem(record.row, keyOf(record.row, result.naturalKey, gen), gen, result.body);
  }
}
