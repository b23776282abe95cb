// Fault knobs for testing clients against a misbehaving portal. All are off unless set; `random`
// is injectable so tests choose exactly which requests fail.
export interface FaultOptions {
  /** Share of /v1 requests answered 500 or 503 (with Retry-After: 1) without running the handler. */
  failRate?: number;
  /** Share of /v1 requests whose connection is destroyed before the handler runs. */
  resetRate?: number;
  /** Share of mutating /v1 requests that run and commit, then lose their connection. */
  dropAfterCommitRate?: number;
  /** Delay before each /v1 handler, in milliseconds. */
  latencyMs?: number;
  random?: () => number;
}

export interface Faults {
  enabled: boolean;
  reset(): boolean;
  /** 0 for no failure, else the status to answer (500 or 503). */
  fail(): 0 | 500 | 503;
  dropAfterCommit(): boolean;
  latencyMs: number;
}

function checkRate(name: string, value: number | undefined): number {
  const rate = value ?? 0;
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new RangeError(`${name} must be between 0 and 1`);
  return rate;
}

export function createFaults(options: FaultOptions): Faults {
  const failRate = checkRate('failRate', options.failRate);
  const resetRate = checkRate('resetRate', options.resetRate);
  const dropRate = checkRate('dropAfterCommitRate', options.dropAfterCommitRate);
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new RangeError('latencyMs must be 0 or more');
  const random = options.random ?? Math.random;
  return {
    enabled: failRate > 0 || resetRate > 0 || dropRate > 0 || latencyMs > 0,
    reset: () => resetRate > 0 && random() < resetRate,
    fail: () => (failRate > 0 && random() < failRate ? (random() < 0.5 ? 500 : 503) : 0),
    dropAfterCommit: () => dropRate > 0 && random() < dropRate,
    latencyMs,
  };
}
