// Fault knobs for testing clients against a misbehaving portal. All are off unless set. The draws
// come from a seeded generator (--fault-seed), so a failing run can be replayed with its seed;
// `random` is injectable so tests choose exactly which requests fail.
export interface FaultOptions {
  /** Share of /v1 requests answered 500 or 503 (with Retry-After: 1) without running the handler. */
  failRate?: number;
  /** Share of /v1 requests whose connection is destroyed before the handler runs. */
  resetRate?: number;
  /** Share of mutating /v1 requests that run and commit, then lose their connection. */
  dropAfterCommitRate?: number;
  /** Delay before each /v1 handler, in milliseconds. */
  latencyMs?: number;
  /** Seed of the draws (a whole number, 0 to 2^32-1); ignored when `random` is given. */
  faultSeed?: number;
  random?: () => number;
}

export const MAX_FAULT_SEED = 2 ** 32 - 1;

/** A seed for a run that was given none (printed, so that the run can be replayed). */
export function randomFaultSeed(): number {
  return Math.floor(Math.random() * (MAX_FAULT_SEED + 1));
}

/**
 * Mulberry32: a small, fast 32-bit generator; the same seed gives the same draws. Enough for
 * choosing which requests fail, not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
  const seed = options.faultSeed;
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > MAX_FAULT_SEED)) {
    throw new RangeError(`faultSeed must be a whole number from 0 to ${MAX_FAULT_SEED}`);
  }
  const random = options.random ?? seededRandom(seed ?? randomFaultSeed());
  return {
    enabled: failRate > 0 || resetRate > 0 || dropRate > 0 || latencyMs > 0,
    reset: () => resetRate > 0 && random() < resetRate,
    fail: () => (failRate > 0 && random() < failRate ? (random() < 0.5 ? 500 : 503) : 0),
    dropAfterCommit: () => dropRate > 0 && random() < dropRate,
    latencyMs,
  };
}
