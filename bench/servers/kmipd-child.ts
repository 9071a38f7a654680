/**
 * kmipd in its own process for the benchmark (forked by `kmipd.ts`): started the way
 * `kmipd server -dev` starts (initialized, unsealed, root token known) on the storage it is told,
 * with the `kmip/` engine listening on a free loopback port and one scope and role whose
 * credential (issued by kmipd's own CA, EC P-256 by default) it sends back over IPC. It then
 * serves until told to stop; meanwhile it can profile itself over one scenario, when asked.
 * The population goes through the public path only: KMIP Creates, durable by kmipd's own group
 * commit (src/storage/sqlite/group-commit.ts), with nothing reaching into the adapter.
 */
import { startServer } from "../../src/app.js";
import type { ServerConfig, StorageConfig } from "../../src/config/server-config.js";
import { silentLogger } from "../../src/core/logger.js";
import type { KmipdCommand, KmipdReady, KmipdStart } from "./kmipd.js";
import { forkBenchWorkers, isBenchWorker, runBenchWorker } from "./kmipd-workers.js";
import { Profiler } from "./profiler.js";

const ROOT = "root-bench";

async function api(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/v1/${path}`, {
    method,
    headers: { "X-Vault-Token": ROOT, ...(body !== undefined && { "Content-Type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text === "" ? undefined : (JSON.parse(text) as { data: Record<string, string> });
}

/** The KMIP engine on `port`, a scope and role allowed every operation, and a PEM credential. */
async function kmipSetup(base: string, port: number, keyType: string) {
  await api(base, "POST", "sys/mounts/kmip", { type: "kmip" });
  const keyBits = keyType === "ec" ? 256 : 2048;
  await api(base, "POST", "kmip/config", {
    listen_addrs: `127.0.0.1:${port}`,
    tls_ca_key_type: keyType,
    tls_ca_key_bits: keyBits,
    default_tls_client_key_type: keyType,
    default_tls_client_key_bits: keyBits,
  });
  await api(base, "POST", "kmip/scope/bench");
  await api(base, "POST", "kmip/scope/bench/role/bench", { operation_all: true });
  const cred = await api(base, "POST", "kmip/scope/bench/role/bench/credential/generate", { format: "pem" });
  const ca = await api(base, "GET", "kmip/ca");
  return { ca: ca!.data.ca_pem!, cert: cred!.data.certificate!, key: cred!.data.private_key! };
}

async function main(start: KmipdStart): Promise<void> {
  const storage: StorageConfig =
    start.storage.type === "sqlite"
      ? { type: "sqlite", path: start.storage.path }
      : {
          type: "postgresql",
          connectionUrl: start.storage.url,
          schema: start.storage.schema,
          tlsSkipVerify: false,
        };
  const config: ServerConfig = {
    storage,
    listeners: [{ address: "127.0.0.1:0", tlsDisable: true, tlsMinVersion: "tls12" }],
    logLevel: "error",
    workers: 1,
    ignored: [],
  };
  let unsealKey = "";
  const server = await startServer({
    config,
    logger: silentLogger,
    prepare: async (core) => {
      unsealKey = (await core.initDev({ rootTokenId: ROOT })).keysBase64[0]!;
    },
  });
  const tls = await kmipSetup(server.urls[0]!, start.port, start.keyType);
  if (start.workers > 1) return serveWithWorkers(start, server, config, unsealKey, tls);
  const profiler = new Profiler();
  process.on("message", async (m: KmipdCommand) => {
    if (m.type === "stop") {
      await server.close();
      process.exit(0);
    }
    if (m.type === "profile") await (m.file === undefined ? profiler.start() : profiler.stop(m.file));
    process.send?.({ type: "done" });
  });
  process.send?.({ type: "ready", tls } satisfies KmipdReady);
}

/** `workers` > 1: the prepared server closes and the workers serve its data (no profiling). */
async function serveWithWorkers(
  start: KmipdStart,
  server: Awaited<ReturnType<typeof startServer>>,
  config: ServerConfig,
  unsealKey: string,
  tls: KmipdReady["tls"],
): Promise<void> {
  await server.close();
  const stopWorkers = await forkBenchWorkers(start.workers, config, unsealKey);
  process.on("message", async (m: KmipdCommand) => {
    if (m.type === "stop") {
      await stopWorkers();
      process.exit(0);
    }
    process.send?.({ type: "done" });
  });
  process.send?.({ type: "ready", tls } satisfies KmipdReady);
}

if (isBenchWorker()) {
  runBenchWorker().catch((e) => {
    console.error("kmipd (bench worker) failed to start:", e);
    process.exit(1);
  });
} else {
  process.once("message", (start: KmipdStart) => {
    main(start).catch((e) => {
      console.error("kmipd (bench) failed to start:", e);
      process.exit(1);
    });
  });
}
