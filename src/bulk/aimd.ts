// Additive-increase / multiplicative-decrease concurrency: a 429 halves the requests in flight and
// pauses sending until Retry-After has passed; each window of successes (as many as the current
// limit) adds one back, up to the configured maximum.
export class Aimd {
  private limitValue: number;
  private successes = 0;
  private pausedUntil = 0;

  constructor(
    private maxValue: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxValue) || maxValue < 1) {
      throw new RangeError('concurrency must be a whole number of 1 or more');
    }
    this.limitValue = maxValue;
  }

  get max(): number {
    return this.maxValue;
  }

  /** A new, higher ceiling (the limit climbs to it additively, as after a 429). */
  raiseMax(max: number): void {
    if (max > this.maxValue) this.maxValue = max;
  }

  get limit(): number {
    return this.limitValue;
  }

  /** Milliseconds to wait before sending anything (0 when not paused). */
  get pauseMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  onSuccess(): void {
    if (this.limitValue >= this.maxValue) return;
    this.successes++;
    if (this.successes >= this.limitValue) {
      this.successes = 0;
      this.limitValue++;
    }
  }

  /** A 429: halve (at least 1) and pause for Retry-After (seconds) when the portal gave one. */
  onThrottle(retryAfterSeconds?: number): void {
    this.limitValue = Math.max(1, Math.floor(this.limitValue / 2));
    this.successes = 0;
    const pause = (retryAfterSeconds ?? 1) * 1000;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + pause);
  }
}
