// Identity of rows across runs and machines: per-run secret, idempotency keys derived from it,
// compact fingerprints for in-file duplicate detection, and the shard a row belongs to.
import { createHash, createHmac, randomBytes } from 'node:crypto';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * How a run derives its Idempotency-Keys, kept in its journal so that a resumed run sends the keys
 * it started with:
 * - 1: a prefix + HMAC(secret, what the key is for).
 * - 2: a prefix + a tag of the run + the item's place in the run + that HMAC. A run's keys sort in
 *   the order it sends them, so the portal's index of keys grows at one end (for a batch of 100
 *   rows, one or two index pages written) instead of taking every key at a random place.
 * Either way nothing per item is stored and a re-run derives the same key.
 */
export type KeyScheme = 1 | 2;

/** The keys of one run: `prefix`, then (scheme 2) the run's tag from `runLabel` and the place. */
function runKeys(secret: string, prefix: string, runLabel: string, scheme: KeyScheme) {
  const mac = (message: string) => createHmac('sha256', secret).update(message).digest('base64url');
  if (scheme === 1) return (_place: number, message: string) => `${prefix}${mac(message).slice(0, 40)}`;
  const tag = mac(runLabel).slice(0, 8);
  return (place: number, message: string) =>
    `${prefix}${tag}${place.toString(36).padStart(8, '0')}${mac(message).slice(0, 32)}`;
}

export type RowKeyDeriver = (row: number, naturalKey: string, generation?: number) => string;

/**
 * An import's keys (the journal's version, its run record's `v`): `imp_`, by row and natural key.
 * `generation` changes the key when --retry-failed deliberately tries a refused row again (the
 * portal would otherwise replay the stored refusal).
 */
export function rowKeyDeriver(secret: string, scheme: KeyScheme): RowKeyDeriver {
  const key = runKeys(secret, 'imp_', 'portalctl-import/run', scheme);
  return (row, naturalKey, generation = 0) => key(row, `portalctl-import/v1\n${generation}\n${naturalKey}`);
}

export type BulkKeyDeriver = (clientId: string, position: number, attempt: number) => string;

/**
 * A bulk action's keys (its journal's run line's `keys`; a journal without one is scheme 1):
 * `blk_`, by the client's place among the run's targets and its id. `attempt` (how many outcomes
 * the client had in earlier complete runs) changes the key, so a deliberate new attempt is not
 * answered with the portal's replay of the last one.
 */
export function bulkKeyDeriver(secret: string, action: string, scheme: KeyScheme): BulkKeyDeriver {
  const key = runKeys(secret, 'blk_', `portalctl-bulk/run\n${action}`, scheme);
  return (clientId, position, attempt) =>
    key(position, `portalctl-bulk/v1\n${action}\n${attempt ? `${clientId}#${attempt + 1}` : clientId}`);
}

/** The key of a seed entry's create: from its kind, its name in the fixture and its content. */
export function seedIdempotencyKey(kind: string, name: string, contentHash: string): string {
  const digest = createHash('sha256').update(`portalctl-seed/v1\n${kind}\n${name}\n${contentHash}`).digest('base64url');
  return `seed_${digest.slice(0, 40)}`;
}

export interface Fingerprint {
  hi: number;
  lo: number;
}

/** MurmurHash3 (x86, 32-bit) of a string's UTF-16 code units. */
function murmur3(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 64-bit fingerprint of a natural key (two independently seeded 32-bit hashes), computed in
 * plain arithmetic: one per row of a million-row file, so no hash object is allocated for it.
 */
export function fingerprint(naturalKey: string): Fingerprint {
  return { hi: murmur3(naturalKey, 0x9747b28c), lo: murmur3(naturalKey, 0x5bd1e995) };
}

/**
 * Shard of a row for `--shard K/N` (K is 1-based): by a hash of its natural key, independent of
 * any secret so every machine agrees; rows with no natural key (invalid ones) go by row number.
 */
export function shardOf(naturalKey: string | undefined, row: number, count: number): number {
  if (count <= 1) return 1;
  if (naturalKey === undefined) return ((row - 1) % count) + 1;
  const digest = createHash('sha256').update(`shard\n${naturalKey}`).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function parseShard(value: string): { index: number; count: number } | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count || count > 10_000) return undefined;
  return { index, count };
}

/**
 * A set of 64-bit fingerprints with the row each was first seen on, in flat typed arrays (12 bytes
 * a slot, at most 70% full: about 17 MB for a million distinct rows, against well over 100 MB for
 * a Set of the email strings). Two different emails share a 64-bit fingerprint with a chance of
 * about 1 in 3.7e7 in a file of a million rows.
 */
export class FingerprintSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private rows: Uint32Array;
  private capacity: number;
  size = 0;

  /** Sized for `expected` keys at a load of at most 0.7 (grows by half when that is passed). */
  constructor(expected = 1024) {
    this.capacity = Math.max(16, Math.ceil(expected / 0.7));
    this.hi = new Uint32Array(this.capacity);
    this.lo = new Uint32Array(this.capacity);
    this.rows = new Uint32Array(this.capacity);
  }

  get bytes(): number {
    return this.hi.byteLength + this.lo.byteLength + this.rows.byteLength;
  }

  private slot(hi: number, lo: number): number {
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0;
    i %= this.capacity;
    while (this.rows[i] !== 0 && (this.hi[i] !== hi || this.lo[i] !== lo)) i = i + 1 === this.capacity ? 0 : i + 1;
    return i;
  }

  /** Adds the fingerprint; returns the row it was first seen on (0 when new). */
  add(fp: Fingerprint, row: number): number {
    const i = this.slot(fp.hi, fp.lo);
    if (this.rows[i] !== 0) return this.rows[i]!;
    this.hi[i] = fp.hi;
    this.lo[i] = fp.lo;
    this.rows[i] = row;
    this.size++;
    if (this.size > this.capacity * 0.7) this.grow();
    return 0;
  }

  private grow(): void {
    const { hi, lo, rows } = this;
    this.capacity = Math.ceil(this.capacity * 1.5);
    this.hi = new Uint32Array(this.capacity);
    this.lo = new Uint32Array(this.capacity);
    this.rows = new Uint32Array(this.capacity);
    for (let j = 0; j < rows.length; j++) {
      if (rows[j] === 0) continue;
      const i = this.slot(hi[j]!, lo[j]!);
      this.hi[i] = hi[j]!;
      this.lo[i] = lo[j]!;
      this.rows[i] = rows[j]!;
    }
  }
}

/** One byte per row, growing as rows arrive (a million rows: 1 MB). */
export class RowBytes {
  private data = new Uint8Array(1024);
  length = 0;

  get(row: number): number {
    return row < this.data.length ? this.data[row]! : 0;
  }

  set(row: number, value: number): void {
    if (row >= this.data.length) {
      let capacity = this.data.length;
      while (capacity <= row) capacity *= 2;
      const next = new Uint8Array(capacity);
      next.set(this.data);
      this.data = next;
    }
    this.data[row] = value;
    if (row + 1 > this.length) this.length = row + 1;
  }
}
