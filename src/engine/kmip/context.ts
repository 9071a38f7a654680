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

/** Which listener a set of addresses is for: the legacy listener (`kmip/config`) or a named one. */
export type ListenerTarget = "legacy" | { readonly name: string };

/**
 * A pre-commit check of listen addresses, run by the config and listener write handlers before
 * they commit, so that an address the KMIP service cannot bind (already in use) is a 400 to the
 * API caller rather than a listener that silently fails to start. The KMIP service implements it.
 */
export interface ListenerGuard {
  check(mountUuid: string, target: ListenerTarget, addresses: readonly string[]): Promise<void>;
}

export interface KmipContext {
  readonly store: KmipStore;
  readonly mountUuid: string;
  readonly listenerGuard?: ListenerGuard | undefined;
  readonly now: () => Date;
  readonly objects: ManagedObjects;
  readonly events: ChangeEvents;
  /** Runs `work` after every earlier write of this mount has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Applies `ops` (plus a new generation marker) atomically, then announces `change`. */
  commit(ops: readonly KvOp[], change: KmipChange): Promise<void>;
}

export function createContext(
  parts: Pick<KmipContext, "store" | "now" | "objects" | "events" | "mountUuid" | "listenerGuard">,
): KmipContext {
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
