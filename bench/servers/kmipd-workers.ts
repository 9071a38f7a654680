/**
 * kmipd with `workers` > 1 for the benchmark (used by `kmipd-child.ts`): the forked child is the
 * node:cluster primary, as `kmipd server` with `workers = N` is. It first prepares the data once
 * in-process (initialized, the `kmip/` engine listening on the benchmark's port, a scope, a role
 * and a credential), closes that server, then forks the workers: each opens the same SQLite file,
 * unseals with the unseal key (as a restarted dev server does) and serves the API and KMIP ports,
 * shared between them by node:cluster. The primary relays between them (`WorkerRelay`) as the
 * real primary does, and stops them on "stop". CPU and memory are the whole process tree's
 * (`../rss.ts`).
 */
import cluster, { type Worker } from "node:cluster";
import { startServer } from "../../src/app.js";
import { WorkerRelay } from "../../src/cluster/worker-link.js";
import type { ServerConfig } from "../../src/config/server-config.js";
import { silentLogger } from "../../src/core/logger.js";

/** What the primary tells every worker (in its environment). */
interface WorkerEnv {
  readonly config: ServerConfig;
  readonly unsealKey: string;
}

const ENV = "KMIPD_BENCH_WORKER";

/** In a worker: serve until told to stop (SIGTERM). */
export async function runBenchWorker(): Promise<void> {
  const { config, unsealKey } = JSON.parse(process.env[ENV]!) as WorkerEnv;
  const server = await startServer({
    config,
    logger: silentLogger,
    prepare: (core) => core.unseal(unsealKey).then(() => undefined),
  });
  // The KMIP listeners start once the mount is attached after the unseal.
  await server.kmip.settled(server.core.listMounts().find((m) => m.type === "kmip")!.uuid);
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
  process.send?.({ type: "worker-ready" });
}

/** In the primary: forks `count` workers on the prepared data; resolves once all serve. */
export async function forkBenchWorkers(
  count: number,
  config: ServerConfig,
  unsealKey: string,
): Promise<() => Promise<void>> {
  const workers: Worker[] = [];
  const relay = new WorkerRelay(() => workers);
  const env = { [ENV]: JSON.stringify({ config, unsealKey } satisfies WorkerEnv) };
  const ready = Array.from({ length: count }, () => {
    const worker = cluster.fork(env);
    workers.push(worker);
    return new Promise<void>((resolve, reject) => {
      worker.on("message", (m: { type?: string }) => {
        if (m?.type === "worker-ready") resolve();
        else relay.onMessage(worker, m);
      });
      worker.once("exit", (code) => reject(new Error(`bench worker exited (${code}) before serving`)));
    });
  });
  await Promise.all(ready);
  return async () => {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (!w.isConnected()) return resolve();
            w.once("exit", () => resolve());
            w.process.kill("SIGTERM");
          }),
      ),
    );
  };
}

export const isBenchWorker = () => cluster.isWorker && process.env[ENV] !== undefined;
