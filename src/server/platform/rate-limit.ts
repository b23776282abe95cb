// A fixed one-second window per token: simple to reason about from a client's side (the quota
// resets at the next second) and cheap (one map entry per token seen in the current second).
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (RateLimit-Reset and, when refused, Retry-After). */
  resetSeconds: number;
}

export type RateLimiter = (key: string, nowMs: number) => RateLimitDecision;

export function createRateLimiter(limit: number): RateLimiter {
  let window = -1;
  let counts = new Map<string, number>();
  return (key, nowMs) => {
    const current = Math.floor(nowMs / 1000);
    if (current !== window) {
      window = current;
      counts = new Map();
    }
    const used = (counts.get(key) ?? 0) + 1;
    counts.set(key, used);
    const resetSeconds = Math.max(1, Math.ceil(((current + 1) * 1000 - nowMs) / 1000));
    return { allowed: used <= limit, limit, remaining: Math.max(0, limit - used), resetSeconds };
  };
}
