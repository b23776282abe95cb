// How a case note shows (clients notes list|add).
import type { z } from 'zod';
import type { NoteSchema } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export type Note = z.output<ReturnType<typeof NoteSchema>>;

/** Kinds of note as the portal's screens name them. */
const KINDS: Record<string, string> = { general: 'General', 'referral-reasons': 'Reasons for referral' };

export const noteView = defineView<Note>({
  name: 'note',
  id: (n) => n.id,
  columns: [
    { key: 'id', header: 'ID', value: (n) => n.id, color: (t, _n, k) => k.cyan(t) },
    { key: 'clientId', header: 'CLIENT', value: (n) => n.clientId },
    {
      key: 'kind',
      header: 'KIND',
      value: (n) => n.kind,
      show: (v) => KINDS[v] ?? v,
      wrap: true,
      color: (t, n, k) => (n.kind === 'referral-reasons' ? k.yellow(t) : t),
    },
    { key: 'createdAt', header: 'CREATED', value: (n) => n.createdAt, time: true },
    { key: 'createdBy', header: 'BY', value: (n) => n.createdBy, ref: 'staff' },
    { key: 'text', header: 'TEXT', value: (n) => n.text, wrap: true },
  ],
  defaults: ['id', 'createdAt', 'kind', 'createdBy', 'text'],
});
