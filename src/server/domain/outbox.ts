// The outbox: every message the portal would have sent. The local portal mails nothing; tests,
// CI and staff read the messages through GET /v1/outbox instead.
import type { DatabaseSync } from 'node:sqlite';
import type { MESSAGE_KINDS, OutboxMessage, OutboxMessageDetail } from '../../contract/schemas.js';
import {
  allRows,
  type Ctx,
  decodeSeqCursor,
  getRow,
  hasPermission,
  isAdmin,
  newId,
  notFound,
  nowIso,
  prep,
  seqPage,
} from './common.js';

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
  /** The text, for a message that cannot be written again from the row (a portal notice). */
  text?: string | null;
}

export function sendMessage(ctx: Pick<Ctx, 'db' | 'clock'>, message: Message): void {
  prep(
    ctx.db,
    `INSERT INTO outbox (id, to_addr, to_lower, kind, subject, link, client_id, portal_user_id, provider_id, created_at, text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    message.text ?? null,
  );
}

export interface OutboxRow {
  seq: number;
  id: string;
  to_addr: string;
  kind: MessageKind;
  subject: string;
  link: string | null;
  client_id: string | null;
  portal_user_id: string | null;
  provider_id: string | null;
  created_at: string;
  text?: string | null;
}

const LISTED_COLUMNS = 'seq, id, to_addr, kind, subject, link, client_id, portal_user_id, created_at';

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
  visibleTo(ctx, where, params);
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
  // The listed columns only: a message's text (the body of the email) is read by getOutboxMessage.
  const sql = `SELECT ${LISTED_COLUMNS} FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
  const rows = allRows<OutboxRow>(prep(ctx.db, sql), ...params, query.limit + 1);
  return seqPage(rows, query.limit, rowToMessage);
}

/** The conditions that keep to the messages the caller may read (see listOutbox). */
function visibleTo(ctx: Ctx, where: string[], params: (string | number)[]): void {
  if (isAdmin(ctx.principal)) return;
  where.push('provider_id = ?');
  params.push(ctx.principal.providerId);
  const kinds: string[] = [];
  if (hasPermission(ctx.principal, 'clients')) kinds.push('client_id IS NOT NULL');
  if (hasPermission(ctx.principal, 'portal-users')) kinds.push('portal_user_id IS NOT NULL');
  where.push(kinds.length ? `(${kinds.join(' OR ')})` : '0');
}

function rowToMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    to: row.to_addr,
    kind: row.kind,
    subject: row.subject,
    link: row.link,
    clientId: row.client_id,
    portalUserId: row.portal_user_id,
    createdAt: row.created_at,
  };
}

/** One message with its text, if the caller may read it (else not found, like an unknown id). */
export function getOutboxMessage(ctx: Ctx, id: string): OutboxMessageDetail {
  const where = ['id = ?'];
  const params: (string | number)[] = [id];
  visibleTo(ctx, where, params);
  const row = getRow<OutboxRow>(prep(ctx.db, `SELECT * FROM outbox WHERE ${where.join(' AND ')}`), ...params);
  if (!row) throw notFound(`no message ${id} in the outbox`);
  return { ...rowToMessage(row), text: messageText(ctx.db, row) };
}

interface Names {
  client?: { first_name: string; last_name: string; preferred_name: string | null } | undefined;
  provider?: { name: string } | undefined;
  portalUser?: { first_name: string; portal_name: string } | undefined;
}

/**
 * The text of the email. It is written when read, from what the outbox keeps (kind, link, who it
 * is to or about), so that sending, on every client created, stores no more than it did.
 */
function messageText(db: DatabaseSync, row: OutboxRow): string {
  if (row.text) return row.text;
  const names: Names = {
    client: row.client_id
      ? getRow(prep(db, 'SELECT first_name, last_name, preferred_name FROM clients WHERE id = ?'), row.client_id)
      : undefined,
    provider: row.provider_id
      ? getRow(prep(db, 'SELECT name FROM providers WHERE id = ?'), row.provider_id)
      : undefined,
    portalUser: row.portal_user_id
      ? getRow(
          prep(
            db,
            'SELECT u.first_name, p.name AS portal_name FROM portal_users u JOIN portals p ON p.id = u.portal_id WHERE u.id = ?',
          ),
          row.portal_user_id,
        )
      : undefined,
  };
  const provider = names.provider?.name ?? 'Your employment service provider';
  const clientFirst = names.client ? (names.client.preferred_name ?? names.client.first_name) : null;
  const hello = (name: string | null | undefined) => (name ? `Hello ${name},` : 'Hello,');
  const link = row.link ?? '';
  switch (row.kind) {
    case 'invitation':
      return [
        hello(clientFirst),
        `${provider} has invited you to the Jobs Portal, where you can see job postings, keep your documents and stay in touch with your caseworker.`,
        `To accept, open this link and choose a password:\n${link}`,
        'If you do not want an account, you can decline the invitation on the same page. If you have questions, ask your caseworker.',
      ].join('\n\n');
    case 'email-confirmation':
      return [
        hello(clientFirst),
        'You asked to use this email address for your Jobs Portal account. To confirm it, open this link:',
        link,
        'Until you confirm, messages keep going to your current address. If you did not ask for this, tell your caseworker.',
      ].join('\n\n');
    case 'password-reset':
      return [
        hello(clientFirst),
        `To choose a new password for your Jobs Portal account, open this link:\n${link}`,
        'If you did not ask for this, you can ignore this message: your password stays as it is.',
      ].join('\n\n');
    case 'representative-invitation':
      return [
        hello(null),
        `${provider} has invited you to the Jobs Portal as a representative of ${
          names.client ? `${names.client.first_name} ${names.client.last_name}` : 'one of its clients'
        }.`,
        `To accept, open this link and choose a password:\n${link}`,
        'If you do not want to take this on, you can decline the invitation on the same page.',
      ].join('\n\n');
    case 'portal-user-invitation':
      return [
        hello(names.portalUser?.first_name),
        `${provider} has shared ${names.portalUser ? `the ${names.portalUser.portal_name}` : 'a client portal'} with you. Open it with this link:\n${link}`,
        'The link is yours alone: please do not forward it. When access ends, the link stops working.',
      ].join('\n\n');
    default:
      return [row.subject, link].filter(Boolean).join('\n\n');
  }
}
