// Messages the portal sent (the local portal keeps them instead of mailing them).
import type { OutboxMessage } from '../../api/schemas.js';
import { defineView } from '../view.js';

export const outboxView = defineView<OutboxMessage>({
  name: 'message',
  id: (m) => m.id,
  columns: [
    { key: 'id', header: 'ID', value: (m) => m.id },
    { key: 'createdAt', header: 'TIME', value: (m) => m.createdAt },
    { key: 'to', header: 'TO', value: (m) => m.to },
    { key: 'kind', header: 'KIND', value: (m) => m.kind },
    { key: 'subject', header: 'SUBJECT', value: (m) => m.subject },
    { key: 'link', header: 'LINK', value: (m) => m.link },
    { key: 'clientId', header: 'CLIENT', value: (m) => m.clientId },
    { key: 'portalUserId', header: 'PORTAL USER', value: (m) => m.portalUserId },
  ],
  defaults: ['createdAt', 'to', 'kind', 'link'],
});
