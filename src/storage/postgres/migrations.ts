/**
 * Numbered schema migrations for the PostgreSQL adapter (its own list: the SQL differs from
 * SQLite's, the numbering follows the same story). Each runs once, in order, in a transaction,
 * and `schema_migrations` records it; `migrate.ts` runs them under an advisory lock. Never edit a
 * released migration: add the next number.
 *
 * Every text column is COLLATE "C": comparisons and ranges are by bytes, as in SQLite (the KV
 * `list` walks the key index by a byte range, and the result must not depend on the locale).
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/**
 * How much of a text or byte value the attribute index holds. A B-tree entry must fit in a third
 * of a page (about 2.7 kB), and an attribute value may be far longer; the index keeps this prefix
 * and the row holds the whole value, which Locate compares too (`locate.ts`).
 */
export const INDEXED_PREFIX_CHARS = 256;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "key-value records (Vault's physical backend shape)",
    sql: `CREATE TABLE kv (
            key   text COLLATE "C" PRIMARY KEY,
            value bytea NOT NULL
          );`,
  },
  {
    version: 2,
    description: "managed objects and their attribute index (the KMIP object store)",
    // As SQLite's migration 2. `seq` orders objects created in the same millisecond. `storage`
    // is the Storage Status Mask bit (KMIP 2.1 §6.1.28): destroyed (State Destroyed or Destroyed
    // Compromised), else archival, else on-line. Enumerations are unsigned 32-bit, hence bigint;
    // times are milliseconds since the epoch, as Date holds them. object_attrs holds one row per
    // attribute field with the value in the column of its type; each partial index serves one
    // type within one scope (text and bytes by their prefix, see INDEXED_PREFIX_CHARS).
    sql: `CREATE TABLE objects (
            seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            uid         text COLLATE "C" NOT NULL CONSTRAINT objects_uid_key UNIQUE,
            mount       text COLLATE "C" NOT NULL,
            scope       text COLLATE "C" NOT NULL,
            object_type bigint NOT NULL,
            state       bigint NOT NULL,
            revision    bigint NOT NULL,
            archived    boolean NOT NULL,
            created     bigint NOT NULL,
            updated     bigint NOT NULL,
            attributes  text NOT NULL,
            material    bytea,
            storage     integer NOT NULL GENERATED ALWAYS AS
                          (CASE WHEN state IN (5, 6) THEN 4 WHEN archived THEN 2 ELSE 1 END) STORED
          );
          CREATE INDEX objects_by_scope ON objects (mount, scope, created, seq);
          CREATE TABLE object_attrs (
            obj      bigint NOT NULL REFERENCES objects (seq) ON DELETE CASCADE,
            name     text COLLATE "C" NOT NULL,
            position integer NOT NULL,
            field    text COLLATE "C" NOT NULL,
            mount    text COLLATE "C" NOT NULL,
            scope    text COLLATE "C" NOT NULL,
            v_int    bigint,
            v_text   text COLLATE "C",
            v_bytes  bytea,
            PRIMARY KEY (obj, name, position, field)
          );
          CREATE INDEX object_attrs_int ON object_attrs (mount, scope, name, field, v_int)
            WHERE v_int IS NOT NULL;
          CREATE INDEX object_attrs_text ON object_attrs
            (mount, scope, name, field, left(v_text, ${INDEXED_PREFIX_CHARS})) WHERE v_text IS NOT NULL;
          CREATE INDEX object_attrs_bytes ON object_attrs
            (mount, scope, name, field, substr(v_bytes, 1, ${INDEXED_PREFIX_CHARS})) WHERE v_bytes IS NOT NULL;`,
  },
];
