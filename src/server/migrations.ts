// Versioned schema migrations, applied in order inside one transaction each; PRAGMA user_version
// records the schema version. A database from a newer portalctl is refused, never touched.
// Append new migrations; never edit one that has shipped.
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    description: 'platform: providers, staff, tokens, idempotency, audit',
    sql: `
      CREATE TABLE provider_groups (id TEXT PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE providers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        group_id TEXT NOT NULL REFERENCES provider_groups(id)
      );
      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL REFERENCES providers(id),
        name TEXT NOT NULL,
        email TEXT NOT NULL UNIQUE,
        permissions TEXT NOT NULL -- JSON array of permission names
      );
      -- Tokens are stored as SHA-256 hashes only.
      CREATE TABLE api_tokens (
        token_hash TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff(id),
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE idempotency_keys (
        principal_id TEXT NOT NULL,
        key TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        body_hash TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'done')),
        status INTEGER,
        response TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (principal_id, key)
      );
      CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_log_entity ON audit_log(entity_id);
    `,
  },
];
