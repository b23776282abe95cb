import { describe, expect, it } from 'vitest';
import { Aimd } from '../../../src/bulk/aimd.js';

describe('AIMD concurrency', () => {
  it('halves on a 429, never below 1, and pauses for Retry-After', () => {
    let now = 1000;
    const aimd = new Aimd(16, () => now);
    aimd.onThrottle(2);
    expect(aimd.limit).toBe(8);
    expect(aimd.pauseMs).toBe(2000);
    now += 1500;
    expect(aimd.pauseMs).toBe(500);
    for (let i = 0; i < 10; i++) aimd.onThrottle();
    expect(aimd.limit).toBe(1);
  });

  it('adds one per window of successes as large as the limit, up to the maximum', () => {
    const aimd = new Aimd(6);
    aimd.onThrottle(0);
    aimd.onThrottle(0);
    expect(aimd.limit).toBe(1);
    aimd.onSuccess();
    expect(aimd.limit).toBe(2);
    aimd.onSuccess();
    expect(aimd.limit).toBe(2);
    aimd.onSuccess();
    expect(aimd.limit).toBe(3);
    for (let i = 0; i < 100; i++) aimd.onSuccess();
    expect(aimd.limit).toBe(6);
  });

  it('climbs to a raised ceiling additively', () => {
    const aimd = new Aimd(4);
    aimd.raiseMax(6);
    expect(aimd.max).toBe(6);
    for (let i = 0; i < 4; i++) aimd.onSuccess();
    expect(aimd.limit).toBe(5);
    aimd.raiseMax(2);
    expect(aimd.max).toBe(6);
  });

  it('refuses a concurrency below 1', () => {
    expect(() => new Aimd(0)).toThrow(/at least|1 or more/);
  });
});
