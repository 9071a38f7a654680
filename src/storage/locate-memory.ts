/**
 * A Locate plan (`objects.ts`) evaluated on objects held in memory, with the same rules as the SQL
 * of `object-sql.ts`: the Storage Status Mask bit of the object (destroyed when State is Destroyed
 * or Destroyed Compromised, else archival when archived, else on-line; KMIP 2.1 §6.1.28), column
 * equality, and for an attribute term one instance (same name and Attribute Index) whose index
 * rows pass every field test. Used where writes are staged and not yet in the database
 * (`staged-objects.ts`).
 */
import { State } from "../kmip/generated/enums.js";
import {
  type FieldTest,
  type IndexRow,
  type IndexValue,
  indexRows,
  type LocatePlan,
  type LocateTerm,
  StorageStatus,
  type StoredObject,
} from "./objects.js";

export function storageBit(obj: StoredObject): number {
  if (obj.state === State.Destroyed || obj.state === State.DestroyedCompromised)
    return StorageStatus.Destroyed;
  return obj.archived ? StorageStatus.Archival : StorageStatus.OnLine;
}

export function matchesPlan(obj: StoredObject, plan: LocatePlan): boolean {
  if ((storageBit(obj) & plan.storageStatusMask) === 0) return false;
  const rows = indexRows(obj.attributes);
  return plan.terms.every((term) => matchesTerm(obj, rows, term));
}

function matchesTerm(obj: StoredObject, rows: readonly IndexRow[], term: LocateTerm): boolean {
  if (term.kind === "column") return obj[term.column] === term.value;
  const instances = new Map<number, IndexRow[]>();
  for (const r of rows) {
    if (r.name !== term.name) continue;
    instances.set(r.position, [...(instances.get(r.position) ?? []), r]);
  }
  for (const instance of instances.values()) {
    if (term.tests.every((t) => instance.some((r) => r.field === t.field && passes(r.value, t)))) return true;
  }
  return false;
}

function passes(v: IndexValue, t: FieldTest): boolean {
  if (t.op === "present") return v.col === "text";
  if (v.col !== t.value.col) return false;
  switch (t.op) {
    case "eq":
      return equal(v, t.value);
    case "gte":
      return v.col === "int" && v.value >= (t.value.value as bigint);
    case "between":
      return v.col === "int" && v.value >= (t.value.value as bigint) && v.value <= (t.upper.value as bigint);
    case "allBits": {
      const bits = t.value.value as bigint;
      return v.col === "int" && (v.value & bits) === bits;
    }
  }
}

function equal(a: IndexValue, b: IndexValue): boolean {
  if (a.col === "bytes" && b.col === "bytes") return Buffer.from(a.value).equals(Buffer.from(b.value));
  return a.value === b.value;
}
