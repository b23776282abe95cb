// Audit log entries: who changed what, when.
import type { AuditEntry } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export const auditView = defineView<AuditEntry>({
  name: 'audit entry',
  plural: 'audit entries',
  id: (a) => a.id,
  columns: [
    { key: 'id', header: 'ID', value: (a) => a.id },
    { key: 'at', header: 'AT', value: (a) => a.at, time: true },
    { key: 'actorId', header: 'ACTOR', value: (a) => a.actorId, ref: 'staff' },
    { key: 'action', header: 'ACTION', value: (a) => a.action },
    { key: 'entityType', header: 'ENTITY TYPE', value: (a) => a.entityType },
    { key: 'entityId', header: 'ENTITY', value: (a) => a.entityId },
    { key: 'detail', header: 'DETAIL', value: (a) => (a.detail ? JSON.stringify(a.detail) : null) },
  ],
  defaults: ['at', 'actorId', 'action', 'entityType', 'entityId'],
});
