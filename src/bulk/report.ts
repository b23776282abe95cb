// The import report: one CSV line per input row (row, line, status, client id, error code,
// message), written to a temporary file (mode 0600) and renamed into place so a reader never sees
// half of it. It locates each row and says what happened to it, without emails; only the rows that
// match other clients name people (the row's and the existing client's names), so that someone
// can decide. Every cell goes through the same formula neutralisation as all CSV portalctl writes.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { neutraliseCell } from '../io/csv-safe.js';
import { type DoneRecord, type Segment, segmentOutcomes } from './journal.js';

export const REPORT_HEADER = ['row', 'line', 'status', 'client_id', 'code', 'message'] as const;

export type ReportStatus =
  | 'created'
  | 'existing'
  | 'invalid'
  | 'duplicate'
  | 'skipped'
  | 'failed'
  | 'pending'
  | 'to-create'
  | 'updated'
  | 'unchanged'
  | 'unmatched'
  | 'refused'
  | 'to-update';

export interface ReportLine {
  row: number;
  line: number;
  status: ReportStatus;
  id?: string;
  code?: string;
  message?: string;
}

export function reportCells(line: ReportLine): string[] {
  return [String(line.row), String(line.line), line.status, line.id ?? '', line.code ?? '', line.message ?? ''].map(
    neutraliseCell,
  );
}

/** Writes the report atomically: a temporary file next to it, renamed over it when complete. */
export async function writeReport(file: string, lines: AsyncIterable<ReportLine>): Promise<number> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  let count = 0;
  async function* records() {
    yield [...REPORT_HEADER];
    for await (const line of lines) {
      count++;
      yield reportCells(line);
    }
  }
  try {
    // A new file, 0600 whatever the umask (a leftover temporary file would keep its own mode).
    await rm(temp, { force: true });
    await pipeline(
      Readable.from(records()),
      stringify({ eof: true }),
      createWriteStream(temp, { flags: 'wx', mode: 0o600 }),
    );
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return count;
}

/**
 * The latest outcome of each row across the runs of a journal, asked for in increasing row order.
 * Each run's outcomes are in row order in the journal, so one cursor per run is enough.
 */
export class OutcomeMerger {
  private cursors: { iterator: AsyncIterator<DoneRecord>; head: DoneRecord | undefined; done: boolean }[];

  constructor(journalPath: string, segments: Segment[]) {
    this.cursors = segments.map((segment) => ({
      iterator: segmentOutcomes(journalPath, segment)[Symbol.asyncIterator](),
      head: undefined,
      done: false,
    }));
  }

  async outcome(row: number): Promise<DoneRecord | undefined> {
    let latest: DoneRecord | undefined;
    for (const cursor of this.cursors) {
      while (!cursor.done && (cursor.head === undefined || cursor.head.r < row)) {
        const step = await cursor.iterator.next();
        if (step.done) {
          cursor.done = true;
          cursor.head = undefined;
        } else cursor.head = step.value;
      }
      if (cursor.head?.r === row) latest = cursor.head;
    }
    return latest;
  }

  async close(): Promise<void> {
    for (const cursor of this.cursors) await cursor.iterator.return?.();
  }
}

export class ReportReadError extends Error {}

/** Rows a report marks `failed` (or another of `statuses`; for --retry-failed), in increasing order. */
export async function failedRowsOf(reportFile: string, statuses: readonly string[] = ['failed']): Promise<Set<number>> {
  const rows = new Set<number>();
  const parser = createReadStream(reportFile).pipe(parse({ columns: true, bom: true, skip_empty_lines: true }));
  let seenHeader = false;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (!seenHeader) {
        if (!('row' in record) || !('status' in record)) {
          throw new ReportReadError(`${reportFile} is not an import report (expected the columns row and status)`);
        }
        seenHeader = true;
      }
      if (!statuses.includes(record.status ?? '')) continue;
      const row = Number(record.row);
      if (!Number.isInteger(row) || row < 1)
        throw new ReportReadError(`${reportFile}: "${record.row}" is not a row number`);
      rows.add(row);
    }
  } catch (error) {
    if (error instanceof ReportReadError) throw error;
    throw new ReportReadError(`cannot read the report ${reportFile}: ${(error as Error).message}`);
  }
  return rows;
}
