/**
 * The operations a client let us answer later (Result Status Operation Pending, KMIP 1.4 §6.9;
 * 2.1 §9.19), by Asynchronous Correlation Value (1.4 §6.8, 2.1 §9.1), one table per mount and
 * scope: a client of another scope never finds, polls or cancels them.
 *
 * Lazy: a deferred item RUNS when it is first polled (so a Cancel before the first Poll always
 * cancels it), and its answer is kept so that a repeated Poll gets the same answer and a later
 * Cancel says Completed or Failed (1.4 §4.27). In memory, on one node: in a cluster, Poll and
 * Cancel must reach the node that answered Pending, as for multi-part crypto streams
 * (docs/cluster.md); another node answers as for an unknown value.
 *
 * Bounded (ARCHITECTURE "bound everything a client controls"): entries and bytes per scope, and
 * a lifetime; past the bound `defer` declines and the item is answered synchronously, which the
 * spec allows ("The batched responses MAY contain a mixture of synchronous and asynchronous
 * responses", 1.4 §7.1).
 */
import { randomBytes } from "node:crypto";
import { ProcessingStage } from "../kmip/generated/enums.js";
import type { RequestBatchItem, ResponseBatchItem } from "../kmip/messages.js";
import type { KmipVersion } from "../kmip/version.js";
import type { OutstandingRequest } from "../operations/types.js";

export interface AsyncLimits {
  /** Entries (pending, answered or canceled) kept per mount and scope. */
  readonly entriesPerScopeMax: number;
  /** Request and answer bytes (TTLV) kept per mount and scope. */
  readonly bytesPerScopeMax: number;
  /** An entry is forgotten this long after it was deferred, or after it was last answered. */
  readonly ttlMs: number;
}

export const DEFAULT_ASYNC_LIMITS: AsyncLimits = Object.freeze({
  entriesPerScopeMax: 256,
  bytesPerScopeMax: 16 * 1024 * 1024,
  ttlMs: 10 * 60 * 1000,
});

/** Where an entry lives: the mount and the scope of the client that deferred it. */
export interface AsyncKey {
  readonly mountUuid: string;
  readonly scopeId: string;
}

/** What is kept of a deferred batch item: enough to run it as if it ran when sent. */
export interface DeferredItem {
  /** The version of the message that carried it; it runs and answers in that version. */
  readonly version: KmipVersion;
  readonly item: RequestBatchItem;
  /** The item's TTLV size, counted against `bytesPerScopeMax`. */
  readonly bytes: number;
}

export type AsyncState =
  | { readonly kind: "pending" }
  | { readonly kind: "running"; readonly answer: Promise<ResponseBatchItem> }
  | { readonly kind: "done"; readonly answer: ResponseBatchItem }
  | { readonly kind: "canceled" };

export interface AsyncEntry {
  readonly deferred: DeferredItem;
  /** When it was deferred (the Submission Date of 2.1 §7.2). */
  readonly submittedMs: number;
  state: AsyncState;
  expiresMs: number;
  /** Request bytes, plus the answer's once it is kept. */
  bytes: number;
}

/** The size of an answer, given by the caller (it knows how the answer is encoded). */
export type AnswerSize = (answer: ResponseBatchItem) => number;

export class AsyncOperations {
  private readonly scopes = new Map<string, Map<string, AsyncEntry>>();
  readonly limits: AsyncLimits;

  constructor(
    limits: Partial<AsyncLimits> = {},
    private readonly nowMs: () => number = Date.now,
  ) {
    this.limits = Object.assign({}, DEFAULT_ASYNC_LIMITS, limits);
  }

  /**
   * Keeps `deferred` and returns its new Asynchronous Correlation Value (16 random bytes), or
   * undefined when the scope's table is full.
   */
  defer(key: AsyncKey, deferred: DeferredItem): Uint8Array | undefined {
    const table = this.table(key, true)!;
    const used = [...table.values()].reduce((sum, e) => sum + e.bytes, 0);
    if (table.size >= this.limits.entriesPerScopeMax) return undefined;
    if (used + deferred.bytes > this.limits.bytesPerScopeMax) return undefined;
    const value = randomBytes(16);
    const submittedMs = this.nowMs();
    const expiresMs = submittedMs + this.limits.ttlMs;
    table.set(hex(value), {
      deferred,
      submittedMs,
      state: { kind: "pending" },
      expiresMs,
      bytes: deferred.bytes,
    });
    return new Uint8Array(value);
  }

  /** The entry of `value` in the scope, or undefined (never deferred there, or expired). */
  entry(key: AsyncKey, value: Uint8Array): AsyncEntry | undefined {
    return this.table(key, false)?.get(hex(value));
  }

  /**
   * The entry's answer: runs it once (`produce`) when pending; a Poll that arrives while it runs
   * waits for the same answer. Not for a canceled entry.
   */
  async answer(
    entry: AsyncEntry,
    produce: () => Promise<ResponseBatchItem>,
    size: AnswerSize,
  ): Promise<ResponseBatchItem> {
    const state = entry.state;
    if (state.kind === "done" || state.kind === "running") return state.answer;
    if (state.kind === "canceled") throw new Error("a canceled asynchronous operation has no answer");
    const running = produce();
    entry.state = { kind: "running", answer: running };
    try {
      const answer = await running;
      entry.state = { kind: "done", answer };
      entry.bytes += size(answer);
      entry.expiresMs = this.nowMs() + this.limits.ttlMs;
      return answer;
    } catch (error) {
      entry.state = { kind: "pending" };
      throw error;
    }
  }

  /**
   * The scope's entries whose result no Poll or Cancel has obtained yet (2.1 §6.1.41): pending
   * ones (Submitted: they run when first polled) and running ones (In Process), oldest first.
   */
  outstanding(key: AsyncKey): OutstandingRequest[] {
    const out: OutstandingRequest[] = [];
    for (const [value, e] of this.table(key, false) ?? []) {
      if (e.state.kind !== "pending" && e.state.kind !== "running") continue;
      out.push({
        asynchronousCorrelationValue: new Uint8Array(Buffer.from(value, "hex")),
        operation: e.deferred.item.operation,
        submittedMs: e.submittedMs,
        processingStage: e.state.kind === "pending" ? ProcessingStage.Submitted : ProcessingStage.InProcess,
      });
    }
    return out.sort((a, b) => a.submittedMs - b.submittedMs);
  }

  /** Cancels a pending entry (true), or says why not (false: it runs or has run). */
  cancel(entry: AsyncEntry): boolean {
    if (entry.state.kind === "pending") entry.state = { kind: "canceled" };
    return entry.state.kind === "canceled";
  }

  /** Forgets every entry of a mount (detached, sealed). */
  dropMount(mountUuid: string): void {
    for (const scope of [...this.scopes.keys()]) {
      if (scope.startsWith(`${mountUuid}\n`)) this.scopes.delete(scope);
    }
  }

  /** The scope's table, swept of expired entries (never of one that is running). */
  private table(key: AsyncKey, create: boolean): Map<string, AsyncEntry> | undefined {
    const name = `${key.mountUuid}\n${key.scopeId}`;
    let table = this.scopes.get(name);
    if (table !== undefined) {
      const now = this.nowMs();
      for (const [value, e] of table)
        if (e.expiresMs <= now && e.state.kind !== "running") table.delete(value);
      if (table.size === 0 && !create) this.scopes.delete(name);
    }
    if (table === undefined && create) {
      table = new Map();
      this.scopes.set(name, table);
    }
    return table;
  }
}

function hex(value: Uint8Array): string {
  return Buffer.from(value).toString("hex");
}
