/**
 * The server configuration file, in Vault's form (HCL or JSON, Vault's stanza names):
 *
 *   storage "sqlite" { path = "/var/lib/kmipd/kmipd.db" }
 *   storage "postgresql" { connection_url = "postgres://kmipd@db:5432/kmipd"  max_parallel = 20 }
 *   listener "tcp" { address = "127.0.0.1:8200"  tls_cert_file = "..."  tls_key_file = "..." }
 *   seal "keyfile" { path = "/etc/kmipd/unseal.key" }     # optional auto-unseal, see docs
 *   api_addr  = "https://kmip.example.com:8200"
 *   log_level = "info"
 *   workers   = 2
 *   kmip_limits { batch_items_max = 256  handshake_timeout = "10s" }   # src/config/kmip-limits.ts
 *
 * Vault settings that have no meaning here (`ui`, `disable_mlock`, `cluster_addr`, ...) are
 * accepted and reported as ignored, so an existing Vault file loads; anything else unknown is an
 * error, so a typo never silently changes behaviour.
 */
import { availableParallelism } from "node:os";
import { type HclObject, type HclValue, parseConfigText } from "./hcl.js";
import { type KmipLimitsConfig, parseKmipLimits } from "./kmip-limits.js";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";

export interface SqliteStorageConfig {
  readonly type: "sqlite";
  readonly path: string;
}

/** Several nodes on one database (docs/cluster.md); Vault's stanza name and `max_parallel`. */
export interface PostgresStorageConfig {
  readonly type: "postgresql";
  readonly connectionUrl: string;
  /** Connections of the pool (Vault's name for it); the adapter's default when absent. */
  readonly maxParallel?: number;
  /** PEM file of the CA that signs the database's certificate; the system roots when absent. */
  readonly tlsCaFile?: string;
  /** TLS without verifying the database's certificate (tests, private networks only). */
  readonly tlsSkipVerify: boolean;
  readonly schema?: string;
}

export type StorageConfig = SqliteStorageConfig | PostgresStorageConfig;

export interface ApiListenerConfig {
  readonly address: string;
  readonly tlsDisable: boolean;
  readonly tlsCertFile?: string;
  readonly tlsKeyFile?: string;
  readonly tlsMinVersion: "tls12" | "tls13";
}

export interface KeyFileSealConfig {
  readonly type: "keyfile";
  readonly path: string;
}

export interface ServerConfig {
  readonly storage: StorageConfig;
  readonly listeners: readonly ApiListenerConfig[];
  readonly apiAddr?: string;
  readonly logLevel: LogLevel;
  readonly workers: number;
  readonly seal?: KeyFileSealConfig;
  /** Bounds of the KMIP service set by the file (`kmip_limits`); absent keys keep their defaults. */
  readonly kmipLimits?: KmipLimitsConfig;
  /** Vault settings that were present but have no effect in kmipd. */
  readonly ignored: readonly string[];
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const IGNORED = new Set([
  "ui",
  "disable_mlock",
  "cluster_addr",
  "cluster_name",
  "disable_cache",
  "telemetry",
]);
const KNOWN = new Set([
  "storage",
  "listener",
  "seal",
  "api_addr",
  "log_level",
  "workers",
  "kmip_limits",
  ...IGNORED,
]);
const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error"];

export function parseServerConfig(text: string): ServerConfig {
  const root = parseConfigText(text);
  for (const key of Object.keys(root)) {
    if (!KNOWN.has(key)) throw new ConfigError(`unknown configuration setting "${key}"`);
  }
  const listeners = blocks(root.listener, "listener").map(([type, body]) => apiListener(type, body));
  if (listeners.length === 0) throw new ConfigError('at least one listener "tcp" block is required');
  const seal = root.seal === undefined ? undefined : sealConfig(root.seal);
  return {
    storage: storage(root.storage),
    listeners,
    ...(root.api_addr !== undefined && { apiAddr: str(root.api_addr, "api_addr") }),
    logLevel: logLevel(root.log_level),
    workers: workers(root.workers),
    ...(seal && { seal }),
    kmipLimits: parseKmipLimits(root.kmip_limits, (message) => new ConfigError(message)),
    ignored: [...Object.keys(root).filter((k) => IGNORED.has(k)), ...storageIgnored(root.storage)],
  };
}

/** `type "label" { body }` stanzas as [label, body] pairs, repeated stanzas included. */
function blocks(value: HclValue | undefined, name: string): [string, HclObject][] {
  if (value === undefined) return [];
  const out: [string, HclObject][] = [];
  for (const [label, bodies] of Object.entries(object(value, name))) {
    for (const body of Array.isArray(bodies) ? bodies : [bodies])
      out.push([label, object(body, `${name} "${label}"`)]);
  }
  return out;
}

function storage(value: HclValue | undefined): StorageConfig {
  const all = blocks(value, "storage");
  if (all.length !== 1) throw new ConfigError("exactly one storage block is required");
  const [type, body] = all[0]!;
  if (type === "postgresql") return postgresStorage(body);
  if (type !== "sqlite")
    throw new ConfigError(`unsupported storage type "${type}" (supported: sqlite, postgresql)`);
  onlyKeys(body, ["path"], 'storage "sqlite"');
  return { type, path: str(body.path, 'storage "sqlite" path') };
}

/** Vault's PostgreSQL settings that mean nothing here: every kmipd node is active (no HA lock). */
const POSTGRES_IGNORED = ["ha_enabled", "max_idle_connections"];
const POSTGRES_KEYS = ["connection_url", "max_parallel", "tls_ca_file", "tls_skip_verify", "schema"];

/** Storage settings reported as ignored, as "storage.<name>". */
function storageIgnored(value: HclValue | undefined): string[] {
  const [type, body] = blocks(value, "storage")[0] ?? [];
  if (type !== "postgresql" || body === undefined) return [];
  return POSTGRES_IGNORED.filter((k) => k in body).map((k) => `storage.${k}`);
}

function postgresStorage(body: HclObject): PostgresStorageConfig {
  const where = 'storage "postgresql"';
  onlyKeys(body, [...POSTGRES_KEYS, ...POSTGRES_IGNORED], where);
  const connectionUrl = str(body.connection_url, `${where} connection_url`);
  if (!/^postgres(ql)?:\/\//.test(connectionUrl))
    throw new ConfigError(`${where} connection_url must start with postgres:// or postgresql://`);
  const tlsSkipVerify =
    body.tls_skip_verify === undefined ? false : bool(body.tls_skip_verify, `${where} tls_skip_verify`);
  const tlsCaFile =
    body.tls_ca_file === undefined ? undefined : str(body.tls_ca_file, `${where} tls_ca_file`);
  // A CA file says "verify against this CA"; skipping verification would silently ignore it.
  if (tlsCaFile !== undefined && tlsSkipVerify)
    throw new ConfigError(`${where}: give tls_ca_file or tls_skip_verify, not both`);
  const schema = body.schema === undefined ? undefined : str(body.schema, `${where} schema`);
  return {
    type: "postgresql",
    connectionUrl,
    ...(body.max_parallel !== undefined && { maxParallel: maxParallel(body.max_parallel) }),
    ...(tlsCaFile !== undefined && { tlsCaFile }),
    tlsSkipVerify,
    ...(schema !== undefined && { schema }),
  };
}

/** Vault writes it as a string ("128"); HCL and JSON may give a number. */
function maxParallel(value: HclValue): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 1000) {
    throw new ConfigError('storage "postgresql" max_parallel must be an integer from 1 to 1000');
  }
  return n;
}

function apiListener(type: string, body: HclObject): ApiListenerConfig {
  if (type !== "tcp") throw new ConfigError(`unsupported listener type "${type}" (supported: tcp)`);
  const where = 'listener "tcp"';
  onlyKeys(body, ["address", "tls_disable", "tls_cert_file", "tls_key_file", "tls_min_version"], where);
  const tlsDisable = body.tls_disable === undefined ? false : bool(body.tls_disable, `${where} tls_disable`);
  const tlsCertFile =
    body.tls_cert_file === undefined ? undefined : str(body.tls_cert_file, `${where} tls_cert_file`);
  const tlsKeyFile =
    body.tls_key_file === undefined ? undefined : str(body.tls_key_file, `${where} tls_key_file`);
  if (!tlsDisable && (!tlsCertFile || !tlsKeyFile)) {
    throw new ConfigError(`${where}: tls_cert_file and tls_key_file are required unless tls_disable = true`);
  }
  const min =
    body.tls_min_version === undefined ? "tls12" : str(body.tls_min_version, `${where} tls_min_version`);
  if (min !== "tls12" && min !== "tls13")
    throw new ConfigError(`${where}: tls_min_version must be tls12 or tls13`);
  return {
    address: body.address === undefined ? "127.0.0.1:8200" : str(body.address, `${where} address`),
    tlsDisable,
    ...(tlsCertFile && { tlsCertFile }),
    ...(tlsKeyFile && { tlsKeyFile }),
    tlsMinVersion: min,
  };
}

function sealConfig(value: HclValue): KeyFileSealConfig {
  const all = blocks(value, "seal");
  if (all.length !== 1) throw new ConfigError("at most one seal block is allowed");
  const [type, body] = all[0]!;
  if (type !== "keyfile") throw new ConfigError(`unsupported seal type "${type}" (supported: keyfile)`);
  onlyKeys(body, ["path"], 'seal "keyfile"');
  return { type, path: str(body.path, 'seal "keyfile" path') };
}

function logLevel(value: HclValue | undefined): LogLevel {
  if (value === undefined) return "info";
  const level = str(value, "log_level").toLowerCase();
  const found = LOG_LEVELS.find((l) => l === level || (level === "warning" && l === "warn"));
  if (!found) throw new ConfigError(`log_level must be one of ${LOG_LEVELS.join(", ")}`);
  return found;
}

function workers(value: HclValue | undefined): number {
  if (value === undefined) return availableParallelism();
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 256) {
    throw new ConfigError("workers must be an integer from 1 to 256");
  }
  return n;
}

function onlyKeys(body: HclObject, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new ConfigError(`${where}: unknown setting "${key}"`);
  }
}

function object(value: HclValue, where: string): HclObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(`${where} must be a block`);
  }
  return value;
}

function str(value: HclValue | undefined, where: string): string {
  if (typeof value !== "string" || value === "") throw new ConfigError(`${where} must be a non-empty string`);
  return value;
}

function bool(value: HclValue, where: string): boolean {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1" || value === 1) return true;
  if (value === "false" || value === "0" || value === 0) return false;
  throw new ConfigError(`${where} must be true or false`);
}
