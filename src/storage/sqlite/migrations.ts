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
];
