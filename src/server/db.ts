// Opens the portal's SQLite database and brings its schema up to date.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrations } from './migrations.js';

export class DatabaseVersionError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `the database ${file} has schema version ${found}, newer than this portalctl supports (${supported}); upgrade portalctl or use another --db`,
    );
    this.name = 'DatabaseVersionError';
  }
}

export const SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

/** Modes of what the portal creates: it holds people's names, emails, dates of birth and flags. */
export const DATA_DIRECTORY_MODE = 0o700;
export const DATABASE_FILE_MODE = 0o600;

/**
 * Creates the database file (and any missing directory) readable by its owner only, before SQLite
 * opens it: SQLite would create it 0644 less the umask, and gives its -wal and -shm files the
 * database file's mode. An existing file keeps its mode.
 */
function createPrivately(file: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: DATA_DIRECTORY_MODE });
  try {
    closeSync(openSync(file, 'wx', DATABASE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * The built-in portal's own data directory and files (which portalctl alone writes) are made its
 * owner's only, also when an earlier version created them readable by others.
 */
export function restrictDataDirectory(file: string): void {
  const directory = path.dirname(path.resolve(file));
  mkdirSync(directory, { recursive: true, mode: DATA_DIRECTORY_MODE });
  chmodSync(directory, DATA_DIRECTORY_MODE);
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(name, DATABASE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

export function openDatabase(file: string): DatabaseSync {
  if (file !== ':memory:') createPrivately(file);
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    if (file !== ':memory:') {
      // A new database gets 2 KiB pages (SQLite's default is 4 KiB): every COMMIT appends each page
      // it touched to the WAL, and creating one client touches about twenty (its row, notes, outbox,
      // audit and idempotency rows and their indexes). No effect on an existing file.
      db.exec('PRAGMA page_size = 2048');
      // WAL lets the CLI's built-in portal and a running server share one file safely.
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
    }
    db.exec('PRAGMA foreign_keys = ON');
    // Statement and savepoint journals stay in memory: on disk, a group commit's journal spilled
    // into a temp file (created, written and deleted) every few requests.
    db.exec('PRAGMA temp_store = MEMORY');
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: DatabaseSync, file: string): void {
  const current = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  if (current > SCHEMA_VERSION) throw new DatabaseVersionError(file, current, SCHEMA_VERSION);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    transaction(db, () => {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
    });
  }
}

/** Runs fn in one IMMEDIATE transaction (writers queue on busy_timeout rather than fail). */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
