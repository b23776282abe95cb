// `portalctl clients notes list`: a client's case notes, newest first, reasons for referral
// included (each change of the reasons is its own note, so the history is kept).
import type { Command } from 'commander';
import { z } from 'zod';
import { action, type Deps, examples, parseOptions } from '../../../deps.js';
import { resolveClient } from '../../../io/resolve.js';
import { noteView } from '../../../io/views/note.js';

export const NotesListOptionsSchema = z.object({
  client: z.string().min(1).optional(),
  kind: z.enum(['general', 'referral-reasons'], { message: 'must be general or referral-reasons' }).optional(),
});
export type NotesListOptions = z.output<typeof NotesListOptionsSchema>;

export function register(cmd: Command): void {
  cmd
    .description(
      "List a client's case notes, newest first. Reasons for referral are notes too (kind referral-reasons): each change is kept.",
    )
    .argument('[client]', 'client id (cl_…) or email address; on a terminal, leave it out to search')
    .option('--kind <kind>', 'only notes of this kind: general or referral-reasons')
    .addHelpText(
      'after',
      examples([
        'portalctl clients notes list ada@example.org',
        'portalctl clients notes list cl_01jq3v4w5x6y7z --kind referral-reasons --json',
      ]),
    )
    .action(
      action(async (deps, client: string | undefined, flags: Record<string, unknown>) => {
        await runNotesList(parseOptions(NotesListOptionsSchema, { ...flags, client }, { client: '<client>' }), deps);
      }),
    );
}

export async function runNotesList(options: NotesListOptions, deps: Deps): Promise<void> {
  deps.out.check(noteView);
  const client = await resolveClient(deps, options.client, { message: 'Whose case notes?' });
  const api = await deps.api();
  const { data } = await api.call('listNotes', { params: { id: client.id } });
  await deps.out.list(noteView, options.kind ? data.filter((n) => n.kind === options.kind) : data);
}
