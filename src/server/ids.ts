// Time-sortable ids (`cl_` + base36 milliseconds + counter + random), so cursor pagination can
// order by id alone and ids created in one millisecond still sort in creation order.
import { randomFillSync } from 'node:crypto';

export type IdGenerator = (prefix: string) => string;

// Random bytes come from one pool refilled 4 KiB at a time: a crypto call per id or token cost
// more than the rest of making it. Every byte is still from the CSPRNG and is used only once.
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** `size` fresh cryptographically random bytes (a view into the pool: use them before the next call). */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_SIZE) throw new RangeError(`at most ${POOL_SIZE} random bytes at a time`);
  if (poolOffset + size > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return bytes;
}

export function createIdGenerator(clock: () => Date): IdGenerator {
  let lastMs = 0;
  let counter = 0;
  return (prefix) => {
    const ms = clock().getTime();
    if (ms === lastMs) counter++;
    else {
      lastMs = ms;
      counter = 0;
    }
    const time = ms.toString(36).padStart(9, '0');
    const seq = counter.toString(36).padStart(4, '0');
    const rand = pooledRandomBytes(4).toString('hex');
    return `${prefix}_${time}${seq}${rand}`;
  };
}
