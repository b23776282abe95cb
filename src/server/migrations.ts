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
  {
    version: 2,
    description: 'domain: clients, notes, tasks, representatives, CaMS, assessments, portals, outbox',
    sql: `
      -- Clients. caseworker_ids and the tag lists are JSON arrays; *_norm / *_words hold the
      -- normalised names used by the duplicate check and the list search (see domain/normalise.ts).
      CREATE TABLE clients (
        id TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL REFERENCES providers(id),
        caseworker_ids TEXT NOT NULL DEFAULT '[]',
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        first_norm TEXT NOT NULL,
        last_norm TEXT NOT NULL,
        first_words TEXT NOT NULL,
        last_words TEXT NOT NULL,
        preferred_name TEXT,
        pronouns TEXT,
        email TEXT NOT NULL,
        email_lower TEXT NOT NULL,
        pending_email TEXT,
        pending_email_lower TEXT,
        phone TEXT,
        address TEXT,
        date_of_birth TEXT,
        self_identification TEXT NOT NULL DEFAULT '[]',
        target_occupations TEXT NOT NULL DEFAULT '[]',
        referral_source TEXT,
        referral_reference TEXT,
        referral_reasons TEXT,
        service_needs TEXT NOT NULL DEFAULT '[]',
        transportation TEXT,
        comm_channel TEXT,
        comm_job_post_updates INTEGER,
        comm_frequency TEXT,
        link_type TEXT NOT NULL DEFAULT 'none' CHECK (link_type IN ('none', 'cams', 'ca')),
        cams_ref TEXT,
        ca_number TEXT,
        link_at TEXT,
        invite_status TEXT NOT NULL DEFAULT 'none'
          CHECK (invite_status IN ('none', 'pending', 'accepted', 'declined')),
        invite_token TEXT,
        invite_sent_at TEXT,
        invite_sent_to TEXT,
        invite_declined_at TEXT,
        last_login_at TEXT,
        safety_flags TEXT NOT NULL DEFAULT '[]',
        archived INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX clients_email ON clients(email_lower);
      CREATE INDEX clients_pending_email ON clients(pending_email_lower) WHERE pending_email_lower IS NOT NULL;
      -- One portal client per CaMS client.
      CREATE UNIQUE INDEX clients_cams_ref ON clients(cams_ref) WHERE cams_ref IS NOT NULL;
      CREATE INDEX clients_provider ON clients(provider_id, id);
      CREATE INDEX clients_last_norm ON clients(last_norm);

      CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        kind TEXT NOT NULL CHECK (kind IN ('general', 'referral-reasons')),
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT
      );
      CREATE INDEX notes_client ON notes(client_id, created_at);
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        title TEXT NOT NULL,
        due_date TEXT,
        assignee TEXT NOT NULL CHECK (assignee IN ('self', 'client')),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX tasks_client ON tasks(client_id, created_at);
      CREATE TABLE representatives (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        email TEXT NOT NULL,
        invited_at TEXT NOT NULL,
        invited_by TEXT
      );
      CREATE INDEX representatives_client ON representatives(client_id);

      -- Stand-ins for the external systems: the CaMS directory and Common Assessments.
      CREATE TABLE cams_clients (
        client_reference_number TEXT PRIMARY KEY,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        email TEXT,
        phone TEXT,
        address TEXT,
        date_of_birth TEXT,
        self_identification TEXT NOT NULL DEFAULT '[]'
      );
      CREATE TABLE cams_cases (
        case_reference_number TEXT PRIMARY KEY,
        client_reference_number TEXT NOT NULL REFERENCES cams_clients(client_reference_number)
      );
      CREATE TABLE assessments (
        ca_number TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('submitted', 'in-progress')),
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        email TEXT,
        phone TEXT,
        address TEXT,
        submitted_at TEXT
      );

      -- Client portals, their external users and shared links.
      CREATE TABLE portals (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        provider_id TEXT NOT NULL REFERENCES providers(id)
      );
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        portal_id TEXT NOT NULL REFERENCES portals(id),
        title TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX jobs_portal ON jobs(portal_id, position);
      CREATE TABLE portal_users (
        id TEXT PRIMARY KEY,
        portal_id TEXT NOT NULL REFERENCES portals(id),
        email TEXT NOT NULL,
        email_lower TEXT NOT NULL,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        access_type TEXT NOT NULL CHECK (access_type IN ('all-jobs', 'selected-jobs')),
        job_ids TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('active', 'deactivated')),
        invited_at TEXT NOT NULL,
        deactivated_at TEXT
      );
      CREATE INDEX portal_users_portal ON portal_users(portal_id, email_lower);
      CREATE TABLE shared_links (
        id TEXT PRIMARY KEY,
        portal_user_id TEXT NOT NULL REFERENCES portal_users(id),
        token TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('active', 'expired')),
        sent_at TEXT NOT NULL,
        last_used_at TEXT,
        last_used_ip TEXT,
        expired_at TEXT
      );
      CREATE INDEX shared_links_user ON shared_links(portal_user_id);
      CREATE TABLE portal_user_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        portal_user_id TEXT NOT NULL REFERENCES portal_users(id),
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX portal_user_history_user ON portal_user_history(portal_user_id, seq);

      -- Every message the portal would have sent. provider_id scopes what non-administrators see.
      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        to_addr TEXT NOT NULL,
        to_lower TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        link TEXT,
        client_id TEXT,
        portal_user_id TEXT,
        provider_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX outbox_to ON outbox(to_lower);
      CREATE INDEX outbox_client ON outbox(client_id);
      CREATE INDEX audit_log_actor ON audit_log(actor_id);
    `,
  },
  {
    version: 3,
    description: 'clients: drop clients_last_norm, which no query uses',
    sql: `
      -- The duplicate check matches names with name_matches() over every row (a scan either way)
      -- and the list search with instr(): neither can use an index on last_norm, yet every client
      -- created or renamed paid to maintain it.
      DROP INDEX IF EXISTS clients_last_norm;
    `,
  },
  {
    version: 4,
    description:
      'audit_log, outbox, notes: kept in insertion order by an integer key; idempotency_keys: no created_at index',
    sql: `
      -- Creating a client writes a row to each of these tables, and every B-tree a write touches is
      -- one more page in the WAL at COMMIT. Their text ids were each a PRIMARY KEY, that is an index
      -- of its own, yet nothing looks a row up by its id: lists are read newest first. The rows are
      -- now ordered by seq (the rowid, insertion order); the public id stays a column.
      CREATE TABLE audit_log_v4 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        at TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        detail TEXT
      );
      INSERT INTO audit_log_v4 (id, at, actor_id, action, entity_type, entity_id, detail)
        SELECT id, at, actor_id, action, entity_type, entity_id, detail FROM audit_log ORDER BY id;
      DROP TABLE audit_log;
      ALTER TABLE audit_log_v4 RENAME TO audit_log;
      CREATE INDEX audit_log_entity ON audit_log(entity_id);
      CREATE INDEX audit_log_actor ON audit_log(actor_id);

      CREATE TABLE outbox_v4 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        to_addr TEXT NOT NULL,
        to_lower TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        link TEXT,
        client_id TEXT,
        portal_user_id TEXT,
        provider_id TEXT,
        created_at TEXT NOT NULL
      );
      INSERT INTO outbox_v4 (id, to_addr, to_lower, kind, subject, link, client_id, portal_user_id, provider_id, created_at)
        SELECT id, to_addr, to_lower, kind, subject, link, client_id, portal_user_id, provider_id, created_at
        FROM outbox ORDER BY id;
      DROP TABLE outbox;
      ALTER TABLE outbox_v4 RENAME TO outbox;
      CREATE INDEX outbox_to ON outbox(to_lower);
      CREATE INDEX outbox_client ON outbox(client_id);

      CREATE TABLE notes_v4 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        kind TEXT NOT NULL CHECK (kind IN ('general', 'referral-reasons')),
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT
      );
      INSERT INTO notes_v4 (id, client_id, kind, text, created_at, created_by)
        SELECT id, client_id, kind, text, created_at, created_by FROM notes ORDER BY id;
      DROP TABLE notes;
      ALTER TABLE notes_v4 RENAME TO notes;
      CREATE INDEX notes_client ON notes(client_id, created_at);

      -- Expired keys are purged from the oldest rowid up (see purgeExpiredIdempotency): rows are
      -- inserted, or replaced, in the order of their created_at.
      DROP INDEX idempotency_keys_created;
    `,
  },
  {
    version: 5,
    description: 'pages: link tokens (ended invitations, email confirmations, representatives), passwords',
    sql: `
      -- The secrets behind the links the portal's pages open, by SHA-256 hash. A client's current
      -- invitation token stays on its row (found through the client id it starts with); a row
      -- here is written only when that token ends, so creating a client writes nothing more.
      -- Email confirmations and representative invitations are rare: each gets its row when sent.
      CREATE TABLE link_tokens (
        token_hash TEXT PRIMARY KEY,
        purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'email-confirmation', 'representative-invitation')),
        subject_id TEXT NOT NULL,
        email TEXT,
        issued_at TEXT NOT NULL,
        ended_at TEXT,
        ended_reason TEXT CHECK (ended_reason IN ('replaced', 'accepted', 'declined', 'confirmed'))
      );
      CREATE INDEX link_tokens_subject ON link_tokens(subject_id, purpose);
      ALTER TABLE representatives ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'declined'));
      ALTER TABLE representatives ADD COLUMN responded_at TEXT;
      -- Passwords set on the invitation pages (clients and representatives), as scrypt hashes.
      CREATE TABLE portal_passwords (
        subject_id TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        set_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    description: 'clients: index the Common Assessment number, which is imported for one client only',
    sql: `
      -- Every import of a CA looks for a client holding it. Partial: rows without one (most) are
      -- not in it, and cost nothing to write.
      CREATE INDEX clients_ca_number ON clients(ca_number) WHERE ca_number IS NOT NULL;
    `,
  },
  {
    version: 7,
    description: 'api_tokens: public id, kind, expiry and revocation',
    sql: `
      -- A token can now expire and be revoked, and is listed and revoked by a public id (the hash
      -- is never shown). kind: 'staff' (seeded or made with "portalctl server tokens create"),
      -- 'server' (the administrator token of portalctl server: a start revokes the previous
      -- one, revoked_reason 'replaced'), 'session' (the built-in local portal of one command).
      -- name is the token's label.
      CREATE TABLE api_tokens_v7 (
        token_hash TEXT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE DEFAULT ('tk_' || lower(hex(randomblob(8)))),
        staff_id TEXT NOT NULL REFERENCES staff(id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'staff' CHECK (kind IN ('staff', 'server', 'session')),
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        revoked_reason TEXT CHECK (revoked_reason IN ('revoked', 'replaced'))
      );
      -- Every administrator token portalctl server was ever given is kept as a server token:
      -- the next start revokes all but its own.
      INSERT INTO api_tokens_v7 (token_hash, staff_id, name, kind, created_at)
        SELECT token_hash, staff_id, name,
               CASE WHEN staff_id = 'st_localadmin' THEN 'server' ELSE 'staff' END, created_at
          FROM api_tokens ORDER BY created_at;
      DROP TABLE api_tokens;
      ALTER TABLE api_tokens_v7 RENAME TO api_tokens;
    `,
  },
  {
    version: 8,
    description: "idempotency_keys: the server process that holds a 'running' key (released when it is gone)",
    sql: `
      ALTER TABLE idempotency_keys ADD COLUMN owner TEXT;
    `,
  },
  {
    version: 9,
    description: 'clients: client_name_keys, an index of name keys for the duplicate check',
    sql: `
      -- The duplicate check matches a name part (first, last) when the query is a prefix of the
      -- whole normalised part or of one of its words (domain/normalise.ts). Those keys, one row
      -- each, let the check find its candidates by a range of this index instead of testing every
      -- client, which an import does for every row. A new client's keys are written with it
      -- (insertClient); triggers keep them in step when names change or a client is deleted.
      -- *_words is " word word" of letters and digits only: it splits into a JSON array safely.
      CREATE TABLE client_name_keys (
        part TEXT NOT NULL CHECK (part IN ('f', 'l')),
        key TEXT NOT NULL,
        client_id TEXT NOT NULL,
        PRIMARY KEY (part, key, client_id)
      ) WITHOUT ROWID;
      CREATE TRIGGER client_name_keys_update AFTER UPDATE OF first_norm, first_words, last_norm, last_words ON clients
        WHEN OLD.first_norm IS NOT NEW.first_norm OR OLD.first_words IS NOT NEW.first_words
          OR OLD.last_norm IS NOT NEW.last_norm OR OLD.last_words IS NOT NEW.last_words BEGIN
        DELETE FROM client_name_keys WHERE (part, key, client_id) IN (
          SELECT 'f', value, OLD.id FROM json_each(json_array(OLD.first_norm)) WHERE value <> ''
          UNION SELECT 'f', value, OLD.id FROM json_each('["' || replace(trim(OLD.first_words), ' ', '","') || '"]')
          WHERE value <> ''
          UNION SELECT 'l', value, OLD.id FROM json_each(json_array(OLD.last_norm)) WHERE value <> ''
          UNION SELECT 'l', value, OLD.id FROM json_each('["' || replace(trim(OLD.last_words), ' ', '","') || '"]')
          WHERE value <> '');
        INSERT OR IGNORE INTO client_name_keys (part, key, client_id)
          SELECT 'f', value, NEW.id FROM json_each(json_array(NEW.first_norm)) WHERE value <> ''
          UNION SELECT 'f', value, NEW.id FROM json_each('["' || replace(trim(NEW.first_words), ' ', '","') || '"]')
          WHERE value <> ''
          UNION SELECT 'l', value, NEW.id FROM json_each(json_array(NEW.last_norm)) WHERE value <> ''
          UNION SELECT 'l', value, NEW.id FROM json_each('["' || replace(trim(NEW.last_words), ' ', '","') || '"]')
          WHERE value <> '';
      END;
      CREATE TRIGGER client_name_keys_delete AFTER DELETE ON clients BEGIN
        DELETE FROM client_name_keys WHERE (part, key, client_id) IN (
          SELECT 'f', value, OLD.id FROM json_each(json_array(OLD.first_norm)) WHERE value <> ''
          UNION SELECT 'f', value, OLD.id FROM json_each('["' || replace(trim(OLD.first_words), ' ', '","') || '"]')
          WHERE value <> ''
          UNION SELECT 'l', value, OLD.id FROM json_each(json_array(OLD.last_norm)) WHERE value <> ''
          UNION SELECT 'l', value, OLD.id FROM json_each('["' || replace(trim(OLD.last_words), ' ', '","') || '"]')
          WHERE value <> '');
      END;
      INSERT OR IGNORE INTO client_name_keys (part, key, client_id)
        SELECT 'f', value, c.id FROM clients c, json_each(json_array(c.first_norm)) WHERE value <> ''
          UNION SELECT 'f', value, c.id FROM clients c, json_each('["' || replace(trim(c.first_words), ' ', '","') || '"]')
          WHERE value <> ''
        UNION SELECT 'l', value, c.id FROM clients c, json_each(json_array(c.last_norm)) WHERE value <> ''
          UNION SELECT 'l', value, c.id FROM clients c, json_each('["' || replace(trim(c.last_words), ' ', '","') || '"]')
          WHERE value <> '';
    `,
  },
  {
    version: 10,
    description: 'tasks: done (when, by whom); a task without completed_at is open',
    sql: `
      ALTER TABLE tasks ADD COLUMN completed_at TEXT;
      ALTER TABLE tasks ADD COLUMN completed_by TEXT;
    `,
  },
  {
    version: 11,
    description: 'notes: edited (when, by whom) and deleted (hidden, kept for the audit)',
    sql: `
      ALTER TABLE notes ADD COLUMN updated_at TEXT;
      ALTER TABLE notes ADD COLUMN updated_by TEXT;
      ALTER TABLE notes ADD COLUMN deleted_at TEXT;
      ALTER TABLE notes ADD COLUMN deleted_by TEXT;
    `,
  },
  {
    version: 12,
    description: 'client files: PDF and Word documents, stored in chunks as they arrive',
    sql: `
      -- A file is kept in the database, in chunks of up to 256 KiB written one by one as the
      -- upload arrives: never whole in memory, in the one file that is already its owner's only
      -- (0600), and gone with its row. status 'uploading': chunks are still arriving (or the
      -- upload broke off; such rows are purged); only 'ready' files are listed and served.
      CREATE TABLE client_files (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        name TEXT NOT NULL,
        kind TEXT CHECK (kind IN ('pdf', 'docx', 'doc')),
        media_type TEXT,
        size INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT,
        status TEXT NOT NULL CHECK (status IN ('uploading', 'ready')),
        uploaded_by TEXT NOT NULL,
        uploaded_at TEXT NOT NULL
      );
      CREATE INDEX client_files_client ON client_files(client_id, id);
      -- One file of each content per client: a repeated upload is found, not stored twice.
      CREATE UNIQUE INDEX client_files_content ON client_files(client_id, sha256) WHERE status = 'ready';
      CREATE TABLE client_file_chunks (
        file_id TEXT NOT NULL REFERENCES client_files(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (file_id, seq)
      );
    `,
  },
  {
    version: 13,
    description: 'CaMS directory: Employment Action Plans',
    sql: `
      -- The stand-in for CaMS keeps each client's Employment Action Plan as CaMS sends it: one
      -- JSON document (case details, goals, outcomes, sub-goals, plan items), read, never edited.
      CREATE TABLE cams_eaps (
        client_reference_number TEXT PRIMARY KEY REFERENCES cams_clients(client_reference_number),
        plan TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 14,
    description: 'clients: when the CaMS-owned fields were last refreshed from CaMS',
    sql: `
      -- A CaMS link stays current: each change CaMS makes to its record is applied to the linked
      -- client at once. Until a first change, the values are those copied when the link was made.
      ALTER TABLE clients ADD COLUMN cams_refreshed_at TEXT;
      UPDATE clients SET cams_refreshed_at = link_at WHERE link_type = 'cams';
    `,
  },
  {
    version: 15,
    description: 'client portals: jobs added and removed, candidates with consent, feedback, notices',
    sql: `
      -- A removed job is kept (its candidates' feedback still names it); lists leave it out.
      ALTER TABLE jobs ADD COLUMN removed_at TEXT;
      ALTER TABLE jobs ADD COLUMN removed_by TEXT;
      -- The client's consent to being put forward to employers: NULL never recorded, 1 yes, 0 no.
      ALTER TABLE clients ADD COLUMN share_consent INTEGER;
      ALTER TABLE clients ADD COLUMN share_consent_at TEXT;
      ALTER TABLE clients ADD COLUMN share_consent_by TEXT;
      -- A client put forward for a job of a portal; taken off, the row stays (removed_at).
      CREATE TABLE portal_candidates (
        id TEXT PRIMARY KEY,
        portal_id TEXT NOT NULL REFERENCES portals(id),
        job_id TEXT NOT NULL REFERENCES jobs(id),
        client_id TEXT NOT NULL REFERENCES clients(id),
        summary TEXT,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL,
        removed_at TEXT,
        removed_by TEXT
      );
      CREATE UNIQUE INDEX portal_candidates_current ON portal_candidates(job_id, client_id) WHERE removed_at IS NULL;
      CREATE INDEX portal_candidates_portal ON portal_candidates(portal_id, id);
      CREATE INDEX portal_candidates_client ON portal_candidates(client_id);
      CREATE TABLE portal_candidate_documents (
        candidate_id TEXT NOT NULL REFERENCES portal_candidates(id),
        file_id TEXT NOT NULL REFERENCES client_files(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (candidate_id, file_id)
      );
      -- What external users said about candidates.
      CREATE TABLE portal_feedback (
        id TEXT PRIMARY KEY,
        portal_user_id TEXT NOT NULL REFERENCES portal_users(id),
        candidate_id TEXT NOT NULL REFERENCES portal_candidates(id),
        text TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX portal_feedback_user ON portal_feedback(portal_user_id, id);
      -- What changed on a portal; notice_id stays NULL until a notice told its users.
      CREATE TABLE portal_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        portal_id TEXT NOT NULL REFERENCES portals(id),
        candidate_id TEXT NOT NULL REFERENCES portal_candidates(id),
        kind TEXT NOT NULL CHECK (kind IN ('candidate-added', 'summary-updated', 'document-added')),
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        notice_id TEXT
      );
      CREATE INDEX portal_changes_pending ON portal_changes(portal_id, notice_id);
      CREATE TABLE portal_notices (
        id TEXT PRIMARY KEY,
        portal_id TEXT NOT NULL REFERENCES portals(id),
        at TEXT NOT NULL,
        by TEXT NOT NULL
      );
      -- The text of a message that cannot be written again from the row alone (a portal notice).
      ALTER TABLE outbox ADD COLUMN text TEXT;
    `,
  },
  {
    version: 16,
    description:
      'representatives: a decline recorded before any invitation (no invited_at), removed (kept for the audit)',
    sql: `
      -- invited_at becomes nullable: staff may record that someone declined before being invited.
      -- SQLite cannot drop a NOT NULL, so the table is rebuilt with its rows.
      CREATE TABLE representatives_v16 (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        email TEXT NOT NULL,
        invited_at TEXT,
        invited_by TEXT,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
        responded_at TEXT,
        removed_at TEXT,
        removed_by TEXT
      );
      INSERT INTO representatives_v16 (id, client_id, first_name, last_name, email, invited_at, invited_by, status, responded_at)
        SELECT id, client_id, first_name, last_name, email, invited_at, invited_by, status, responded_at FROM representatives;
      DROP TABLE representatives;
      ALTER TABLE representatives_v16 RENAME TO representatives;
      CREATE INDEX representatives_client ON representatives(client_id);
    `,
  },
];
