// The outbox: every message the portal would have sent. The local portal mails nothing; tests,
// CI and staff read the messages through GET /v1/outbox instead.
import type { MESSAGE_KINDS, OutboxMessage } from '../../api/schemas.js';
import { allRows, type Ctx, decodeSeqCursor, hasPermission, isAdmin, newId, nowIso, prep, seqPage } from './common.js';

export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface Message {
  to: string;
  kind: MessageKind;
  subject: string;
  link: string | null;
  clientId?: string | null;
  portalUserId?: string | null;
  /** The provider whose staff may read the message. */
  providerId: string | null;
}

export function sendMessage(ctx: Pick<Ctx, 'db' | 'clock'>, message: Message): void {
  prep(
    ctx.db,
    `INSERT INTO outbox (id, to_addr, to_lower, kind, subject, link, client_id, portal_user_id, provider_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    newId(ctx, 'ob'),
    message.to,
    message.to.toLowerCase(),
    message.kind,
    message.subject,
    message.link,
    message.clientId ?? null,
    message.portalUserId ?? null,
    message.providerId,
    nowIso(ctx),
  );
}

interface OutboxRow {
  seq: number;
  id: string;
  to_addr: string;
  kind: MessageKind;
  subject: string;
  link: string | null;
  client_id: string | null;
  portal_user_id: string | null;
  created_at: string;
}

export interface OutboxQuery {
  limit: number;
  cursor?: string | undefined;
  to?: string | undefined;
  kind?: MessageKind | undefined;
  clientId?: string | undefined;
}

/**
 * Newest first. Staff see the messages of their own provider that their permissions cover:
 * messages to or about clients with `clients`, to external portal users with `portal-users`.
 * Administrators see all.
 */
export function listOutbox(ctx: Ctx, query: OutboxQuery): { data: OutboxMessage[]; nextCursor: string | null } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (!isAdmin(ctx.principal)) {
    where.push('provider_id = ?');
    params.push(ctx.principal.providerId);
    const kinds: string[] = [];
    if (hasPermission(ctx.principal, 'clients')) kinds.push('client_id IS NOT NULL');
    if (hasPermission(ctx.principal, 'portal-users')) kinds.push('portal_user_id IS NOT NULL');
    where.push(kinds.length ? `(${kinds.join(' OR ')})` : '0');
  }
  const before = decodeSeqCursor(query.cursor);
  if (before !== undefined) {
    where.push('seq < ?');
    params.push(before);
  }
  if (query.to) {
    where.push('to_lower = ?');
    params.push(query.to.trim().toLowerCase());
  }
  if (query.kind) {
    where.push('kind = ?');
    params.push(query.kind);
  }
  if (query.clientId) {
    where.push('client_id = ?');
    params.push(query.clientId);
  }
  const sql = `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
  const rows = allRows<OutboxRow>(prep(ctx.db, sql), ...params, query.limit + 1);
  return seqPage(rows, query.limit, (row) => ({
    id: row.id,
    to: row.to_addr,
    kind: row.kind,
    subject: row.subject,
    link: row.link,
    clientId: row.client_id,
    portalUserId: row.portal_user_id,
    createdAt: row.created_at,
  }));
}
