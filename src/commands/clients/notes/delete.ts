// `portalctl clients notes delete`: remove a case note from a client's notes (its author, or an
// administrator). The note is hidden, not destroyed: it stays in the portal for the audit.
import * as z from 'zod';
import { arg, defineCommand } from '../../../command/define.js';
import { clientArg, dryRunFlag } from '../../../command/shared-options.js';
import { confirmAction } from '../../../io/confirm.js';
import { resolveClient } from '../../../io/resolve.js';
import { pickNote } from '../../../io/resolve-note.js';
import { clientName } from '../../../io/views/client.js';
import { noteView } from '../../../io/views/note.js';

export default defineCommand({
  path: ['clients', 'notes', 'delete'],
  summary: 'Delete a case note (its author or an administrator)',
  description:
    "Delete a case note: it is no longer listed, and stays in the portal for the audit. Only the note's author or an administrator may; reasons for referral keep their history and are not deleted. Confirms on a terminal; pass --yes otherwise.",
  options: {
    client: clientArg(),
    note: arg('[note]', 'case note id (nt_…); on a terminal, leave it out to pick', z.string().min(1).optional()),
    ...dryRunFlag('show the note that would be deleted; delete nothing'),
  },
  examples: [
    'portalctl clients notes delete ada@example.org nt_01jq3v4w5x6y7z --dry-run',
    'portalctl clients notes delete ada@example.org nt_01jq3v4w5x6y7z --yes',
    'portalctl clients notes delete cl_01jq3v4w5x6y7z nt_01jq3v4w5x6y7z --yes --json',
    'portalctl clients notes delete            # on a terminal: pick the client and your note, confirm',
  ],
  async run(options, deps) {
    deps.out.check(noteView);
    const client = await resolveClient(deps, options.client, { message: 'Whose case note?' });
    const api = await deps.api();
    const note = await pickNote(deps, api, client, options.note, { message: 'Which note?', change: 'delete' });
    if (options.dryRun) {
      await deps.out.one(noteView, note);
      deps.out.info(`Would delete note ${note.id} of ${clientName(client)} (${client.id}); nothing was changed`);
      return;
    }
    await confirmAction(deps, {
      message: `Delete note ${note.id} of ${clientName(client)}? (The portal keeps it for the audit.)`,
      consequence: `this deletes note ${note.id} from the case notes of ${clientName(client)} (${client.id})`,
    });
    const deleted = await api.call('deleteNote', { params: { id: client.id, noteId: note.id } });
    await deps.out.one(noteView, deleted);
    deps.out.success(
      `Note ${deleted.id} of ${clientName(client)} (${client.id}) deleted; the portal keeps it for the audit`,
    );
  },
});
