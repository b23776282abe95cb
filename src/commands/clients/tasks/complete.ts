// `portalctl clients tasks complete`: mark a task on a client's file done.
import * as z from 'zod';
import { arg, defineCommand } from '../../../command/define.js';
import { clientArg } from '../../../command/shared-options.js';
import { resolveClient } from '../../../io/resolve.js';
import { pickTask } from '../../../io/resolve-task.js';
import { clientName } from '../../../io/views/client.js';
import { taskStatusView } from '../../../io/views/task.js';

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
  async run(options, deps) {
    deps.out.check(taskStatusView);
    const client = await resolveClient(deps, options.client, { message: 'Whose task?' });
    const api = await deps.api();
    const task = await pickTask(deps, api, options.task, {
      client,
      argument: '<task>',
      message: 'Which task is done?',
      status: 'open',
    });
    if (task.status === 'done') {
      await deps.out.one(taskStatusView, task);
      deps.out.info(`Task ${task.id} ("${task.title}") is already done (since ${task.completedAt}); nothing changed`);
      return;
    }
    const updated = await api.call('completeTask', { params: { id: client.id, taskId: task.id } });
    await deps.out.one(taskStatusView, updated);
    deps.out.success(`Task ${updated.id} ("${updated.title}") on ${clientName(client)} (${client.id}) marked done`);
  },
});
