/**
 * How a managed object meets the `objects` and `object_attrs` tables on PostgreSQL: the row as
 * `pg` returns it, and the parameters the statements of `object-store.ts` bind. Every text goes
 * through `toPgText` (see `text.ts`); bigint columns come back as decimal text.
 */
import { decodeAttributes } from "../attribute-json.js";
import { toBuffer } from "../object-sql.js";
import type { IndexRow, ScopeKey, StoredObject } from "../objects.js";
import { fromPgText, toPgText } from "./text.js";

export interface ObjectRow {
  seq: string;
  uid: string;
  mount: string;
  scope: string;
  object_type: string;
  state: string;
  revision: string;
  archived: boolean;
  created: string;
  updated: string;
  attributes: string;
  material: Buffer | null;
}

/** The index columns, and the arrays ($3 … $8) that `indexParams` binds to them, one per column. */
export const INDEX_COLUMNS = "name, position, field, v_int, v_text, v_bytes";
export const INDEX_ARRAYS = "$3::text[], $4::integer[], $5::text[], $6::bigint[], $7::text[], $8::bytea[]";

/** $1, $2: the scope; $3 … $8: the index rows, column by column (one round trip for them all). */
export function indexParams(scope: ScopeKey, rows: readonly IndexRow[]): unknown[] {
  return [
    ...scopeParams(scope),
    rows.map((r) => toPgText(r.name)),
    rows.map((r) => r.position),
    rows.map((r) => toPgText(r.field)),
    rows.map((r) => (r.value.col === "int" ? r.value.value : null)),
    rows.map((r) => (r.value.col === "text" ? toPgText(r.value.value) : null)),
    rows.map((r) => (r.value.col === "bytes" ? toBuffer(r.value.value) : null)),
  ];
}

export function scopeParams(scope: ScopeKey): [string, string] {
  return [toPgText(scope.mountUuid), toPgText(scope.scopeId)];
}

export function bytea(bytes: Uint8Array | undefined): Buffer | null {
  return bytes === undefined ? null : toBuffer(bytes);
}

export function toObject(row: ObjectRow): StoredObject {
  const obj: StoredObject = {
    uid: fromPgText(row.uid),
    scope: { mountUuid: fromPgText(row.mount), scopeId: fromPgText(row.scope) },
    objectType: Number(row.object_type),
    state: Number(row.state),
    attributes: decodeAttributes(row.attributes),
    revision: Number(row.revision),
    createdAt: new Date(Number(row.created)),
    updatedAt: new Date(Number(row.updated)),
    archived: row.archived,
  };
  if (row.material !== null) obj.material = new Uint8Array(row.material);
  return obj;
}
