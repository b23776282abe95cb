// `portalctl clients notes edit`: change the text of a case note (its author, or an administrator).
// The audit log keeps the previous text.
import * as z from 'zod';
import { arg, defineCommand, flag } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { NoteUpdateSchema } from '../../../contract/schemas.js';
import { resolveClient } from '../../../io/resolve.js';
import { pickNote } from '../../../io/resolve-note.js';
import { textFromFlag } from '../../../io/stdin.js';
import { clientName } from '../../../io/views/client.js';
import { noteView } from '../../../io/views/note.js';

const NoteText = NoteUpdateSchema().shape.text;

export default defineCommand({
  path: ['clients', 'notes', 'edit'],
  summary: 'Edit a case note (its author or an administrator)',
  description:
    "Replace the text of a case note. Only the note's author or an administrator may; the audit log keeps the previous text. Reasons for referral keep their history and are not edited: give new ones with clients edit --reasons. On a terminal, leave out the note to pick one of yours, and --text to edit the current text.",
  options: {
    client: clientArg(),
    note: arg('[note]', 'case note id (nt_…); on a terminal, leave it out to pick', z.string().min(1).optional()),
    text: flag('--text <text>', 'the new text; - reads it from standard input', NoteText.optional()),
  },
  examples: [
    'portalctl clients notes edit ada@example.org nt_01jq3v4w5x6y7z --text "Called; starts the forklift course on Tuesday"',
    'portalctl clients notes edit cl_01jq3v4w5x6y7z nt_01jq3v4w5x6y7z --text - < corrected-note.txt',
    'portalctl clients notes edit              # on a terminal: pick the client and your note, edit its text',
  ],
  async run(options, deps) {
    deps.out.check(noteView);
    const client = await resolveClient(deps, options.client, { message: 'Whose case note?' });
    const api = await deps.api();
    const note = await pickNote(deps, api, client, options.note, { message: 'Which note?', change: 'edit' });
    const given = await textFromFlag(deps, options.text, { flag: '--text', what: 'the note', schema: NoteText });
    const text =
      given ??
      (
        await deps.prompter.input({
          message: 'Note',
          flag: '--text',
          default: note.text,
          validate: (v) => (v.trim() ? true : 'the note must not be empty'),
        })
      ).trim();
    const updated = await api.call('updateNote', { params: { id: client.id, noteId: note.id }, body: { text } });
    await deps.out.one(noteView, updated);
    if (updated.text === note.text) deps.out.info(`Note ${note.id} already says that; nothing changed`);
    else
      deps.out.success(
        `Note ${note.id} of ${clientName(client)} (${client.id}) edited; the audit log keeps the previous text`,
      );
  },
});
