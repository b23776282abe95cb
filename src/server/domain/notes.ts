// Case notes. Reasons for referral are notes too (kind `referral-reasons`): each new reason adds a
// note, so the referral history is kept, never overwritten, and those notes are neither edited nor
// deleted. A general note may be edited or deleted by its author or an administrator: an edit
// keeps the previous text in the audit log; a delete hides the note, which stays for the audit.
import type { z } from 'zod';
import type { NoteSchema } from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { ProblemError } from '../context.js';
import { loadClient } from './client-store.js';
import { allRows, type Ctx, getRow, isAdmin, newId, notFound, nowIso, prep } from './common.js';

type Note = z.output<ReturnType<typeof NoteSchema>>;
type NoteKind = Note['kind'];

interface NoteRow {
  id: string;
  client_id: string;
  kind: NoteKind;
  text: string;
  created_at: string;
  created_by: string | null;
  updated_at: string | null;
  updated_by: string | null;
  deleted_at: string | null;
  deleted_by: string | null;
}

function rowToNote(row: NoteRow): Note {
  return {
    id: row.id,
    clientId: row.client_id,
    kind: row.kind,
    text: row.text,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by,
  };
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
    updatedAt: null,
    updatedBy: null,
    deletedAt: null,
    deletedBy: null,
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

/** Newest first; deleted notes are hidden. */
export function listNotes(ctx: Ctx, clientId: string): { data: Note[] } {
  const client = loadClient(ctx, clientId);
  const rows = allRows<NoteRow>(
    prep(ctx.db, 'SELECT * FROM notes WHERE client_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, seq DESC'),
    client.id,
  );
  return { data: rows.map(rowToNote) };
}

/** A note of the client the caller may change: its author's or, for an administrator, any general note. */
function changeableNote(ctx: Ctx, clientId: string, noteId: string, change: 'edit' | 'delete'): NoteRow {
  const client = loadClient(ctx, clientId);
  const row = getRow<NoteRow>(
    prep(ctx.db, 'SELECT * FROM notes WHERE client_id = ? AND id = ? AND deleted_at IS NULL'),
    client.id,
    noteId,
  );
  if (!row) throw notFound(`no case note ${noteId} on client ${client.id}`);
  if (row.kind === 'referral-reasons') {
    throw new ProblemError(
      409,
      'note-referral-reasons',
      'Reasons for referral keep their history',
      `note ${row.id} holds reasons for referral, whose history is kept: it cannot be ${change === 'edit' ? 'edited' : 'deleted'}`,
      { hint: 'give the new reasons as a change to the client (referral.reasons): they are added as a new note' },
    );
  }
  if (row.created_by !== ctx.principal.staffId && !isAdmin(ctx.principal)) {
    throw new ProblemError(
      403,
      'not-note-author',
      'Forbidden',
      `only the note's author (${row.created_by ?? 'the portal'}) may ${change} it`,
      { missingPermission: 'administrator' },
    );
  }
  return row;
}

/** Replaces the text of a note; the audit log keeps the previous text. The same text changes nothing. */
export function updateNote(ctx: Ctx, clientId: string, noteId: string, text: string): Note {
  const row = changeableNote(ctx, clientId, noteId, 'edit');
  if (row.text === text) return rowToNote(row);
  const previousText = row.text;
  row.text = text;
  row.updated_at = nowIso(ctx);
  row.updated_by = ctx.principal.staffId;
  prep(ctx.db, 'UPDATE notes SET text = ?, updated_at = ?, updated_by = ? WHERE client_id = ? AND id = ?').run(
    row.text,
    row.updated_at,
    row.updated_by,
    row.client_id,
    row.id,
  );
  recordAudit(ctx, {
    action: 'client.note.edit',
    entityType: 'client',
    entityId: row.client_id,
    detail: { noteId: row.id, previousText },
  });
  return rowToNote(row);
}

/** Hides a note from the client's notes; the note stays in the database for the audit. */
export function deleteNote(ctx: Ctx, clientId: string, noteId: string): Note {
  const row = changeableNote(ctx, clientId, noteId, 'delete');
  row.deleted_at = nowIso(ctx);
  row.deleted_by = ctx.principal.staffId;
  prep(ctx.db, 'UPDATE notes SET deleted_at = ?, deleted_by = ? WHERE client_id = ? AND id = ?').run(
    row.deleted_at,
    row.deleted_by,
    row.client_id,
    row.id,
  );
  recordAudit(ctx, {
    action: 'client.note.delete',
    entityType: 'client',
    entityId: row.client_id,
    detail: { noteId: row.id },
  });
  return rowToNote(row);
}
