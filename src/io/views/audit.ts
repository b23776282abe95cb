// Audit log entries: who changed what, when.
import type { AuditEntry } from '../../contract/schemas.js';
import { defineView } from '../view.js';

const shown = (value: unknown) =>
  value === null || value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * What changed, "phone: 613-555-0100 → 416-555-0199"; why, "reason: Asked by phone" (actions that
 * email someone or remove access); other details as JSON.
 */
function detailText(entry: AuditEntry): string | null {
  if (!entry.detail) return null;
  const { reason, ...rest } = entry.detail;
  const parts: string[] = [];
  if (typeof reason === 'string') parts.push(`reason: ${reason}`);
  const changes = rest.changes as Record<string, { from?: unknown; to?: unknown }> | undefined;
  if (changes && typeof changes === 'object') {
    parts.push(
      ...Object.entries(changes).map(([field, change]) => `${field}: ${shown(change.from)} → ${shown(change.to)}`),
    );
  } else if (Object.keys(rest).length > 0 || typeof reason !== 'string') {
    parts.push(JSON.stringify(typeof reason === 'string' ? rest : entry.detail));
  }
  return parts.join('; ');
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
    { key: 'detail', header: 'DETAIL', value: detailText, wrap: true },
  ],
  defaults: ['at', 'actorId', 'action', 'entityType', 'entityId', 'detail'],
  // The entity's id says its type.
  hideFirst: ['entityType'],
});
