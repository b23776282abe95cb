// How a safety flag shows with its history (clients flags list|remove).
import type { z } from 'zod';
import type { SafetyFlagRecordSchema } from '../../contract/schemas.js';
import { defineView } from '../view.js';

export type SafetyFlagRecord = z.output<ReturnType<typeof SafetyFlagRecordSchema>>;

export const safetyFlagView = defineView<SafetyFlagRecord>({
  name: 'safety flag',
  id: (f) => f.id,
  columns: [
    { key: 'id', header: 'ID', value: (f) => f.id, color: (t, _f, k) => k.cyan(t) },
    { key: 'clientId', header: 'CLIENT', value: (f) => f.clientId },
    {
      key: 'status',
      header: 'STATUS',
      value: (f) => f.status,
      color: (t, f, k) => (f.status === 'active' ? k.yellow(t) : k.gray(t)),
    },
    { key: 'reason', header: 'REASON', value: (f) => f.reason, wrap: true },
    { key: 'createdAt', header: 'ADDED', value: (f) => f.createdAt, time: true },
    { key: 'createdBy', header: 'ADDED BY', value: (f) => f.createdBy, ref: 'staff' },
    { key: 'removedAt', header: 'REMOVED', value: (f) => f.removedAt, time: true },
    { key: 'removedBy', header: 'REMOVED BY', value: (f) => f.removedBy, ref: 'staff' },
    { key: 'removalReason', header: 'WHY REMOVED', value: (f) => f.removalReason, wrap: true },
  ],
  defaults: ['id', 'status', 'reason', 'createdAt', 'createdBy', 'removedAt', 'removedBy', 'removalReason'],
});
