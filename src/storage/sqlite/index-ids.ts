/**
 * The two dictionaries of the compact attribute index (migration 3 in `migrations.ts`): a scope
 * (mount, scope) and an attribute key (name, field) each become a small integer, so an index
 * row carries two integers instead of four strings.
 *
 * Ids are resolved inside the write transaction of the object that needs them (the group
 * commit's savepoint), so a new id is created under the write lock and no two connections can
 * give one pair two ids. Ids are cached per connection, but only ids that a SELECT found: those
 * were written by an earlier write, which either commits with its group or is rolled back with
 * it (and then `clear` empties the cache). An id created by the write in progress lives in that
 * write's own `IdScope` only, because a failing write rolls its savepoint back and the id with it.
 */
import type Database from "better-sqlite3";
import type { ScopeKey } from "../objects.js";

/** Cached ids at most (clients name custom attributes freely); past it the cache starts over. */
const CACHED_IDS_MAX = 10_000;

/** Ids created by one write: valid for that write only, until its savepoint is released. */
export type IdScope = Map<string, number>;

export class IndexIds {
  private readonly cached = new Map<string, number>();
  private readonly stmts: ReturnType<typeof prepare>;

  constructor(db: Database.Database) {
    this.stmts = prepare(db);
  }

  /** A fresh id scope for one write. */
  begin(): IdScope {
    return new Map();
  }

  /** The id of `scope`, created when none is there yet. In a write transaction only. */
  scopeId(scope: ScopeKey, local: IdScope): number {
    const key = `s\u0000${scope.mountUuid}\u0000${scope.scopeId}`;
    return this.resolve(key, local, scope.mountUuid, scope.scopeId, this.stmts.scope, this.stmts.newScope);
  }

  /** The id of `field` of attribute `name`, created when none is there yet. In a write transaction only. */
  keyId(name: string, field: string, local: IdScope): number {
    const key = `k\u0000${name}\u0000${field}`;
    return this.resolve(key, local, name, field, this.stmts.key, this.stmts.newKey);
  }

  /** After a rolled-back group: the ids it created are gone, so are any cached from it. */
  clear(): void {
    this.cached.clear();
  }

  private resolve(
    key: string,
    local: IdScope,
    a: string,
    b: string,
    select: Database.Statement,
    insert: Database.Statement,
  ): number {
    const known = this.cached.get(key) ?? local.get(key);
    if (known !== undefined) return known;
    const found = select.get(a, b) as number | undefined;
    if (found !== undefined) {
      if (this.cached.size >= CACHED_IDS_MAX) this.cached.clear();
      this.cached.set(key, found);
      return found;
    }
    const id = Number(insert.run(a, b).lastInsertRowid);
    local.set(key, id);
    return id;
  }
}

function prepare(db: Database.Database) {
  return {
    scope: db.prepare("SELECT id FROM object_scopes WHERE mount = ? AND scope = ?").pluck(),
    newScope: db.prepare("INSERT INTO object_scopes (mount, scope) VALUES (?, ?)"),
    key: db.prepare("SELECT id FROM index_keys WHERE name = ? AND field = ?").pluck(),
    newKey: db.prepare("INSERT INTO index_keys (name, field) VALUES (?, ?)"),
  };
}
