// Case notes. Reasons for referral are notes too (kind `referral-reasons`): each new reason adds a
// note, so the referral history is kept, never overwritten.
import type { z } from 'zod';
import type { NoteSchema } from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { loadClient } from './client-store.js';
import { allRows, type Ctx, newId, nowIso, prep } from './common.js';

type Note = z.output<typeof NoteSchema>;
type NoteKind = Note['kind'];

interface NoteRow {
  id: string;
  client_id: string;
  kind: NoteKind;
  text: string;
  created_at: string;
  created_by: string | null;
}

/** Writes a note (no audit: the caller records the change the note belongs to). */
export function addNote(
  ctx: Pick<Ctx, 'db' | 'clock' | 'principal'>,
  clientId: string,
  kind: NoteKind,
  text: string,
): Note {
  const note: Note = {
    id: newId(ctx, 'nt'),
    clientId,
    kind,
    text,
    createdAt: nowIso(ctx),
    createdBy: ctx.principal.staffId,
  };
  prep(ctx.db, 'INSERT INTO notes (id, client_id, kind, text, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(
    note.id,
    note.clientId,
    note.kind,
    note.text,
    note.createdAt,
    note.createdBy,
  );
  return note;
}

export function createNote(ctx: Ctx, clientId: string, text: string): Note {
  const client = loadClient(ctx, clientId);
  const note = addNote(ctx, client.id, 'general', text);
  recordAudit(ctx, {
    action: 'client.note.create',
    entityType: 'client',
    entityId: client.id,
    detail: { noteId: note.id },
  });
  return note;
}

/** Newest first. */
export function listNotes(ctx: Ctx, clientId: string): { data: Note[] } {
  const client = loadClient(ctx, clientId);
  const rows = allRows<NoteRow>(
    prep(ctx.db, 'SELECT * FROM notes WHERE client_id = ? ORDER BY created_at DESC, seq DESC'),
    client.id,
  );
  return {
    data: rows.map((row) => ({
      id: row.id,
      clientId: row.client_id,
      kind: row.kind,
      text: row.text,
      createdAt: row.created_at,
      createdBy: row.created_by,
    })),
  };
}
