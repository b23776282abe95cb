// A view declares, once per resource, the columns every output format uses. Adding a resource's
// output is adding one file under src/io/views/ (see views/client.ts):
//
//   export const noteView = defineView<Note>({
//     name: 'note',
//     id: (n) => n.id,
//     columns: [
//       { key: 'id', header: 'ID', value: (n) => n.id },
//       { key: 'createdAt', header: 'CREATED', value: (n) => n.createdAt },
//       { key: 'text', header: 'TEXT', value: (n) => n.text },
//     ],
//     defaults: ['id', 'createdAt', 'text'],
//   });
//
// `key` is the name for --fields and the CSV/TSV header; when it is also a top-level key of the
// API object, --json --fields keeps the API value as is.
import type { ChalkInstance } from 'chalk';
import type { ZodType } from 'zod';

export type Cell = string | number | boolean | null | undefined | readonly string[];

export interface Column<T> {
  key: string;
  /** Table header (upper case by convention). */
  header: string;
  value: (item: T) => Cell;
  /** Optional colour for table cells on a terminal. */
  color?: (text: string, item: T, c: ChalkInstance) => string;
  /** The value is an ISO timestamp: tables show it in local time (machine formats keep it). */
  time?: true;
  /** The value is the id (or ids) of this kind of record: tables show its name (machine formats keep the id). */
  ref?: RefKind;
  /** How a person reads the value (words for an enum); machine formats keep the value. */
  show?: (value: string) => string;
  /** Free text (a name, a note, a reason): a table too wide for the terminal wraps it at spaces. Names of `ref` columns wrap too. */
  wrap?: true;
}

/** Records whose ids a table shows by name. */
export type RefKind = 'provider' | 'staff' | 'portal' | 'job';

export interface View<T> {
  /** Singular resource name, for messages ("no clients match"). */
  name: string;
  plural?: string;
  id: (item: T) => string;
  columns: readonly Column<T>[];
  /** Keys shown when --fields is not given. */
  defaults: readonly string[];
  /** The API object's schema (built when read): --fields also takes any of its fields, dotted for nested ones. */
  schema?: () => ZodType;
  /** `get` on a terminal: the record in labelled sections of column keys (else every column). */
  sections?: readonly { title: string; keys: readonly string[] }[];
  /** Keys of the columns a table leaves out first when the terminal is too narrow (then from the right). */
  hideFirst?: readonly string[];
}

export function defineView<T>(view: View<T>): View<T> {
  const keys = [...view.defaults, ...(view.sections ?? []).flatMap((s) => s.keys)];
  for (const key of keys) {
    if (!view.columns.some((c) => c.key === key)) throw new Error(`view ${view.name}: ${key} is not a column`);
  }
  return view;
}

/** A cell as text: lists joined with "; ", nothing for null. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}
