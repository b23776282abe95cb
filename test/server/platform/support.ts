// Shared by the platform tests: a fresh app on an in-memory database, and staff with tokens.
import type { DatabaseSync } from 'node:sqlite';
import type { Permission } from '../../../src/contract/define.js';
import { type AppOptions, createApp } from '../../../src/server/app.js';
import { openDatabase } from '../../../src/server/db.js';
import { hashToken } from '../../../src/server/tokens.js';

export const ADMIN = 'platform-admin-token-0123456789';

export function makeApp(options: Partial<AppOptions> = {}) {
  const db = options.db ?? openDatabase(':memory:');
  const logged: string[] = [];
  const app = createApp({
    handlers: {},
    adminToken: ADMIN,
    logError: (line) => logged.push(line),
    ...options,
    db,
  });
  return { app, db, logged };
}

let counter = 0;

/** A staff member of a new provider with exactly these permissions; returns their token. */
export function makeStaff(db: DatabaseSync, permissions: Permission[]): { token: string; staffId: string } {
  counter++;
  const suffix = `${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}`;
  const groupId = `gr_${suffix}`;
  const providerId = `sp_${suffix}`;
  const staffId = `st_${suffix}`;
  db.prepare('INSERT INTO provider_groups (id, name) VALUES (?, ?)').run(groupId, 'Group');
  db.prepare('INSERT INTO providers (id, name, group_id) VALUES (?, ?, ?)').run(providerId, 'Provider', groupId);
  db.prepare('INSERT INTO staff (id, provider_id, name, email, permissions) VALUES (?, ?, ?, ?, ?)').run(
    staffId,
    providerId,
    'Staff member',
    `staff-${suffix}@example.org`,
    JSON.stringify(permissions),
  );
  const token = `token-${suffix}-abcdefghijklmnop`;
  db.prepare('INSERT INTO api_tokens (token_hash, staff_id, name, created_at) VALUES (?, ?, ?, ?)').run(
    hashToken(token),
    staffId,
    'test',
    new Date().toISOString(),
  );
  return { token, staffId };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
