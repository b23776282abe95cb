// How often the server asks its worker for a WAL checkpoint (src/server/platform/checkpointer.ts).
import { describe, expect, it } from 'vitest';
import { nextInterval } from '../../../src/server/platform/checkpointer.js';

describe('checkpoint interval', () => {
  it('waits for twice as many commits while they write little, up to 512', () => {
    // One request a commit writes about 25 frames: 32 commits, 800 frames.
    expect(nextInterval(32, 800)).toBe(64);
    expect(nextInterval(64, 1600)).toBe(128);
    // 3,200 frames: more than half the target of 4,000, not over it.
    expect(nextInterval(128, 3200)).toBe(128);
    expect(nextInterval(512, 100)).toBe(512);
  });

  it('goes back to 32 commits once they write more than 4,000 frames between two checkpoints', () => {
    // A batch of 100 clients writes about 240 frames.
    expect(nextInterval(32, 32 * 240)).toBe(32);
    expect(nextInterval(128, 4001)).toBe(32);
  });
});
