// How a client's safety flags are kept: a JSON array in clients.safety_flags, oldest first, never
// shortened (a removed flag stays, with its removal). Flags written before flags had ids are
// named by their client and position, which appending never changes.
import type { Client } from '../../contract/schemas.js';
import { parseJsonArray } from './common.js';

export interface StoredFlag {
  id: string;
  reason: string;
  createdAt: string;
  createdBy: string;
  removedAt?: string;
  removedBy?: string;
  removalReason?: string;
}

function positionalFlagId(clientId: string, index: number): string {
  return `sf_${clientId.slice(3)}${String(index + 1).padStart(2, '0')}`;
}

/** Every flag of the client, each with its id. */
export function parseFlags(text: string, clientId: string): StoredFlag[] {
  return parseJsonArray<StoredFlag>(text).map((f, i) => (f.id ? f : { ...f, id: positionalFlagId(clientId, i) }));
}

/** The flags in force, as the client shows them. */
export function activeFlags(text: string, clientId: string): Client['safetyFlags'] {
  return parseFlags(text, clientId)
    .filter((f) => !f.removedAt)
    .map((f) => ({ id: f.id, reason: f.reason, createdAt: f.createdAt, createdBy: f.createdBy }));
}
