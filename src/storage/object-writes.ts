/**
 * Several managed-object writes applied as one: all of them or none. The adapters implement it
 * with one database transaction (SQLite: one write transaction; PostgreSQL: BEGIN … COMMIT on one
 * connection). Each write is conditional like `ObjectStore.update`: a replaced or deleted object
 * must still be at the revision the writer read, an inserted one must not exist; otherwise
 * nothing is written and the call fails with ObjectStoreError `stale` (or `exists`).
 *
 * What uses it: an Undo batch (KMIP 1.4 §6.13, 2.1 §9.6) stages its items' writes
 * (`staged-objects.ts`) and commits them here only when every item succeeded.
 */
import type { ObjectStore, ScopeKey, StoredObject } from "./objects.js";

export type ObjectWrite =
  | { readonly op: "insert"; readonly obj: StoredObject }
  /** The object as a whole becomes `obj` (its revision included), if still at `expectedRevision`. */
  | { readonly op: "replace"; readonly obj: StoredObject; readonly expectedRevision: number }
  | {
      readonly op: "delete";
      readonly scope: ScopeKey;
      readonly uid: string;
      readonly expectedRevision: number;
    };

export interface AtomicObjectWrites {
  applyWrites(writes: readonly ObjectWrite[]): Promise<void>;
}

export type AtomicObjectStore = ObjectStore & AtomicObjectWrites;

export function hasAtomicWrites(store: ObjectStore): store is AtomicObjectStore {
  return typeof (store as Partial<AtomicObjectWrites>).applyWrites === "function";
}
