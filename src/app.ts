/**
 * The composition root: reads the configuration, opens the storage adapter, builds the core with
 * the secrets engines it can mount and the KMIP service those engines drive, unseals where it can
 * (dev mode, key file), and starts the API listeners. Nothing else imports a storage adapter or
 * wires these pieces together.
 */
import { readFileSync } from "node:fs";
import type { SecureContextOptions, TlsOptions } from "node:tls";
import pino from "pino";
import type { BackendFactory } from "./api/framework/types.js";
import { type ApiServer, createApiServer } from "./api/server.js";
import type { ApiListenerConfig, ServerConfig } from "./config/server-config.js";
import { Core } from "./core/core.js";
import type { Logger } from "./core/logger.js";
import { VERSION } from "./core/version.js";
import { kmipBackendFactoryWith } from "./engine/kmip/backend.js";
import { KMIP_VERSIONS } from "./kmip/version.js";
import { ATTRIBUTE_OPERATIONS } from "./operations/attribute-set.js";
import { CORE_OPERATIONS } from "./operations/core-set.js";
import { buildOperationRegistry } from "./operations/registry.js";
import type { OperationDef, ServerInfo } from "./operations/types.js";
import { KmipService } from "./server/kmip-service.js";
import { SqliteStorage } from "./storage/sqlite/sqlite-storage.js";
import type { Storage } from "./storage/types.js";

/** Every KMIP operation kmipd serves, by Operation code. */
export function kmipOperations(): ReadonlyMap<number, OperationDef> {
  return buildOperationRegistry([...CORE_OPERATIONS, ...ATTRIBUTE_OPERATIONS]);
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
 * deletes count and remove the scope's managed objects.
 */
export function secretsEngines(
  storage: Storage,
  service: () => KmipService,
): ReadonlyMap<string, BackendFactory> {
  const kmip = kmipBackendFactoryWith({
    objectStore: storage.objects,
    listenerGuard: { check: (...args) => service().check(...args) },
    onInitialize: (mountUuid, state) => service().attach(mountUuid, state),
    onCleanup: (mountUuid) => service().detach(mountUuid),
  });
  return new Map([["kmip", kmip]]);
}

export interface RunningServer {
  readonly core: Core;
  readonly storage: Storage;
  readonly kmip: KmipService;
  /** The API listeners' URLs, in configuration order. */
  readonly urls: readonly string[];
  close(): Promise<void>;
}

export interface StartOptions {
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly devMode?: boolean;
  /** Wraps the secrets engines (tests capture a mount's storage view this way). */
  readonly wrapEngines?: (
    engines: ReadonlyMap<string, BackendFactory>,
  ) => ReadonlyMap<string, BackendFactory>;
  /** Runs after the core exists and before the listeners open (dev mode initializes here). */
  readonly prepare?: (core: Core) => Promise<void>;
}

export function createLogger(level: ServerConfig["logLevel"]): Logger & pino.Logger {
  return pino({ level, base: { service: "kmipd" } });
}

export function openStorage(config: ServerConfig["storage"]): Storage {
  return SqliteStorage.open({ path: config.path });
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const storage = openStorage(config.storage);
  const servers: ApiServer[] = [];
  let kmip: KmipService | undefined;
  try {
    const engines = secretsEngines(storage, () => kmip!);
    const core = await Core.create({
      storage,
      backends: options.wrapEngines ? options.wrapEngines(engines) : engines,
      logger,
      devMode: options.devMode ?? false,
      ...(config.seal && { keyFile: config.seal.path }),
    });
    const operations = kmipOperations();
    kmip = new KmipService({
      objects: storage.objects,
      sealer: core.materialSealer(),
      logger,
      sealed: () => core.sealed,
      operations,
      serverInfo: serverInfo(operations),
    });
    await options.prepare?.(core);
    if (config.seal && (await core.status()).initialized) await core.unsealWithKeyFile(config.seal.path);
    const urls: string[] = [];
    for (const listener of config.listeners) {
      const server = createApiServer(core, { logger });
      servers.push(server);
      const { url } = await server.listen({ ...hostPort(listener.address), ...tlsOf(listener) });
      urls.push(url);
      logger.info({ url }, "API listener started");
    }
    const service = kmip;
    return {
      core,
      storage,
      kmip: service,
      urls,
      async close() {
        await Promise.all(servers.map((s) => s.close()));
        await core.shutdown();
        await service.close();
        await storage.close();
      },
    };
  } catch (err) {
    await Promise.allSettled(servers.map((s) => s.close()));
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
