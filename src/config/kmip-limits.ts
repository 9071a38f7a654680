/**
 * The `kmip_limits { ... }` stanza of the server configuration file: every bound the KMIP service
 * puts on what a client controls (src/server/options.ts, src/ttlv/limits.ts), under snake_case
 * names. Durations take Vault's forms (src/config/duration.ts: "10s", "24h", "500ms"; a bare
 * number counts seconds); counts and sizes are integers (a string of digits is accepted, as Vault
 * accepts `max_parallel = "128"`). Keys left out keep their defaults.
 *
 *   kmip_limits {
 *     handshake_timeout = "10s"
 *     batch_items_max   = 256
 *     message_bytes_max = 1048576
 *   }
 */
import { DEFAULT_SERVICE_LIMITS, type KmipServiceOptions, type ServiceLimits } from "../server/options.js";
import { DEFAULT_TTLV_LIMITS, resolveLimits, type TtlvLimits } from "../ttlv/limits.js";
import { InputError, parseDurationMs } from "./duration.js";
import type { HclObject, HclValue } from "./hcl.js";

/** What the stanza sets: only the keys present in the file. */
export type KmipLimitsConfig = NonNullable<KmipServiceOptions["limits"]>;

type ServiceKey = Exclude<keyof ServiceLimits, "ttlv">;

export interface KmipLimitKey {
  /** The name in the configuration file. */
  readonly name: string;
  readonly kind: "duration" | "count";
  /** Where it lands: a service limit, or a TTLV limit (`ttlv.<field>`). */
  readonly service?: ServiceKey;
  readonly ttlv?: keyof TtlvLimits;
}

/** Every key of the stanza, in the order docs/security.md lists them. */
export const KMIP_LIMIT_KEYS: readonly KmipLimitKey[] = [
  { name: "handshake_timeout", kind: "duration", service: "handshakeTimeoutMs" },
  { name: "idle_timeout", kind: "duration", service: "idleTimeoutMs" },
  { name: "message_timeout", kind: "duration", service: "messageTimeoutMs" },
  { name: "keep_alive", kind: "duration", service: "keepAliveMs" },
  { name: "close_grace", kind: "duration", service: "closeGraceMs" },
  { name: "listener_retry", kind: "duration", service: "retryMs" },
  { name: "connections_max", kind: "count", service: "connectionsMax" },
  { name: "connections_per_client_max", kind: "count", service: "connectionsPerClientMax" },
  { name: "requests_per_second_max", kind: "count", service: "requestsPerSecondMax" },
  { name: "pipeline_max", kind: "count", service: "pipelineMax" },
  { name: "batch_items_max", kind: "count", service: "batchItemsMax" },
  { name: "message_bytes_max", kind: "count", ttlv: "messageBytesMax" },
  { name: "depth_max", kind: "count", ttlv: "depthMax" },
  { name: "items_max", kind: "count", ttlv: "itemsMax" },
  { name: "text_bytes_max", kind: "count", ttlv: "textBytesMax" },
  { name: "byte_string_bytes_max", kind: "count", ttlv: "byteStringBytesMax" },
  { name: "big_integer_bytes_max", kind: "count", ttlv: "bigIntegerBytesMax" },
];

/** Node's timers hold at most 2^31 - 1 ms; a longer one would fire after 1 ms instead. */
const TIMER_MS_MAX = 2 ** 31 - 1;
/** Limits where 0 turns the bound off (options.ts: `requestsPerSecondMax`). */
const ZERO_IS_OFF = new Set<ServiceKey>(["requestsPerSecondMax"]);

/** The default of a key, in the file's own units (durations as milliseconds). */
export function kmipLimitDefault(key: KmipLimitKey): number {
  return key.service !== undefined ? DEFAULT_SERVICE_LIMITS[key.service] : DEFAULT_TTLV_LIMITS[key.ttlv!];
}

/**
 * Parses the stanza; a bad value is a startup error naming its key. Throws `fail(message)` (the
 * caller's ConfigError) so this module does not depend on server-config.ts.
 */
export function parseKmipLimits(
  value: HclValue | undefined,
  fail: (message: string) => Error,
): KmipLimitsConfig {
  if (value === undefined) return {};
  const body = stanza(value, fail);
  const byName = new Map(KMIP_LIMIT_KEYS.map((k) => [k.name, k]));
  const service: Partial<Record<ServiceKey, number>> = {};
  const ttlv: Partial<Record<keyof TtlvLimits, number>> = {};
  for (const [name, raw] of Object.entries(body)) {
    const key = byName.get(name);
    if (key === undefined) throw fail(`kmip_limits: unknown setting "${name}"`);
    const n = key.kind === "duration" ? durationMs(raw, key, fail) : count(raw, key, fail);
    if (key.service !== undefined) service[key.service] = n;
    else ttlv[key.ttlv!] = withinTtlvCeiling(n, key, fail);
  }
  return { ...service, ...(Object.keys(ttlv).length > 0 && { ttlv }) };
}

/** One `kmip_limits { }` block (HCL gives an array when the block is repeated). */
function stanza(value: HclValue, fail: (message: string) => Error): HclObject {
  if (Array.isArray(value)) throw fail("at most one kmip_limits block is allowed");
  if (value === null || typeof value !== "object") throw fail("kmip_limits must be a block");
  return value;
}

function durationMs(raw: HclValue, key: KmipLimitKey, fail: (message: string) => Error): number {
  let ms: number;
  try {
    if (typeof raw !== "string" && typeof raw !== "number") throw new InputError("not a duration");
    ms = parseDurationMs(raw);
  } catch (error) {
    const why = error instanceof InputError ? error.message : String(error);
    throw fail(`kmip_limits ${key.name} must be a duration such as "10s" or "500ms" (${why})`);
  }
  if (ms < 1 || ms > TIMER_MS_MAX)
    throw fail(`kmip_limits ${key.name} must be from 1ms to ${TIMER_MS_MAX}ms (about 24 days)`);
  return ms;
}

function count(raw: HclValue, key: KmipLimitKey, fail: (message: string) => Error): number {
  const n = typeof raw === "string" && /^[0-9]+$/.test(raw.trim()) ? Number(raw) : raw;
  const least = key.service !== undefined && ZERO_IS_OFF.has(key.service) ? 0 : 1;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < least) {
    throw fail(`kmip_limits ${key.name} must be a whole number of at least ${least}`);
  }
  return n;
}

/** The TTLV layer's own ceilings (a 32-bit Item Length, a bounded depth), named by our key. */
function withinTtlvCeiling(n: number, key: KmipLimitKey, fail: (message: string) => Error): number {
  try {
    resolveLimits({ [key.ttlv!]: n });
  } catch {
    throw fail(`kmip_limits ${key.name} ${n} is above what the TTLV codec allows`);
  }
  return n;
}
