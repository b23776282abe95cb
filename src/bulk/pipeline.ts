// The send pass of an import: rows go out in requests (batches of up to BATCH_MAX_ITEMS when the
// portal offers the batch endpoint, else one per row) with at most `limit` requests in flight,
// an AIMD limit driven by 429s, retries with backoff for network errors, 5xx and keys still in
// flight, and every row ending with exactly one outcome (or none when the run is stopped first:
// the journal then shows it in flight and the next run replays it with the same key).
//
// The pipeline owns all retries (its transport makes single attempts), so that AIMD sees every
// 429 and a row is never retried by two layers at once. Its waits follow the API client's rule
// (src/api/retry.ts): the same backoff, the same cap on Retry-After, the same notices of long waits.
//
// A portal that stops answering stops the run (a circuit breaker): when no request has had an
// answer for `unreachableMs`, or one request used up its attempts with no answer to any request
// meanwhile. Rows not finished then stay in flight in the journal (pending), never "failed".
import { formatDuration, genericProblem, problemError, redirectError } from '../api/client.js';
import {
  abortableSleep,
  clockTime,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  retryDelayMs,
  waitNotice,
} from '../api/retry.js';
import type { Problem } from '../contract/problems.js';
import { BATCH_MAX_ITEMS, type ClientCreate } from '../contract/schemas.js';
import { CliError } from '../errors.js';
import { Aimd } from './aimd.js';
import { mapLimit } from './async.js';
import type { DoneRecord } from './journal.js';
import {
  DEFAULT_POLICIES,
  emailMatchOutcome,
  type MatchOutcome,
  type MatchPolicies,
  nameMatchOutcome,
} from './matches.js';

/**
 * One row to send. Its create body is kept serialized: one flat string instead of a graph of small
 * objects, which is what rows waiting or in flight cost the garbage collector (and the request
 * body is written once, not again on each attempt).
 */
export interface WorkItem {
  row: number;
  key: string;
  gen: number;
  /** The ClientCreate body as JSON. */
  json: string;
  /** Whether creating it sends an invitation (the body's sendInvite). */
  invite: boolean;
}

export function workItem(row: number, key: string, gen: number, body: ClientCreate): WorkItem {
  return { row, key, gen, json: JSON.stringify(body), invite: body.sendInvite !== false };
}

/** The create body of an item, for the rare checks that read it (CaMS links). */
export function bodyOf(item: WorkItem): ClientCreate {
  return JSON.parse(item.json) as ClientCreate;
}

/** One HTTP answer: status, and the parsed JSON body (client, batch result or problem). */
export interface Answer {
  status: number;
  client?: { id: string };
  problem?: Problem;
  results?: { index: number; status: number; client?: { id: string } | undefined; problem?: Problem | undefined }[];
  /** Retry-After in milliseconds, when the portal sent one. */
  retryAfterMs?: number;
  /** The Location of a redirect. */
  location?: string;
  /** The Content-Type of an answer without problem details. */
  contentType?: string;
}

/**
 * Single attempts: resolves every HTTP answer, rejects only when no answer came (network).
 * `received` is called as soon as the answer is off the wire, before it is parsed: the pipeline
 * then sends its next request first, so the portal is not left waiting while an answer is read.
 */
export interface ImportTransport {
  createOne(item: WorkItem, received?: () => void, send?: SendOptions): Promise<Answer>;
  createBatch(items: WorkItem[], received?: () => void, send?: SendOptions): Promise<Answer>;
}

export interface SendOptions {
  /** Ask the portal to refuse a possible name match (`?nameMatch=refuse`, 409 duplicate-name). */
  refuseNameMatch?: boolean;
}

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
  unreachable?: 'no-answer' | 'retry-after';
}

type Verdict =
  | {
      kind: 'done';
      record: DoneRecord /** cams-already-linked / ca-already-imported: the client holding the link or the CA. */;
      linkedTo?: string;
    }
  | { kind: 'retry'; throttle: boolean; retryAfterMs?: number; code: string; http?: number; message: string }
  | { kind: 'fatal'; error: CliError };

const EMAIL = /[^\s@]+@[^\s@]+/g;

/** The part of a refusal that is safe to keep: no names or emails (details may quote them). */
export function safeMessage(problem: Problem | undefined, fallback: string): string {
  if (!problem) return fallback;
  const parts = [problem.title];
  if (problem.errors?.length) parts.push(problem.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  // A 403's hint (ask for the permission) is no reason: the reason is the permission missing.
  else if (problem.missingPermission) parts.push(`your token lacks the \`${problem.missingPermission}\` permission`);
  else if (problem.hint) parts.push(problem.hint);
  return parts.join(': ').replace(EMAIL, '(email)');
}

function failed(item: WorkItem, code: string, http: number | undefined, msg: string, retry: boolean): DoneRecord {
  return {
    t: 'done',
    r: item.row,
    s: 'failed',
    code,
    ...(http ? { http } : {}),
    msg,
    ...(retry ? { retry: true } : {}),
    ...(item.gen ? { g: item.gen } : {}),
  };
}

function matchRecord(item: WorkItem, outcome: MatchOutcome, http: number): DoneRecord {
  return {
    t: 'done',
    r: item.row,
    s: outcome.s,
    ...(outcome.id ? { id: outcome.id } : {}),
    ...(outcome.code ? { code: outcome.code } : {}),
    ...(outcome.s === 'failed' ? { http } : {}),
    ...(outcome.msg ? { msg: outcome.msg } : {}),
    ...(item.gen ? { g: item.gen } : {}),
  };
}

/** What one row's answer means. */
export function verdictFor(
  item: WorkItem,
  status: number,
  client?: { id: string },
  problem?: Problem,
  location?: string,
  contentType?: string,
  policies: MatchPolicies = DEFAULT_POLICIES,
): Verdict {
  const gen = item.gen ? { g: item.gen } : {};
  // A redirect is the wrong address (a sign-in page, a proxy): no row will fare better.
  if (status >= 300 && status < 400) return { kind: 'fatal', error: redirectError(status, location) };
  if (status >= 200 && status < 300 && client) {
    return {
      kind: 'done',
      record: { t: 'done', r: item.row, s: 'created', id: client.id, inv: item.invite, ...gen },
    };
  }
  const code = problem?.code ?? `http-${status}`;
  if (status === 409 && code === 'email-taken') {
    const outcome = emailMatchOutcome(policies, problem?.samePerson, problem?.existingClientId);
    return { kind: 'done', record: matchRecord(item, outcome, status) };
  }
  if (status === 409 && code === 'duplicate-name') {
    return { kind: 'done', record: matchRecord(item, nameMatchOutcome(policies, problem?.existingClientId), status) };
  }
  if (status === 429) {
    return {
      kind: 'retry',
      throttle: true,
      code: 'rate-limited',
      http: status,
      message: 'the portal kept rate limiting',
    };
  }
  if (status >= 500 || (status === 409 && code === 'idempotency-key-in-flight')) {
    return { kind: 'retry', throttle: false, code, http: status, message: safeMessage(problem, `HTTP ${status}`) };
  }
  if (status === 401 || (status === 403 && (problem?.missingPermission ?? 'clients') === 'clients')) {
    // Said as every other command says it (a portal that sends no problem included).
    const said = problemError(status, problem ?? genericProblem(status, contentType));
    const error = new CliError(said.kind, said.message, {
      ...(said.problem ? { problem: said.problem } : {}),
      status,
      hint: `${(said.hint ?? 'ask a portal administrator').replace(/\.$/, '')}; then re-run the same command to resume`,
    });
    return { kind: 'fatal', error };
  }
  if (
    status === 409 &&
    (code === 'cams-already-linked' || code === 'ca-already-imported') &&
    problem?.existingClientId
  ) {
    return {
      kind: 'done',
      record: failed(item, code, status, safeMessage(problem, `HTTP ${status}`), false),
      linkedTo: problem.existingClientId,
    };
  }
  if (status === 422 && code === 'idempotency-key-reused') {
    return {
      kind: 'done',
      record: failed(item, code, status, 'this row was sent before with other content; re-run with --restart', false),
    };
  }
  return { kind: 'done', record: failed(item, code, status, safeMessage(problem, `HTTP ${status}`), false) };
}

class Stopped extends Error {}

/** Errors a retry cannot cure (a transport marks them `fatal`): they stop the run. */
function isFatal(error: unknown): error is Error {
  return error instanceof Error && (error as { fatal?: unknown }).fatal === true;
}

export async function runPipeline(
  items: AsyncIterable<WorkItem>,
  options: PipelineOptions,
  deps: PipelineDeps,
): Promise<PipelineResult> {
  const sleepRaw = deps.sleep ?? abortableSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const aimd = new Aimd(options.concurrency, now);
  const batchSize = Math.min(options.batchSize ?? BATCH_MAX_ITEMS, BATCH_MAX_ITEMS);
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? 8,
    baseMs: options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseMs,
    capMs: options.capDelayMs ?? DEFAULT_RETRY_POLICY.capMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
  };
  const maxAttempts = policy.maxAttempts;
  const maxThrottles = options.maxThrottles ?? 100;
  const unreachableMs = options.unreachableMs ?? 30_000;
  const policies = options.policies ?? DEFAULT_POLICIES;
  const send: SendOptions = { refuseNameMatch: policies.onNameMatch !== 'create' };
  /** undefined until the first batch answer says whether the portal offers the endpoint. */
  let batchSupported: boolean | undefined = options.batch ? undefined : false;
  let batchUsed = false;
  let throttled = 0;
  let retried = 0;
  let fatal: Error | undefined;
  let unreachable: PipelineResult['unreachable'];
  const halt = new AbortController();
  /**
   * Settles (undefined) when the portal is given up on: requests still on the wire are not waited
   * for (each could hang for the whole timeout); their rows stay in flight in the journal, and the
   * next run replays them with the same keys.
   */
  let abandon: () => void = () => {};
  const abandoned = new Promise<undefined>((resolve) => {
    abandon = () => resolve(undefined);
  });
  let waiting: (() => void) | undefined;
  /** Units waiting for a slot, first come first served: each is handed `true` with a slot, or `false` when stopped. */
  const slotQueue: ((granted: boolean) => void)[] = [];
  let grantTimer: NodeJS.Timeout | undefined;
  /**
   * Hands free slots to waiting units in turn (the slot is theirs when they wake: no unit wakes to
   * find it taken). During an AIMD pause it looks again when the pause is over.
   */
  const grantSlots = () => {
    if (halt.signal.aborted) {
      for (const waiter of slotQueue.splice(0)) waiter(false);
      return;
    }
    while (slotQueue.length && onWire < limitNow()) {
      const pause = aimd.pauseMs;
      if (pause > 0) {
        grantTimer ??= setTimeout(() => {
          grantTimer = undefined;
          grantSlots();
        }, pause);
        return;
      }
      onWire++;
      slotQueue.shift()!(true);
    }
  };
  /** Wakes the dispatcher and gives free slots to the units waiting for one. */
  const wake = () => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.();
    grantSlots();
  };
  const onStop = () => {
    if (!halt.signal.aborted) halt.abort(new Stopped('stopped'));
    wake();
  };
  if (deps.stop.aborted) onStop();
  else deps.stop.addEventListener('abort', onStop, { once: true });

  const sleep = async (ms: number) => {
    try {
      await sleepRaw(ms, halt.signal);
    } catch {
      throw new Stopped('stopped');
    }
  };
  /** The wait before retry number `attempt`: undefined when Retry-After is beyond the cap (the run stops). */
  const backoff = (attempt: number, retryAfterMs?: number) => retryDelayMs(attempt, retryAfterMs, policy, random);

  // ── the circuit breaker ──
  /** Answers that show the portal at work (any but a 5xx), counted. */
  let answers = 0;
  let lastAnswerAt = now();
  /** When the current run of failures (no answer, or 5xx) began; undefined after an answer. */
  let failingSince: number | undefined;
  const answered = (): void => {
    answers++;
    lastAnswerAt = now();
    failingSince = undefined;
  };
  /**
   * A request that got no answer (or a 5xx), started at `startedAt`. Trips the breaker when the
   * portal has not answered anything for `unreachableMs`. Returns the count of answers so far, for
   * `gaveUp`.
   */
  const noAnswer = (startedAt: number, message: string): number => {
    failingSince ??= Math.max(startedAt, lastAnswerAt);
    const silent = now() - failingSince;
    if (silent >= unreachableMs) trip(message, silent);
    return answers;
  };
  /** A request used up its attempts: with no answer to any request since its first failure, trip. */
  const gaveUp = (answersAtFirstFailure: number, message: string): boolean => {
    if (answers !== answersAtFirstFailure) return false;
    trip(message, now() - (failingSince ?? now()));
    return true;
  };
  const trip = (message: string, silentMs: number) => {
    if (halt.signal.aborted) return;
    unreachable = 'no-answer';
    abandon();
    fail(
      new CliError(
        'network',
        `portal unreachable: no answer for ${formatDuration(silentMs)} (last: ${message}); re-run the same command to resume`,
        { hint: 'check that the portal is running and reachable (--url); rows not sent are kept in the journal' },
      ),
    );
  };
  /** The portal asked for a wait beyond the cap: stop rather than sleep on it for an hour. */
  const tooLongWait = (retryAfterMs: number, http: number | undefined) => {
    if (halt.signal.aborted) return;
    unreachable = 'retry-after';
    abandon();
    fail(
      new CliError(
        http === 429 ? 'rate-limit' : 'server',
        `the portal asked to wait ${Math.ceil(retryAfterMs / 1000)} s${http ? ` (HTTP ${http})` : ''}, longer than portalctl waits (${formatDuration(policy.maxRetryAfterMs)}); re-run the same command after ${clockTime(now() + retryAfterMs)} to resume`,
        { hint: 'rows not sent are kept in the journal' },
      ),
    );
  };
  /** Long waits are said on stderr, once for all the requests waiting about as long. */
  let announcedUntil = Number.NEGATIVE_INFINITY;
  const announce = (ms: number, retryAfterMs: number | undefined) => {
    const until = now() + ms;
    const notice = waitNotice(ms, now(), retryAfterMs);
    if (!notice || until < announcedUntil + 5_000) return;
    announcedUntil = until;
    deps.onNotice?.(notice);
  };

  // ── in-order completion ──
  let nextSeq = 0;
  let flushSeq = 0;
  const finished = new Map<number, DoneRecord[]>();
  const complete = (seq: number, records: DoneRecord[]) => {
    finished.set(seq, records);
    while (finished.has(flushSeq)) {
      const batch = finished.get(flushSeq)!;
      finished.delete(flushSeq);
      flushSeq++;
      if (batch.length) deps.done(batch.sort((a, b) => a.r - b.r));
    }
    wake();
  };

  // ── slots: requests on the wire (at most the AIMD limit; one while probing for the batch route) ──
  let onWire = 0;
  const limitNow = () => (batchSupported === undefined && options.batch ? 1 : aimd.limit);
  /** Waits for a free slot; false when the run was stopped first. */
  function acquire(): Promise<boolean> {
    if (halt.signal.aborted) return Promise.resolve(false);
    if (!slotQueue.length && onWire < limitNow() && aimd.pauseMs === 0) {
      onWire++;
      return Promise.resolve(true);
    }
    const granted = new Promise<boolean>((resolve) => slotQueue.push(resolve));
    grantSlots();
    return granted;
  }
  /**
   * One HTTP exchange in a slot: `holding` when the caller already has one (a unit's first
   * attempt). The slot is given back as soon as the answer is received. Undefined when stopped
   * before a slot was free.
   */
  async function exchange<T>(
    holding: boolean,
    call: (received: () => void) => Promise<T>,
  ): Promise<{ value: T } | undefined> {
    if (!holding && !(await acquire())) return undefined;
    let released = false;
    const received = () => {
      if (released) return;
      released = true;
      onWire--;
      wake();
    };
    try {
      const answer = call(received);
      const first = await Promise.race([answer.then((value) => ({ value })), abandoned]);
      if (first === undefined) answer.catch(() => undefined);
      return first;
    } finally {
      received();
    }
  }
  // Units (a batch, or one row) started but not yet holding a slot: the dispatcher keeps one ready.
  let waitingUnits = 0;
  const windowUnits = () => Math.max(64, aimd.limit * 8);
  const mayDispatch = () => waitingUnits < 2 && nextSeq - flushSeq < windowUnits();

  const fail = (error: Error) => {
    fatal ??= error;
    onStop();
  };

  /** Sends items one request per row (used directly, and when a batch cannot be used). */
  async function sendSingles(units: WorkItem[], holding = false): Promise<DoneRecord[]> {
    const width = Math.max(1, Math.min(aimd.limit, 8));
    const results = await mapLimit(units, width, (item, index) => sendOne(item, holding && index === 0));
    return results.filter((r): r is DoneRecord => r !== undefined);
  }

  async function sendOne(item: WorkItem, holding = false): Promise<DoneRecord | undefined> {
    let attempts = 0;
    let throttles = 0;
    let first = holding;
    let answersAtFirstFailure: number | undefined;
    for (;;) {
      // The first attempt of a unit goes in the slot it holds (the journal already says the row is
      // on its way); a stop only prevents retries, leaving the row in flight for the next run.
      let verdict: Verdict;
      const startedAt = now();
      try {
        const sent = await exchange(first, (received) => deps.transport.createOne(item, received, send));
        first = false;
        if (!sent) return undefined;
        const answer = sent.value;
        verdict = verdictFor(
          item,
          answer.status,
          answer.client,
          answer.problem,
          answer.location,
          answer.contentType,
          policies,
        );
        if (verdict.kind === 'retry' && answer.retryAfterMs !== undefined) verdict.retryAfterMs = answer.retryAfterMs;
      } catch (error) {
        first = false;
        if (isFatal(error)) {
          fail(error);
          return undefined;
        }
        verdict = networkVerdict(error);
      }
      if (verdict.kind === 'retry' && !verdict.throttle && verdict.code !== 'idempotency-key-in-flight') {
        const seen = noAnswer(startedAt, verdict.message);
        answersAtFirstFailure ??= seen;
      } else answered();
      if (verdict.kind === 'done') {
        aimd.onSuccess();
        return settle(item, verdict);
      }
      if (verdict.kind === 'fatal') {
        fail(verdict.error);
        return undefined;
      }
      // Stopped (Ctrl-C, or the breaker): the row stays in flight, for the next run.
      if (halt.signal.aborted) return undefined;
      if (verdict.throttle) {
        throttled++;
        aimd.onThrottle(verdict.retryAfterMs === undefined ? undefined : verdict.retryAfterMs / 1000);
        if (++throttles > maxThrottles) return failed(item, verdict.code, verdict.http, verdict.message, true);
        if (!(await waitForRetry(Math.max(verdict.retryAfterMs ?? 1000, aimd.pauseMs), verdict))) return undefined;
      } else {
        if (++attempts >= maxAttempts) {
          if (answersAtFirstFailure !== undefined && gaveUp(answersAtFirstFailure, verdict.message)) return undefined;
          return failed(item, verdict.code, verdict.http, verdict.message, true);
        }
        retried++;
        if (!(await waitForRetry(backoff(attempts, verdict.retryAfterMs), verdict))) return undefined;
      }
      if (halt.signal.aborted) return undefined;
    }
  }

  /**
   * The wait before a retry (undefined: a Retry-After beyond the cap, which stops the run).
   * False when the run stopped instead.
   */
  async function waitForRetry(ms: number | undefined, verdict: Extract<Verdict, { kind: 'retry' }>): Promise<boolean> {
    if (ms === undefined || (verdict.retryAfterMs ?? 0) > policy.maxRetryAfterMs) {
      tooLongWait(verdict.retryAfterMs ?? 0, verdict.http);
      return false;
    }
    announce(ms, verdict.retryAfterMs);
    await sleepOrStop(ms);
    return !halt.signal.aborted;
  }

  /** The final record of a row, turning a CaMS link or a CA held by this very person into `existing`. */
  async function settle(item: WorkItem, verdict: Extract<Verdict, { kind: 'done' }>): Promise<DoneRecord> {
    if (!verdict.linkedTo || !options.sameClient) return verdict.record;
    try {
      if (await options.sameClient(item, verdict.linkedTo)) {
        return { t: 'done', r: item.row, s: 'existing', id: verdict.linkedTo, ...(item.gen ? { g: item.gen } : {}) };
      }
    } catch {
      // The lookup failed: keep the refusal, which is accurate (the CaMS client is linked).
    }
    return verdict.record;
  }

  async function sleepOrStop(ms: number): Promise<void> {
    try {
      await sleep(ms);
    } catch {
      // stopped: the caller sees halt.signal.aborted and leaves the row in flight
    }
  }

  function networkVerdict(error: unknown): Verdict {
    const code = (error as { code?: string })?.code ?? 'network';
    const message = error instanceof Error ? error.message : String(error);
    return {
      kind: 'retry',
      throttle: false,
      code: 'network',
      message: `no answer from the portal (${code}): ${message}`,
    };
  }

  async function sendBatch(units: WorkItem[], holding = false): Promise<DoneRecord[]> {
    const results: DoneRecord[] = [];
    let pending = units;
    let attempts = 0;
    let throttles = 0;
    let first = holding;
    let answersAtFirstFailure: number | undefined;
    while (pending.length) {
      let answer: Answer | undefined;
      let verdict: Verdict | undefined;
      const startedAt = now();
      try {
        const batch = pending;
        const sent = await exchange(first, (received) => deps.transport.createBatch(batch, received, send));
        first = false;
        if (!sent) return results;
        answer = sent.value;
      } catch (error) {
        first = false;
        if (isFatal(error)) {
          fail(error);
          return results;
        }
        verdict = networkVerdict(error);
      }
      if (answer) {
        const { status } = answer;
        if (status === 404 || status === 405) {
          if (batchSupported !== false) {
            deps.onNotice?.('the portal has no batch endpoint: sending one request per row');
            if (options.fallbackConcurrency) aimd.raiseMax(options.fallbackConcurrency);
          }
          batchSupported = false;
          wake();
          answered();
          return [...results, ...(await sendSingles(pending))];
        }
        if (status === 200 && answer.results) {
          batchSupported = true;
          batchUsed = true;
          wake();
          aimd.onSuccess();
          const again: WorkItem[] = [];
          let throttled: Verdict | undefined;
          // Items that all failed on the portal's side (5xx) count as no answer, for the breaker.
          let portalFailed = answer.results.length > 0;
          for (const result of answer.results) {
            const item = pending[result.index];
            if (!item) continue;
            const itemVerdict = verdictFor(
              item,
              result.status,
              result.client,
              result.problem,
              undefined,
              undefined,
              policies,
            );
            if (itemVerdict.kind !== 'retry' || itemVerdict.throttle || result.status < 500) portalFailed = false;
            if (itemVerdict.kind === 'done') results.push(await settle(item, itemVerdict));
            else if (itemVerdict.kind === 'fatal') {
              fail(itemVerdict.error);
              return results;
            } else {
              again.push(item);
              throttled = itemVerdict;
            }
          }
          if (portalFailed && throttled?.kind === 'retry') {
            const seen = noAnswer(startedAt, throttled.message);
            answersAtFirstFailure ??= seen;
          } else answered();
          const listed = new Set(answer.results.map((r) => r.index));
          pending.forEach((item, index) => {
            if (!listed.has(index)) again.push(item);
          });
          if (!again.length) return results;
          pending = again.sort((a, b) => a.row - b.row);
          verdict = throttled ?? {
            kind: 'retry',
            throttle: false,
            code: 'incomplete',
            message: 'the batch answer left items out',
          };
        } else if (status === 413 && pending.length > 1) {
          const half = Math.ceil(pending.length / 2);
          return [...results, ...(await sendBatch(pending.slice(0, half))), ...(await sendBatch(pending.slice(half)))];
        } else {
          const v = verdictFor(
            pending[0]!,
            status,
            undefined,
            answer.problem,
            answer.location,
            answer.contentType,
            policies,
          );
          if (v.kind === 'retry' && !v.throttle && v.code !== 'idempotency-key-in-flight') {
            const seen = noAnswer(startedAt, v.message);
            answersAtFirstFailure ??= seen;
          } else answered();
          if (v.kind === 'fatal') {
            fail(v.error);
            return results;
          }
          if (v.kind === 'done') {
            // The request as a whole was refused (not one item): let each row get its own answer.
            return [...results, ...(await sendSingles(pending))];
          }
          verdict = v;
          if (answer.retryAfterMs !== undefined) verdict.retryAfterMs = answer.retryAfterMs;
        }
      }
      if (!answer && verdict?.kind === 'retry') {
        const seen = noAnswer(startedAt, verdict.message);
        answersAtFirstFailure ??= seen;
      }
      if (halt.signal.aborted) return results;
      if (verdict?.kind !== 'retry') continue;
      if (verdict.throttle) {
        throttled++;
        aimd.onThrottle(verdict.retryAfterMs === undefined ? undefined : verdict.retryAfterMs / 1000);
        if (++throttles > maxThrottles) {
          const v = verdict;
          return [...results, ...pending.map((item) => failed(item, v.code, v.http, v.message, true))];
        }
        if (!(await waitForRetry(Math.max(verdict.retryAfterMs ?? 1000, aimd.pauseMs), verdict))) return results;
      } else {
        if (++attempts >= maxAttempts) {
          if (answersAtFirstFailure !== undefined && gaveUp(answersAtFirstFailure, verdict.message)) return results;
          const v = verdict;
          return [...results, ...pending.map((item) => failed(item, v.code, v.http, v.message, true))];
        }
        retried++;
        if (!(await waitForRetry(backoff(attempts, verdict.retryAfterMs), verdict))) return results;
      }
      if (halt.signal.aborted) return results;
    }
    return results;
  }

  async function processUnit(units: WorkItem[], stopWaiting: () => void): Promise<DoneRecord[]> {
    if (halt.signal.aborted) return [];
    // The journal says "sent" only once a slot is ours, so a stop never leaves queued rows marked.
    const acquired = await acquire();
    stopWaiting();
    if (!acquired) return [];
    try {
      await deps.sent(units);
    } catch (error) {
      onWire--;
      wake();
      throw error;
    }
    return batchSupported === false || !options.batch ? await sendSingles(units, true) : await sendBatch(units, true);
  }

  const running = new Set<Promise<void>>();
  const dispatch = async (units: WorkItem[]) => {
    while (!halt.signal.aborted && !mayDispatch()) await new Promise<void>((resolve) => (waiting = resolve));
    if (halt.signal.aborted) return;
    const seq = nextSeq++;
    waitingUnits++;
    let waitingDone = false;
    const stopWaiting = () => {
      if (waitingDone) return;
      waitingDone = true;
      waitingUnits--;
      wake();
    };
    const task = processUnit(units, stopWaiting)
      .then(
        (records) => {
          for (const record of records) deps.onOutcome?.(record);
          complete(seq, records);
        },
        (error: unknown) => {
          complete(seq, []);
          if (!(error instanceof Stopped)) fail(error instanceof Error ? error : new Error(String(error)));
        },
      )
      .finally(() => {
        stopWaiting();
        running.delete(task);
        wake();
      });
    running.add(task);
  };

  let chunk: WorkItem[] = [];
  const size = () => (batchSupported === false ? 1 : options.batch ? batchSize : 1);
  for await (const item of items) {
    if (halt.signal.aborted) break;
    chunk.push(item);
    if (chunk.length >= size()) {
      const units = chunk;
      chunk = [];
      await dispatch(units);
    }
  }
  if (chunk.length && !halt.signal.aborted) await dispatch(chunk);
  while (running.size) await Promise.race(running);
  if (grantTimer) clearTimeout(grantTimer);
  deps.stop.removeEventListener('abort', onStop);
  return {
    stopped: halt.signal.aborted,
    ...(fatal ? { fatal } : {}),
    ...(unreachable ? { unreachable } : {}),
    batchUsed,
    throttled,
    retried,
  };
}
