// Audit log entries: who changed what, when.
import type { AuditEntry } from '../../contract/schemas.js';
import { defineView } from '../view.js';

const shown = (value: unknown) =>
  value === null || value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);

/** What changed, "phone: 613-555-0100 → 416-555-0199"; other details as JSON. */
function detailText(entry: AuditEntry): string | null {
  const changes = entry.detail?.changes as Record<string, { from?: unknown; to?: unknown }> | undefined;
  if (changes && typeof changes === 'object') {
    return Object.entries(changes)
      .map(([field, change]) => `${field}: ${shown(change.from)} → ${shown(change.to)}`)
      .join('; ');
  }
  return entry.detail ? JSON.stringify(entry.detail) : null;
}

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
    { key: 'detail', header: 'DETAIL', value: detailText },
  ],
  defaults: ['at', 'actorId', 'action', 'entityType', 'entityId', 'detail'],
});
