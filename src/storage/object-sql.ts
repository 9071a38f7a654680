/**
 * The Locate statement of PostgreSQL's layout: the plan of `objects.ts` compiled into the FROM
 * and WHERE of one parameterised query over the `objects` table and its attribute index
 * `object_attrs` (one row per attribute field, the value in `v_int`, `v_text` or `v_bytes`).
 * SQLite's compact index (integer keys) has its own compiler, `sqlite/locate-sql.ts`, which
 * shares the order, the driver choice and the column tests from here.
 *
 * Placeholders are `?`, in order; an adapter whose driver numbers them (PostgreSQL's `$1`)
 * renumbers the text. What differs between databases is small and lives in a `LocateDialect`:
 * how the driving matches join the objects, and how an equality reaches the value index.
 */
import type { FieldTest, IndexValue, LocatePlan, LocateTerm, ScopeKey } from "./objects.js";
import { termRank } from "./objects.js";

export type Sql = { sql: string; params: unknown[] };

export interface LocateDialect {
  /** The join of the driving matches (`m`) to `objects o`, with its ON clause. */
  joinObjects(on: string): string;
  /** `column = value` for one index value column, written so that the value index can serve it. */
  equals(column: string, value: IndexValue): Sql;
}

/** Plain SQL: `column = ?`. */
export function plainEquals(column: string, value: IndexValue): Sql {
  return { sql: `${column} = ?`, params: [bindValue(value)] };
}

/** newest: KMIP 2.1 §6.1.28. Group members are served oldest first; Default prefers fresh ones. */
export const LOCATE_ORDER: Record<LocatePlan["order"], string> = {
  newest: "o.created DESC, o.seq DESC",
  oldest: "o.created, o.seq",
  "fresh-first":
    "EXISTS (SELECT 1 FROM object_attrs f WHERE f.obj = o.seq AND f.name = 'Fresh' AND f.position = 0" +
    " AND f.field = '' AND f.v_int = 1) DESC, o.created, o.seq",
};

const COLUMNS = { uid: "o.uid", objectType: "o.object_type", state: "o.state" } as const;
const VALUE_COLUMNS = { int: "v_int", text: "v_text", bytes: "v_bytes" } as const;

export type AttributeTerm = Extract<LocateTerm, { kind: "attribute" }>;

/**
 * FROM and WHERE of a Locate. With attribute terms, the most selective one (the plan sorts text
 * and byte equality first) drives: its matches come from an index of `object_attrs` and the
 * objects are fetched by `seq`. The other terms are tested on those rows.
 */
export function locateFromWhere(scope: ScopeKey, plan: LocatePlan, dialect: LocateDialect): Sql {
  const terms = [...plan.terms];
  const driver = pickDriver(terms);
  const parts = ["o.mount = ? AND o.scope = ? AND (o.storage & ?) <> 0"];
  const params: unknown[] = [];
  let from = "FROM objects o";
  if (driver !== undefined) {
    const d = attributeMatches(scope, driver, dialect);
    from = `FROM (${d.sql}) m ${dialect.joinObjects("o.seq = m.obj")}`;
    params.push(...d.params);
  }
  params.push(scope.mountUuid, scope.scopeId, plan.storageStatusMask);
  for (const term of terms) {
    const t = term.kind === "column" ? columnSql(term) : attributeProbe(term, dialect);
    parts.push(t.sql);
    params.push(...t.params);
  }
  return { sql: `${from} WHERE ${parts.join(" AND ")}`, params };
}

/** Removes and returns the attribute term that narrows most (the first of the best rank). */
export function pickDriver(terms: LocateTerm[]): AttributeTerm | undefined {
  let best = -1;
  terms.forEach((t, i) => {
    if (t.kind === "attribute" && (best === -1 || termRank(t) < termRank(terms[best]!))) best = i;
  });
  return best === -1 ? undefined : (terms.splice(best, 1)[0] as AttributeTerm);
}

export function columnSql(term: Extract<LocateTerm, { kind: "column" }>): Sql {
  return { sql: `${COLUMNS[term.column]} = ?`, params: [term.value] };
}

/**
 * The driving term: the objects with an instance of the attribute passing every test. The first
 * test finds instances through a scope-first index of `object_attrs`; each further test joins
 * the same instance (obj, name, position) by primary key.
 */
function attributeMatches(scope: ScopeKey, term: AttributeTerm, dialect: LocateDialect): Sql {
  const [head, joins] = instanceTests(term, dialect);
  return {
    sql: `SELECT DISTINCT t0.obj FROM object_attrs t0 ${joins.sql} WHERE t0.mount = ? AND t0.scope = ? AND t0.name = ? AND ${head.sql}`,
    params: [...joins.params, scope.mountUuid, scope.scopeId, term.name, ...head.params],
  };
}

/** Any other term: a probe of this object's own index rows, by primary key (obj, name, …). */
function attributeProbe(term: AttributeTerm, dialect: LocateDialect): Sql {
  const [head, joins] = instanceTests(term, dialect);
  return {
    sql: `EXISTS (SELECT 1 FROM object_attrs t0 ${joins.sql} WHERE t0.obj = o.seq AND t0.name = ? AND ${head.sql})`,
    params: [...joins.params, term.name, ...head.params],
  };
}

/** The first test (on t0) and the joins of the others (t1, t2 … on the same instance). */
function instanceTests(term: AttributeTerm, dialect: LocateDialect): [Sql, Sql] {
  const [first, ...rest] = term.tests as [FieldTest, ...FieldTest[]];
  const joins = rest.map((test, i) => {
    const a = `t${i + 1}`;
    const t = testSql(a, test, dialect);
    return {
      sql: `JOIN object_attrs ${a} ON ${a}.obj = t0.obj AND ${a}.name = t0.name AND ${a}.position = t0.position AND ${t.sql}`,
      params: t.params,
    };
  });
  return [
    testSql("t0", first, dialect),
    { sql: joins.map((j) => j.sql).join(" "), params: joins.flatMap((j) => j.params) },
  ];
}

function testSql(a: string, t: FieldTest, dialect: LocateDialect): Sql {
  if (t.op === "present") return { sql: `${a}.field = ? AND ${a}.v_text IS NOT NULL`, params: [t.field] };
  const col = `${a}.${VALUE_COLUMNS[t.value.col]}`;
  const v = bindValue(t.value);
  switch (t.op) {
    case "eq": {
      const eq = dialect.equals(col, t.value);
      return { sql: `${a}.field = ? AND ${eq.sql}`, params: [t.field, ...eq.params] };
    }
    case "gte":
      return { sql: `${a}.field = ? AND ${col} >= ?`, params: [t.field, v] };
    case "between":
      return {
        sql: `${a}.field = ? AND ${col} BETWEEN ? AND ?`,
        params: [t.field, v, bindValue(t.upper)],
      };
    case "allBits":
      return { sql: `${a}.field = ? AND ${col} IS NOT NULL AND (${col} & ?) = ?`, params: [t.field, v, v] };
  }
}

/** The driver value of one index value: bytes as a Buffer (both drivers bind those as BLOB/bytea). */
export function bindValue(v: IndexValue): unknown {
  return v.col === "bytes" ? toBuffer(v.value) : v.value;
}

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
