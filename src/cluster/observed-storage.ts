/**
 * The physical storage as the core sees it on a cluster: the same records, but a write to shared
 * state (see shared-state.ts) also rewrites the cluster generation in the same transaction, and
 * once it has committed the node announces it. The announcement is after the commit, so a node
 * that hears it and reads finds the new records; a write that failed is never announced.
 *
 * Announcing is a hint: when it fails (the database went away just after the commit), the write
 * stands and stays acknowledged, and other nodes learn of it from the generation they poll.
 */
import type { KvOp, KvStore } from "../storage/types.js";
import { changesOf, generationOp, needsGeneration, type SharedChange } from "./shared-state.js";

export class ObservedStorage implements KvStore {
  constructor(
    private readonly inner: KvStore & { readonly kind?: string },
    private readonly committed: (changes: SharedChange[]) => void,
  ) {}

  get kind(): string | undefined {
    return this.inner.kind;
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.inner.get(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }

  put(key: string, value: Uint8Array): Promise<void> {
    if (changesOf([key]).length === 0) return this.inner.put(key, value);
    return this.batch([{ op: "put", key, value }]);
  }

  delete(key: string): Promise<void> {
    if (changesOf([key]).length === 0) return this.inner.delete(key);
    return this.batch([{ op: "delete", key }]);
  }

  async batch(ops: readonly KvOp[]): Promise<void> {
    const changes = changesOf(ops.map((op) => op.key));
    if (changes.length === 0) return this.inner.batch(ops);
    await this.inner.batch(needsGeneration(changes) ? [...ops, generationOp()] : ops);
    this.committed(changes);
  }
}
