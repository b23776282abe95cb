// `portalctl clients tasks reopen`: reopen a task that was marked done.
import * as z from 'zod';
import { arg, defineCommand } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { setTaskStatus } from '../../../io/resolve-task.js';

export default defineCommand({
  path: ['clients', 'tasks', 'reopen'],
  summary: 'Reopen a task that was marked done',
  description:
    "Reopen a task on a client's file that was marked done: it is open again, and the audit log keeps both changes. The task is named by id or title; on a terminal, leave it out to pick from the done ones. A task already open is left as it is, and said so.",
  options: {
    client: clientArg(),
    task: arg('[task]', 'task id (tk_…) or title; on a terminal, leave it out to pick', z.string().min(1).optional()),
  },
  examples: [
    'portalctl clients tasks reopen ada@example.org tk_01jq3v4w5x6y7z',
    'portalctl clients tasks reopen cl_01jq3v4w5x6y7z "Upload an updated resume" --json',
    'portalctl clients tasks reopen              # on a terminal: pick the client, then the done task',
  ],
  run: (options, deps) => setTaskStatus(deps, options, 'open'),
});
