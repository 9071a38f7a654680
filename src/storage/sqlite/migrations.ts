/**
 * Numbered schema migrations for the SQLite adapter. Each runs once, in order, inside a
 * transaction, and `PRAGMA user_version` records the last one applied. Never edit a released
 * migration: add the next number.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "key-value records (Vault's physical backend shape)",
    sql: `CREATE TABLE kv (
            key   TEXT PRIMARY KEY NOT NULL,
            value BLOB NOT NULL
          ) WITHOUT ROWID;`,
  },
  {
    version: 2,
    description: "managed objects and their attribute index (the KMIP object store)",
    // `seq` is the rowid: creation order, Locate's tie-break between objects of the same
    // millisecond. `storage` is the Storage Status Mask bit of the object (KMIP 2.1 §6.1.28):
    // destroyed (State Destroyed or Destroyed Compromised), else archival, else on-line.
    // object_attrs holds one row per attribute field with the value in the column of its type;
    // each partial index serves equality and ranges on one type within one scope.
    sql: `CREATE TABLE objects (
            seq         INTEGER PRIMARY KEY,
            uid         TEXT NOT NULL UNIQUE,
            mount       TEXT NOT NULL,
            scope       TEXT NOT NULL,
            object_type INTEGER NOT NULL,
            state       INTEGER NOT NULL,
            revision    INTEGER NOT NULL,
            archived    INTEGER NOT NULL CHECK (archived IN (0, 1)),
            created     INTEGER NOT NULL,
            updated     INTEGER NOT NULL,
            attributes  TEXT NOT NULL,
            material    BLOB,
            storage     INTEGER NOT NULL GENERATED ALWAYS AS
                          (CASE WHEN state IN (5, 6) THEN 4 WHEN archived = 1 THEN 2 ELSE 1 END) VIRTUAL
          );
          CREATE INDEX objects_by_scope ON objects (mount, scope, created, seq);
          CREATE TABLE object_attrs (
            obj      INTEGER NOT NULL REFERENCES objects (seq) ON DELETE CASCADE,
            name     TEXT NOT NULL,
            position INTEGER NOT NULL,
            field    TEXT NOT NULL,
            mount    TEXT NOT NULL,
            scope    TEXT NOT NULL,
            v_int    INTEGER,
            v_text   TEXT,
            v_bytes  BLOB,
            PRIMARY KEY (obj, name, position, field)
          ) WITHOUT ROWID;
          CREATE INDEX object_attrs_int ON object_attrs (mount, scope, name, field, v_int) WHERE v_int IS NOT NULL;
          CREATE INDEX object_attrs_text ON object_attrs (mount, scope, name, field, v_text) WHERE v_text IS NOT NULL;
          CREATE INDEX object_attrs_bytes ON object_attrs (mount, scope, name, field, v_bytes) WHERE v_bytes IS NOT NULL;`,
  },
  {
    version: 3,
    description: "a compact attribute index: integer scope and attribute keys (issue #8)",
    // Every Create wrote ~24 index rows, each carrying the mount, scope, name and field as text
    // in its primary key and again in a value index: most of the bytes SQLite compared, copied
    // and wrote to the WAL. Here a scope and an (attribute name, field) pair are small integers
    // from two dictionaries, so a row is (obj, key, position, sid, value). Dictionary rows are
    // never deleted: an id, once committed, means the same thing for every connection forever.
    // Existing index rows are carried over one for one (same rows, new keys), in this transaction.
    sql: `CREATE TABLE object_scopes (
            id    INTEGER PRIMARY KEY,
            mount TEXT NOT NULL,
            scope TEXT NOT NULL,
            UNIQUE (mount, scope)
          );
          CREATE TABLE index_keys (
            id    INTEGER PRIMARY KEY,
            name  TEXT NOT NULL,
            field TEXT NOT NULL,
            UNIQUE (name, field)
          );
          CREATE TABLE object_index (
            obj      INTEGER NOT NULL REFERENCES objects (seq) ON DELETE CASCADE,
            key      INTEGER NOT NULL,
            position INTEGER NOT NULL,
            sid      INTEGER NOT NULL,
            v_int    INTEGER,
            v_text   TEXT,
            v_bytes  BLOB,
            PRIMARY KEY (obj, key, position)
          ) WITHOUT ROWID;
          INSERT INTO object_scopes (mount, scope) SELECT DISTINCT mount, scope FROM objects;
          INSERT INTO index_keys (name, field) SELECT DISTINCT name, field FROM object_attrs;
          INSERT INTO object_index (obj, key, position, sid, v_int, v_text, v_bytes)
            SELECT a.obj, k.id, a.position, s.id, a.v_int, a.v_text, a.v_bytes
            FROM object_attrs a
            JOIN index_keys k ON k.name = a.name AND k.field = a.field
            JOIN object_scopes s ON s.mount = a.mount AND s.scope = a.scope;
          DROP TABLE object_attrs;
          CREATE INDEX object_index_int ON object_index (sid, key, v_int) WHERE v_int IS NOT NULL;
          CREATE INDEX object_index_text ON object_index (sid, key, v_text) WHERE v_text IS NOT NULL;
          CREATE INDEX object_index_bytes ON object_index (sid, key, v_bytes) WHERE v_bytes IS NOT NULL;`,
  },
];
