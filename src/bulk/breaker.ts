// The send pass's circuit breaker: a portal that stops answering stops the run, when no request
// has had an answer for `unreachableMs`, or one request used up its attempts with no answer to
// any request meanwhile; so does a Retry-After beyond the API client's cap. Rows not finished then
// stay in flight in the journal (pending), never "failed".
import { formatDuration } from '../api/client.js';
import { clockTime } from '../api/retry.js';
import { CliError } from '../errors.js';

export type Unreachable = 'no-answer' | 'retry-after';

export interface BreakerOptions {
  now(): number;
  unreachableMs: number;
  maxRetryAfterMs: number;
  /** The run must stop: `error` says why. */
  trip(error: CliError, why: Unreachable): void;
}

export class Breaker {
  /** Answers that show the portal at work (any but a 5xx), counted. */
  private answers = 0;
  private lastAnswerAt: number;
  /** When the current run of failures (no answer, or 5xx) began; undefined after an answer. */
  private failingSince: number | undefined;

  constructor(private readonly options: BreakerOptions) {
    this.lastAnswerAt = options.now();
  }

  answered(): void {
    this.answers++;
    this.lastAnswerAt = this.options.now();
    this.failingSince = undefined;
  }

  /**
   * A request that got no answer (or a 5xx), started at `startedAt`. Trips when the portal has not
   * answered anything for `unreachableMs`. Returns the count of answers so far, for `gaveUp`.
   */
  noAnswer(startedAt: number, message: string): number {
    const now = this.options.now();
    this.failingSince ??= Math.max(startedAt, this.lastAnswerAt);
    const silent = now - this.failingSince;
    if (silent >= this.options.unreachableMs) this.noAnswerFor(message, silent);
    return this.answers;
  }

  /** A request used up its attempts: with no answer to any request since its first failure, trip. */
  gaveUp(answersAtFirstFailure: number, message: string): boolean {
    if (this.answers !== answersAtFirstFailure) return false;
    const now = this.options.now();
    this.noAnswerFor(message, now - (this.failingSince ?? now));
    return true;
  }

  /** The portal asked for a wait beyond the cap: stop rather than sleep on it for an hour. */
  tooLongWait(retryAfterMs: number, http: number | undefined): void {
    const { maxRetryAfterMs, now } = this.options;
    this.options.trip(
      new CliError(
        http === 429 ? 'rate-limit' : 'server',
        `the portal asked to wait ${Math.ceil(retryAfterMs / 1000)} s${http ? ` (HTTP ${http})` : ''}, longer than portalctl waits (${formatDuration(maxRetryAfterMs)}); re-run the same command after ${clockTime(now() + retryAfterMs)} to resume`,
        { hint: 'rows not sent are kept in the journal' },
      ),
      'retry-after',
    );
  }

  private noAnswerFor(message: string, silentMs: number): void {
    this.options.trip(
      new CliError(
        'network',
        `portal unreachable: no answer for ${formatDuration(silentMs)} (last: ${message}); re-run the same command to resume`,
        { hint: 'check that the portal is running and reachable (--url); rows not sent are kept in the journal' },
      ),
      'no-answer',
    );
  }
}
