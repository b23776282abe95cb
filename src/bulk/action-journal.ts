// The journal of a bulk action (resend, archive… on many clients): an append-only file of JSON
// lines (mode 0600), written with the import's writer and lock, that makes a run resumable and
// exactly-once. It holds no personal data: client ids, statuses, error codes and messages that name
// no one, and the run's secret from which each client's Idempotency-Key is derived.
//
//   {"t":"run","v":1,"kind":"bulk","action":"invite.resend","at":…,"secret":…,"keys":2,"targets":["cl_…","#7"]}
//   {"t":"seg","n":1,"at":…}                                                    each run
//   {"t":"sent","ref":"cl_…"}                         written before the client's request leaves
//   {"t":"done","ref":"cl_…","s":"done"|"skipped"|"failed","code":…,"msg":…,"http":…}
//   {"t":"end","n":1,"at":…,"reason":"complete"|"cancelled"}
//   {"t":"rerun","at":…,"targets":[…]}        the same command again after a complete run: its work
//
// A target is a client id, or "#LINE" for a line of a --from-file that names no client. A client
// "sent" but not "done" (a kill while its request was out) is sent again with the same key: the
// portal replays its first answer. A run over the same clients after a complete one (a "rerun")
// leaves out the clients done then, and acts on the others (new, or skipped or failed then) with
// keys of a new attempt, so a refusal the portal kept is not replayed to them. `keys` is how the keys
// are derived (src/bulk/keys.ts, bulkKeyDeriver); a journal written before it had one is scheme 1.
import { rm } from 'node:fs/promises';
import { CliError } from '../errors.js';
import { acquireLock, JournalError, JournalWriter, lines } from './journal.js';
import { type BulkKeyDeriver, bulkKeyDeriver, type KeyScheme, newSecret } from './keys.js';

export type TargetStatus = 'done' | 'skipped' | 'failed';

export interface Outcome {
  s: TargetStatus;
  code?: string;
  msg?: string;
  http?: number;
}

interface RunLine {
  t: 'run';
  v: 1;
  kind: 'bulk';
  action: string;
  at: string;
  secret: string;
  keys?: KeyScheme;
  targets: string[];
}

export interface ActionJournalState {
  action: string;
  at: string;
  secret: string;
  /** How the run derives its Idempotency-Keys. */
  keys: KeyScheme;
  targets: string[];
  /** The last outcome of each target, of this run and the complete runs before it. */
  outcomes: Map<string, Outcome>;
  /** How many outcomes each target has had: its next attempt's number. */
  attempts: Map<string, number>;
  /** Targets whose request left without an outcome (a kill while it was out). */
  inFlight: Set<string>;
  segments: number;
  complete: boolean;
  /** When the last run ended (complete or stopped). */
  endedAt: string | undefined;
}

/** One line after the run line, into the state. */
function apply(state: ActionJournalState, record: Record<string, unknown>): void {
  if (record.t === 'seg') {
    state.segments++;
    state.complete = false;
  } else if (record.t === 'sent') {
    state.inFlight.add(record.ref as string);
  } else if (record.t === 'done') {
    const { ref, t: _t, ...outcome } = record as unknown as { ref: string; t: string } & Outcome;
    state.outcomes.set(ref, outcome);
    state.attempts.set(ref, (state.attempts.get(ref) ?? 0) + 1);
    state.inFlight.delete(ref);
  } else if (record.t === 'rerun') {
    // This run's work: none of it done yet (a client done in a complete run is left out of it).
    state.targets = record.targets as string[];
    for (const ref of state.targets) state.outcomes.delete(ref);
    state.at = record.at as string;
  } else if (record.t === 'end') {
    state.complete = record.reason === 'complete';
    state.endedAt = record.at as string;
  }
}

/** Reads a journal; undefined when there is none. */
export async function readActionJournal(path: string): Promise<ActionJournalState | undefined> {
  let state: ActionJournalState | undefined;
  try {
    for await (const { text } of lines(path)) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(text) as Record<string, unknown>;
      } catch {
        continue; // a torn last line (a kill during a write): its record is simply replayed
      }
      if (!state) {
        if (record.t !== 'run' || record.kind !== 'bulk')
          throw new JournalError(`${path} is not a bulk action journal`);
        const run = record as unknown as RunLine;
        state = {
          action: run.action,
          at: run.at,
          secret: run.secret,
          keys: run.keys === 2 ? 2 : 1,
          targets: run.targets,
          outcomes: new Map(),
          attempts: new Map(),
          inFlight: new Set(),
          segments: 0,
          complete: false,
          endedAt: undefined,
        };
        continue;
      }
      apply(state, record);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (error instanceof JournalError) {
      throw new CliError('usage', error.message, { hint: 'pass --state FILE for another journal' });
    }
    throw error;
  }
  return state;
}

/** One run's writing: the lock, the run and segment lines, each target sent and done, the end. */
export class ActionJournal {
  private constructor(
    readonly path: string,
    private readonly writer: JournalWriter,
    private readonly release: () => Promise<void>,
    private readonly keyOf: BulkKeyDeriver,
    /** Each target's place in the run's list of targets (the journal's run or rerun line). */
    private readonly positions: ReadonlyMap<string, number>,
    private readonly segment: number,
  ) {}

  /** The Idempotency-Key of a client's step in this run, `attempt` outcomes after its first. */
  key(clientId: string, attempt: number): string {
    return this.keyOf(clientId, this.positions.get(clientId) ?? this.positions.size, attempt);
  }

  /**
   * Opens the journal for this run: a new one (`earlier` undefined), the continuation of a stopped
   * one, or (`rerun`) a new run after a complete one, on `targets` (the clients not done then).
   */
  static async open(
    path: string,
    start: {
      action: string;
      targets: string[];
      earlier: ActionJournalState | undefined;
      rerun?: boolean;
      now: () => string;
    },
  ): Promise<ActionJournal> {
    let release: () => Promise<void>;
    try {
      release = await acquireLock(path);
    } catch (error) {
      if (error instanceof JournalError) {
        throw new CliError('conflict', 'another run of this bulk action is using its journal', {
          hint: `wait for it to finish or stop it first (journal: ${path})`,
        });
      }
      throw error;
    }
    try {
      if (!start.earlier) await rm(path, { force: true });
      const writer = await JournalWriter.open(path);
      const secret = start.earlier?.secret ?? newSecret();
      const n = (start.earlier?.segments ?? 0) + 1;
      const records: object[] = [];
      if (!start.earlier) {
        const run: RunLine = {
          t: 'run',
          v: 1,
          kind: 'bulk',
          action: start.action,
          at: start.now(),
          secret,
          keys: 2,
          targets: start.targets,
        };
        records.push(run);
      } else if (start.rerun) records.push({ t: 'rerun', at: start.now(), targets: start.targets });
      records.push({ t: 'seg', n, at: start.now() });
      await writer.append(records, true);
      writer.syncEvery(1000);
      const keyOf = bulkKeyDeriver(secret, start.action, start.earlier?.keys ?? 2);
      // A stopped run carries on with the targets its journal lists; a new run or a rerun, with its own.
      const list = start.earlier && !start.rerun ? start.earlier.targets : start.targets;
      const positions = new Map(list.map((ref, i) => [ref, i]));
      return new ActionJournal(path, writer, release, keyOf, positions, n);
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** Written (safe from a killed process) before the request for the client leaves. */
  sent(ref: string): Promise<void> {
    return this.writer.append([{ t: 'sent', ref }]);
  }

  done(ref: string, outcome: Outcome): Promise<void> {
    return this.writer.append([{ t: 'done', ref, ...outcome }]);
  }

  async end(reason: 'complete' | 'cancelled', now: string): Promise<void> {
    await this.writer.append([{ t: 'end', n: this.segment, at: now, reason }]);
    await this.writer.close();
    await this.release();
  }

  /** Closes without an end line (the run failed): the next run resumes. */
  async abandon(): Promise<void> {
    await this.writer.close().catch(() => undefined);
    await this.release();
  }
}
