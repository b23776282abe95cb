// WAL checkpoints off the event loop. With synchronous=NORMAL a COMMIT only appends to the WAL; the
// fsyncs happen when a checkpoint copies the WAL back into the database file. SQLite runs that
// checkpoint inside whichever COMMIT crosses wal_autocheckpoint, so every few dozen requests one
// request (and the whole event loop) would wait for two fsyncs. Here a worker thread with its own
// connection runs PASSIVE checkpoints (they never block the writer) after every few commits, and
// the server's connection keeps a much larger auto-checkpoint only as a backstop in case the worker
// falls behind. Durability is unchanged: the same checkpoints, with the same fsyncs, just elsewhere.
// A checkpoint copies each page once however many commits changed it, and costs two fsyncs: while
// commits are small (one request each), it waits for more of them, as long as the WAL stays small.
import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';

/** Commits between two checkpoint requests: at least MIN_COMMITS, doubled while the WAL stays small. */
const MIN_COMMITS = 32;
const MAX_COMMITS = 512;
/** The frames two checkpoints may be apart (8 MiB of 2 KiB pages): half the backstop. */
const TARGET_FRAMES = 4000;
/** WAL frames after which the server's own connection checkpoints (the worker fell behind). */
const BACKSTOP_FRAMES = 8000;

/**
 * The commits to wait for before the next checkpoint, from those waited for last time and the WAL
 * frames they wrote: twice as many while those stay under half of TARGET_FRAMES (small commits, one
 * request each), back to the fewest once over it (large commits).
 */
export function nextInterval(every: number, framesAdded: number): number {
  if (framesAdded > TARGET_FRAMES) return MIN_COMMITS;
  return framesAdded * 2 <= TARGET_FRAMES ? Math.min(every * 2, MAX_COMMITS) : every;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file);
db.exec('PRAGMA busy_timeout = 5000');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let frames = -1;
  try {
    frames = checkpoint.get().log;
  } catch {
    // Busy or failing: the next request, or the server's own backstop, checkpoints instead.
  }
  parentPort.postMessage(frames);
});
`;

export interface Checkpointer {
  /** Called after each COMMIT: now and then asks the worker for a checkpoint. */
  committed(): void;
  close(): Promise<void>;
}

export function startCheckpointer(db: DatabaseSync, file: string): Checkpointer {
  db.exec(`PRAGMA wal_autocheckpoint = ${BACKSTOP_FRAMES}`);
  // The worker (a thread with its own V8) starts when the first checkpoint is due: a portal that
  // commits little, like a command's built-in one, never pays for it.
  let worker: Worker | undefined;
  let exit: Promise<void> = Promise.resolve();
  let commits = 0;
  let every = MIN_COMMITS;
  let walFrames = 0;
  let running = false;
  let closed = false;
  let exited = false;
  const start = (): Worker => {
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { file } });
    started.unref();
    exit = new Promise<void>((resolve) => {
      started.once('exit', () => {
        exited = true;
        resolve();
      });
    });
    started.on('message', (frames: number) => {
      running = false;
      // The frames written since the last checkpoint: the growth of the WAL, or its whole length
      // when it started again from its beginning.
      every = frames < 0 ? MIN_COMMITS : nextInterval(every, frames >= walFrames ? frames - walFrames : frames);
      walFrames = Math.max(frames, 0);
    });
    started.on('error', () => {
      // Without the worker, the server's connection checkpoints on its own again.
      closed = true;
      try {
        db.exec('PRAGMA wal_autocheckpoint = 1000');
      } catch {
        // The database is already closed.
      }
    });
    return started;
  };
  return {
    committed() {
      if (closed || ++commits < every || running) return;
      commits = 0;
      running = true;
      worker ??= start();
      worker.postMessage('checkpoint');
    },
    close() {
      if (!worker) {
        closed = true;
        return Promise.resolve();
      }
      if (closed || exited) return exited ? Promise.resolve() : exit;
      closed = true;
      // Held open while it finishes: an unreferenced worker would let the process end mid-close.
      worker.ref();
      worker.postMessage('close');
      return exit;
    },
  };
}
