// When and how long to wait before retrying an API request: the one rule of the API client and
// the import pipeline alike. Pure functions: callers inject `random`, `sleep` and the clock, so
// unit tests check the timing without waiting. The real sleep is here too.

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Backoff ceiling of the first retry; doubles each attempt (full jitter picks in [0, ceiling)). */
  baseMs: number;
  /** Largest backoff ceiling. */
  capMs: number;
  /** A Retry-After longer than this is not waited for: the error is reported instead. */
  maxRetryAfterMs: number;
}

/** Waits at least this long are announced on stderr ("portal asked to wait 60 s; retrying at 10:42:05"). */
export const ANNOUNCE_WAIT_MS = 5_000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseMs: 250,
  capMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(retry-1))). */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as milliseconds from `nowMs`: delta-seconds ("120") or an HTTP-date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"). Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * The wait before retry number `retry` (1 = first retry): the backoff, but never less than
 * Retry-After. Undefined when the portal asked for a longer wait than `policy.maxRetryAfterMs`:
 * that wait is not made, the caller reports the answer instead.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return undefined;
  return Math.max(backoffMs(retry, policy, random), retryAfterMs ?? 0);
}

/** "10:42:05", local time: when a wait that started at `nowMs` ends. */
export function clockTime(atMs: number): string {
  const at = new Date(atMs);
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * What to say on stderr before a wait of `waitMs` (nothing for a short one): the portal's own
 * Retry-After, or the backoff after failures.
 */
export function waitNotice(waitMs: number, nowMs: number, retryAfterMs: number | undefined): string | undefined {
  if (waitMs < ANNOUNCE_WAIT_MS) return undefined;
  const seconds = Math.ceil(waitMs / 1000);
  const why =
    retryAfterMs !== undefined && retryAfterMs >= waitMs
      ? `portal asked to wait ${seconds} s`
      : `the portal is failing; waiting ${seconds} s`;
  return `${why}; retrying at ${clockTime(nowMs + waitMs)}`;
}

/** GET/PUT/DELETE are safe to repeat; a POST only when an Idempotency-Key makes the repeat a replay. */
export function isRetryableMethod(method: string, hasIdempotencyKey: boolean): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE') return true;
  return method === 'POST' && hasIdempotencyKey;
}

/** 429, and server errors that may pass (not 501, which will not). */
export function isRetryableStatus(status: number, problemCode?: string): boolean {
  if (status === 429) return true;
  // The first request with this key is still running on the server: ask again shortly for its answer.
  if (status === 409 && problemCode === 'idempotency-key-in-flight') return true;
  return status >= 500 && status !== 501 && status !== 505;
}

/** The real wait between attempts: `ms`, cut short by `signal`, which rejects with its reason. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
