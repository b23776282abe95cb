// Every field of a resource's JSON object, for --fields: top-level keys and dotted paths into
// nested objects ("referral.source", "invite.status"), read from the contract's schema; and
// setting such a path when --fields picks nested fields for JSON.
import * as z from 'zod';
import { innerSchema } from '../contract/paths.js';

/** The field paths of an object schema; a union of objects (a link of several kinds) gives every kind's. */
export function schemaPaths(schema: z.ZodType, prefix = ''): string[] {
  const inner = innerSchema(schema);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, value]) => {
      const path = `${prefix}${key}`;
      const nested = schemaPaths(value, `${path}.`);
      return nested.length > 0 ? [path, ...nested] : [path];
    });
  }
  if (inner instanceof z.ZodUnion || inner instanceof z.ZodDiscriminatedUnion) {
    return [...new Set((inner.options as z.ZodType[]).flatMap((option) => schemaPaths(option, prefix)))];
  }
  return [];
}

/** Sets a dotted path in a plain object, making the objects on the way. */
export function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let current = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (!next || typeof next !== 'object') current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[keys[keys.length - 1]!] = value;
}
