// A task on a client's file named on the command line: its id (tk_…) or its title (any case); on a
// terminal with none given, picked from the client's tasks the command applies to.
import type { ApiClient } from '../api/client.js';
import type { Deps } from '../command/deps.js';
import type { Client } from '../contract/schemas.js';
import { CliError, usageError } from '../errors.js';
import { resolveClient } from './resolve.js';
import { clientName } from './views/client.js';
import { type Task, taskStatusView } from './views/task.js';

export interface PickTaskOptions {
  client: Pick<Client, 'id' | 'firstName' | 'lastName' | 'preferredName'>;
  /** The argument that names the task, for errors and the prompt. */
  argument: string;
  message: string;
  /** Offer only the tasks in this state at the prompt. */
  status: Task['status'];
}

export async function pickTask(
  deps: Pick<Deps, 'prompter'>,
  api: ApiClient,
  value: string | undefined,
  options: PickTaskOptions,
): Promise<Task> {
  const given = value?.trim();
  if (!given && !deps.prompter.interactive) {
    throw usageError(
      `${options.argument} is required when not running interactively`,
      `pass a task id (tk_…) or title; portalctl clients tasks list ${options.client.id} lists them`,
    );
  }
  const { data } = await api.call('listTasks', { params: { id: options.client.id } });
  const who = `${clientName(options.client)} (${options.client.id})`;
  if (!given) {
    const candidates = data.filter((t) => t.status === options.status);
    if (candidates.length === 0) throw new CliError('not-found', `${who} has no ${options.status} task`);
    return deps.prompter.select<Task>({
      message: options.message,
      flag: options.argument,
      choices: candidates.map((t) => ({
        name: t.title,
        value: t,
        description: `${t.id} · for ${t.assignee === 'client' ? 'the client' : t.createdBy}${t.dueDate ? ` · due ${t.dueDate}` : ''}`,
      })),
    });
  }
  const wanted = given.toLowerCase();
  const byId = data.find((t) => t.id.toLowerCase() === wanted);
  if (byId) return byId;
  const byTitle = data.filter((t) => t.title.toLowerCase() === wanted);
  // Several tasks can share a title: prefer the ones the command applies to, and never guess between them.
  const applicable = byTitle.filter((t) => t.status === options.status);
  const matches = applicable.length ? applicable : byTitle;
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw usageError(
      `${options.argument}: ${who} has ${matches.length} tasks titled "${given}": ${matches.map((t) => t.id).join(', ')}`,
      'pass the task id instead',
    );
  }
  throw new CliError('not-found', `${options.argument}: ${who} has no task "${given}"`, {
    hint: `portalctl clients tasks list ${options.client.id} lists them`,
  });
}

/** What `clients tasks complete` and `reopen` say and do, by the state they lead to. */
const CHANGES = {
  done: {
    message: 'Which task is done?',
    from: 'open',
    route: 'completeTask',
    already: (task: Task, deps: Pick<Deps, 'out'>) =>
      `is already done${task.completedAt ? ` (since ${deps.out.time(task.completedAt)})` : ''}`,
    changed: 'marked done',
  },
  open: {
    message: 'Which task do you want to reopen?',
    from: 'done',
    route: 'reopenTask',
    already: () => 'is already open',
    changed: 'is open again',
  },
} as const;

/** Marks a task done or open again; a task already so is shown, said so, and left as it is. */
export async function setTaskStatus(
  deps: Deps,
  options: { client?: string | undefined; task?: string | undefined },
  to: Task['status'],
): Promise<void> {
  const change = CHANGES[to];
  deps.out.check(taskStatusView);
  const client = await resolveClient(deps, options.client, { message: 'Whose task?' });
  const api = await deps.api();
  const task = await pickTask(deps, api, options.task, {
    client,
    argument: '<task>',
    message: change.message,
    status: change.from,
  });
  if (task.status === to) {
    await deps.out.one(taskStatusView, task);
    deps.out.info(`Task ${task.id} ("${task.title}") ${change.already(task, deps)}; nothing changed`);
    return;
  }
  const updated = await api.call(change.route, { params: { id: client.id, taskId: task.id } });
  await deps.out.one(taskStatusView, updated);
  deps.out.success(`Task ${updated.id} ("${updated.title}") on ${clientName(client)} (${client.id}) ${change.changed}`);
}
