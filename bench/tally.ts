/**
 * What the load generator counts. Throughput counts the answers completed inside the measured
 * window (completion time, as closed-loop tools do, so the requests in flight when the window
 * opens are not lost); each of them also gives its latency to the histogram. Failures and
 * errors count wherever they happen, warm-up included: a server that fails while warming up has
 * still failed.
 */
import { performance } from "node:perf_hooks";
import type { TLSSocket } from "node:tls";
import { Histogram } from "./histogram.js";
import type { LoadResult } from "./load.js";
import { failureText, resultReason, resultStatus } from "./result-bytes.js";

export interface Window {
  /** performance.now() values. */
  readonly start: number;
  readonly end: number;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export class Tally {
  readonly histogram = new Histogram();
  ops = 0;
  failed = 0;
  errors = 0;
  resumed = 0;
  private clientCpuPercent = 0;
  private readonly reasons: Record<string, number> = {};
  private firstFailure: string | undefined;
  private tls: LoadResult["tls"];

  constructor(private readonly window: Window) {}

  connected(socket: TLSSocket): void {
    this.tls ??= { protocol: socket.getProtocol() ?? "?", cipher: socket.getCipher()?.name ?? "?" };
    if (socket.isSessionReused()) this.resumed++;
  }

  answer(start: number, end: number, message: Uint8Array): void {
    if (resultStatus(message) !== 0) {
      this.failed++;
      this.count(resultReason(message));
      this.firstFailure ??= failureText(message);
      return;
    }
    if (end < this.window.start || end > this.window.end) return;
    this.ops++;
    this.histogram.record((end - start) * 1000);
  }

  /** The worker's CPU use over the window (`process.cpuUsage` difference). */
  clientCpu(used: NodeJS.CpuUsage): void {
    const windowUs = (this.window.end - this.window.start) * 1000;
    this.clientCpuPercent = Math.round((100 * (used.user + used.system)) / windowUs);
  }

  /** A lost connection; those the window's end cuts are not errors. */
  error(e: unknown): void {
    if (performance.now() >= this.window.end) return;
    this.errors++;
    this.count(e instanceof Error ? e.message : String(e));
  }

  result(): LoadResult {
    const seconds = Math.round(this.window.end - this.window.start) / 1000;
    const h = this.histogram;
    return {
      ops: this.ops,
      seconds,
      opsPerSecond: Math.round(this.ops / seconds),
      p50Ms: round(h.quantile(0.5) / 1000),
      p99Ms: round(h.quantile(0.99) / 1000),
      meanMs: round(h.mean() / 1000),
      maxMs: round(h.max / 1000),
      failed: this.failed,
      errors: this.errors,
      reasons: this.reasons,
      firstFailure: this.firstFailure,
      tls: this.tls,
      resumed: this.resumed,
      clientCpuPercent: this.clientCpuPercent,
    };
  }

  private count(reason: string): void {
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
  }
}
