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
import { type CounterSeries, type HistogramSeries, SeriesCounter, SeriesHistogram } from "./series.js";

const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STORAGE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

export class ServerMetrics implements KmipMetrics {
  readonly registry = new Registry();
  readonly #operations: SeriesCounter;
  readonly #itemSeconds: SeriesHistogram;
  readonly #connections: Gauge;
  readonly #handshakes: Counter;
  readonly #handshakeFailures: Counter<"cause">;
  readonly #apiSeconds: Histogram<"method" | "status">;
  readonly #storageSeconds: SeriesHistogram;
  readonly #auditFailures: Counter<"device">;
  #sealed: () => boolean = () => true;
  /**
   * The series of the KMIP hot path by numbers (operation, status, reason), so an answered item
   * costs two Map lookups and two additions (`series.ts`). Bounded: the operations, statuses and
   * reasons the server answers with, and the storage calls by name.
   */
  readonly #itemSeries = new Map<number, Map<number, { count: CounterSeries; seconds: HistogramSeries }>>();
  readonly #storageSeries = new Map<string, HistogramSeries>();

  constructor() {
    const registers = [this.registry];
    this.#operations = new SeriesCounter(
      "kmipd_kmip_operations_total",
      "KMIP batch items answered, by operation, result status and result reason.",
      registers,
    );
    this.#itemSeconds = new SeriesHistogram(
      "kmipd_kmip_batch_item_duration_seconds",
      "Time to answer one KMIP batch item, audit records included.",
      FAST_BUCKETS,
      registers,
    );
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
    this.#storageSeconds = new SeriesHistogram(
      "kmipd_storage_operation_duration_seconds",
      "Time of one storage adapter call, by operation.",
      STORAGE_BUCKETS,
      registers,
    );
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
    const operation = item.operation ?? answer.operation ?? -1;
    // Status 0–3 and a reason (a 32-bit enumeration, or none) make one exact number key.
    const outcome = answer.resultStatus * 2 ** 33 + (answer.resultReason ?? 2 ** 32);
    let byOutcome = this.#itemSeries.get(operation);
    if (byOutcome === undefined) {
      byOutcome = new Map();
      this.#itemSeries.set(operation, byOutcome);
    }
    let series = byOutcome.get(outcome);
    if (series === undefined) {
      series = this.#itemSeriesFor(item.operation ?? answer.operation, answer);
      byOutcome.set(outcome, series);
    }
    series.count.inc();
    series.seconds.observe(seconds);
  }

  #itemSeriesFor(code: number | undefined, answer: ResponseBatchItem) {
    const operation = operationLabel(code);
    const status = statusLabel(answer.resultStatus);
    const reason = reasonLabel(answer.resultReason);
    return {
      count: this.#operations.series({ operation, status, reason }),
      seconds: this.#itemSeconds.series({ operation }),
    };
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
    let series = this.#storageSeries.get(operation);
    if (series === undefined) {
      series = this.#storageSeconds.series({ operation });
      this.#storageSeries.set(operation, series);
    }
    series.observe(seconds);
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
