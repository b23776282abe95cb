import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/server/app.js';
import { listAudit } from '../../../src/server/audit.js';
import { openDatabase, SCHEMA_VERSION } from '../../../src/server/db.js';
import type { Ctx } from '../../../src/server/domain/common.js';
import { listNotes } from '../../../src/server/domain/notes.js';
import { listOutbox } from '../../../src/server/domain/outbox.js';
import { migrations } from '../../../src/server/migrations.js';
import { hashToken } from '../../../src/server/tokens.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database file at schema version `version`, as an older portalctl left it. */
function databaseAt(version: number): { file: string; db: DatabaseSync } {
  const dir = mkdtempSync(path.join(tmpdir(), 'portalctl-migrate-'));
  dirs.push(dir);
  const file = path.join(dir, 'portal.db');
  const db = new DatabaseSync(file);
  for (const migration of migrations.filter((m) => m.version <= version)) db.exec(migration.sql);
  db.exec(`PRAGMA user_version = ${version}`);
  return { file, db };
}

const indexes = (db: DatabaseSync, table: string) =>
  (db.prepare(`PRAGMA index_list(${table})`).all() as { name: string }[]).map((row) => row.name).sort();

describe('schema migration 4', () => {
  it('keeps every audit entry, message and note, in id order, and their lists page as before', () => {
    const { file, db: old } = databaseAt(3);
    old.exec(`
      INSERT INTO provider_groups VALUES ('gr_1', 'Group');
      INSERT INTO providers VALUES ('sp_1', 'Provider', 'gr_1');
      INSERT INTO staff VALUES ('st_1', 'sp_1', 'Admin', 'admin@example.org', '["administrator"]');
      INSERT INTO clients (id, provider_id, first_name, last_name, first_norm, last_norm, first_words, last_words,
                           email, email_lower, created_at, updated_at)
        VALUES ('cl_1', 'sp_1', 'Ada', 'Lee', 'ada', 'lee', 'ada', 'lee', 'ada@example.org', 'ada@example.org',
                '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    `);
    // Inserted out of id order: the ids are what ordered the lists before.
    for (const n of [2, 3, 1]) {
      old
        .prepare('INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(`au_${n}`, `2026-01-0${n}T00:00:00.000Z`, 'st_1', 'client.update', 'client', 'cl_1', `{"n":${n}}`);
      old
        .prepare('INSERT INTO outbox VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(
          `ob_${n}`,
          'Ada@example.org',
          'ada@example.org',
          'invitation',
          `Invitation ${n}`,
          `http://portal/i/${n}`,
          'cl_1',
          null,
          'sp_1',
          `2026-01-0${n}T00:00:00.000Z`,
        );
      old
        .prepare('INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?)')
        .run(`nt_${n}`, 'cl_1', 'general', `Note ${n}`, `2026-01-0${n}T00:00:00.000Z`, 'st_1');
    }
    old
      .prepare('INSERT INTO idempotency_keys VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run('st_1', 'key-00000001', 'POST', '/v1/clients', 'h', 'done', 201, '{}', '2026-01-01T00:00:00.000Z');
    old.close();

    const db = openDatabase(file);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    expect(db.prepare('SELECT seq, id FROM audit_log ORDER BY seq').all()).toEqual([
      { seq: 1, id: 'au_1' },
      { seq: 2, id: 'au_2' },
      { seq: 3, id: 'au_3' },
    ]);
    expect(indexes(db, 'audit_log')).toEqual(['audit_log_actor', 'audit_log_entity']);
    expect(indexes(db, 'outbox')).toEqual(['outbox_client', 'outbox_to']);
    expect(indexes(db, 'notes')).toEqual(['notes_client']);
    expect(indexes(db, 'idempotency_keys')).toEqual(['sqlite_autoindex_idempotency_keys_1']);
    expect(db.prepare('SELECT count(*) AS n FROM idempotency_keys').get()).toEqual({ n: 1 });
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);

    const ctx: Ctx = {
      db,
      clock: () => new Date('2026-02-01T00:00:00.000Z'),
      principal: {
        staffId: 'st_1',
        providerId: 'sp_1',
        groupId: 'gr_1',
        permissions: ['administrator'],
        isAdmin: true,
      },
      baseUrl: 'http://127.0.0.1',
      ip: '127.0.0.1',
    };
    const audit1 = listAudit(ctx, { limit: 2 });
    expect(audit1.data.map((e) => [e.id, e.detail])).toEqual([
      ['au_3', { n: 3 }],
      ['au_2', { n: 2 }],
    ]);
    const audit2 = listAudit(ctx, { limit: 2, cursor: audit1.nextCursor ?? undefined });
    expect(audit2).toEqual({ data: [expect.objectContaining({ id: 'au_1', actorId: 'st_1' })], nextCursor: null });

    const outbox1 = listOutbox(ctx, { limit: 2, to: 'ADA@example.org' });
    expect(outbox1.data.map((m) => [m.id, m.subject])).toEqual([
      ['ob_3', 'Invitation 3'],
      ['ob_2', 'Invitation 2'],
    ]);
    expect(listOutbox(ctx, { limit: 2, cursor: outbox1.nextCursor ?? undefined }).data.map((m) => m.id)).toEqual([
      'ob_1',
    ]);
    expect(listNotes(ctx, 'cl_1').data.map((n) => [n.id, n.text])).toEqual([
      ['nt_3', 'Note 3'],
      ['nt_2', 'Note 2'],
      ['nt_1', 'Note 1'],
    ]);
    db.close();
  });
});

describe('schema migration 7', () => {
  it('keeps every token: staff tokens as they were, every administrator token given to a start as a server token', async () => {
    const { file, db: old } = databaseAt(6);
    old.exec(`
      INSERT INTO provider_groups VALUES ('gr_1', 'Group'), ('gr_localadmin', 'Local administrator');
      INSERT INTO providers VALUES ('sp_1', 'Provider', 'gr_1'), ('sp_localadmin', 'Local administrator', 'gr_localadmin');
      INSERT INTO staff VALUES ('st_1', 'sp_1', 'Caseworker', 'cw@example.org', '["clients"]'),
        ('st_localadmin', 'sp_localadmin', 'Local administrator', 'local-administrator@portal.invalid', '["administrator"]');
    `);
    const insert = old.prepare('INSERT INTO api_tokens VALUES (?, ?, ?, ?)');
    insert.run(hashToken('staff-token-0123456789'), 'st_1', 'demo token', '2026-01-01T00:00:00.000Z');
    insert.run(hashToken('old-admin-token-0001'), 'st_localadmin', 'server admin token', '2026-01-02T00:00:00.000Z');
    insert.run(hashToken('old-admin-token-0002'), 'st_localadmin', 'server admin token', '2026-01-03T00:00:00.000Z');
    old.close();

    const db = openDatabase(file);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    const rows = db
      .prepare(
        'SELECT id, staff_id, name, kind, created_at, expires_at, revoked_at FROM api_tokens ORDER BY created_at',
      )
      .all() as { id: string }[];
    expect(rows).toEqual([
      expect.objectContaining({ staff_id: 'st_1', name: 'demo token', kind: 'staff', revoked_at: null }),
      expect.objectContaining({ staff_id: 'st_localadmin', kind: 'server', created_at: '2026-01-02T00:00:00.000Z' }),
      expect.objectContaining({ staff_id: 'st_localadmin', kind: 'server', expires_at: null, revoked_at: null }),
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    expect(rows.every((r) => /^tk_[0-9a-f]{16}$/.test(r.id))).toBe(true);
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);

    // The next start replaces both old administrator tokens; the staff token keeps working.
    const app = createApp({ db, handlers: { getMe: (ctx) => ctx.principal }, adminToken: 'new-admin-token-0003' });
    const status = async (token: string) =>
      (await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } })).json();
    expect(await status('staff-token-0123456789')).toMatchObject({ staffId: 'st_1' });
    expect(await status('new-admin-token-0003')).toMatchObject({ staffId: 'st_localadmin' });
    expect(await status('old-admin-token-0001')).toMatchObject({ status: 401, code: 'token-revoked' });
    expect(await status('old-admin-token-0002')).toMatchObject({ status: 401, code: 'token-revoked' });
    db.close();
  });
});

describe('schema migration 9', () => {
  it("indexes every client's name keys, so the duplicate check finds clients added before it", () => {
    const { file, db: old } = databaseAt(8);
    old.exec(`
      INSERT INTO provider_groups VALUES ('gr_1', 'Group');
      INSERT INTO providers VALUES ('sp_1', 'Provider', 'gr_1');
      INSERT INTO clients (id, provider_id, first_name, last_name, first_norm, last_norm, first_words, last_words,
                           email, email_lower, created_at, updated_at)
        VALUES ('cl_1', 'sp_1', 'Mary-Ann', 'Da Silva', 'maryann', 'dasilva', ' mary ann', ' da silva',
                'ma@example.org', 'ma@example.org', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    `);
    old.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT part, key FROM client_name_keys ORDER BY part, key').all()).toEqual(
      [
        ['f', 'ann'],
        ['f', 'mary'],
        ['f', 'maryann'],
        ['l', 'da'],
        ['l', 'dasilva'],
        ['l', 'silva'],
      ].map(([part, key]) => ({ part, key })),
    );
    // A rename moves the keys (a trigger), whichever way the names are written.
    db.exec(`UPDATE clients SET last_norm = 'okafor', last_words = ' okafor' WHERE id = 'cl_1'`);
    expect(db.prepare(`SELECT key FROM client_name_keys WHERE part = 'l'`).all()).toEqual([{ key: 'okafor' }]);
    db.close();
  });
});
