// The send pass of an import: rows go out in requests (batches of up to BATCH_MAX_ITEMS when the
// portal offers the batch endpoint, else one per row) with at most `limit` requests in flight
// (src/bulk/slots.ts), an AIMD limit driven by 429s, retries with backoff for network errors, 5xx
// and keys still in flight (src/bulk/retry-loop.ts), and every row ending with exactly one outcome,
// handed on in file order (src/bulk/ordered.ts), or none when the run is stopped first: the
// journal then shows it in flight and the next run replays it with the same key.
//
// The pipeline owns all retries (its transport makes single attempts), so that AIMD sees every
// 429 and a row is never retried by two layers at once. A portal that stops answering stops the
// run (src/bulk/breaker.ts).
import { abortableSleep, DEFAULT_RETRY_POLICY, type RetryPolicy, waitNotice } from '../api/retry.js';
import { BATCH_MAX_ITEMS } from '../contract/schemas.js';
import type { CliError } from '../errors.js';
import { Aimd } from './aimd.js';
import { mapLimit } from './async.js';
import { Breaker, type Unreachable } from './breaker.js';
import type { DoneRecord } from './journal.js';
import { DEFAULT_POLICIES, type MatchPolicies } from './matches.js';
import { InOrder } from './ordered.js';
import { type Attempt, type RetryRules, STOPPED, withRetries } from './retry-loop.js';
import { Slots } from './slots.js';
import {
  type Answer,
  failed,
  type ImportTransport,
  isFatal,
  networkVerdict,
  type RetryVerdict,
  type SendOptions,
  type Verdict,
  verdictFor,
  type WorkItem,
} from './verdict.js';

export {
  type Answer,
  bodyOf,
  type ImportTransport,
  type SendOptions,
  safeMessage,
  verdictFor,
  type WorkItem,
  workItem,
} from './verdict.js';

export interface PipelineOptions {
  concurrency: number;
  /** The concurrency to use instead when the portal turns out to have no batch endpoint. */
  fallbackConcurrency?: number;
  /** Try the batch endpoint (falls back to one request per row when the portal lacks it). */
  batch: boolean;
  batchSize?: number;
  /** Attempts per request for network errors and 5xx before the rows count as failed (default 8). */
  maxAttempts?: number;
  /** 429 answers tolerated per request before its rows count as failed. */
  maxThrottles?: number;
  baseDelayMs?: number;
  capDelayMs?: number;
  /** A Retry-After longer than this stops the run (default: the API client's, 60 s). */
  maxRetryAfterMs?: number;
  /** The portal has not answered any request for this long: stop the run (default 30 s). */
  unreachableMs?: number;
  /**
   * Rows that may be someone already in the portal: an email held by another person, a possible
   * name match (the portal is asked to refuse those unless onNameMatch is create). Default: fail.
   */
  policies?: MatchPolicies;
  /** --reason: sent with every request, kept in the audit entry of each client invited. */
  reason?: string | undefined;
  /**
   * A row refused because its CaMS client is already linked: is the linked client this row's
   * person (same email, or the row has none)? Then the row is `existing`, not a failure.
   */
  sameClient?: (item: WorkItem, clientId: string) => Promise<boolean>;
}

export interface PipelineDeps {
  transport: ImportTransport;
  /** Durable record that these rows are about to be sent (resolves once on disk). */
  sent(items: WorkItem[]): Promise<void>;
  /** Outcomes, in row order. */
  done(records: DoneRecord[]): void;
  /** As each row finishes (not in order): for progress. */
  onOutcome?(record: DoneRecord): void;
  onNotice?(message: string): void;
  /** First Ctrl-C: no new requests; those on the wire finish. */
  stop: AbortSignal;
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  random?(): number;
  now?(): number;
}

export interface PipelineResult {
  /** Stopped before every row was sent (Ctrl-C, or a fatal error). */
  stopped: boolean;
  /** An error that stopped the run (e.g. the token is not valid any more, the journal cannot be written). */
  fatal?: Error;
  batchUsed: boolean;
  /** 429 answers received (each halved the concurrency). */
  throttled: number;
  /** Requests sent again after a network error, a 5xx or a key still in flight. */
  retried: number;
  /**
   * Why the run stopped without every row sent: the portal did not answer (the circuit breaker),
   * or asked for a longer wait than portalctl makes. `fatal` holds the error to report.
   */
  unreachable?: Unreachable;
}

const done = <T>(value: T): Attempt<T> => ({ kind: 'done', value });

export async function runPipeline(
  items: AsyncIterable<WorkItem>,
  options: PipelineOptions,
  deps: PipelineDeps,
): Promise<PipelineResult> {
  return new SendPass(options, deps).run(items);
}

class SendPass {
  private readonly now: () => number;
  private readonly aimd: Aimd;
  private readonly policy: RetryPolicy;
  private readonly policies: MatchPolicies;
  private readonly send: SendOptions;
  private readonly halt = new AbortController();
  private readonly slots: Slots;
  private readonly order: InOrder<DoneRecord[]>;
  private readonly breaker: Breaker;
  private readonly rules: RetryRules;
  /** undefined until the first batch answer says whether the portal offers the endpoint. */
  private batchSupported: boolean | undefined;
  private batchUsed = false;
  private throttled = 0;
  private retried = 0;
  private fatal: Error | undefined;
  private unreachable: Unreachable | undefined;
  /**
   * Settles (undefined) when the portal is given up on: requests still on the wire are not waited
   * for (each could hang for the whole timeout); their rows stay in flight in the journal, and the
   * next run replays them with the same keys.
   */
  private abandon: () => void = () => {};
  private readonly abandoned = new Promise<undefined>((resolve) => {
    this.abandon = () => resolve(undefined);
  });
  private waiting: (() => void) | undefined;
  /** Units (a batch, or one row) started but not yet holding a slot: the dispatcher keeps one ready. */
  private waitingUnits = 0;
  private readonly running = new Set<Promise<void>>();
  /** Long waits are said on stderr, once for all the requests waiting about as long. */
  private announcedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: PipelineOptions,
    private readonly deps: PipelineDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.aimd = new Aimd(options.concurrency, this.now);
    this.policy = {
      maxAttempts: options.maxAttempts ?? 8,
      baseMs: options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseMs,
      capMs: options.capDelayMs ?? DEFAULT_RETRY_POLICY.capMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
    };
    this.policies = options.policies ?? DEFAULT_POLICIES;
    this.send = {
      refuseNameMatch: this.policies.onNameMatch !== 'create',
      ...(options.reason ? { reason: options.reason } : {}),
    };
    this.batchSupported = options.batch ? undefined : false;
    // One request while probing for the batch route, else the AIMD limit.
    const limit = () => (this.batchSupported === undefined && options.batch ? 1 : this.aimd.limit);
    this.slots = new Slots(limit, () => this.aimd.pauseMs, this.halt.signal, this.wake);
    this.order = new InOrder((records) => {
      if (records.length) deps.done(records.sort((a, b) => a.r - b.r));
    });
    this.breaker = new Breaker({
      now: this.now,
      unreachableMs: options.unreachableMs ?? 30_000,
      maxRetryAfterMs: this.policy.maxRetryAfterMs,
      trip: (error, why) => this.trip(error, why),
    });
    this.rules = {
      policy: this.policy,
      maxThrottles: options.maxThrottles ?? 100,
      random: deps.random ?? Math.random,
      stopped: () => this.halt.signal.aborted,
      throttled: (retryAfterMs) => {
        this.throttled++;
        this.aimd.onThrottle(retryAfterMs === undefined ? undefined : retryAfterMs / 1000);
      },
      pauseMs: () => this.aimd.pauseMs,
      retrying: () => {
        this.retried++;
      },
      gaveUp: (answers, message) => this.breaker.gaveUp(answers, message),
      wait: (ms, verdict) => this.waitForRetry(ms, verdict),
    };
  }

  async run(items: AsyncIterable<WorkItem>): Promise<PipelineResult> {
    const { stop } = this.deps;
    if (stop.aborted) this.onStop();
    else stop.addEventListener('abort', this.onStop, { once: true });
    const batchSize = Math.min(this.options.batchSize ?? BATCH_MAX_ITEMS, BATCH_MAX_ITEMS);
    const size = () => (this.batchSupported === false ? 1 : this.options.batch ? batchSize : 1);
    let chunk: WorkItem[] = [];
    for await (const item of items) {
      if (this.halt.signal.aborted) break;
      chunk.push(item);
      if (chunk.length >= size()) {
        const units = chunk;
        chunk = [];
        await this.dispatch(units);
      }
    }
    if (chunk.length && !this.halt.signal.aborted) await this.dispatch(chunk);
    while (this.running.size) await Promise.race(this.running);
    this.slots.close();
    stop.removeEventListener('abort', this.onStop);
    return {
      stopped: this.halt.signal.aborted,
      ...(this.fatal ? { fatal: this.fatal } : {}),
      ...(this.unreachable ? { unreachable: this.unreachable } : {}),
      batchUsed: this.batchUsed,
      throttled: this.throttled,
      retried: this.retried,
    };
  }

  /** Wakes the dispatcher and gives free slots to the units waiting for one. */
  private readonly wake = () => {
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.();
    this.slots.grant();
  };

  private readonly onStop = () => {
    if (!this.halt.signal.aborted) this.halt.abort();
    this.wake();
  };

  private fail(error: Error): void {
    this.fatal ??= error;
    this.onStop();
  }

  private trip(error: CliError, why: Unreachable): void {
    if (this.halt.signal.aborted) return;
    this.unreachable = why;
    this.abandon();
    this.fail(error);
  }

  private mayDispatch(): boolean {
    return this.waitingUnits < 2 && this.order.open < Math.max(64, this.aimd.limit * 8);
  }

  private async dispatch(units: WorkItem[]): Promise<void> {
    while (!this.halt.signal.aborted && !this.mayDispatch()) {
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
    if (this.halt.signal.aborted) return;
    const seq = this.order.take();
    this.waitingUnits++;
    let waitingDone = false;
    const stopWaiting = () => {
      if (waitingDone) return;
      waitingDone = true;
      this.waitingUnits--;
      this.wake();
    };
    const task = this.processUnit(units, stopWaiting)
      .then(
        (records) => {
          for (const record of records) this.deps.onOutcome?.(record);
          this.order.complete(seq, records);
        },
        (error: unknown) => {
          this.order.complete(seq, []);
          this.fail(error instanceof Error ? error : new Error(String(error)));
        },
      )
      .finally(() => {
        stopWaiting();
        this.running.delete(task);
        this.wake();
      });
    this.running.add(task);
  }

  private async processUnit(units: WorkItem[], stopWaiting: () => void): Promise<DoneRecord[]> {
    if (this.halt.signal.aborted) return [];
    // The journal says "sent" only once a slot is ours, so a stop never leaves queued rows marked.
    const acquired = await this.slots.acquire();
    stopWaiting();
    if (!acquired) return [];
    try {
      await this.deps.sent(units);
    } catch (error) {
      this.slots.release();
      throw error;
    }
    return this.batchSupported === false || !this.options.batch
      ? await this.sendSingles(units, true)
      : await this.sendBatch(units, true);
  }

  /** Sends items one request per row (used directly, and when a batch cannot be used). */
  private async sendSingles(units: WorkItem[], holding = false): Promise<DoneRecord[]> {
    const width = Math.max(1, Math.min(this.aimd.limit, 8));
    const results = await mapLimit(units, width, (item, index) => this.sendOne(item, holding && index === 0));
    return results.filter((r): r is DoneRecord => r !== undefined);
  }

  /**
   * One row. The first attempt of a unit goes in the slot it holds (the journal already says the
   * row is on its way); a stop only prevents retries, leaving the row in flight for the next run.
   */
  private async sendOne(item: WorkItem, holding = false): Promise<DoneRecord | undefined> {
    let first = holding;
    const ending = await withRetries<DoneRecord>(this.rules, async () => {
      const startedAt = this.now();
      let verdict: Verdict;
      try {
        const call = (received: () => void) => this.deps.transport.createOne(item, received, this.send);
        const sent = await this.slots.exchange(first, call, this.abandoned);
        first = false;
        if (!sent) return STOPPED;
        const answer = sent.value;
        const { status, client, problem, location, contentType } = answer;
        verdict = verdictFor(item, status, client, problem, location, contentType, this.policies);
        if (verdict.kind === 'retry' && answer.retryAfterMs !== undefined) verdict.retryAfterMs = answer.retryAfterMs;
      } catch (error) {
        first = false;
        if (isFatal(error)) return this.stop(error);
        verdict = networkVerdict(error);
      }
      const answersSeen = this.record(verdict, startedAt);
      if (verdict.kind === 'done') {
        this.aimd.onSuccess();
        return done(await this.settle(item, verdict));
      }
      if (verdict.kind === 'fatal') return this.stop(verdict.error);
      return { kind: 'retry', verdict, answersSeen };
    });
    if (ending.kind === 'done') return ending.value;
    if (ending.kind === 'stopped') return undefined;
    const { code, http, message } = ending.verdict;
    return failed(item, code, http, message, true);
  }

  /** Rows in one batch request, retried as one; rows the answer settles leave it. */
  private async sendBatch(units: WorkItem[], holding = false): Promise<DoneRecord[]> {
    const results: DoneRecord[] = [];
    let pending = units;
    let first = holding;
    const ending = await withRetries<DoneRecord[]>(this.rules, async () => {
      const startedAt = this.now();
      let answer: Answer;
      try {
        const batch = pending;
        const call = (received: () => void) => this.deps.transport.createBatch(batch, received, this.send);
        const sent = await this.slots.exchange(first, call, this.abandoned);
        first = false;
        if (!sent) return STOPPED;
        answer = sent.value;
      } catch (error) {
        first = false;
        if (isFatal(error)) return this.stop(error);
        const verdict = networkVerdict(error);
        return { kind: 'retry', verdict, answersSeen: this.breaker.noAnswer(startedAt, verdict.message) };
      }
      const step = await this.batchAnswer(answer, pending, results, startedAt);
      if (step.kind === 'retry' && step.pending) pending = step.pending;
      return step;
    });
    if (ending.kind === 'done') return ending.value;
    if (ending.kind === 'stopped') return results;
    const { code, http, message } = ending.verdict;
    return [...results, ...pending.map((item) => failed(item, code, http, message, true))];
  }

  /** What a batch answer means: rows done, the rows to send again, or another way to send them. */
  private async batchAnswer(
    answer: Answer,
    pending: WorkItem[],
    results: DoneRecord[],
    startedAt: number,
  ): Promise<Attempt<DoneRecord[]> & { pending?: WorkItem[] }> {
    const { status } = answer;
    if (status === 404 || status === 405) {
      if (this.batchSupported !== false) {
        this.deps.onNotice?.('the portal has no batch endpoint: sending one request per row');
        if (this.options.fallbackConcurrency) this.aimd.raiseMax(this.options.fallbackConcurrency);
      }
      this.batchSupported = false;
      this.wake();
      this.breaker.answered();
      return done([...results, ...(await this.sendSingles(pending))]);
    }
    if (status === 200 && answer.results) return this.batchResults(answer.results, pending, results, startedAt);
    if (status === 413 && pending.length > 1) {
      const half = Math.ceil(pending.length / 2);
      const [a, b] = [pending.slice(0, half), pending.slice(half)];
      return done([...results, ...(await this.sendBatch(a)), ...(await this.sendBatch(b))]);
    }
    const { problem, location, contentType } = answer;
    const verdict = verdictFor(pending[0]!, status, undefined, problem, location, contentType, this.policies);
    const answersSeen = this.record(verdict, startedAt);
    if (verdict.kind === 'fatal') return this.stop(verdict.error);
    // The request as a whole was refused (not one item): let each row get its own answer.
    if (verdict.kind === 'done') return done([...results, ...(await this.sendSingles(pending))]);
    if (answer.retryAfterMs !== undefined) verdict.retryAfterMs = answer.retryAfterMs;
    return { kind: 'retry', verdict, answersSeen };
  }

  /** A batch's per-item answers: done rows join `results`; the others are sent again. */
  private async batchResults(
    list: NonNullable<Answer['results']>,
    pending: WorkItem[],
    results: DoneRecord[],
    startedAt: number,
  ): Promise<Attempt<DoneRecord[]> & { pending?: WorkItem[] }> {
    this.batchSupported = true;
    this.batchUsed = true;
    this.wake();
    this.aimd.onSuccess();
    const again: WorkItem[] = [];
    let retry: RetryVerdict | undefined;
    // Items that all failed on the portal's side (5xx) count as no answer, for the breaker.
    let portalFailed = list.length > 0;
    for (const result of list) {
      const item = pending[result.index];
      if (!item) continue;
      const verdict = verdictFor(
        item,
        result.status,
        result.client,
        result.problem,
        undefined,
        undefined,
        this.policies,
      );
      if (verdict.kind !== 'retry' || verdict.throttle || result.status < 500) portalFailed = false;
      if (verdict.kind === 'done') results.push(await this.settle(item, verdict));
      else if (verdict.kind === 'fatal') return this.stop(verdict.error);
      else {
        again.push(item);
        retry = verdict;
      }
    }
    const answersSeen = portalFailed && retry ? this.breaker.noAnswer(startedAt, retry.message) : undefined;
    if (answersSeen === undefined) this.breaker.answered();
    const listed = new Set(list.map((r) => r.index));
    pending.forEach((item, index) => {
      if (!listed.has(index)) again.push(item);
    });
    if (!again.length) return done(results);
    const verdict = retry ?? {
      kind: 'retry',
      throttle: false,
      code: 'incomplete',
      message: 'the batch answer left items out',
    };
    return { kind: 'retry', verdict, answersSeen, pending: again.sort((a, b) => a.row - b.row) };
  }

  /** A fatal error: the run stops. */
  private stop(error: Error): typeof STOPPED {
    this.fail(error);
    return STOPPED;
  }

  /**
   * The breaker's view of an answer: a failure on the portal's side counts as no answer (returns
   * the answers seen so far), anything else as an answer.
   */
  private record(verdict: Verdict, startedAt: number): number | undefined {
    if (verdict.kind === 'retry' && !verdict.throttle && verdict.code !== 'idempotency-key-in-flight') {
      return this.breaker.noAnswer(startedAt, verdict.message);
    }
    this.breaker.answered();
    return undefined;
  }

  /** The final record of a row, turning a CaMS link or a CA held by this very person into `existing`. */
  private async settle(item: WorkItem, verdict: Extract<Verdict, { kind: 'done' }>): Promise<DoneRecord> {
    if (!verdict.linkedTo || !this.options.sameClient) return verdict.record;
    try {
      if (await this.options.sameClient(item, verdict.linkedTo)) {
        return { t: 'done', r: item.row, s: 'existing', id: verdict.linkedTo, ...(item.gen ? { g: item.gen } : {}) };
      }
    } catch {
      // The lookup failed: keep the refusal, which is accurate (the CaMS client is linked).
    }
    return verdict.record;
  }

  /**
   * The wait before a retry (undefined: a Retry-After beyond the cap, which stops the run).
   * False when the run stopped instead.
   */
  private async waitForRetry(ms: number | undefined, verdict: RetryVerdict): Promise<boolean> {
    if (ms === undefined || (verdict.retryAfterMs ?? 0) > this.policy.maxRetryAfterMs) {
      this.breaker.tooLongWait(verdict.retryAfterMs ?? 0, verdict.http);
      return false;
    }
    this.announce(ms, verdict.retryAfterMs);
    try {
      await (this.deps.sleep ?? abortableSleep)(ms, this.halt.signal);
    } catch {
      // stopped: the caller sees the halt and leaves the row in flight
    }
    return !this.halt.signal.aborted;
  }

  private announce(ms: number, retryAfterMs: number | undefined): void {
    const until = this.now() + ms;
    const notice = waitNotice(ms, this.now(), retryAfterMs);
    if (!notice || until < this.announcedUntil + 5_000) return;
    this.announcedUntil = until;
    this.deps.onNotice?.(notice);
  }
}
