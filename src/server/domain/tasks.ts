// Tasks on a client's case: for the staff member who creates them, or assigned to the client.
// A task is open until marked done; reopening it makes it open again. Each change is audited.
import type { z } from 'zod';
import type { TaskSchema } from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { loadClient } from './client-store.js';
import { allRows, type Ctx, getRow, newId, notFound, nowIso, prep } from './common.js';

type Task = z.output<ReturnType<typeof TaskSchema>>;

interface TaskRow {
  id: string;
  client_id: string;
  title: string;
  due_date: string | null;
  assignee: Task['assignee'];
  created_by: string;
  created_at: string;
  completed_at: string | null;
  completed_by: string | null;
}

export interface TaskInput {
  title: string;
  dueDate?: string | undefined;
  assignee: Task['assignee'];
}

function rowToTask(row: TaskRow): Task {
  return {
    id: row.id,
    clientId: row.client_id,
    title: row.title,
    dueDate: row.due_date,
    assignee: row.assignee,
    createdBy: row.created_by,
    createdAt: row.created_at,
    status: row.completed_at ? 'done' : 'open',
    completedAt: row.completed_at,
    completedBy: row.completed_by,
  };
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
    status: 'open',
    completedAt: null,
    completedBy: null,
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

/** Newest first; `status` keeps only the open or the done ones. */
export function listTasks(ctx: Ctx, clientId: string, status?: Task['status']): { data: Task[] } {
  const client = loadClient(ctx, clientId);
  const rows = allRows<TaskRow>(
    prep(ctx.db, 'SELECT * FROM tasks WHERE client_id = ? ORDER BY created_at DESC, id DESC'),
    client.id,
  );
  const tasks = rows.map(rowToTask);
  return { data: status ? tasks.filter((t) => t.status === status) : tasks };
}

/** The task of a client the caller may see; another client's task is not found. */
function loadTask(ctx: Ctx, clientId: string, taskId: string): TaskRow {
  const client = loadClient(ctx, clientId);
  const row = getRow<TaskRow>(prep(ctx.db, 'SELECT * FROM tasks WHERE id = ? AND client_id = ?'), taskId, client.id);
  if (!row) throw notFound(`no task ${taskId} on client ${client.id}`);
  return row;
}

/** Marks the task done; one already done is answered as it is, and nothing is recorded. */
export function completeTask(ctx: Ctx, clientId: string, taskId: string): Task {
  const row = loadTask(ctx, clientId, taskId);
  if (row.completed_at) return rowToTask(row);
  row.completed_at = nowIso(ctx);
  row.completed_by = ctx.principal.staffId;
  prep(ctx.db, 'UPDATE tasks SET completed_at = ?, completed_by = ? WHERE id = ?').run(
    row.completed_at,
    row.completed_by,
    row.id,
  );
  recordAudit(ctx, {
    action: 'client.task.complete',
    entityType: 'client',
    entityId: row.client_id,
    detail: { taskId },
  });
  return rowToTask(row);
}

/** Makes a done task open again; one already open is answered as it is, and nothing is recorded. */
export function reopenTask(ctx: Ctx, clientId: string, taskId: string): Task {
  const row = loadTask(ctx, clientId, taskId);
  if (!row.completed_at) return rowToTask(row);
  const was = { completedAt: row.completed_at, completedBy: row.completed_by };
  row.completed_at = null;
  row.completed_by = null;
  prep(ctx.db, 'UPDATE tasks SET completed_at = NULL, completed_by = NULL WHERE id = ?').run(row.id);
  recordAudit(ctx, {
    action: 'client.task.reopen',
    entityType: 'client',
    entityId: row.client_id,
    detail: { taskId, ...was },
  });
  return rowToTask(row);
}
