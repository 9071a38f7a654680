/**
 * The composition root: reads the configuration, opens the storage adapter, builds the core with
 * the secrets engines it can mount, unseals where it can (dev mode, key file), and starts the API
 * listeners. Nothing else imports a storage adapter or wires these pieces together.
 */
import { readFileSync } from "node:fs";
import type { SecureContextOptions, TlsOptions } from "node:tls";
import pino from "pino";
import type { BackendFactory } from "./api/framework/types.js";
import { type ApiServer, createApiServer } from "./api/server.js";
import type { ApiListenerConfig, ServerConfig } from "./config/server-config.js";
import { Core } from "./core/core.js";
import type { Logger } from "./core/logger.js";
import { kmipBackendFactory } from "./engine/kmip/backend.js";
import { SqliteStorage } from "./storage/sqlite/sqlite-storage.js";
import type { Storage } from "./storage/types.js";

/** The secrets engines `sys/mounts` can enable, by type. */
export function secretsEngines(): ReadonlyMap<string, BackendFactory> {
  return new Map([["kmip", kmipBackendFactory]]);
}

export interface RunningServer {
  readonly core: Core;
  readonly storage: Storage;
  /** The API listeners' URLs, in configuration order. */
  readonly urls: readonly string[];
  close(): Promise<void>;
}

export interface StartOptions {
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly devMode?: boolean;
  /** The secrets engines to offer (default: secretsEngines()); tests wrap them. */
  readonly engines?: ReadonlyMap<string, BackendFactory>;
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
  try {
    const core = await Core.create({
      storage,
      backends: options.engines ?? secretsEngines(),
      logger,
      devMode: options.devMode ?? false,
      ...(config.seal && { keyFile: config.seal.path }),
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
    return {
      core,
      storage,
      urls,
      async close() {
        await Promise.all(servers.map((s) => s.close()));
        await core.shutdown();
        await storage.close();
      },
    };
  } catch (err) {
    await Promise.allSettled(servers.map((s) => s.close()));
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
