// `portalctl clients tasks list`: a client's tasks, open and done, for staff and for the client.
import * as z from 'zod';
import { defineCommand, flag } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { resolveClient } from '../../../io/resolve.js';
import { taskStatusView } from '../../../io/views/task.js';

export default defineCommand({
  path: ['clients', 'tasks', 'list'],
  summary: "List a client's tasks, open and done",
  description:
    "List the tasks on a client's file, newest first: those staff created for themselves (FOR self, by CREATED BY) and those assigned to the client (FOR client), open and done. --status narrows to one.",
  options: {
    client: clientArg(),
    status: flag(
      '--status <status>',
      'open, done or all',
      z.enum(['open', 'done', 'all'], { message: 'must be open, done or all' }).default('all'),
    ),
    for: flag(
      '--for <who>',
      'only tasks for staff (self) or for the client (client)',
      z.enum(['self', 'client'], { message: 'must be self or client' }).optional(),
    ),
  },
  examples: [
    'portalctl clients tasks list ada@example.org',
    'portalctl clients tasks list cl_01jq3v4w5x6y7z --status open --for client --json',
  ],
  async run(options, deps) {
    deps.out.check(taskStatusView);
    const client = await resolveClient(deps, options.client, { message: 'Whose tasks?' });
    const api = await deps.api();
    const { data } = await api.call('listTasks', {
      params: { id: client.id },
      query: options.status === 'all' ? {} : { status: options.status },
    });
    await deps.out.list(taskStatusView, options.for ? data.filter((t) => t.assignee === options.for) : data);
  },
});
