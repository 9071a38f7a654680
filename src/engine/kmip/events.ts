/**
 * Change notification for the KMIP service: live listeners and connections subscribe with
 * `onChange` and re-check what they cached (server certificate, trusted CAs, a connection's
 * role) when the management API changes something. Architecture: "caches never outlive the
 * truth … within a second". Handlers in this process announce their own commits directly; the
 * generation watcher notices commits by other nodes sharing the database (every commit also
 * writes a fresh random `meta/generation`) and announces them as `external`.
 */
import { randomUUID } from "node:crypto";
import type { KmipStore } from "./store.js";

export type KmipChangeKind = "config" | "ca" | "listener" | "scope" | "role" | "credential" | "external";

export interface KmipChange {
  readonly kind: KmipChangeKind;
  /** The CA or listener name, for `ca` and `listener`. */
  readonly name?: string;
  readonly scope?: string;
  readonly role?: string;
}

export type ChangeListener = (change: KmipChange) => void;

export class ChangeEvents {
  private readonly listeners = new Set<ChangeListener>();
  /** The generation this process wrote or saw last. */
  private generation: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** Subscribes; the returned function unsubscribes. */
  on(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A listener that throws must not fail the write that triggered it, nor starve the others. */
  emit(change: KmipChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // The listener's own business; the change is committed either way.
      }
    }
  }

  /** A fresh generation marker for a commit made by this process. */
  nextGeneration(): string {
    this.generation = randomUUID();
    return this.generation;
  }

  /** Polls `meta/generation` so commits made by other nodes reach this node's listeners. */
  watch(store: KmipStore, intervalMs = 500): void {
    if (this.timer) return;
    let primed = false; // the first poll only learns the current generation
    const poll = async () => {
      const seen = await store.generation().catch(() => this.generation);
      if (seen !== this.generation) {
        this.generation = seen;
        if (primed) this.emit({ kind: "external" });
      }
      primed = true;
    };
    void poll();
    this.timer = setInterval(() => void poll(), intervalMs);
    this.timer.unref();
  }

  stopWatching(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
