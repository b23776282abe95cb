// `portalctl clients notes add`: add a case note to a client's file.
import { defineCommand, flag } from '../../../command/define.js';
import { clientArg, idempotencyKeyFlag } from '../../../command/shared-options.js';
import { NoteCreateSchema } from '../../../contract/schemas.js';
import { resolveClient } from '../../../io/resolve.js';
import { textFromFlag } from '../../../io/stdin.js';
import { clientName } from '../../../io/views/client.js';
import { noteView } from '../../../io/views/note.js';

const NoteText = NoteCreateSchema().shape.text;

export default defineCommand({
  path: ['clients', 'notes', 'add'],
  summary: 'Add a case note',
  description: "Add a case note to a client's file. To change the reasons for referral, use clients edit --reasons.",
  options: {
    client: clientArg(),
    text: flag('--text <text>', 'the note; - reads it from standard input', NoteText.optional()),
    ...idempotencyKeyFlag(),
  },
  examples: [
    'portalctl clients notes add ada@example.org --text "Called; starts the forklift course on Monday"',
    'portalctl clients notes add cl_01jq3v4w5x6y7z --text "Resume reviewed" --json',
    'portalctl clients notes add ada@example.org --text - < call-notes.txt',
  ],
  async run(options, deps) {
    deps.out.check(noteView);
    const client = await resolveClient(deps, options.client, { message: 'Which client is the note about?' });
    const given = await textFromFlag(deps, options.text, { flag: '--text', what: 'the note', schema: NoteText });
    const text =
      given ??
      (
        await deps.prompter.input({
          message: 'Note',
          flag: '--text',
          validate: (v) => (v.trim() ? true : 'the note must not be empty'),
        })
      ).trim();
    const api = await deps.api();
    const note = await api.call(
      'createNote',
      { params: { id: client.id }, body: { text } },
      { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
    );
    await deps.out.one(noteView, note);
    deps.out.success(`Note ${note.id} added to ${clientName(client)} (${client.id})`);
  },
});
