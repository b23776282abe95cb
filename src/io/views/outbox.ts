// Messages the portal sent (the local portal keeps them instead of mailing them).
import { MESSAGE_KIND_WORDS, type OutboxMessage, type OutboxMessageDetail } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export const outboxView = defineView<OutboxMessage>({
  name: 'message',
  id: (m) => m.id,
  columns: [
    { key: 'id', header: 'ID', value: (m) => m.id },
    { key: 'createdAt', header: 'TIME', value: (m) => m.createdAt, time: true },
    { key: 'to', header: 'TO', value: (m) => m.to },
    {
      key: 'kind',
      header: 'KIND',
      value: (m) => m.kind,
      show: (kind) => MESSAGE_KIND_WORDS[kind as OutboxMessage['kind']] ?? kind,
      wrap: true,
    },
    { key: 'subject', header: 'SUBJECT', value: (m) => m.subject, wrap: true },
    { key: 'link', header: 'LINK', value: (m) => m.link },
    { key: 'clientId', header: 'CLIENT', value: (m) => m.clientId },
    { key: 'portalUserId', header: 'PORTAL USER', value: (m) => m.portalUserId },
  ],
  defaults: ['createdAt', 'to', 'kind', 'link'],
});

/** One message in full (outbox show): the list's columns and the text. */
export const outboxMessageView = defineView<OutboxMessageDetail>({
  name: 'message',
  id: (m) => m.id,
  columns: [...outboxView.columns, { key: 'text', header: 'TEXT', value: (m) => m.text }],
  defaults: ['id', 'createdAt', 'to', 'kind', 'subject', 'link', 'text'],
});

/** A message as an email program shows it: the headers, a blank line, the text. */
export function messageAsText(m: OutboxMessageDetail): string {
  const headers: [string, string | null][] = [
    ['Message', m.id],
    ['Date', m.createdAt],
    ['To', m.to],
    ['Kind', m.kind],
    ['Subject', m.subject],
    ['Link', m.link],
    ['Client', m.clientId],
    ['Portal user', m.portalUserId],
  ];
  const width = Math.max(...headers.map(([name]) => name.length)) + 2;
  const lines = headers.filter(([, value]) => value).map(([name, value]) => `${`${name}:`.padEnd(width)}${value}`);
  return `${lines.join('\n')}\n\n${m.text}`;
}
