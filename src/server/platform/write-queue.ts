// Group commit. node:sqlite is synchronous, so the server is one writer; what a write costs is
// mostly its COMMIT (WAL frames, and now and then a checkpoint's fsync). Mutating requests that
// become ready in the same turn of the event loop run one after another in ONE transaction, each
// (when there are several) inside its own savepoint: a job that throws is rolled back alone (then
// its `recover`, if any, may record something in its place), the others commit together, and no
// request is answered before the COMMIT that makes its change durable.
import type { DatabaseSync } from 'node:sqlite';

interface Job {
  fn: () => unknown;
  recover: ((error: unknown) => unknown) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export type WriteQueue = <T>(fn: () => T, recover?: (error: unknown) => T) => Promise<T>;

export function createWriteQueue(db: DatabaseSync, afterCommit?: () => void): WriteQueue {
  let pending: Job[] = [];
  let scheduled = false;
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

  return <T>(fn: () => T, recover?: (error: unknown) => T) =>
    new Promise<T>((resolve, reject) => {
      pending.push({ fn, recover, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
