// Time-sortable ids (`cl_` + base36 milliseconds + counter + random), so cursor pagination can
// order by id alone and ids created in one millisecond still sort in creation order.
import { randomBytes } from 'node:crypto';

export type IdGenerator = (prefix: string) => string;

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
    const rand = randomBytes(5).toString('hex').slice(0, 8);
    return `${prefix}_${time}${seq}${rand}`;
  };
}
