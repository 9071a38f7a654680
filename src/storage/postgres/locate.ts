/**
 * Locate on PostgreSQL: the shared FROM and WHERE of `../object-sql.ts` in one statement that
 * returns the page and the count together (one round trip, one snapshot).
 *
 * The matches are collected once (`found`); the count and the ordered page are read from them.
 * The page's ORDER BY is the shared one: the CTE's rows are named `o` again, with the `created`
 * and `seq` columns it orders by.
 */
import { LOCATE_ORDER, type LocateDialect, locateFromWhere, plainEquals, type Sql } from "../object-sql.js";
import type { IndexValue, LocatePlan, ScopeKey } from "../objects.js";
import { INDEXED_PREFIX_CHARS } from "./migrations.js";
import { escapeParams } from "./text.js";

/**
 * The text and byte indexes hold a prefix of the value (see `migrations.ts`), so an equality
 * names the prefix, which the index serves, and the whole value, which the row confirms.
 * PostgreSQL plans its own join order, so a plain JOIN does.
 */
const DIALECT: LocateDialect = {
  joinObjects: (on) => `JOIN objects o ON ${on}`,
  equals(column: string, value: IndexValue): Sql {
    if (value.col === "int") return plainEquals(column, value);
    const prefix =
      value.col === "text"
        ? (x: string) => `left(${x}, ${INDEXED_PREFIX_CHARS})`
        : (x: string) => `substr(${x}, 1, ${INDEXED_PREFIX_CHARS})`;
    const param = `?::${value.col === "text" ? "text" : "bytea"}`;
    const bound = plainEquals(column, value).params[0];
    return { sql: `${prefix(column)} = ${prefix(param)} AND ${column} = ?`, params: [bound, bound] };
  },
};

export interface LocateRow {
  total: string;
  uids: string[];
}

/** The statement and its parameters; a row of `LocateRow`. */
export function locateStatement(scope: ScopeKey, plan: LocatePlan): Sql {
  const { sql, params } = locateFromWhere(scope, plan, DIALECT);
  // Group Member Default: the first of the order only (the caller pages that one row).
  const [limit, offset] = plan.single ? [1, 0] : [plan.limit ?? null, plan.offset];
  const text =
    `WITH found AS MATERIALIZED (SELECT o.uid, o.created, o.seq ${sql}) ` +
    "SELECT (SELECT count(*) FROM found) AS total, " +
    `ARRAY(SELECT o.uid FROM found o ORDER BY ${LOCATE_ORDER[plan.order]} LIMIT ? OFFSET ?) AS uids`;
  return { sql: numbered(text), params: escapeParams([...params, limit, offset]) };
}

/** `?` placeholders as PostgreSQL's `$1`, `$2` … (the statement text holds no other `?`). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
