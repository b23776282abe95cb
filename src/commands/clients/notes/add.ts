// `portalctl clients notes add`: add a case note to a client's file.
import type { Command } from 'commander';
import * as z from 'zod';
import { action, examples } from '../../../command/commander.js';
import { parseOptions } from '../../../command/define.js';
import type { Deps } from '../../../command/deps.js';
import { IdempotencyKeySchema } from '../../../command/shared-options.js';
import { NoteCreateSchema } from '../../../contract/schemas.js';
import { resolveClient } from '../../../io/resolve.js';
import { textFromFlag } from '../../../io/stdin.js';
import { clientName } from '../../../io/views/client.js';
import { noteView } from '../../../io/views/note.js';

const NoteText = NoteCreateSchema.shape.text;

export const NotesAddOptionsSchema = z.object({
  client: z.string().min(1).optional(),
  /** `-` reads the note from standard input. */
  text: NoteText.optional(),
  idempotencyKey: IdempotencyKeySchema.optional(),
});
export type NotesAddOptions = z.output<typeof NotesAddOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description("Add a case note to a client's file. To change the reasons for referral, use clients edit --reasons.")
    .argument('[client]', 'client id (cl_…) or email address; on a terminal, leave it out to search')
    .option('--text <text>', 'the note; - reads it from standard input')
    .option('--idempotency-key <key>', 'reuse a key to retry safely: the portal replays the first answer')
    .addHelpText(
      'after',
      examples([
        'portalctl clients notes add ada@example.org --text "Called; starts the forklift course on Monday"',
        'portalctl clients notes add cl_01jq3v4w5x6y7z --text "Resume reviewed" --json',
        'portalctl clients notes add ada@example.org --text - < call-notes.txt',
      ]),
    )
    .action(
      action(async (deps, client: string | undefined, flags: Record<string, unknown>) => {
        await runNotesAdd(parseOptions(NotesAddOptionsSchema, { ...flags, client }, { client: '<client>' }), deps);
      }),
    );
}

export async function runNotesAdd(options: NotesAddOptions, deps: Deps): Promise<void> {
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
}
