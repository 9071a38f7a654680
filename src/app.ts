/**
 * The composition root: reads the configuration, opens the storage adapter, builds the core with
 * the secrets engines it can mount and the KMIP service those engines drive, unseals where it can
 * (dev mode, key file), and starts the API listeners. Nothing else imports a storage adapter or
 * wires these pieces together.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { SecureContextOptions, TlsOptions } from "node:tls";
import pino from "pino";
import type { BackendFactory } from "./api/framework/types.js";
import { type ApiServer, createApiServer } from "./api/server.js";
import { type ClusterBus, ClusterSync } from "./cluster/cluster-sync.js";
import { isWorker, workerClusterSync, workerSealRelay } from "./cluster/worker-mode.js";
import type { ApiListenerConfig, PostgresStorageConfig, ServerConfig } from "./config/server-config.js";
import { Core } from "./core/core.js";
import type { Logger } from "./core/logger.js";
import { applyV8Tuning } from "./core/v8-tuning.js";
import { VERSION } from "./core/version.js";
import { kmipBackendFactoryWith } from "./engine/kmip/backend.js";
import { KMIP_VERSIONS } from "./kmip/version.js";
import { installPrometheusText } from "./metrics/prometheus-text.js";
import { ServerMetrics } from "./metrics/server-metrics.js";
import { timedStorage } from "./metrics/timed-storage.js";
import { ATTRIBUTE_OPERATIONS } from "./operations/attribute-set.js";
import { CORE_OPERATIONS } from "./operations/core-set.js";
import { CRYPTO_OPERATIONS } from "./operations/crypto-set.js";
import { KEYSHARE_OPERATIONS } from "./operations/keyshare-set.js";
import { type ProtocolOptions, protocolOperations } from "./operations/protocol-set.js";
import { buildOperationRegistry } from "./operations/registry.js";
import { SESSION_OPERATIONS } from "./operations/session-set.js";
import type { OperationDef, ServerInfo } from "./operations/types.js";
import { KmipService, type KmipServiceOptions } from "./server/kmip-service.js";
import type { PostgresOptions } from "./storage/postgres/postgres-storage.js";
import { KvScopeSettings } from "./storage/scope-settings.js";
import type { Storage } from "./storage/types.js";

/** Every KMIP operation kmipd serves, by Operation code. */
export function kmipOperations(
  protocol: ProtocolOptions = { interop: false },
): ReadonlyMap<number, OperationDef> {
  return buildOperationRegistry([
    ...CORE_OPERATIONS,
    ...ATTRIBUTE_OPERATIONS,
    ...CRYPTO_OPERATIONS,
    ...KEYSHARE_OPERATIONS,
    ...protocolOperations(protocol),
    ...SESSION_OPERATIONS,
  ]);
}

export function serverInfo(operations: ReadonlyMap<number, OperationDef>): ServerInfo {
  return {
    vendorIdentification: "kmipd",
    serverVersion: VERSION,
    protocolVersions: [...KMIP_VERSIONS].sort((a, b) => b - a),
    operations: () => [...operations.keys()],
  };
}

/**
 * The secrets engines `sys/mounts` can enable, by type. The `kmip` engine is tied to the KMIP
 * service: its config and listener writes check addresses with the service (a port in use is a
 * 400), an unsealed mount starts its listeners, a sealed or removed one stops them, and scope
 * deletes count and remove the scope's managed objects. On a cluster, the service also hears
 * other nodes' engine commits (`cluster.kmip`).
 */
export function secretsEngines(
  storage: Storage,
  service: () => KmipService,
  cluster?: ClusterSync,
): ReadonlyMap<string, BackendFactory> {
  const kmip = kmipBackendFactoryWith({
    objectStore: storage.objects,
    listenerGuard: { check: (...args) => service().check(...args) },
    onInitialize: (mountUuid, state) =>
      service().attach(mountUuid, cluster ? cluster.kmip.bind(mountUuid, state) : state),
    onCleanup: (mountUuid) => service().detach(mountUuid),
    kmipClient: { answer: (...args) => service().answer(...args) },
  });
  return new Map([["kmip", kmip]]);
}

export interface RunningServer {
  readonly core: Core;
  readonly storage: Storage;
  readonly kmip: KmipService;
  /** The API listeners' URLs, in configuration order. */
  readonly urls: readonly string[];
  /**
   * A drain, then the end: every listener stops accepting, requests in flight finish (the API's
   * within `drainMs`, default 0; each KMIP connection's within its closeGraceMs), then the core
   * seals and storage closes.
   */
  close(drainMs?: number): Promise<void>;
  /**
   * Applies what can change without a restart (SIGHUP): the API listeners' TLS certificate and
   * key, re-read from their files, and the KMIP limits (`kmip_limits`). Returns what changed and
   * what would need a restart.
   */
  reload(next: ServerConfig): string[];
}

export interface StartOptions {
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly devMode?: boolean;
  /** Serve the Interop operation (a test server; KMIP 2.1 §6.1.26). Defaults to `devMode`. */
  readonly interop?: boolean;
  /** Wraps the secrets engines (tests capture a mount's storage view this way). */
  readonly wrapEngines?: (
    engines: ReadonlyMap<string, BackendFactory>,
  ) => ReadonlyMap<string, BackendFactory>;
  /** Runs after the core exists and before the listeners open (dev mode initializes here). */
  readonly prepare?: (core: Core) => Promise<void>;
  /** Bounds of the KMIP service (`src/server/options.ts`); its defaults when absent. */
  readonly kmipLimits?: KmipServiceOptions["limits"];
}

export function createLogger(level: ServerConfig["logLevel"]): Logger & pino.Logger {
  return pino({ level, base: { service: "kmipd" } });
}

/** SQLite for one node; PostgreSQL for several nodes on one database (docs/cluster.md). */
export async function openStorage(config: ServerConfig["storage"]): Promise<Storage> {
  return (await openAdapter(config)).storage;
}

/**
 * The adapter the configuration names, and for PostgreSQL the bus its nodes share. Each adapter
 * is loaded only when named: a server on SQLite never loads `pg`, one on PostgreSQL never loads
 * better-sqlite3 (resident memory: README, "Performance").
 */
async function openAdapter(config: ServerConfig["storage"]): Promise<{ storage: Storage; bus?: ClusterBus }> {
  if (config.type === "sqlite") {
    const { SqliteStorage } = await import("./storage/sqlite/sqlite-storage.js");
    // A worker of `workers` > 1 shares the file with its siblings; a single process holds it alone.
    return { storage: SqliteStorage.open({ path: config.path, exclusive: !isWorker() }) };
  }
  const { PostgresStorage } = await import("./storage/postgres/postgres-storage.js");
  const storage = await PostgresStorage.open(postgresOptions(config));
  return { storage, bus: storage };
}

function postgresOptions(config: PostgresStorageConfig): PostgresOptions {
  const verify = config.tlsCaFile !== undefined || config.tlsSkipVerify;
  return {
    connectionUrl: config.connectionUrl,
    ...(config.maxParallel !== undefined && { poolSize: config.maxParallel }),
    ...(config.schema !== undefined && { schema: config.schema }),
    ...(verify && {
      ssl: {
        ...(config.tlsCaFile !== undefined && { ca: readFileSync(config.tlsCaFile, "utf8") }),
        rejectUnauthorized: !config.tlsSkipVerify,
      },
    }),
  };
}

/**
 * Nodes sharing a PostgreSQL database keep each other's caches fresh (src/cluster); so do the
 * worker processes of one server on SQLite (`workers`, relayed by the primary).
 */
function clusterSyncFor(
  storage: Storage,
  bus: ClusterBus | undefined,
  config: ServerConfig["storage"],
  logger: Logger,
) {
  if (bus === undefined || config.type !== "postgresql") return workerClusterSync(storage, logger);
  return new ClusterSync({ bus, schema: config.schema, logger });
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  applyV8Tuning();
  const { config, logger } = options;
  const { storage, bus } = await openAdapter(config.storage);
  const cluster = clusterSyncFor(storage, bus, config.storage, logger);
  const metrics = new ServerMetrics();
  const timed = timedStorage(storage, (operation, seconds) => metrics.storageCall(operation, seconds));
  const servers: ApiServer[] = [];
  let kmip: KmipService | undefined;
  try {
    const engines = secretsEngines(timed, () => kmip!, cluster);
    const core = await Core.create({
      storage: cluster ? cluster.observe(timed) : timed,
      metrics,
      backends: options.wrapEngines ? options.wrapEngines(engines) : engines,
      logger,
      devMode: options.devMode ?? false,
      ...(config.seal && { keyFile: config.seal.path }),
    });
    const operations = kmipOperations({ interop: options.interop ?? options.devMode ?? false });
    kmip = new KmipService({
      objects: timed.objects,
      // Per-scope settings (Set Constraints) in the same database, shared by every node.
      scopeSettings: new KvScopeSettings(timed),
      audit: core.auditor.kmip,
      metrics,
      sealer: core.materialSealer(),
      logger,
      sealed: () => core.sealed,
      operations,
      serverInfo: serverInfo(operations),
      // The caller's limits (tests) outrank the file's `kmip_limits`.
      limits: options.kmipLimits ?? config.kmipLimits,
    });
    await cluster?.start(core);
    // Workers: an unseal or seal through one worker's API reaches every worker.
    const undoSealRelay = workerSealRelay(core, logger);
    await options.prepare?.(core);
    if (config.seal && (await core.status()).initialized) await core.unsealWithKeyFile(config.seal.path);
    const urls: string[] = [];
    const tlsLoaded: (string | undefined)[] = [];
    for (const listener of config.listeners) {
      const tls = tlsOf(listener);
      const server = createApiServer(core, { logger, ...tls });
      installPrometheusText(server.app);
      // Several nodes or workers: what another one committed is applied before a request runs.
      if (cluster) server.app.addHook("onRequest", async () => cluster.catchUp());
      servers.push(server);
      const { url } = await server.listen({ ...hostPort(listener.address), ...tls });
      urls.push(url);
      tlsLoaded.push(tlsFingerprint(tls.tls));
      logger.info({ url }, "API listener started");
    }
    const service = kmip;
    let limitsLoaded = config.kmipLimits;
    return {
      core,
      storage,
      kmip: service,
      urls,
      async close(drainMs = 0) {
        await Promise.all([...servers.map((s) => s.close(drainMs)), service.close()]);
        await cluster?.stop();
        undoSealRelay?.(); // this worker's own stop seals only itself
        await core.shutdown();
        await storage.close();
      },
      reload(next) {
        const notes = reloadApiTls(servers, config, next, tlsLoaded);
        // Limits given by the caller (tests) outrank the file on reload too.
        const fileLimits = JSON.stringify(next.kmipLimits ?? {});
        if (options.kmipLimits === undefined && fileLimits !== JSON.stringify(limitsLoaded ?? {})) {
          service.setLimits(next.kmipLimits);
          limitsLoaded = next.kmipLimits;
          notes.push("kmip_limits reloaded: listeners now, new connections from now on");
        }
        return notes;
      },
    };
  } catch (err) {
    await Promise.allSettled(servers.map((s) => s.close()));
    await cluster?.stop();
    await kmip?.close();
    await storage.close();
    throw err;
  }
}

/** "127.0.0.1:8200", "[::1]:8200", ":8200" (all interfaces). */
export function hostPort(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(address);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65535) throw new Error(`listener address must be host:port, got "${address}"`);
  return { host: m[1] ?? (m[2] || "0.0.0.0"), port };
}

/**
 * Each API listener whose address and TLS use are unchanged takes its certificate and key files
 * again when their content changed (`setSecureContext`: new handshakes only, no rebind). Files are
 * read before anything is applied, so an unreadable one throws and changes nothing on its listener.
 */
function reloadApiTls(
  servers: readonly ApiServer[],
  current: ServerConfig,
  next: ServerConfig,
  loaded: (string | undefined)[],
): string[] {
  const notes: string[] = [];
  current.listeners.forEach((listener, i) => {
    const wanted = next.listeners[i];
    if (wanted?.address !== listener.address || wanted.tlsDisable !== listener.tlsDisable) return;
    const tls = tlsOf(wanted).tls;
    const fingerprint = tlsFingerprint(tls);
    if (tls === undefined || fingerprint === loaded[i]) return;
    servers[i]!.setSecureContext(tls);
    loaded[i] = fingerprint;
    notes.push(`API listener ${listener.address}: TLS certificate and key reloaded`);
  });
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(current.listeners.map(listenerShape), next.listeners.map(listenerShape)))
    notes.push("listener addresses or TLS use changed: takes effect on restart");
  if (!same(current.storage, next.storage)) notes.push("storage changed: takes effect on restart");
  if (!same(current.seal, next.seal)) notes.push("seal changed: takes effect on restart");
  return notes;
}

function listenerShape(l: ApiListenerConfig) {
  return { address: l.address, tlsDisable: l.tlsDisable };
}

function tlsFingerprint(tls: SecureContextOptions | undefined): string | undefined {
  if (tls === undefined) return undefined;
  const hash = createHash("sha256");
  for (const part of [tls.cert, tls.key, tls.minVersion]) hash.update(`${part ?? ""}\0`);
  return hash.digest("hex");
}

function tlsOf(listener: ApiListenerConfig): { tls?: TlsOptions & SecureContextOptions } {
  if (listener.tlsDisable) return {};
  return {
    tls: {
      cert: readFileSync(listener.tlsCertFile!),
      key: readFileSync(listener.tlsKeyFile!),
      minVersion: listener.tlsMinVersion === "tls13" ? "TLSv1.3" : "TLSv1.2",
    },
  };
}
