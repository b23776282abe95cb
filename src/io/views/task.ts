// How a task on a client's file shows (clients tasks add|list|complete|reopen).
import type { z } from 'zod';
import type { TaskSchema } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export type Task = z.output<ReturnType<typeof TaskSchema>>;

/** A task is for the staff member who made it, or for the client (shown in the portal). */
const ASSIGNEES: Record<string, string> = { self: 'Staff', client: 'Client' };

export const taskView = defineView<Task>({
  name: 'task',
  id: (t) => t.id,
  columns: [
    { key: 'id', header: 'ID', value: (t) => t.id, color: (text, _t, k) => k.cyan(text) },
    { key: 'clientId', header: 'CLIENT', value: (t) => t.clientId },
    { key: 'title', header: 'TITLE', value: (t) => t.title, wrap: true },
    { key: 'dueDate', header: 'DUE', value: (t) => t.dueDate },
    { key: 'assignee', header: 'FOR', value: (t) => t.assignee, show: (v) => ASSIGNEES[v] ?? v },
    { key: 'createdBy', header: 'CREATED BY', value: (t) => t.createdBy, ref: 'staff' },
    { key: 'createdAt', header: 'CREATED', value: (t) => t.createdAt, time: true },
    {
      key: 'status',
      header: 'STATUS',
      value: (t) => t.status,
      color: (text, t, k) => (t.status === 'open' ? k.yellow(text) : k.green(text)),
    },
    { key: 'completedAt', header: 'DONE AT', value: (t) => t.completedAt, time: true },
    { key: 'completedBy', header: 'DONE BY', value: (t) => t.completedBy, ref: 'staff' },
  ],
  defaults: ['id', 'clientId', 'title', 'dueDate', 'assignee'],
});

/** A client's tasks (clients tasks list|complete|reopen): open or done, for whom, by whom. */
export const taskStatusView = defineView<Task>({
  ...taskView,
  defaults: ['id', 'status', 'title', 'dueDate', 'assignee', 'createdBy', 'completedAt'],
});
