/**
 * The managed-object store on PostgreSQL (tables from migration 2 in `migrations.ts`), with the
 * semantics of the SQLite one: an object is one row of `objects` plus its rows in `object_attrs`,
 * written together; writes are conditional on the revision the caller read
 * (`UPDATE … WHERE revision = $expected`), which is what catches two nodes writing one object.
 * Under READ COMMITTED the second UPDATE waits for the first, re-reads the row, finds the new
 * revision and changes nothing, so its caller gets `stale`.
 */

import type { ObjectWrite } from "../object-writes.js";
import {
  applyChanges,
  checkChanges,
  checkObject,
  checkRevision,
  checkScope,
  checkUid,
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
import type { Db, Query } from "./db.js";
import { type LocateRow, locateStatement } from "./locate.js";
import {
  bytea,
  INDEX_ARRAYS,
  INDEX_COLUMNS,
  indexParams,
  type ObjectRow,
  scopeParams,
  toObject,
} from "./object-rows.js";
import { fromPgText, toPgText } from "./text.js";

/** The object and its index rows in one statement (so in one transaction, in one round trip). */
const INSERT = `WITH o AS (
    INSERT INTO objects (uid, mount, scope, object_type, state, revision, archived, created, updated, attributes, material)
    VALUES ($9, $1, $2, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING seq)
  INSERT INTO object_attrs (obj, mount, scope, ${INDEX_COLUMNS})
  SELECT o.seq, $1, $2, r.* FROM o, unnest(${INDEX_ARRAYS}) AS r`;

const PUT_INDEX = `INSERT INTO object_attrs (obj, mount, scope, ${INDEX_COLUMNS})
  SELECT $9, $1, $2, r.* FROM unnest(${INDEX_ARRAYS}) AS r`;

const GET = "SELECT * FROM objects WHERE uid = $1 AND mount = $2 AND scope = $3";

export class PostgresObjectStore implements ObjectStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async insert(obj: StoredObject): Promise<void> {
    const json = checkObject(obj);
    await this.db.query(INSERT, [
      ...indexParams(obj.scope, indexRows(obj.attributes)),
      toPgText(obj.uid),
      obj.objectType,
      obj.state,
      obj.revision,
      obj.archived,
      obj.createdAt.getTime(),
      obj.updatedAt.getTime(),
      json,
      bytea(obj.material),
    ]);
  }

  async get(scope: ScopeKey, uid: string): Promise<StoredObject | undefined> {
    checkScope(scope);
    checkUid(uid);
    const row = await this.row(scope, uid);
    return row === undefined ? undefined : toObject(row);
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
    const row = await this.row(scope, uid);
    if (row === undefined) throw new ObjectStoreError("not-found", `no object ${uid} in this scope`);
    if (Number(row.revision) !== expectedRevision) throw stale(uid);
    const next = applyChanges(toObject(row), changes, this.now());
    const json = checkObject(next);
    const write = async (query: Query) => {
      // The conditional write itself: a writer that got here second finds another revision.
      const done = await query(...updateStatement(row.seq, expectedRevision, next, json, changes));
      if (done.rowCount !== 1) throw stale(uid);
      if (changes.attributes === undefined) return;
      await query("DELETE FROM object_attrs WHERE obj = $1", [row.seq]);
      await query(PUT_INDEX, [...indexParams(scope, indexRows(next.attributes)), row.seq]);
    };
    // Without new attributes the UPDATE alone is the write: one statement, no transaction needed.
    if (changes.attributes === undefined) await write(this.db.query);
    else await this.db.transaction(write);
    return next;
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
    // The index rows go with the object (ON DELETE CASCADE), in the same statement.
    const done = await this.db.query("DELETE FROM objects WHERE uid = $1 AND mount = $2 AND scope = $3", [
      toPgText(uid),
      ...scopeParams(scope),
    ]);
    return (done.rowCount ?? 0) > 0;
  }

  async countInScope(scope: ScopeKey): Promise<number> {
    checkScope(scope);
    const found = await this.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM objects WHERE mount = $1 AND scope = $2",
      scopeParams(scope),
    );
    return Number(found.rows[0]!.n);
  }

  /** Several writes in one transaction on one connection, all or none (`../object-writes.ts`). */
  async applyWrites(writes: readonly ObjectWrite[]): Promise<void> {
    const checked = writes.map((w) => ({ w, json: w.op === "delete" ? "" : checkObject(w.obj) }));
    if (checked.length === 0) return;
    await this.db.transaction(async (query) => {
      for (const { w, json } of checked) await applyWrite(query, w, json);
    });
  }

  async deleteScope(scope: ScopeKey): Promise<number> {
    checkScope(scope);
    // One statement is one transaction: every object of the scope and its index rows, or none.
    const done = await this.db.query(
      "DELETE FROM objects WHERE mount = $1 AND scope = $2",
      scopeParams(scope),
    );
    return done.rowCount ?? 0;
  }

  async locate(scope: ScopeKey, query: LocateQuery): Promise<LocateResult> {
    checkScope(scope);
    const plan = planLocate(query);
    const { sql, params } = locateStatement(scope, plan);
    const row = (await this.db.query<LocateRow>(sql, params)).rows[0]!;
    const found = { uids: row.uids.map(fromPgText), total: Number(row.total) };
    if (!plan.single) return found;
    // KMIP 1.4 §4.9 Group Member Default: only "the default object" matches.
    const end = plan.limit === undefined ? undefined : plan.offset + plan.limit;
    return { uids: found.uids.slice(plan.offset, end), total: found.uids.length };
  }

  /** The plan PostgreSQL picks for a Locate, one line per step (tests check that it uses the index). */
  async explainLocate(scope: ScopeKey, query: LocateQuery): Promise<string[]> {
    const { sql, params } = locateStatement(scope, planLocate(query));
    const plan = await this.db.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, params);
    return plan.rows.map((r) => r["QUERY PLAN"]);
  }

  private async row(scope: ScopeKey, uid: string): Promise<ObjectRow | undefined> {
    return (await this.db.query<ObjectRow>(GET, [toPgText(uid), ...scopeParams(scope)])).rows[0];
  }
}

/** UPDATE of the row `seq` at `expected`; material only when it changes (it may be large). */
function updateStatement(
  seq: string,
  expected: number,
  next: StoredObject,
  json: string,
  changes: ObjectChanges,
): [string, unknown[]] {
  const { state, archived, updatedAt, revision } = next;
  const params: unknown[] = [seq, expected, state, archived, updatedAt.getTime(), json, revision];
  let set = "state = $3, archived = $4, updated = $5, attributes = $6, revision = $7";
  if (changes.material !== undefined) {
    params.push(bytea(next.material));
    set += ", material = $8";
  }
  return [`UPDATE objects SET ${set} WHERE seq = $1 AND revision = $2`, params];
}

/** One write of `applyWrites`; a failed condition throws, and the transaction rolls back. */
async function applyWrite(query: Query, w: ObjectWrite, json: string): Promise<void> {
  if (w.op === "delete") {
    checkScope(w.scope);
    checkUid(w.uid);
    const done = await query(
      "DELETE FROM objects WHERE uid = $1 AND mount = $2 AND scope = $3 AND revision = $4",
      [toPgText(w.uid), ...scopeParams(w.scope), w.expectedRevision],
    );
    if (done.rowCount !== 1) throw stale(w.uid);
    return;
  }
  const o = w.obj;
  const rows = indexRows(o.attributes);
  if (w.op === "insert") {
    const exists = await query(GET, [toPgText(o.uid), ...scopeParams(o.scope)]);
    if (exists.rows.length > 0) throw new ObjectStoreError("exists", `object ${o.uid} exists`);
    await query(INSERT, [
      ...indexParams(o.scope, rows),
      toPgText(o.uid),
      o.objectType,
      o.state,
      o.revision,
      o.archived,
      o.createdAt.getTime(),
      o.updatedAt.getTime(),
      json,
      bytea(o.material),
    ]);
    return;
  }
  const found = await query<{ seq: string }>(
    `UPDATE objects SET state = $5, archived = $6, updated = $7, attributes = $8, material = $9, revision = $10
     WHERE uid = $1 AND mount = $2 AND scope = $3 AND revision = $4 RETURNING seq`,
    [
      toPgText(o.uid),
      ...scopeParams(o.scope),
      w.expectedRevision,
      o.state,
      o.archived,
      o.updatedAt.getTime(),
      json,
      bytea(o.material),
      o.revision,
    ],
  );
  const seq = found.rows[0]?.seq;
  if (seq === undefined) throw stale(o.uid);
  await query("DELETE FROM object_attrs WHERE obj = $1", [seq]);
  await query(PUT_INDEX, [...indexParams(o.scope, rows), seq]);
}

function stale(uid: string): ObjectStoreError {
  return new ObjectStoreError("stale", `object ${uid} was changed by another writer`);
}
