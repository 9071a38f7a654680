/**
 * The managed-object store on SQLite (tables from migrations 2 and 3 in `migrations.ts`).
 *
 * An object is one row of `objects` (attributes as lossless JSON, sealed material as a BLOB) plus
 * its rows in `object_index`, the attribute index (migration 3: scope and attribute key as
 * integer ids, `index-ids.ts`), written in the same transaction. Writes are conditional on the
 * revision the caller read and join the connection's group commit (`group-commit.ts`): each
 * resolves once the transaction holding it is on disk.
 * Locate compiles the plan of `../objects.ts` into one parameterised statement whose attribute
 * tests are index lookups in `object_index` (`locate-sql.ts`); the count of matches is a second
 * query only when the page does not show it. Statements are cached by their text.
 */
import type Database from "better-sqlite3";
import { decodeAttributes } from "../attribute-json.js";
import { toBuffer } from "../object-sql.js";
import type { ObjectWrite } from "../object-writes.js";
import {
  applyChanges,
  checkChanges,
  checkObject,
  checkRevision,
  checkScope,
  checkUid,
  type IndexRow,
  indexRows,
  type LocateQuery,
  type LocateResult,
  type ObjectChanges,
  type ObjectStore,
  ObjectStoreError,
  planLocate,
  type ScopeKey,
  type StoredObject,
} from "../objects.js";
import { StorageError } from "../types.js";
import { GroupCommit } from "./group-commit.js";
import { type IdScope, IndexIds } from "./index-ids.js";
import { locateFromWhere, locateOrder } from "./locate-sql.js";
import { ObjectCache } from "./object-cache.js";
import { storedRows } from "./stored-rows.js";

interface ObjectRow {
  seq: number;
  uid: string;
  mount: string;
  scope: string;
  object_type: number;
  state: number;
  revision: number;
  archived: number;
  created: number;
  updated: number;
  attributes: string;
  material: Buffer | null;
}

const CACHED_STATEMENTS_MAX = 256;
/** 7 parameters a row: 32 rows stay far below SQLite's 32,766 host parameters. */
const INDEX_ROWS_PER_INSERT = 32;

export class SqliteObjectStore implements ObjectStore {
  private readonly stmts: ReturnType<typeof prepare>;
  private readonly cache = new Map<string, Database.Statement>();
  /** Multi-row index inserts by row count (1 to INDEX_ROWS_PER_INSERT). */
  private readonly indexInserts: (Database.Statement | undefined)[] = [];
  /** One transaction wrapper for every call (making one per call costs more than the insert's SQL). */
  private readonly transaction: Database.Transaction<(fn: () => unknown) => unknown>;
  /** Decoded objects, checked against other connections' commits on every read (`object-cache.ts`). */
  private readonly decoded: ObjectCache;
  /** Scope and attribute-key ids of the attribute index. */
  private readonly ids: IndexIds;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
    /** Shared with the key-value store of the same connection (one transaction per turn). */
    private readonly group: GroupCommit = new GroupCommit(db),
  ) {
    this.stmts = prepare(db);
    this.transaction = db.transaction((fn: () => unknown) => fn());
    // Held exclusively (a single-process server): no other connection can commit, nothing to check.
    const alone = db.pragma("locking_mode", { simple: true }) === "exclusive";
    this.decoded = new ObjectCache(alone ? undefined : () => this.stmts.dataVersion.get() as number);
    this.ids = new IndexIds(db);
    group.onRollback(() => {
      this.decoded.clear();
      this.ids.clear();
    });
  }

  async insert(obj: StoredObject): Promise<void> {
    const json = checkObject(obj);
    const rows = indexRows(obj.attributes);
    const { mountUuid, scopeId } = obj.scope;
    this.decoded.forget(obj.scope, obj.uid);
    await this.write((local) => {
      const info = this.stmts.insert.run(
        obj.uid,
        mountUuid,
        scopeId,
        obj.objectType,
        obj.state,
        obj.revision,
        obj.archived ? 1 : 0,
        obj.createdAt.getTime(),
        obj.updatedAt.getTime(),
        json,
        blob(obj.material),
      );
      this.putIndex(Number(info.lastInsertRowid), obj.scope, rows, local);
    });
  }

  async get(scope: ScopeKey, uid: string): Promise<StoredObject | undefined> {
    checkScope(scope);
    checkUid(uid);
    const hit = this.decoded.get(scope, uid);
    if (hit !== undefined) return hit;
    const row = this.stmts.get.get(uid, scope.mountUuid, scope.scopeId) as ObjectRow | undefined;
    return row === undefined ? undefined : this.decoded.put(scope, uid, toObject(row));
  }

  async update(
    scope: ScopeKey,
    uid: string,
    expectedRevision: number,
    changes: ObjectChanges,
  ): Promise<StoredObject> {
    checkScope(scope);
    checkUid(uid);
    checkRevision(expectedRevision);
    checkChanges(changes);
    this.decoded.forget(scope, uid);
    return this.write((local) => {
      const row = this.stmts.get.get(uid, scope.mountUuid, scope.scopeId) as ObjectRow | undefined;
      if (row === undefined) throw new ObjectStoreError("not-found", `no object ${uid} in this scope`);
      if (row.revision !== expectedRevision) throw stale(uid);
      const next = applyChanges(toObject(row), changes, this.now());
      const json = checkObject(next);
      const info = this.stmts.update.run(
        next.state,
        next.archived ? 1 : 0,
        next.updatedAt.getTime(),
        json,
        blob(next.material),
        next.revision,
        row.seq,
        expectedRevision,
      );
      // The conditional write itself: a writer that got here second finds another revision.
      if (info.changes !== 1) throw stale(uid);
      if (changes.attributes !== undefined) {
        this.stmts.deleteIndex.run(row.seq);
        this.putIndex(row.seq, scope, indexRows(next.attributes), local);
      }
      return next;
    });
  }

  async destroyMaterial(
    scope: ScopeKey,
    uid: string,
    expectedRevision: number,
    changes: Omit<ObjectChanges, "material"> = {},
  ): Promise<StoredObject> {
    return this.update(scope, uid, expectedRevision, Object.assign({}, changes, { material: null }));
  }

  async delete(scope: ScopeKey, uid: string): Promise<boolean> {
    checkScope(scope);
    checkUid(uid);
    this.decoded.forget(scope, uid);
    // The index rows go with the object (ON DELETE CASCADE), in the same statement.
    return this.write(() => this.stmts.delete.run(uid, scope.mountUuid, scope.scopeId).changes > 0);
  }

  async countInScope(scope: ScopeKey): Promise<number> {
    checkScope(scope);
    return this.stmts.count.get(scope.mountUuid, scope.scopeId) as number;
  }

  /**
   * Several writes as one transaction, all or none (`../object-writes.ts`): every precondition is
   * checked before the first write, inside the same write transaction.
   */
  async applyWrites(writes: readonly ObjectWrite[]): Promise<void> {
    const checked = writes.map((w) => ({ w, json: w.op === "delete" ? "" : checkObject(w.obj) }));
    for (const { w } of checked) {
      const { scope, uid } = w.op === "delete" ? w : w.obj;
      this.decoded.forget(scope, uid);
    }
    await this.write((local) => {
      const seqs = checked.map(({ w }) => this.precondition(w));
      checked.forEach(({ w, json }, i) => {
        this.applyWrite(w, json, seqs[i], local);
      });
    });
  }

  /** The row a write changes (its `seq`), after checking it is still what the writer read. */
  private precondition(w: ObjectWrite): number | undefined {
    const { scope, uid } = w.op === "delete" ? w : w.obj;
    checkScope(scope);
    checkUid(uid);
    const row = this.stmts.get.get(uid, scope.mountUuid, scope.scopeId) as ObjectRow | undefined;
    if (w.op === "insert") {
      if (row !== undefined) throw new ObjectStoreError("exists", `object ${uid} exists`);
      return undefined;
    }
    if (row === undefined || row.revision !== w.expectedRevision) throw stale(uid);
    return row.seq;
  }

  private applyWrite(w: ObjectWrite, json: string, seq: number | undefined, local: IdScope): void {
    if (w.op === "delete") {
      this.stmts.delete.run(w.uid, w.scope.mountUuid, w.scope.scopeId);
      return;
    }
    const o = w.obj;
    if (w.op === "replace") {
      const updated = o.updatedAt.getTime();
      this.stmts.update.run(
        o.state,
        o.archived ? 1 : 0,
        updated,
        json,
        blob(o.material),
        o.revision,
        seq,
        w.expectedRevision,
      );
      this.stmts.deleteIndex.run(seq);
      this.putIndex(seq!, o.scope, indexRows(o.attributes), local);
      return;
    }
    const { mountUuid, scopeId } = o.scope;
    const created = o.createdAt.getTime();
    const info = this.stmts.insert.run(
      o.uid,
      mountUuid,
      scopeId,
      o.objectType,
      o.state,
      o.revision,
      o.archived ? 1 : 0,
      created,
      o.updatedAt.getTime(),
      json,
      blob(o.material),
    );
    this.putIndex(Number(info.lastInsertRowid), o.scope, indexRows(o.attributes), local);
  }

  async deleteScope(scope: ScopeKey): Promise<number> {
    checkScope(scope);
    this.decoded.clear();
    return this.write(() => this.stmts.deleteScope.run(scope.mountUuid, scope.scopeId).changes);
  }

  async locate(scope: ScopeKey, query: LocateQuery): Promise<LocateResult> {
    checkScope(scope);
    const plan = planLocate(query);
    const { sql, params } = locateFromWhere(scope, plan);
    const [limit, offset] = plan.single ? [1, 0] : [plan.limit ?? -1, plan.offset];
    // The limit is written into the text (an integer planLocate checked): bound, it made SQLite
    // sort without knowing it, several times the cost of the whole lookup (issue #8's profile).
    const page = this.statement(
      `SELECT o.uid ${sql} ORDER BY ${locateOrder(plan)} LIMIT ${sqlInteger(limit)} OFFSET ?`,
    );
    // One read transaction (BEGIN and COMMIT cost well under a microsecond), so that a count,
    // when one is needed, sees the page's snapshot. Most pages tell the total themselves.
    const read = (): LocateResult => {
      const uids = page.all(...params, offset) as string[];
      const known = plan.single ? uids.length : totalOfPage(uids.length, limit, offset);
      const total = known ?? (this.statement(`SELECT COUNT(*) ${sql}`).get(...params) as number);
      return { uids, total };
    };
    const found = this.guard(() => this.transaction.deferred(read) as LocateResult);
    if (!plan.single) return found;
    // KMIP 1.4 §4.9 Group Member Default: only "the default object" (see LOCATE_ORDER) matches.
    const end = plan.limit === undefined ? undefined : plan.offset + plan.limit;
    return { uids: found.uids.slice(plan.offset, end), total: found.uids.length };
  }

  /** The query plan SQLite picks for a Locate (tests check that it uses the index). */
  explainLocate(scope: ScopeKey, query: LocateQuery): string[] {
    const plan = planLocate(query);
    const { sql, params } = locateFromWhere(scope, plan);
    const explain = this.db.prepare(
      `EXPLAIN QUERY PLAN SELECT o.uid ${sql} ORDER BY ${locateOrder(plan)} LIMIT -1 OFFSET ?`,
    );
    return (explain.all(...params, 0) as { detail: string }[]).map((r) => r.detail);
  }

  /**
   * The index rows of one object (those `stored-rows.ts` keeps), several per statement: one
   * native call per row cost more than SQLite's own insert (issue #8's Create profile).
   */
  private putIndex(seq: number, scope: ScopeKey, all: readonly IndexRow[], local: IdScope): void {
    const rows = storedRows(all);
    const sid = this.ids.scopeId(scope, local);
    for (let at = 0; at < rows.length; at += INDEX_ROWS_PER_INSERT) {
      const end = Math.min(at + INDEX_ROWS_PER_INSERT, rows.length);
      const params: unknown[] = [];
      for (let i = at; i < end; i++) {
        const r = rows[i]!;
        const v = r.value;
        params.push(
          seq,
          this.ids.keyId(r.name, r.field, local),
          r.position,
          sid,
          v.col === "int" ? v.value : null,
          v.col === "text" ? v.value : null,
          v.col === "bytes" ? blob(v.value) : null,
        );
      }
      this.indexInsert(end - at).run(...params);
    }
  }

  /** `INSERT INTO object_index` of `count` rows, prepared once per count. */
  private indexInsert(count: number): Database.Statement {
    let stmt = this.indexInserts[count];
    if (stmt === undefined) {
      const rows = Array.from({ length: count }, () => "(?, ?, ?, ?, ?, ?, ?)").join(", ");
      stmt = this.db.prepare(
        `INSERT INTO object_index (obj, key, position, sid, v_int, v_text, v_bytes) VALUES ${rows}`,
      );
      this.indexInserts[count] = stmt;
    }
    return stmt;
  }

  /** A Locate statement (first column only), prepared once per text. */
  private statement(sql: string): Database.Statement {
    let stmt = this.cache.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql).pluck();
      if (this.cache.size >= CACHED_STATEMENTS_MAX) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  /** `fn` joins the group commit in a savepoint of its own, with an id scope of its own (`index-ids.ts`). */
  private write<T>(fn: (local: IdScope) => T): Promise<T> {
    return this.group.write(() => fn(this.ids.begin()), storageError);
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw storageError(err);
    }
  }
}

/**
 * The number of matches when the page itself shows it (`limit` -1: none): a page short of its
 * limit holds the last match, unless it is empty past the start (Offset Items beyond the end).
 */
function totalOfPage(rows: number, limit: number, offset: number): number | undefined {
  if (limit >= 0 && rows >= limit) return undefined;
  if (rows === 0 && offset > 0) return undefined;
  return offset + rows;
}

/** An integer for the text of a statement; anything else is a bug upstream, never SQL. */
function sqlInteger(n: number): string {
  if (!Number.isSafeInteger(n)) throw new TypeError(`not an integer: ${n}`);
  return String(n);
}

function blob(bytes: Uint8Array | undefined): Buffer | null {
  return bytes === undefined ? null : toBuffer(bytes);
}

function toObject(row: ObjectRow): StoredObject {
  const obj: StoredObject = {
    uid: row.uid,
    scope: { mountUuid: row.mount, scopeId: row.scope },
    objectType: row.object_type,
    state: row.state,
    attributes: decodeAttributes(row.attributes),
    revision: row.revision,
    createdAt: new Date(row.created),
    updatedAt: new Date(row.updated),
    archived: row.archived === 1,
  };
  if (row.material !== null) obj.material = new Uint8Array(row.material);
  return obj;
}

function stale(uid: string): ObjectStoreError {
  return new ObjectStoreError("stale", `object ${uid} was changed by another writer`);
}

/**
 * Typed errors pass; a taken Unique Identifier (the only UNIQUE constraint) is `exists`; another
 * constraint failure is a bug and stays as it is; a busy or failing database is "unavailable".
 */
function storageError(err: unknown): unknown {
  if (err instanceof StorageError) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return err;
  if (code === "SQLITE_CONSTRAINT_UNIQUE") {
    return new ObjectStoreError("exists", "an object with this Unique Identifier exists", { cause: err });
  }
  if (code.startsWith("SQLITE_CONSTRAINT")) return err;
  return new StorageError("the object store failed", "unavailable", { cause: err });
}

function prepare(db: Database.Database) {
  return {
    insert: db.prepare(
      `INSERT INTO objects (uid, mount, scope, object_type, state, revision, archived, created, updated, attributes, material)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    get: db.prepare("SELECT * FROM objects WHERE uid = ? AND mount = ? AND scope = ?"),
    update: db.prepare(
      `UPDATE objects SET state = ?, archived = ?, updated = ?, attributes = ?, material = ?, revision = ?
       WHERE seq = ? AND revision = ?`,
    ),
    delete: db.prepare("DELETE FROM objects WHERE uid = ? AND mount = ? AND scope = ?"),
    deleteScope: db.prepare("DELETE FROM objects WHERE mount = ? AND scope = ?"),
    count: db.prepare("SELECT COUNT(*) FROM objects WHERE mount = ? AND scope = ?").pluck(),
    deleteIndex: db.prepare("DELETE FROM object_index WHERE obj = ?"),
    dataVersion: db.prepare("PRAGMA data_version").pluck(),
  };
}
