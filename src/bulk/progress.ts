// Progress of a long run on stderr: a bar on a terminal (done/total, rows per second, ETA,
// failures), a plain line every few seconds otherwise. Counts only: never a name or an email.
import type { OutStream } from '../io/output.js';

export interface Progress {
  update(done: number, failed: number): void;
  stop(): void;
}

export interface ProgressOptions {
  total: number;
  label: string;
  /** What is counted (default "rows"). */
  unit?: string;
  stream: OutStream;
  /** A terminal: draw a bar. */
  tty: boolean;
  /** Non-terminal: a line this often (default 5 s). */
  intervalMs?: number;
  now?: () => number;
}

export const silentProgress: Progress = { update() {}, stop() {} };

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function progressLine(
  label: string,
  done: number,
  total: number,
  failed: number,
  elapsedMs: number,
  unit = 'rows',
): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
  const eta = rate > 0 ? duration((total - done) / rate) : '?';
  return `${label}: ${done} of ${total} ${unit} (${percent}%), ${Math.round(rate)} ${unit}/s, ${failed} failed, about ${eta} left`;
}

export async function createProgress(options: ProgressOptions): Promise<Progress> {
  const now = options.now ?? Date.now;
  const started = now();
  let done = 0;
  let failed = 0;
  if (!options.tty) {
    const timer = setInterval(() => {
      options.stream.write(
        `${progressLine(options.label, done, options.total, failed, now() - started, options.unit)}\n`,
      );
    }, options.intervalMs ?? 5000);
    timer.unref();
    return {
      update(d, f) {
        done = d;
        failed = f;
      },
      stop() {
        clearInterval(timer);
      },
    };
  }
  const { default: cliProgress } = await import('cli-progress');
  // cli-progress saves the cursor position when the bar starts (ESC 7) and jumps back to it when
  // it stops (ESC 8), so whatever was written while the bar ran (the Ctrl-C notice, a portal
  // notice) would be written over by the summary that follows. The bar redraws its own line
  // without them; dropping the two keeps every line where it was written.
  const target = options.stream as NodeJS.WritableStream & { columns?: number };
  const stream = {
    isTTY: true,
    get columns() {
      return target.columns;
    },
    write(chunk: string, callback?: () => void) {
      if (chunk === '\u001b7' || chunk === '\u001b8') {
        callback?.();
        return true;
      }
      return callback ? target.write(chunk, callback) : target.write(chunk);
    },
  };
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.label} {bar} {value}/{total} ${options.unit ?? 'rows'} | {rate} ${options.unit ?? 'rows'}/s | ETA {eta_formatted} | {failed} failed`,
      stream: stream as unknown as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 200,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.total, 0, { rate: 0, failed: 0 });
  return {
    update(d, f) {
      done = d;
      failed = f;
      const elapsed = now() - started;
      bar.update(done, { rate: elapsed > 0 ? Math.round((done * 1000) / elapsed) : 0, failed });
    },
    stop() {
      bar.stop();
    },
  };
}
