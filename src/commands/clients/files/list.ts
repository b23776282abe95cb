// `portalctl clients files list`: a client's files (the Files tab), newest first.
import { defineCommand } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { resolveClient } from '../../../io/resolve.js';
import { fileView } from '../../../io/views/file.js';

export default defineCommand({
  path: ['clients', 'files', 'list'],
  summary: "List a client's files",
  description:
    "List a client's files (resumes, receipts, pay stubs: PDF and Word documents), newest first: id, name, type, size, when and by whom uploaded. --fields sha256 shows each file's SHA-256.",
  options: {
    client: clientArg(),
  },
  examples: [
    'portalctl clients files list ada@example.org',
    'portalctl clients files list cl_01jq3v4w5x6y7z --json',
    'portalctl clients files list ada@example.org --fields id,name,sha256 -o tsv',
  ],
  async run(options, deps) {
    deps.out.check(fileView);
    const client = await resolveClient(deps, options.client, { message: 'Whose files? (type a name or email)' });
    const api = await deps.api();
    const { data } = await api.call('listClientFiles', { params: { id: client.id } });
    await deps.out.list(fileView, data);
  },
});
