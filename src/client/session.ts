/**
 * The core of the KMIP client: a connection, a protocol version, and `request` (any batch of
 * operations, answered as a whole) and `call` (one operation whose failure throws). The typed
 * helpers for each operation are in `client.ts`.
 */
import { ResultStatus } from "../kmip/generated/enums.js";
import { type KmipVersion, parseVersion } from "../kmip/version.js";
import type { TtlvLimits } from "../ttlv/limits.js";
import { CLIENT_TTLV_LIMITS, KmipConnection } from "./connection.js";
import { KmipResultError, KmipTransportError } from "./errors.js";
import {
  type BatchItemRequest,
  type BatchItemResponse,
  decodeResponse,
  encodeRequest,
  type HeaderOptions,
  type KmipResponse,
} from "./message.js";
import { tlsIdentity } from "./pem.js";

export interface KmipClientOptions {
  readonly host: string;
  readonly port: number;
  /** PEM of the CA (bundle) that signed the server certificate. */
  readonly ca: string | Buffer;
  /** PEM client certificate; may also hold the private key when `key` is absent. */
  readonly cert: string | Buffer;
  readonly key?: string | Buffer | undefined;
  /** Name the server certificate must carry (default: host). */
  readonly servername?: string | undefined;
  /** Protocol Version to speak: 1.4 (default), "2.0", or a version code (14). */
  readonly version?: KmipVersion | number | string | undefined;
  /** Bound on connecting and on each request (default 30 s). */
  readonly timeoutMs?: number | undefined;
  readonly limits?: Partial<TtlvLimits> | undefined;
}

export const DEFAULT_VERSION: KmipVersion = 14;
const DEFAULT_TIMEOUT_MS = 30_000;

/** 1.4, "1.4" and 14 all mean KMIP 1.4; 2 and "2.0" mean 2.0. */
export function resolveVersion(v: KmipVersion | number | string | undefined): KmipVersion {
  if (v === undefined) return DEFAULT_VERSION;
  const text = typeof v === "number" ? (v >= 10 ? `${Math.floor(v / 10)}.${v % 10}` : v.toFixed(1)) : v;
  const code = parseVersion(text.trim());
  if (code === undefined)
    throw new Error(`unsupported KMIP version ${v} (1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1)`);
  return code;
}

const text = (v: string | Buffer): string => (typeof v === "string" ? v : v.toString("utf8"));

export class KmipSession {
  private idCounter = 0;

  protected constructor(
    private readonly connection: KmipConnection,
    /** The Protocol Version every request carries unless a call says otherwise. */
    readonly version: KmipVersion,
    private readonly limits: Partial<TtlvLimits>,
  ) {}

  /** Connects over mutual TLS; the result speaks `options.version`. */
  static async open(options: KmipClientOptions): Promise<KmipConnection> {
    const identity = tlsIdentity(
      text(options.cert),
      options.key === undefined ? undefined : text(options.key),
    );
    return KmipConnection.open({
      host: options.host,
      port: options.port,
      ca: options.ca,
      cert: identity.cert,
      key: identity.key,
      servername: options.servername,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      limits: options.limits ?? CLIENT_TTLV_LIMITS,
    });
  }

  /**
   * Sends one Request Message holding `items` and returns the Response Message, every batch
   * item with its typed payload; failed items are returned, not thrown. Requests on one
   * connection go one at a time, in call order.
   */
  async request(items: readonly BatchItemRequest[], header: HeaderOptions = {}): Promise<KmipResponse> {
    const version = header.version ?? this.version;
    const { bytes, ids } = encodeRequest(version, items, header, () => ++this.idCounter);
    const answer = await this.connection.exchange(bytes);
    const response = decodeResponse(answer, items, ids, this.limits);
    // "Responses to batch items that have not been processed are not returned" (Stop; 1.4 §11.43),
    // so fewer items may come back; more than were asked for cannot be right.
    if (response.batchItems.length > items.length || response.batchItems.length === 0) {
      throw new KmipTransportError(
        "protocol",
        `asked ${items.length} batch items, got ${response.batchItems.length} answers`,
      );
    }
    return response;
  }

  /** One operation; its typed response payload, or KmipResultError when it did not succeed. */
  async call<T>(operation: number, payload: unknown, header?: HeaderOptions): Promise<T> {
    const response = await this.request([{ operation, payload }], header);
    return succeeded<T>(response.batchItems[0]!);
  }

  get closed(): boolean {
    return this.connection.closed;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

/** The payload of a successful item; KmipResultError otherwise (1.4 §6.9 Result Status). */
export function succeeded<T>(item: BatchItemResponse): T {
  if (item.resultStatus !== ResultStatus.Success) {
    throw new KmipResultError(item.resultStatus, item.resultReason, item.resultMessage, item.operation);
  }
  // Response Payload is "Yes, if not a failure" (1.4 §7.2 Table 285); an empty one reads as {}.
  return (item.payload ?? {}) as T;
}
