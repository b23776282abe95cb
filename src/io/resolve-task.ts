// A task on a client's file named on the command line: its id (tk_…) or its title (any case); on a
// terminal with none given, picked from the client's tasks the command applies to.
import type { ApiClient } from '../api/client.js';
import type { Deps } from '../command/deps.js';
import type { Client } from '../contract/schemas.js';
import { CliError, usageError } from '../errors.js';
import { clientName } from './views/client.js';
import type { Task } from './views/task.js';

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
