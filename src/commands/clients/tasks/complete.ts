// `portalctl clients tasks complete`: mark a task on a client's file done.
import * as z from 'zod';
import { arg, defineCommand } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { setTaskStatus } from '../../../io/resolve-task.js';

export default defineCommand({
  path: ['clients', 'tasks', 'complete'],
  summary: "Mark a task on a client's file done",
  description:
    "Mark a task on a client's file done (one staff created for themselves, or one assigned to the client, done on their behalf). The task is named by id or title; on a terminal, leave it out to pick from the open ones. A task already done is left as it is, and said so.",
  options: {
    client: clientArg(),
    task: arg('[task]', 'task id (tk_…) or title; on a terminal, leave it out to pick', z.string().min(1).optional()),
  },
  examples: [
    'portalctl clients tasks complete ada@example.org tk_01jq3v4w5x6y7z',
    'portalctl clients tasks complete ada@example.org "Upload an updated resume" --json',
    'portalctl clients tasks complete            # on a terminal: pick the client, then the open task',
  ],
  run: (options, deps) => setTaskStatus(deps, options, 'done'),
});
