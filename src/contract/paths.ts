// Reading the contract's schemas and objects by field: the schema inside its wrappers, and the
// value at a dotted path ("referral.source"). Shared by the CLI (--fields, messages) and the
// server (the audit's old and new values).
import type * as z from 'zod';

/** The schema inside optional / default / nullable / prefault wrappers and pipes' input side. */
export function innerSchema(schema: z.ZodType): z.ZodType {
  let current = schema as z.ZodType & { def: { innerType?: z.ZodType; in?: z.ZodType } };
  for (;;) {
    const { innerType, in: input } = current.def;
    if (['optional', 'default', 'nullable', 'prefault'].includes(current.type) && innerType) {
      current = innerType as typeof current;
    } else if (current.type === 'pipe' && input) {
      current = input as typeof current;
    } else return current;
  }
}

/** The value at a dotted path, or undefined. */
export function valueAt(item: unknown, path: string): unknown {
  let current: unknown = item;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
