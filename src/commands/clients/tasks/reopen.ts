// `portalctl clients tasks reopen`: reopen a task that was marked done.
import * as z from 'zod';
import { arg, defineCommand } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { resolveClient } from '../../../io/resolve.js';
import { pickTask } from '../../../io/resolve-task.js';
import { clientName } from '../../../io/views/client.js';
import { taskStatusView } from '../../../io/views/task.js';

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
  async run(options, deps) {
    deps.out.check(taskStatusView);
    const client = await resolveClient(deps, options.client, { message: 'Whose task?' });
    const api = await deps.api();
    const task = await pickTask(deps, api, options.task, {
      client,
      argument: '<task>',
      message: 'Which task do you want to reopen?',
      status: 'done',
    });
    if (task.status === 'open') {
      await deps.out.one(taskStatusView, task);
      deps.out.info(`Task ${task.id} ("${task.title}") is already open; nothing changed`);
      return;
    }
    const updated = await api.call('reopenTask', { params: { id: client.id, taskId: task.id } });
    await deps.out.one(taskStatusView, updated);
    deps.out.success(`Task ${updated.id} ("${updated.title}") on ${clientName(client)} (${client.id}) is open again`);
  },
});
