/**
 * What every resource handler of one mount shares: typed storage, the clock, the managed-object
 * dependency, change events, and a writer lock. Writes are serialized within the process so a
 * read-modify-write (a role merge, a config change that regenerates the CA) never interleaves
 * with another; each commit is one `storage.batch`, then one change announcement.
 */
import type { KvOp } from "../../storage/types.js";
import type { ChangeEvents, KmipChange } from "./events.js";
import type { ManagedObjects } from "./objects.js";
import { type KmipStore, keys, putOp } from "./store.js";

export interface KmipContext {
  readonly store: KmipStore;
  readonly now: () => Date;
  readonly objects: ManagedObjects;
  readonly events: ChangeEvents;
  /** Runs `work` after every earlier write of this mount has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Applies `ops` (plus a new generation marker) atomically, then announces `change`. */
  commit(ops: readonly KvOp[], change: KmipChange): Promise<void>;
}

export function createContext(parts: Pick<KmipContext, "store" | "now" | "objects" | "events">): KmipContext {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    ...parts,
    exclusive<T>(work: () => Promise<T>): Promise<T> {
      const run = tail.then(work, work);
      tail = run.catch(() => undefined);
      return run;
    },
    async commit(ops, change) {
      const generation = putOp(keys.generation, parts.events.nextGeneration());
      await parts.store.storage.batch([...ops, generation]);
      parts.events.emit(change);
    },
  };
}
