/**
 * What every new connection of one mount asks the engine, answered once per change (issue #8:
 * opening the listener, CA, serial index, scope, role and credential records through the barrier
 * was a fifth of a new connection's CPU).
 *
 * Caches never outlive the truth (ARCHITECTURE): the mount's runtime calls `invalidate()` on every
 * change event it hears, the same events that drop the cached identity of its live connections:
 * this process's own commits (announced before the API call returns), the relay of other cluster
 * workers and the NOTIFY of other nodes (at once), and the engine's 500 ms poll of
 * `meta/generation` (a lost notification). A revoked serial, a changed or deleted role or scope, a
 * CA no longer trusted is so refused to new connections within the same bounds as to live ones.
 * A read begun before a change is never stored after it, and entries also expire after
 * `entryTtlMs`, so a missed event cannot keep an answer for long.
 */
import type { ClientIdentity, ClientLookup, KmipEngineState, ListenerInfo } from "../engine/kmip/state.js";
import type { TrustedCa } from "../pki/index.js";
import type { TargetRef } from "./identity.js";

/** The CAs a listener trusts, with a key that changes whenever any of them does. */
export interface TrustedSet {
  readonly cas: readonly TrustedCa[];
  readonly key: string;
}

/** What `ConnectionIdentity` reads: the engine's answers, cached per mount. */
export interface IdentitySource {
  /** The listener `target` names now: "legacy", its record, or undefined when it is gone. */
  listener(target: TargetRef): Promise<ListenerInfo | "legacy" | undefined>;
  trustedClientCas(source: ListenerInfo | "legacy"): Promise<TrustedSet>;
  resolveClient(lookup: ClientLookup): Promise<ClientIdentity | undefined>;
}

interface Entry<T> {
  readonly value: Promise<T>;
  readonly expiresMs: number;
}

const entryTtlMs = 10_000;
const clientEntriesMax = 4096;

export class IdentityDirectory implements IdentitySource {
  private readonly listeners = new Map<string, Entry<ListenerInfo[]>>();
  private readonly trusted = new Map<string, Entry<TrustedSet>>();
  private readonly clients = new Map<string, Entry<ClientIdentity | undefined>>();

  constructor(
    private readonly state: KmipEngineState,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Something changed on the mount: every later question reads storage again. A read still in
   * flight is no longer in the maps, so its answer is never stored.
   */
  invalidate(): void {
    this.listeners.clear();
    this.trusted.clear();
    this.clients.clear();
  }

  async listener(target: TargetRef): Promise<ListenerInfo | "legacy" | undefined> {
    if (target === "legacy") return "legacy";
    const all = await this.memo(this.listeners, "", 1, () => this.state.listListeners());
    return all.find((l) => l.name === target.name);
  }

  trustedClientCas(source: ListenerInfo | "legacy"): Promise<TrustedSet> {
    // A named listener's whole record is the key: its CA fields decide what it trusts.
    const key = source === "legacy" ? "" : JSON.stringify(source);
    return this.memo(this.trusted, key, 64, async () => {
      const cas = await this.state.trustedClientCas(source);
      return { cas, key: cas.map((ca) => `${ca.name}\n${ca.certificatesPem.join("")}`).join("\0") };
    });
  }

  resolveClient(lookup: ClientLookup): Promise<ClientIdentity | undefined> {
    const key = JSON.stringify([lookup.issuerCa, lookup.serialDecimal, lookup.subject]);
    return this.memo(this.clients, key, clientEntriesMax, () => this.state.resolveClient(lookup));
  }

  /** The cached answer, or a read shared by concurrent askers; a failed read is not kept. */
  private memo<T>(map: Map<string, Entry<T>>, key: string, max: number, read: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit !== undefined && hit.expiresMs > this.clock()) return hit.value;
    const entry: Entry<T> = { value: read(), expiresMs: this.clock() + entryTtlMs };
    entry.value.catch(() => {
      if (map.get(key) === entry) map.delete(key);
    });
    map.delete(key);
    if (map.size >= max) map.delete(map.keys().next().value!);
    map.set(key, entry);
    return entry.value;
  }
}
