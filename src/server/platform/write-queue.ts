// Group commit. node:sqlite is synchronous, so the server is one writer; what a write costs is
// mostly its COMMIT (WAL frames, and now and then a checkpoint's fsync). Mutating requests that
// become ready in the same turn of the event loop run one after another in ONE transaction, each
// (when there are several) inside its own savepoint: a job that throws is rolled back alone (then
// its `recover`, if any, may record something in its place), the others commit together, and no
// request is answered before the COMMIT that makes its change durable.
//
// When the event loop is saturated (busy over BUSY of the last window) and requests arrive together
// (the last commit held several), a new batch waits one more turn for others to join it: more
// requests share each commit, which is where a saturated portal spends its time. Otherwise it is
// committed at once: a client with a fixed number of requests in flight (the importer) would only
// wait longer for its answers.
import { performance } from 'node:perf_hooks';
import type { DatabaseSync } from 'node:sqlite';

/** Event-loop utilisation at or above which a batch may wait a turn for more requests. */
const BUSY = 0.9;
/** How long a window the utilisation is measured over. */
const WINDOW_MS = 100;

interface Job {
  fn: () => unknown;
  recover: ((error: unknown) => unknown) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export type WriteQueue = <T>(fn: () => T, recover?: (error: unknown) => T) => Promise<T>;

/** Whether the event loop was busy at least BUSY of the last complete window of WINDOW_MS. */
export function loopSaturation(): () => boolean {
  let windowStart = performance.eventLoopUtilization();
  let busy = 0;
  return () => {
    const window = performance.eventLoopUtilization(windowStart);
    if (window.idle + window.active >= WINDOW_MS) {
      busy = window.utilization;
      windowStart = performance.eventLoopUtilization();
    }
    return busy >= BUSY;
  };
}

export function createWriteQueue(
  db: DatabaseSync,
  afterCommit?: () => void,
  saturated: () => boolean = loopSaturation(),
): WriteQueue {
  let pending: Job[] = [];
  let scheduled = false;
  /** How many requests the last commit held. */
  let lastBatch = 0;
  // Prepared once: SQLite parses nothing per job.
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT job');
  const release = db.prepare('RELEASE job');
  const rollbackTo = db.prepare('ROLLBACK TO job');

  /**
   * Runs one job; if it throws, `undo` takes its writes back and its `recover` (if any) records an
   * answer in their place (undone too, should it throw).
   */
  const runJob = (job: Job, undo: () => void): { ok: boolean; value: unknown } => {
    try {
      return { ok: true, value: job.fn() };
    } catch (error) {
      undo();
      if (!job.recover) return { ok: false, value: error };
      try {
        return { ok: true, value: job.recover(error) };
      } catch (recoverError) {
        undo();
        return { ok: false, value: recoverError };
      }
    }
  };
  /** Undoing the job of a batch of one: its transaction is rolled back and a fresh one begun. */
  const restart = () => {
    if (db.isTransaction) rollback.run();
    begin.run();
  };
  const undoToSavepoint = () => rollbackTo.run();

  const flush = () => {
    scheduled = false;
    const jobs = pending;
    pending = [];
    lastBatch = jobs.length;
    // A lone job (every request when they come one at a time) needs no savepoint: the transaction
    // is its own. A savepoint costs two more statements and a copy of every page the job changes.
    const alone = jobs.length === 1;
    let outcomes: { ok: boolean; value: unknown }[];
    try {
      begin.run();
      outcomes = jobs.map((job) => {
        if (alone) return runJob(job, restart);
        savepoint.run();
        const outcome = runJob(job, undoToSavepoint);
        release.run();
        return outcome;
      });
      commit.run();
      afterCommit?.();
    } catch (error) {
      // BEGIN or COMMIT failed (e.g. the disk is full): nothing of this batch is durable.
      if (db.isTransaction) db.exec('ROLLBACK');
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.value);
    });
  };

  const waitOneTurn = () => setImmediate(flush);

  return <T>(fn: () => T, recover?: (error: unknown) => T) =>
    new Promise<T>((resolve, reject) => {
      pending.push({ fn, recover, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(lastBatch > 1 && saturated() ? waitOneTurn : flush);
      }
    });
}
