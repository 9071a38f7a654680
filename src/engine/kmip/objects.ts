/**
 * What the engine needs to know about KMIP managed objects: scope delete is refused while the
 * scope holds objects unless `force` is set, and a forced delete removes them (contract §2.6).
 * The KMIP service (a later issue) owns managed objects and will inject its own implementation
 * through `kmipBackendFactoryWith({ objects })`. Until then the default looks under
 * `objects/<scope id>/` of the mount storage, where nothing writes yet, so it finds no objects.
 */
import type { KvStore } from "../../storage/types.js";
import { deleteOp } from "./store.js";

export interface ManagedObjects {
  countInScope(scopeId: string): Promise<number>;
  deleteScope(scopeId: string): Promise<void>;
}

export const objectsPrefix = (scopeId: string) => `objects/${scopeId}/`;

/** Managed objects as keys under `objects/<scope id>/` of the mount storage. */
export function storageObjects(storage: KvStore): ManagedObjects {
  return {
    async countInScope(scopeId) {
      return (await storage.list(objectsPrefix(scopeId))).length;
    },
    async deleteScope(scopeId) {
      const prefix = objectsPrefix(scopeId);
      const found = await keysUnder(storage, prefix);
      if (found.length > 0) await storage.batch(found.map(deleteOp));
    },
  };
}

/** Every key under `prefix`, descending into sub-folders. */
async function keysUnder(storage: KvStore, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await storage.list(prefix)) {
    if (entry.endsWith("/")) out.push(...(await keysUnder(storage, prefix + entry)));
    else out.push(prefix + entry);
  }
  return out;
}
