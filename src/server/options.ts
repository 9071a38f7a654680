/**
 * What the KMIP service is built from, and its bounds on what a client controls (ARCHITECTURE:
 * "bound everything a client controls": message bytes and shape, handshake time, idle time,
 * connections, pipelined requests).
 */
import type { Logger } from "../core/logger.js";
import type { MaterialSealer, OperationDef, ServerInfo } from "../operations/types.js";
import type { ObjectStore } from "../storage/objects.js";
import { DEFAULT_TTLV_LIMITS, resolveLimits, type TtlvLimits } from "../ttlv/limits.js";

export interface ServiceLimits {
  /** TLS handshake must finish within this (PyKMIP #430: a half-open handshake blocked a server). */
  readonly handshakeTimeoutMs: number;
  /**
   * A connection with no traffic for this long is closed. Long by default: real clients (mongod,
   * vCenter) keep one connection for hours and break when it is dropped under them
   * (ceph-nvmeof #1904, Krill #565); TCP keep-alive finds dead peers meanwhile.
   */
  readonly idleTimeoutMs: number;
  /** TCP keep-alive probe delay for established connections. */
  readonly keepAliveMs: number;
  /** Open connections per listener. */
  readonly connectionsMax: number;
  /** Messages read ahead of the one being answered before the socket is paused. */
  readonly pipelineMax: number;
  /** After a failed bind or configuration read, retry this much later. */
  readonly retryMs: number;
  /** After `end()`, destroy the socket if the peer has not closed within this. */
  readonly closeGraceMs: number;
  readonly ttlv: TtlvLimits;
}

export const DEFAULT_SERVICE_LIMITS: ServiceLimits = Object.freeze({
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 24 * 3600 * 1000,
  keepAliveMs: 60_000,
  connectionsMax: 1024,
  pipelineMax: 8,
  retryMs: 5_000,
  closeGraceMs: 5_000,
  ttlv: DEFAULT_TTLV_LIMITS,
});

export interface KmipServiceOptions {
  readonly objects: ObjectStore;
  readonly sealer: MaterialSealer;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** True while the core is sealed: no handshake completes, no request is served. */
  readonly sealed: () => boolean;
  /** Operation code → handler (`buildOperationRegistry`). */
  readonly operations: ReadonlyMap<number, OperationDef>;
  readonly serverInfo: ServerInfo;
  readonly limits?: Partial<Omit<ServiceLimits, "ttlv">> & { readonly ttlv?: Partial<TtlvLimits> };
}

/** Defaults overlaid with `partial`; a value that is not a positive integer is an error. */
export function resolveServiceLimits(partial: KmipServiceOptions["limits"] = {}): ServiceLimits {
  const out: Record<string, unknown> = { ...DEFAULT_SERVICE_LIMITS };
  for (const [key, value] of Object.entries(partial)) {
    if (key === "ttlv" || value === undefined) continue;
    if (!Number.isSafeInteger(value) || (value as number) < 1) {
      throw new Error(`invalid KMIP service limit ${key}: ${String(value)}`);
    }
    out[key] = value;
  }
  out.ttlv = resolveLimits(partial.ttlv);
  return out as unknown as ServiceLimits;
}
