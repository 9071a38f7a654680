/**
 * What a worker process (`workers` > 1, see `primary.ts`) adds to a kmipd: ClusterSync over the
 * primary's relay for SQLite (PostgreSQL nodes have their own NOTIFY bus, which workers use as
 * any node does), and the seal relay. In a single process both are absent.
 */
import cluster from "node:cluster";
import type { Logger } from "../core/logger.js";
import type { KvStore } from "../storage/types.js";
import { ClusterSync } from "./cluster-sync.js";
import { ipcBus } from "./ipc-bus.js";
import { WorkerLink } from "./worker-link.js";
import { relaySeal, type SealControls } from "./worker-seal.js";

/** True in a worker forked by the primary. */
export function isWorker(): boolean {
  return cluster.isWorker;
}

/** ClusterSync between the workers on one SQLite file; undefined outside a worker. */
export function workerClusterSync(storage: Pick<KvStore, "get">, logger: Logger): ClusterSync | undefined {
  if (!cluster.isWorker) return undefined;
  return new ClusterSync({ bus: ipcBus(storage, new WorkerLink()), logger });
}

/** The seal relay (`worker-seal.ts`) in a worker; its undo, or undefined outside a worker. */
export function workerSealRelay(core: SealControls, logger: Logger): (() => void) | undefined {
  return cluster.isWorker ? relaySeal(core, new WorkerLink(), logger) : undefined;
}
