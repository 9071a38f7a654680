/**
 * What the KMIP service is built from, and its bounds on what a client controls (ARCHITECTURE:
 * "bound everything a client controls": message bytes and shape, handshake time, idle time,
 * connections, pipelined requests). Operators set them with the configuration file's
 * `kmip_limits` stanza (src/config/kmip-limits.ts; `KmipService.setLimits` on SIGHUP).
 */
import type { Logger } from "../core/logger.js";
import type { ResponseBatchItem } from "../kmip/messages.js";
import type { KmipVersion } from "../kmip/version.js";
import type { ClientIdentity, MaterialSealer, OperationDef, ServerInfo } from "../operations/types.js";
import type { TicketBook } from "../policy/ticket-book.js";
import type { ObjectStore } from "../storage/objects.js";
import type { ScopeSettings } from "../storage/scope-settings.js";
import { DEFAULT_TTLV_LIMITS, resolveLimits, type TtlvLimits } from "../ttlv/limits.js";
import type { TtlvItem } from "../ttlv/types.js";

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
  /** Open connections per listener (TCP connections, handshakes in progress included). */
  readonly connectionsMax: number;
  /**
   * Open connections per client certificate on one mount: one leaked or hostile credential cannot
   * take every slot of `connectionsMax` from the other clients.
   */
  readonly connectionsPerClientMax: number;
  /**
   * A message whose first byte has arrived must be whole within this. The idle timeout restarts
   * with every byte, so without it a client dribbling a byte at a time (slow-loris) would hold a
   * connection and its buffer for ever.
   */
  readonly messageTimeoutMs: number;
  /** Batch Items in one Request Message (the OASIS test cases send at most 8). */
  readonly batchItemsMax: number;
  /**
   * Request Messages per second per client certificate on one mount, as a token bucket holding a
   * second's worth; 0 turns it off (the default: one client is usually one application).
   */
  readonly requestsPerSecondMax: number;
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
  connectionsPerClientMax: 64,
  messageTimeoutMs: 30_000,
  batchItemsMax: 256,
  requestsPerSecondMax: 0,
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
  /** Login / Delegated Login tickets (KMIP 2.1 §6.1.30); the service keeps its own when absent. */
  readonly tickets?: TicketBook;
  /** Per-scope settings (Set Constraints); the service keeps them in memory when absent. */
  readonly scopeSettings?: ScopeSettings;
  readonly serverInfo: ServerInfo;
  readonly limits?: Partial<Omit<ServiceLimits, "ttlv">> & { readonly ttlv?: Partial<TtlvLimits> };
  /** Records every batch item before and after it runs (src/audit). */
  readonly audit?: BatchItemAudit;
  /** Counts items, connections and handshakes (src/metrics). */
  readonly metrics?: KmipMetrics;
}

/** One batch item as the audit log and the metrics see it. */
export interface BatchItemView {
  /** Pairs the item's two audit records. */
  readonly id: string;
  readonly mountUuid: string;
  readonly version: KmipVersion;
  readonly operation: number | undefined;
  /** The Request Payload, when the item decoded. */
  readonly payload: TtlvItem | undefined;
  /** Undefined when the client no longer maps to a scope and role. */
  readonly identity: ClientIdentity | undefined;
  /** The message's log fields (`peer`: the client's address; correlation values). */
  readonly logFields: Readonly<Record<string, unknown>>;
}

/** Fail closed: each call throws when no audit device can record it. */
export interface BatchItemAudit {
  /** Before the item runs; a throw fails the item (General Failure) without running it. */
  request(item: BatchItemView): void;
  /** After it ran; a throw turns its answer into General Failure. */
  response(item: BatchItemView, answer: ResponseBatchItem): void;
}

/** Handshake failure causes (metrics label values). */
export type HandshakeFailureCause =
  | "no_certificate"
  | "unknown_ca"
  | "expired"
  | "bad_certificate"
  | "unauthorized"
  | "connection_limit"
  | "timeout"
  | "protocol"
  | "sealed"
  | "other";

export interface KmipMetrics {
  /** One answered batch item, with its handling time. */
  batchItem(item: BatchItemView, answer: ResponseBatchItem, seconds: number): void;
  /** A TLS handshake completed (no argument), or failed with its cause. */
  handshake(failure?: HandshakeFailureCause): void;
  connectionOpened(): void;
  connectionClosed(): void;
}

/** Limits where 0 means "no limit". */
const ZERO_IS_OFF = new Set(["requestsPerSecondMax"]);

/** Defaults overlaid with `partial`; a value that is not a positive integer is an error. */
export function resolveServiceLimits(partial: KmipServiceOptions["limits"] = {}): ServiceLimits {
  const out: Record<string, unknown> = { ...DEFAULT_SERVICE_LIMITS };
  for (const [key, value] of Object.entries(partial)) {
    if (key === "ttlv" || value === undefined) continue;
    const least = ZERO_IS_OFF.has(key) ? 0 : 1;
    if (!Number.isSafeInteger(value) || (value as number) < least) {
      throw new Error(`invalid KMIP service limit ${key}: ${String(value)}`);
    }
    out[key] = value;
  }
  out.ttlv = resolveLimits(partial.ttlv);
  return out as unknown as ServiceLimits;
}
