// Tasks on a client's case: for the staff member who creates them, or assigned to the client.
import type { z } from 'zod';
import type { TaskSchema } from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { loadClient } from './client-store.js';
import { allRows, type Ctx, newId, nowIso, prep } from './common.js';

type Task = z.output<typeof TaskSchema>;

interface TaskRow {
  id: string;
  client_id: string;
  title: string;
  due_date: string | null;
  assignee: Task['assignee'];
  created_by: string;
  created_at: string;
}

export interface TaskInput {
  title: string;
  dueDate?: string | undefined;
  assignee: Task['assignee'];
}

export function createTask(ctx: Ctx, clientId: string, input: TaskInput): Task {
  const client = loadClient(ctx, clientId);
  const task: Task = {
    id: newId(ctx, 'tk'),
    clientId: client.id,
    title: input.title,
    dueDate: input.dueDate ?? null,
    assignee: input.assignee,
    createdBy: ctx.principal.staffId,
    createdAt: nowIso(ctx),
  };
  prep(
    ctx.db,
    'INSERT INTO tasks (id, client_id, title, due_date, assignee, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(task.id, task.clientId, task.title, task.dueDate, task.assignee, task.createdBy, task.createdAt);
  recordAudit(ctx, {
    action: 'client.task.create',
    entityType: 'client',
    entityId: client.id,
    detail: { taskId: task.id, assignee: task.assignee },
  });
  return task;
}

/** Newest first. */
export function listTasks(ctx: Ctx, clientId: string): { data: Task[] } {
  const client = loadClient(ctx, clientId);
  const rows = allRows<TaskRow>(
    prep(ctx.db, 'SELECT * FROM tasks WHERE client_id = ? ORDER BY created_at DESC, id DESC'),
    client.id,
  );
  return {
    data: rows.map((row) => ({
      id: row.id,
      clientId: row.client_id,
      title: row.title,
      dueDate: row.due_date,
      assignee: row.assignee,
      createdBy: row.created_by,
      createdAt: row.created_at,
    })),
  };
}
