// `portalctl clients notes list`: a client's case notes, newest first.
import * as z from 'zod';
import { defineCommand, flag } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { resolveClient } from '../../../io/resolve.js';
import { noteView } from '../../../io/views/note.js';

export default defineCommand({
  path: ['clients', 'notes', 'list'],
  summary: "List a client's case notes",
  description:
    "List a client's case notes, newest first. Reasons for referral are notes too (kind referral-reasons): each change is kept.",
  options: {
    client: clientArg(),
    kind: flag(
      '--kind <kind>',
      'only notes of this kind: general or referral-reasons',
      z.enum(['general', 'referral-reasons'], { message: 'must be general or referral-reasons' }).optional(),
    ),
  },
  examples: [
    'portalctl clients notes list ada@example.org',
    'portalctl clients notes list cl_01jq3v4w5x6y7z --kind referral-reasons --json',
  ],
  async run(options, deps) {
    deps.out.check(noteView);
    const client = await resolveClient(deps, options.client, { message: 'Whose case notes?' });
    const api = await deps.api();
    const { data } = await api.call('listNotes', { params: { id: client.id } });
    await deps.out.list(noteView, options.kind ? data.filter((n) => n.kind === options.kind) : data);
  },
});
