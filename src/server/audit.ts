// The audit log: who changed what, when (read by administrators only, kept in the portal's
// database). Edits of a client (by staff, or by CaMS for a linked client: actor `cams`) and links
// to CaMS keep each changed field's old and new value,
// removing a safety flag keeps the reason it was removed, and editing a case note keeps its
// previous text; secrets (tokens, passwords, link tokens) are never written here.
import type { AuditAction } from '../contract/audit-actions.js';
import type { AuditEntry } from '../contract/schemas.js';
import { allRows, type Ctx, decodeSeqCursor, newId, nowIso, prep, seqPage } from './domain/common.js';

export interface AuditRecord {
  action: AuditAction;
  entityType: string;
  entityId: string;
  detail?: Record<string, unknown> | null;
  /** Who made the change, when not the caller: CAMS_ACTOR_ID for a change that came from CaMS. */
  actorId?: string;
}

export function recordAudit(ctx: Pick<Ctx, 'db' | 'clock' | 'principal'>, record: AuditRecord): void {
  prep(
    ctx.db,
    'INSERT INTO audit_log (id, at, actor_id, action, entity_type, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    newId(ctx, 'au'),
    nowIso(ctx),
    record.actorId ?? ctx.principal.staffId,
    record.action,
    record.entityType,
    record.entityId,
    record.detail ? JSON.stringify(record.detail) : null,
  );
}

interface AuditRow {
  seq: number;
  id: string;
  at: string;
  actor_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  detail: string | null;
}

export interface AuditQuery {
  limit: number;
  cursor?: string | undefined;
  actorId?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
}

/** Newest first. `action` matches exactly, or by prefix when it ends with `.` or `*` ("client."). */
export function listAudit(ctx: Ctx, query: AuditQuery): { data: AuditEntry[]; nextCursor: string | null } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const after = decodeSeqCursor(query.cursor);
  if (after !== undefined) {
    where.push('seq < ?');
    params.push(after);
  }
  if (query.actorId) {
    where.push('actor_id = ?');
    params.push(query.actorId);
  }
  if (query.entityId) {
    where.push('entity_id = ?');
    params.push(query.entityId);
  }
  if (query.action) {
    if (query.action.endsWith('*') || query.action.endsWith('.')) {
      where.push("action LIKE ? ESCAPE '\\'");
      params.push(`${query.action.replace(/\*$/, '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    } else {
      where.push('action = ?');
      params.push(query.action);
    }
  }
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
  const rows = allRows<AuditRow>(prep(ctx.db, sql), ...params, query.limit + 1);
  return seqPage(rows, query.limit, (row) => ({
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
  }));
}
