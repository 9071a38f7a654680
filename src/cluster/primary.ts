/**
 * `workers` > 1 (node:cluster): the primary process serves nothing itself. It forks the workers,
 * each a whole kmipd (API and KMIP listeners on the same ports, which node:cluster shares: the
 * primary accepts and hands every connection to one worker in turn), relays the messages that
 * keep their caches and seal state together (`worker-link.ts`), forks a worker again when one
 * dies, passes SIGHUP on, and on SIGINT or SIGTERM stops every worker (each drains as a single
 * server does) and exits once they have.
 *
 * What the workers share is the database: every write goes through it, identifiers are random
 * (`src/storage/uid.ts`, about 190 bits, and UNIQUE in the database), and each worker's caches are kept honest by the database
 * (`PRAGMA data_version`, the KMIP engines' generation poll) and by the relayed notifications.
 */
import cluster, { type Worker } from "node:cluster";
import type { Logger } from "../core/logger.js";
import { WorkerRelay } from "./worker-link.js";

export interface PrimaryOptions {
  readonly workers: number;
  readonly logger: Logger;
  /** A worker that dies is forked again after this long (so a crash loop does not spin). */
  readonly restartDelayMs?: number;
}

const RESTART_DELAY_MS = 1000;

/** Runs the primary until it is told to stop; resolves with the exit code. */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  const { logger } = options;
  let stopping = false;
  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const relay = new WorkerRelay(live);
  const fork = () => {
    const worker = cluster.fork();
    worker.on("message", (message: unknown) => relay.onMessage(worker, message));
    return worker;
  };
  for (let i = 0; i < options.workers; i++) fork();
  logger.info({ workers: options.workers, pid: process.pid }, "kmipd primary: workers started");

  cluster.on("exit", (worker, code, signal) => {
    relay.onExit(worker);
    if (stopping) return;
    logger.error({ worker: worker.process.pid, code, signal }, "kmipd worker died: starting another");
    setTimeout(() => {
      if (!stopping) fork();
    }, options.restartDelayMs ?? RESTART_DELAY_MS).unref();
  });
  process.on("SIGHUP", () => {
    for (const worker of live()) worker.process.kill("SIGHUP");
  });
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "kmipd primary: stopping the workers");
      const workers = live();
      if (workers.length === 0) return resolve(0);
      let left = workers.length;
      for (const worker of workers) {
        worker.once("exit", () => {
          left--;
          if (left === 0) resolve(0);
        });
        worker.process.kill(signal);
      }
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
}
