// Pass 3 of an import: the report (one line per input row, from the plan and the journal's
// outcomes), and the first rows that matched other clients, for the screen.
import path from 'node:path';
import type { ApiClient } from '../api/client.js';
import { visible } from '../io/visible.js';
import { drain } from './async.js';
import type { CsvInput } from './csv-read.js';
import type { ImportDeps, ImportOptions } from './import-types.js';
import { type DoneRecord, RowState, type Segment } from './journal.js';
import type { RowBytes } from './keys.js';
import { describeMatch, isMatchCode } from './matches.js';
import { buildRecord, duplicateMessage, openMapped, type Plan, PlanState } from './plan.js';
import { OutcomeMerger, type ReportLine, writeReport } from './report.js';
import { buildRow } from './rows.js';
import { readOptions } from './validate.js';

/**
 * The first rows that matched other clients, and the first the portal refuses (a CaMS number with
 * no match, say), for the screen (the report lists them all).
 */
export class MatchSamples {
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
export type Namer = (id: string) => Promise<string | undefined>;

export function clientNamer(api: () => Promise<ApiClient>): Namer {
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
export function rowNameOf(built: ReturnType<typeof buildRow>): string | undefined {
  if (!built.ok || !built.body.firstName || !built.body.lastName) return undefined;
  return `${built.body.firstName} ${built.body.lastName}`;
}

/** The report line of a row the send pass does not send (invalid, duplicate, finished, not selected). */
export async function staticLine(
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
export async function finalPass(
  input: CsvInput,
  plan: Plan,
  options: ImportOptions,
  journalPath: string | undefined,
  segments: Segment[],
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
