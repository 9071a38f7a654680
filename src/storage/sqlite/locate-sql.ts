/**
 * Locate on SQLite's compact attribute index (migration 3 in `migrations.ts`): the plan of
 * `../objects.ts` compiled into one parameterised statement over `objects` and `object_index`,
 * whose rows name their scope and attribute key by integer id.
 *
 * The ids are looked up in the statement itself, as uncorrelated scalar subqueries
 * (`sid = (SELECT id FROM object_scopes …)`): SQLite runs each once and then seeks the index
 * with its value, and the statement sees one snapshot, dictionaries included. A key no object
 * ever had has no id, the subquery is NULL, and the term matches nothing, as it should.
 *
 * The matching rules are those of `../object-sql.ts` (PostgreSQL's layout): the most selective
 * attribute term drives from a value index, the others probe the candidate's own rows by
 * primary key (obj, key, position), and several fields of one structure must match one instance.
 * One difference follows from `stored-rows.ts`: "a structure with no fields given" (present)
 * reads the instance's field rows, and never drives.
 */
import {
  type AttributeTerm,
  bindValue,
  columnSql,
  LOCATE_ORDER,
  pickDriver,
  type Sql,
} from "../object-sql.js";
import type { FieldTest, LocatePlan, LocateTerm, ScopeKey } from "../objects.js";

const SCOPE_ID = "(SELECT id FROM object_scopes WHERE mount = ? AND scope = ?)";
const KEY_ID = "(SELECT id FROM index_keys WHERE name = ? AND field = ?)";
const VALUE_COLUMNS = { int: "v_int", text: "v_text", bytes: "v_bytes" } as const;

/** KMIP 1.4 §3.34 Fresh, for Group Member Default's "fresh first" (see LOCATE_ORDER). */
const FRESH_FIRST =
  "EXISTS (SELECT 1 FROM object_index f WHERE f.obj = o.seq AND f.key = " +
  "(SELECT id FROM index_keys WHERE name = 'Fresh' AND field = '') AND f.position = 0 AND f.v_int = 1)" +
  " DESC, o.created, o.seq";

/** ORDER BY of a plan (KMIP 2.1 §6.1.28: newest first; group members as in `../object-sql.ts`). */
export function locateOrder(plan: LocatePlan): string {
  return plan.order === "fresh-first" ? FRESH_FIRST : LOCATE_ORDER[plan.order];
}

/**
 * FROM and WHERE of a Locate. CROSS JOIN makes the driving matches the outer loop: left to
 * itself SQLite may walk the whole scope in creation order to skip the sort.
 */
export function locateFromWhere(scope: ScopeKey, plan: LocatePlan): Sql {
  // "Some instance exists" has no value index to start from (see `stored-rows.ts`): a probe only.
  const terms = plan.terms.filter((t) => !isPresence(t));
  const driver = pickDriver(terms);
  terms.push(...plan.terms.filter(isPresence));
  const parts = ["o.mount = ? AND o.scope = ? AND (o.storage & ?) <> 0"];
  const params: unknown[] = [];
  let from = "FROM objects o";
  if (driver !== undefined) {
    const d = attributeMatches(scope, driver);
    from = `FROM (${d.sql}) m CROSS JOIN objects o ON o.seq = m.obj`;
    params.push(...d.params);
  }
  params.push(scope.mountUuid, scope.scopeId, plan.storageStatusMask);
  for (const term of terms) {
    const t = term.kind === "column" ? columnSql(term) : attributeProbe(term);
    parts.push(t.sql);
    params.push(...t.params);
  }
  return { sql: `${from} WHERE ${parts.join(" AND ")}`, params };
}

/** The driving term: objects of the scope with an instance passing every test (a value index). */
function attributeMatches(scope: ScopeKey, term: AttributeTerm): Sql {
  const [head, joins] = instanceTests(term);
  return {
    sql: `SELECT DISTINCT t0.obj FROM object_index t0 ${joins.sql} WHERE t0.sid = ${SCOPE_ID} AND ${head.sql}`,
    params: [...joins.params, scope.mountUuid, scope.scopeId, ...head.params],
  };
}

/** Any other term: a probe of the candidate's own index rows, by primary key. */
function attributeProbe(term: AttributeTerm): Sql {
  const [head, joins] = instanceTests(term);
  return {
    sql: `EXISTS (SELECT 1 FROM object_index t0 ${joins.sql} WHERE t0.obj = o.seq AND ${head.sql})`,
    params: [...joins.params, ...head.params],
  };
}

/** The first test (on t0) and the joins of the others (t1, t2 … on the same instance). */
function instanceTests(term: AttributeTerm): [Sql, Sql] {
  const [first, ...rest] = term.tests as [FieldTest, ...FieldTest[]];
  const joins = rest.map((test, i) => {
    const a = `t${i + 1}`;
    const t = testSql(a, term.name, test);
    return {
      sql: `JOIN object_index ${a} ON ${a}.obj = t0.obj AND ${a}.position = t0.position AND ${t.sql}`,
      params: t.params,
    };
  });
  return [
    testSql("t0", term.name, first),
    { sql: joins.map((j) => j.sql).join(" "), params: joins.flatMap((j) => j.params) },
  ];
}

function isPresence(t: LocateTerm): boolean {
  return t.kind === "attribute" && t.tests.some((x) => x.op === "present");
}

/** One field test on alias `a`: its key, then its value. */
function testSql(a: string, name: string, t: FieldTest): Sql {
  if (t.op === "present") return presentSql(a, name);
  const key = { sql: `${a}.key = ${KEY_ID}`, params: [name, t.field] };
  const value = valueSql(a, t);
  return { sql: `${key.sql} AND ${value.sql}`, params: [...key.params, ...value.params] };
}

/**
 * An instance of structure attribute `name` exists: a row of one of its fields, or its
 * whole-value row holding text (the only row of a structure with no field present).
 */
function presentSql(a: string, name: string): Sql {
  return {
    sql:
      `(${a}.key IN (SELECT id FROM index_keys WHERE name = ? AND field <> '')` +
      ` OR (${a}.key = ${KEY_ID} AND ${a}.v_text IS NOT NULL))`,
    params: [name, name, ""],
  };
}

function valueSql(a: string, t: Exclude<FieldTest, { op: "present" }>): Sql {
  const col = `${a}.${VALUE_COLUMNS[t.value.col]}`;
  const v = bindValue(t.value);
  switch (t.op) {
    case "eq":
      return { sql: `${col} = ?`, params: [v] };
    case "gte":
      return { sql: `${col} >= ?`, params: [v] };
    case "between":
      return { sql: `${col} BETWEEN ? AND ?`, params: [v, bindValue(t.upper)] };
    case "allBits":
      return { sql: `${col} IS NOT NULL AND (${col} & ?) = ?`, params: [v, v] };
  }
}
