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
];
