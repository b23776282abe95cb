// Safety flags on a client's file, each with its reason. A flag is never deleted: removing one
// keeps it, with who removed it, when and why, and the audit log records the removal and its
// reason. The client shows only its active flags (safetyFlags); the flags route shows them all.
import type { z } from 'zod';
import type { Client, SafetyFlagRecordSchema } from '../../contract/schemas.js';
import { recordAudit } from '../audit.js';
import { type ClientRow, loadClient, rowToClient, saveClient } from './client-store.js';
import { type Ctx, newId, notFound, nowIso } from './common.js';
import { parseFlags, type StoredFlag } from './flag-store.js';

type SafetyFlagRecord = z.output<ReturnType<typeof SafetyFlagRecordSchema>>;

function storedFlags(row: ClientRow): StoredFlag[] {
  return parseFlags(row.safety_flags, row.id);
}

function toRecord(clientId: string, f: StoredFlag): SafetyFlagRecord {
  return {
    id: f.id,
    clientId,
    reason: f.reason,
    createdAt: f.createdAt,
    createdBy: f.createdBy,
    status: f.removedAt ? 'removed' : 'active',
    removedAt: f.removedAt ?? null,
    removedBy: f.removedBy ?? null,
    removalReason: f.removalReason ?? null,
  };
}

export function addSafetyFlag(ctx: Ctx, id: string, reason: string): Client {
  const row = loadClient(ctx, id);
  const flags = storedFlags(row);
  const now = nowIso(ctx);
  const flag: StoredFlag = { id: newId(ctx, 'sf'), reason, createdAt: now, createdBy: ctx.principal.staffId };
  flags.push(flag);
  row.safety_flags = JSON.stringify(flags);
  row.updated_at = now;
  saveClient(ctx.db, row);
  recordAudit(ctx, {
    action: 'client.flag',
    entityType: 'client',
    entityId: row.id,
    detail: { flagId: flag.id, flags: flags.filter((f) => !f.removedAt).length },
  });
  return rowToClient(row, ctx.baseUrl);
}

/** Every flag of the client, oldest first, removed ones too (with their removal), or those of one status. */
export function listSafetyFlags(
  ctx: Ctx,
  clientId: string,
  status?: SafetyFlagRecord['status'],
): { data: SafetyFlagRecord[] } {
  const row = loadClient(ctx, clientId);
  const records = storedFlags(row).map((f) => toRecord(row.id, f));
  return { data: status ? records.filter((r) => r.status === status) : records };
}

/** Removes an active flag, keeping it with the removal; a flag already removed is answered as it is. */
export function removeSafetyFlag(ctx: Ctx, clientId: string, flagId: string, reason: string): SafetyFlagRecord {
  const row = loadClient(ctx, clientId);
  const flags = storedFlags(row);
  const flag = flags.find((f) => f.id === flagId);
  if (!flag) throw notFound(`no safety flag ${flagId} on client ${row.id}`);
  if (flag.removedAt) return toRecord(row.id, flag);
  const now = nowIso(ctx);
  flag.removedAt = now;
  flag.removedBy = ctx.principal.staffId;
  flag.removalReason = reason;
  row.safety_flags = JSON.stringify(flags);
  row.updated_at = now;
  saveClient(ctx.db, row);
  recordAudit(ctx, {
    action: 'client.flag.remove',
    entityType: 'client',
    entityId: row.id,
    detail: { flagId, reason },
  });
  return toRecord(row.id, flag);
}
