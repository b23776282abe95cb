// When and how long to wait before retrying an API request. Pure functions: the client injects
// `random` and `sleep`, so unit tests check the timing without waiting. The real sleep is here too,
// shared by the API client and the import pipeline.

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

/** The wait before retry number `retry` (1 = first retry): the backoff, but never less than Retry-After. */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): number {
  return Math.max(backoffMs(retry, policy, random), retryAfterMs ?? 0);
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
