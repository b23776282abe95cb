import { describe, expect, it } from 'vitest';
import {
  bulkKeyDeriver,
  FingerprintSet,
  fingerprint,
  newSecret,
  parseShard,
  RowBytes,
  rowKeyDeriver,
  shardOf,
} from '../../../src/bulk/keys.js';

describe('idempotency keys', () => {
  it('derive the same key from the same secret, row and natural key, and differ otherwise', () => {
    const secret = newSecret();
    const keyOf = rowKeyDeriver(secret, 2);
    const key = keyOf(7, 'email:ada@example.org');
    expect(key).toBe(rowKeyDeriver(secret, 2)(7, 'email:ada@example.org'));
    expect(key).toMatch(/^imp_[A-Za-z0-9_-]{48}$/);
    expect(keyOf(7, 'email:grace@example.org')).not.toBe(key);
    expect(keyOf(8, 'email:ada@example.org')).not.toBe(key);
    expect(rowKeyDeriver(newSecret(), 2)(7, 'email:ada@example.org')).not.toBe(key);
    expect(keyOf(7, 'email:ada@example.org', 1)).not.toBe(key);
    expect(key).not.toContain('ada');
  });

  it('sort in row order within a run (the portal indexes them at one end)', () => {
    const keyOf = rowKeyDeriver(newSecret(), 2);
    const rows = [1, 2, 9, 10, 35, 36, 99, 100, 1_000, 65_535, 1_000_000, 2_000_000_000];
    const keys = rows.map((row, i) => keyOf(row, `email:person${rows.length - i}@example.org`));
    expect([...keys].sort()).toEqual(keys);
  });

  it('keep the first scheme for journals written with it, so their imports resume with the same keys', () => {
    const secret = 'fixed-secret-for-a-version-1-journal';
    const key = rowKeyDeriver(secret, 1)(3, 'email:ada@example.org');
    // HMAC-SHA256(secret, "portalctl-import/v1\n0\nemail:ada@example.org"), base64url, first 40 characters.
    expect(key).toBe('imp_DEkM2-fcoN--7cmt62q6IaPaxM9ld5yw9Pxhmi3D');
    expect(rowKeyDeriver(secret, 1)(4, 'email:ada@example.org')).toBe(key);
  });
});

describe("a bulk action's idempotency keys", () => {
  it('derive the same key from the same secret, action, client, place and attempt, and differ otherwise', () => {
    const secret = newSecret();
    const keyOf = bulkKeyDeriver(secret, 'invite.resend', 2);
    const key = keyOf('cl_000006', 3, 0);
    expect(key).toBe(bulkKeyDeriver(secret, 'invite.resend', 2)('cl_000006', 3, 0));
    expect(key).toMatch(/^blk_[A-Za-z0-9_-]{48}$/);
    expect(keyOf('cl_000007', 3, 0)).not.toBe(key);
    expect(keyOf('cl_000006', 3, 1)).not.toBe(key);
    expect(bulkKeyDeriver(secret, 'client.archive', 2)('cl_000006', 3, 0)).not.toBe(key);
    expect(bulkKeyDeriver(newSecret(), 'invite.resend', 2)('cl_000006', 3, 0)).not.toBe(key);
  });

  it('sort in the order a run sends them (the portal indexes them at one end)', () => {
    const keyOf = bulkKeyDeriver(newSecret(), 'invite.resend', 2);
    const places = [0, 1, 9, 10, 35, 36, 99, 100, 9_999, 65_535, 1_000_000];
    const keys = places.map((place) => keyOf(`cl_${String(places.length * 7 - place).padStart(6, '0')}`, place, 0));
    expect([...keys].sort()).toEqual(keys);
  });

  it('keep the first scheme for journals written with it, so their runs resume with the same keys', () => {
    const keyOf = bulkKeyDeriver('fixed-secret-for-a-version-1-journal', 'invite.resend', 1);
    // HMAC-SHA256(secret, "portalctl-bulk/v1\ninvite.resend\ncl_000006"), base64url, first 40 characters.
    expect(keyOf('cl_000006', 5, 0)).toBe('blk_K2onHYMOfP1LlvtCEefY_q9GmTTEefoD_ms1SpEh');
    // A second attempt: the same of "cl_000006#2".
    expect(keyOf('cl_000006', 0, 1)).toBe('blk_Le8S-z9vkUZIH0af_KhC5mW6QNY5L_ThSERjEvVL');
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
