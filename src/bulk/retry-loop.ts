// The one retry loop of the send pass, for a row and for a batch alike, on the API client's rule
// (src/api/retry.ts): the same backoff, the same cap on Retry-After. 429s are counted apart (each
// lowers the concurrency, AIMD) from failures (network, 5xx, a key still in flight), which use up
// attempts; a request that used them all with no answer to any request meanwhile stops the run.
import { type RetryPolicy, retryDelayMs } from '../api/retry.js';
import type { RetryVerdict } from './verdict.js';

/** One attempt: finished, stopped (the run stops, or a fatal error), or to be retried. */
export type Attempt<T> =
  | { kind: 'done'; value: T }
  | { kind: 'stopped' }
  | {
      kind: 'retry';
      verdict: RetryVerdict;
      /** Answers the breaker had seen when this attempt got none (a failure on the portal's side). */
      answersSeen?: number | undefined;
    };

/** How the attempts ended: finished, stopped, or out of attempts (the rows fail, retryable). */
export type Ending<T> = Exclude<Attempt<T>, { kind: 'retry' }> | { kind: 'exhausted'; verdict: RetryVerdict };

export const STOPPED = { kind: 'stopped' } as const;

export interface RetryRules {
  policy: RetryPolicy;
  /** 429 answers tolerated per request before its rows count as failed. */
  maxThrottles: number;
  random(): number;
  stopped(): boolean;
  /** A 429: counted, and the concurrency lowered. */
  throttled(retryAfterMs: number | undefined): void;
  /** The AIMD pause now in force (a 429 is not retried before it ends). */
  pauseMs(): number;
  /** A failure is about to be retried: counted. */
  retrying(): void;
  /** The breaker's verdict on a request out of attempts: true when it stopped the run. */
  gaveUp(answersAtFirstFailure: number, message: string): boolean;
  /** The wait before a retry (undefined: Retry-After beyond the cap); false when the run stopped instead. */
  wait(ms: number | undefined, verdict: RetryVerdict): Promise<boolean>;
}

export async function withRetries<T>(rules: RetryRules, attempt: () => Promise<Attempt<T>>): Promise<Ending<T>> {
  let attempts = 0;
  let throttles = 0;
  let answersAtFirstFailure: number | undefined;
  for (;;) {
    const step = await attempt();
    if (step.kind !== 'retry') return step;
    answersAtFirstFailure ??= step.answersSeen;
    const { verdict } = step;
    // Stopped (Ctrl-C, or the breaker): the rows stay in flight, for the next run.
    if (rules.stopped()) return STOPPED;
    let wait: number | undefined;
    if (verdict.throttle) {
      rules.throttled(verdict.retryAfterMs);
      if (++throttles > rules.maxThrottles) return { kind: 'exhausted', verdict };
      wait = Math.max(verdict.retryAfterMs ?? 1000, rules.pauseMs());
    } else {
      if (++attempts >= rules.policy.maxAttempts) {
        if (answersAtFirstFailure !== undefined && rules.gaveUp(answersAtFirstFailure, verdict.message)) return STOPPED;
        return { kind: 'exhausted', verdict };
      }
      rules.retrying();
      wait = retryDelayMs(attempts, verdict.retryAfterMs, rules.policy, rules.random);
    }
    if (!(await rules.wait(wait, verdict)) || rules.stopped()) return STOPPED;
  }
}
