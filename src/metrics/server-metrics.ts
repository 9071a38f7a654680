/**
 * The server's metrics, in one prom-client Registry per server (never prom-client's global
 * default registry, so several servers can run in one process, as tests do). Served by
 * `GET /v1/sys/metrics?format=prometheus` (see src/api/sys/metrics.ts).
 *
 *   kmipd_kmip_operations_total{operation,status,reason}      batch items answered
 *   kmipd_kmip_batch_item_duration_seconds{operation}         time to answer one batch item
 *   kmipd_kmip_connections_open                               KMIP connections being served
 *   kmipd_kmip_handshakes_total                               client handshakes accepted
 *   kmipd_kmip_handshake_failures_total{cause}                refused: no_certificate, unknown_ca,
 *                                                             expired, bad_certificate, unauthorized
 *                                                             (revoked, unknown serial, scope or role
 *                                                             gone), timeout, protocol,
 *                                                             connection_limit (listener or client
 *                                                             certificate at its cap), sealed, other
 *   kmipd_api_request_duration_seconds{method,status}         management API requests
 *   kmipd_core_sealed                                         1 sealed, 0 unsealed
 *   kmipd_storage_operation_duration_seconds{operation}       storage adapter calls
 *   kmipd_audit_write_failures_total{device}                  audit records a device failed to write
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ResponseBatchItem } from "../kmip/messages.js";
import type { BatchItemView, HandshakeFailureCause, KmipMetrics } from "../server/options.js";
import { operationLabel, reasonLabel, statusLabel } from "./kmip-labels.js";

const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STORAGE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

export class ServerMetrics implements KmipMetrics {
  readonly registry = new Registry();
  readonly #operations: Counter<"operation" | "status" | "reason">;
  readonly #itemSeconds: Histogram<"operation">;
  readonly #connections: Gauge;
  readonly #handshakes: Counter;
  readonly #handshakeFailures: Counter<"cause">;
  readonly #apiSeconds: Histogram<"method" | "status">;
  readonly #storageSeconds: Histogram<"operation">;
  readonly #auditFailures: Counter<"device">;
  #sealed: () => boolean = () => true;
  /**
   * Labelled children by label values: prom-client hashes a label object on every call, which
   * on the KMIP hot path (two or three metrics per batch item) was a measurable share of a Get.
   * The label sets are bounded (operations × statuses × reasons, storage call names).
   */
  readonly #children = new Map<string, { inc(): void } | { observe(v: number): void }>();

  constructor() {
    const registers = [this.registry];
    this.#operations = new Counter({
      name: "kmipd_kmip_operations_total",
      help: "KMIP batch items answered, by operation, result status and result reason.",
      labelNames: ["operation", "status", "reason"],
      registers,
    });
    this.#itemSeconds = new Histogram({
      name: "kmipd_kmip_batch_item_duration_seconds",
      help: "Time to answer one KMIP batch item, audit records included.",
      labelNames: ["operation"],
      buckets: FAST_BUCKETS,
      registers,
    });
    this.#connections = new Gauge({
      name: "kmipd_kmip_connections_open",
      help: "KMIP client connections being served.",
      registers,
    });
    this.#handshakes = new Counter({
      name: "kmipd_kmip_handshakes_total",
      help: "KMIP client TLS handshakes accepted (certificate verified and mapped to a scope and role).",
      registers,
    });
    this.#handshakeFailures = new Counter({
      name: "kmipd_kmip_handshake_failures_total",
      help: "KMIP client connections refused during or right after the TLS handshake, by cause.",
      labelNames: ["cause"],
      registers,
    });
    this.#apiSeconds = new Histogram({
      name: "kmipd_api_request_duration_seconds",
      help: "Time to answer one management API request, by method and status code.",
      labelNames: ["method", "status"],
      buckets: FAST_BUCKETS,
      registers,
    });
    this.#storageSeconds = new Histogram({
      name: "kmipd_storage_operation_duration_seconds",
      help: "Time of one storage adapter call, by operation.",
      labelNames: ["operation"],
      buckets: STORAGE_BUCKETS,
      registers,
    });
    this.#auditFailures = new Counter({
      name: "kmipd_audit_write_failures_total",
      help: "Audit records an audit device failed to write.",
      labelNames: ["device"],
      registers,
    });
    const sealed = () => this.#sealed();
    new Gauge({
      name: "kmipd_core_sealed",
      help: "Whether the server is sealed (1) or unsealed (0).",
      registers,
      collect() {
        this.set(sealed() ? 1 : 0);
      },
    });
  }

  /** The seal state the gauge reads at each scrape. */
  trackSeal(sealed: () => boolean): void {
    this.#sealed = sealed;
  }

  batchItem(item: BatchItemView, answer: ResponseBatchItem, seconds: number): void {
    const operation = operationLabel(item.operation ?? answer.operation);
    const labels = {
      operation,
      status: statusLabel(answer.resultStatus),
      reason: reasonLabel(answer.resultReason),
    };
    const key = `${labels.operation}\u0000${labels.status}\u0000${labels.reason}`;
    this.#child(`op\u0000${key}`, () => this.#operations.labels(labels)).inc();
    this.#child(`item\u0000${operation}`, () => this.#itemSeconds.labels({ operation })).observe(seconds);
  }

  #child<C extends { inc(): void } | { observe(v: number): void }>(key: string, make: () => C): C {
    let child = this.#children.get(key) as C | undefined;
    if (child === undefined) {
      child = make();
      this.#children.set(key, child);
    }
    return child;
  }

  handshake(failure?: HandshakeFailureCause): void {
    if (failure === undefined) this.#handshakes.inc();
    else this.#handshakeFailures.inc({ cause: failure });
  }

  connectionOpened(): void {
    this.#connections.inc();
  }

  connectionClosed(): void {
    this.#connections.dec();
  }

  apiRequest(method: string, status: number, seconds: number): void {
    this.#apiSeconds.observe({ method: method.toUpperCase(), status: String(status) }, seconds);
  }

  storageCall(operation: string, seconds: number): void {
    this.#child(`storage\u0000${operation}`, () => this.#storageSeconds.labels({ operation })).observe(
      seconds,
    );
  }

  auditWriteFailed(device: string): void {
    this.#auditFailures.inc({ device });
  }

  /** The Prometheus text exposition format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  json(): Promise<unknown> {
    return this.registry.getMetricsAsJSON();
  }
}
