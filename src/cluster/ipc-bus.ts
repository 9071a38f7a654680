/**
 * ClusterSync's bus (`cluster-sync.ts`) for the worker processes of one kmipd on SQLite: reads
 * go to the shared database file, and NOTIFY/LISTEN become messages relayed by the primary
 * (`worker-link.ts`). Everything ClusterSync does for PostgreSQL nodes then holds for workers: a
 * mount, policy or audit change made through one worker is re-read by the others at once, and
 * the periodic generation check catches anything a message missed.
 */
import type { KvStore } from "../storage/types.js";
import type { ClusterBus } from "./cluster-sync.js";
import type { WorkerLink } from "./worker-link.js";

export function ipcBus(storage: Pick<KvStore, "get">, link: WorkerLink): ClusterBus {
  return {
    get: (key) => storage.get(key),
    notify: async (channel, payload) => {
      if (!link.publish(channel, payload)) throw new Error("no IPC channel to the primary");
    },
    listen: async (channel, fn) => {
      const unsubscribe = link.subscribe(channel, fn);
      return async () => unsubscribe();
    },
  };
}
