// `portalctl clients tasks add`: a task on a client's file, for oneself or assigned to the client.
import * as z from 'zod';
import { defineCommand, flag } from '../../../command/define.js';
import { clientArg, idempotencyKeyFlag } from '../../../command/shared-options.js';
import { TaskCreateSchema } from '../../../contract/schemas.js';
import { resolveClient } from '../../../io/resolve.js';
import { clientName } from '../../../io/views/client.js';
import { taskView } from '../../../io/views/task.js';

export default defineCommand({
  path: ['clients', 'tasks', 'add'],
  summary: 'Create a task for yourself or the client',
  description:
    "Create a task on a client's file: for yourself (--for self, the default) or assigned to the client (--for client), with an optional due date.",
  options: {
    client: clientArg(),
    title: flag('--title <text>', 'what is to be done', TaskCreateSchema().shape.title.optional()),
    due: flag(
      '--due <date>',
      'due date, YYYY-MM-DD',
      z.iso.date({ message: 'must be a date like 2026-12-01' }).optional(),
    ),
    for: flag(
      '--for <who>',
      'self (you) or client (the client does it)',
      z.enum(['self', 'client'], { message: 'must be self or client' }).optional(),
    ),
    ...idempotencyKeyFlag(),
  },
  examples: [
    'portalctl clients tasks add ada@example.org --title "Call about the forklift course" --due 2026-12-01',
    'portalctl clients tasks add cl_01jq3v4w5x6y7z --title "Upload your resume" --for client --json',
  ],
  async run(options, deps) {
    deps.out.check(taskView);
    const client = await resolveClient(deps, options.client, { message: 'Which client is the task for?' });
    const guided = !options.title;
    const title =
      options.title ??
      (
        await deps.prompter.input({
          message: 'Task',
          flag: '--title',
          validate: (v) =>
            !v.trim() ? 'a title is required' : v.trim().length > 200 ? 'at most 200 characters' : true,
        })
      ).trim();
    let due = options.due;
    let assignee = options.for;
    if (guided) {
      due ??=
        (
          await deps.prompter.input({
            message: 'Due date (YYYY-MM-DD, optional)',
            flag: '--due',
            validate: (v) => (!v.trim() || z.iso.date().safeParse(v.trim()).success ? true : 'a date like 2026-12-01'),
          })
        ).trim() || undefined;
      assignee ??= await deps.prompter.select<'self' | 'client'>({
        message: 'For',
        flag: '--for',
        choices: [
          { name: 'Me', value: 'self' },
          { name: `${clientName(client)} (shown to the client)`, value: 'client' },
        ],
      });
    }
    const api = await deps.api();
    const task = await api.call(
      'createTask',
      {
        params: { id: client.id },
        body: { title, assignee: assignee ?? 'self', ...(due ? { dueDate: due } : {}) },
      },
      { idempotencyKey: deps.idempotencyKey(options.idempotencyKey) },
    );
    await deps.out.one(taskView, task);
    deps.out.success(
      `Task ${task.id} created on ${clientName(client)} (${client.id}) for ${task.assignee === 'self' ? 'you' : 'the client'}${task.dueDate ? `, due ${task.dueDate}` : ''}`,
    );
  },
});
