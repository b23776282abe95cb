import { describe, expect, it } from 'vitest';
import {
  FingerprintSet,
  fingerprint,
  newSecret,
  parseShard,
  RowBytes,
  rowIdempotencyKey,
  shardOf,
} from '../../../src/bulk/keys.js';

describe('idempotency keys', () => {
  it('derive the same key from the same secret and natural key, and differ otherwise', () => {
    const secret = newSecret();
    const key = rowIdempotencyKey(secret, 'email:ada@example.org');
    expect(key).toBe(rowIdempotencyKey(secret, 'email:ada@example.org'));
    expect(key).toMatch(/^imp_[A-Za-z0-9_-]{40}$/);
    expect(rowIdempotencyKey(secret, 'email:grace@example.org')).not.toBe(key);
    expect(rowIdempotencyKey(newSecret(), 'email:ada@example.org')).not.toBe(key);
    expect(rowIdempotencyKey(secret, 'email:ada@example.org', 1)).not.toBe(key);
    expect(key).not.toContain('ada');
  });
});

describe('sharding', () => {
  it('splits rows so that the union of all shards is every row, with no overlap', () => {
    const count = 4;
    const seen = new Map<number, number>();
    const sizes = new Array(count + 1).fill(0);
    for (let row = 1; row <= 2000; row++) {
      const key = row % 10 === 0 ? undefined : `email:person${row}@example.org`;
      const shard = shardOf(key, row, count);
      expect(shard).toBeGreaterThanOrEqual(1);
      expect(shard).toBeLessThanOrEqual(count);
      expect(seen.has(row)).toBe(false);
      seen.set(row, shard);
      sizes[shard]++;
    }
    expect(seen.size).toBe(2000);
    for (let k = 1; k <= count; k++) expect(sizes[k]).toBeGreaterThan(400);
    // Deterministic: every machine agrees.
    expect(shardOf('email:a@example.org', 5, 7)).toBe(shardOf('email:a@example.org', 999, 7));
  });

  it('parses K/N', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('0/4')).toBeUndefined();
    expect(parseShard('5/4')).toBeUndefined();
    expect(parseShard('two')).toBeUndefined();
  });
});

describe('FingerprintSet', () => {
  it('remembers the first row of each key, through growth', () => {
    const set = new FingerprintSet(4);
    for (let i = 1; i <= 5000; i++) expect(set.add(fingerprint(`email:p${i}@example.org`), i)).toBe(0);
    expect(set.size).toBe(5000);
    expect(set.add(fingerprint('email:p42@example.org'), 9000)).toBe(42);
    expect(set.add(fingerprint('email:p4999@example.org'), 9001)).toBe(4999);
    expect(set.size).toBe(5000);
    expect(set.add(fingerprint('email:nobody@example.org'), 9002)).toBe(0);
    expect(set.size).toBe(5001);
    // 12 bytes a slot, at most 70% full after growing by half.
    expect(set.bytes).toBeLessThanOrEqual(Math.ceil((5000 / 0.7) * 1.5 * 12) + 64);
  });
});

describe('RowBytes', () => {
  it('grows as rows arrive and reads 0 for rows never set', () => {
    const rows = new RowBytes();
    rows.set(5, 3);
    rows.set(100_000, 7);
    expect(rows.get(5)).toBe(3);
    expect(rows.get(100_000)).toBe(7);
    expect(rows.get(6)).toBe(0);
    expect(rows.get(10_000_000)).toBe(0);
    expect(rows.length).toBe(100_001);
  });
});
