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
// wait longer for its answers. (Waiting regardless of load cost the importer 10% of its rows/s.)
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

  const flush = () => {
    scheduled = false;
    const jobs = pending;
    pending = [];
    lastBatch = jobs.length;
    const outcomes: { ok: boolean; value: unknown }[] = [];
    // A lone job (every request when they come one at a time) needs no savepoint: if it throws, the
    // whole transaction is its own and is rolled back, and its `recover` runs in a fresh one. A
    // savepoint costs two more statements and a copy of every page the job changes.
    if (jobs.length === 1) {
      flushOne(jobs[0]!);
      return;
    }
    try {
      begin.run();
      for (const job of jobs) {
        savepoint.run();
        try {
          outcomes.push({ ok: true, value: job.fn() });
        } catch (error) {
          rollbackTo.run();
          let outcome = { ok: false, value: error };
          if (job.recover) {
            try {
              outcome = { ok: true, value: job.recover(error) };
            } catch (recoverError) {
              rollbackTo.run();
              outcome = { ok: false, value: recoverError };
            }
          }
          outcomes.push(outcome);
        }
        release.run();
      }
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

  const flushOne = (job: Job) => {
    let outcome: { ok: boolean; value: unknown };
    try {
      begin.run();
      try {
        outcome = { ok: true, value: job.fn() };
      } catch (error) {
        if (db.isTransaction) rollback.run();
        outcome = { ok: false, value: error };
        if (job.recover) {
          begin.run();
          try {
            outcome = { ok: true, value: job.recover(error) };
          } catch (recoverError) {
            if (db.isTransaction) rollback.run();
            outcome = { ok: false, value: recoverError };
          }
        }
      }
      if (db.isTransaction) {
        commit.run();
        afterCommit?.();
      }
    } catch (error) {
      // BEGIN or COMMIT failed (e.g. the disk is full): nothing of this job is durable.
      if (db.isTransaction) db.exec('ROLLBACK');
      job.reject(error);
      return;
    }
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.value);
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
