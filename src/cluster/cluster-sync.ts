/**
 * Cross-node cache invalidation for several kmipd nodes on one PostgreSQL database (docs/cluster.md).
 * Architecture: "caches never outlive the truth": a change made through any node holds on every
 * node within a second.
 *
 * - Publishing: the core writes through `observe(storage)`; once a write to shared state has
 *   committed, this node sends one NOTIFY naming what changed (shared-state.ts).
 * - Receiving: another node's notification re-reads what it names: the mount table (mounts added
 *   elsewhere start here, with their KMIP listeners; removed ones stop), the policies (the cache
 *   is dropped), a KMIP mount (its listeners and connections re-check at once). A node's own
 *   notifications are skipped: its caches changed with the write.
 * - Fallback: every `pollMs` (500 ms) the cluster generation is read; a value not seen yet means
 *   a notification was lost, and the mount table and policies are re-read. After the listening
 *   connection was lost and came back, everything is re-read: notifications in the gap are gone.
 *   KMIP engines poll their own generation (every 500 ms) on top of this.
 *
 * Typical delays: a notification arrives a few milliseconds after the commit; without one, the
 * next poll finds the change within `pollMs`. While this node is sealed nothing is reloaded: it
 * reads everything fresh when it is unsealed.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../core/logger.js";
import type { KvStore } from "../storage/types.js";
import { KmipExternalChanges } from "./kmip-external.js";
import { ObservedStorage } from "./observed-storage.js";
import { GENERATION_KEY, type SharedChange } from "./shared-state.js";

/** What the PostgreSQL adapter offers (`PostgresStorage`): reads, NOTIFY and LISTEN. */
export interface ClusterBus {
  get(key: string): Promise<Uint8Array | undefined>;
  notify(channel: string, payload: string): Promise<void>;
  listen(
    channel: string,
    fn: (payload: string) => void,
    options?: { onReconnect?: () => void },
  ): Promise<() => Promise<void>>;
}

export interface RefreshParts {
  readonly mounts: boolean;
  readonly policies: boolean;
}

/** The core: re-reads the mount table and forgets cached policies (nothing while sealed). */
export interface SyncTarget {
  refresh(parts: RefreshParts): Promise<void>;
}

export interface ClusterSyncOptions {
  readonly bus: ClusterBus;
  /** The schema kmipd's tables live in, so that deployments sharing a database stay apart. */
  readonly schema?: string | undefined;
  readonly logger: Logger;
  readonly pollMs?: number;
}

const POLL_MS_DEFAULT = 500;
/** A generation value no record holds: the next poll reloads (after a failed reload). */
const RELOAD_DUE = "";

export class ClusterSync {
  readonly nodeId = randomUUID();
  /** Binds KMIP engine states so that other nodes' commits reach this node's KMIP service. */
  readonly kmip = new KmipExternalChanges();
  readonly channel: string;
  #target: SyncTarget | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #generation: string | undefined;
  #polling = false;
  #pending: RefreshParts = { mounts: false, policies: false };
  #draining: Promise<void> | undefined;

  constructor(private readonly options: ClusterSyncOptions) {
    this.channel = syncChannel(options.schema);
  }

  /** The storage the core should write through: shared-state writes are announced. */
  observe(storage: KvStore & { readonly kind?: string }): ObservedStorage {
    return new ObservedStorage(storage, (changes) => this.#publish(changes));
  }

  /** Listens for other nodes' changes and starts the periodic check. */
  async start(target: SyncTarget): Promise<void> {
    this.#target = target;
    this.#unlisten = await this.options.bus.listen(this.channel, (payload) => this.#heard(payload), {
      onReconnect: () => this.#reloadAll("cluster notifications resumed after a lost connection"),
    });
    this.#generation = await this.#readGeneration();
    this.#timer = setInterval(() => void this.#poll(), this.options.pollMs ?? POLL_MS_DEFAULT);
    this.#timer.unref();
  }

  /**
   * Read-your-writes for the management API across nodes and workers: before a request is
   * served, a shared change committed elsewhere (a mount, a policy) is applied here, even when
   * its notification is still on its way. One read of the generation marker per request.
   */
  async catchUp(): Promise<void> {
    if (this.#target === undefined) return;
    let seen: string | undefined;
    try {
      seen = await this.#readGeneration();
    } catch {
      return; // The database is away; the request that needs it says so.
    }
    if (seen !== this.#generation) {
      this.#generation = seen;
      await this.#refresh({ mounts: true, policies: true });
    }
    await this.#draining;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#target = undefined;
    await this.#unlisten?.().catch(() => undefined);
    this.#unlisten = undefined;
    await this.#draining;
  }

  #publish(changes: SharedChange[]): void {
    const payload = JSON.stringify({ node: this.nodeId, changes });
    this.options.bus.notify(this.channel, payload).catch((err: unknown) => {
      // The write stands; other nodes find it with their next poll.
      this.options.logger.warn({ changes, err: String(err) }, "cluster notification not sent");
    });
  }

  #heard(payload: string): void {
    const message = parseMessage(payload);
    if (message === undefined) {
      this.#reloadAll("unreadable cluster notification");
      return;
    }
    if (message.node === this.nodeId) return;
    for (const change of message.changes) {
      if (change.startsWith("kmip/")) this.kmip.emit(change.slice("kmip/".length));
    }
    const parts = {
      mounts: message.changes.includes("mounts"),
      policies: message.changes.includes("policies"),
    };
    if (parts.mounts || parts.policies) void this.#refresh(parts);
  }

  #reloadAll(reason: string): void {
    this.options.logger.info({ channel: this.channel }, `${reason}: reloading shared state`);
    this.kmip.emit();
    void this.#refresh({ mounts: true, policies: true });
  }

  async #poll(): Promise<void> {
    // A database that does not answer holds a read for up to the connect timeout: one at a time.
    if (this.#polling) return;
    let seen: string | undefined;
    this.#polling = true;
    try {
      seen = await this.#readGeneration();
    } catch {
      return; // The database is away; the requests that need it say so.
    } finally {
      this.#polling = false;
    }
    if (seen === this.#generation) return;
    this.#generation = seen;
    await this.#refresh({ mounts: true, policies: true });
  }

  async #readGeneration(): Promise<string | undefined> {
    const bytes = await this.options.bus.get(GENERATION_KEY);
    return bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
  }

  /** Reloads run one at a time; requests made meanwhile merge into the next one. */
  #refresh(parts: RefreshParts): Promise<void> {
    this.#pending = {
      mounts: this.#pending.mounts || parts.mounts,
      policies: this.#pending.policies || parts.policies,
    };
    this.#draining ??= this.#drain();
    return this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.mounts || this.#pending.policies) {
        const parts = this.#pending;
        this.#pending = { mounts: false, policies: false };
        await this.#refreshOnce(parts);
      }
    } finally {
      // In the same step as the loop's last check, so no request falls between the two.
      this.#draining = undefined;
    }
  }

  async #refreshOnce(parts: RefreshParts): Promise<void> {
    try {
      await this.#target?.refresh(parts);
    } catch (err) {
      // Most likely the database went away mid-reload: the next successful poll tries again.
      this.#generation = RELOAD_DUE;
      this.options.logger.warn({ ...parts, err: String(err) }, "reloading shared state failed; will retry");
    }
  }
}

/** One channel per schema (NOTIFY reaches every session of the database); at most 63 bytes. */
export function syncChannel(schema: string | undefined): string {
  return `kmipd_sync${schema === undefined ? "" : `:${schema}`}`.slice(0, 63);
}

function parseMessage(payload: string): { node: string; changes: SharedChange[] } | undefined {
  try {
    const value = JSON.parse(payload) as { node?: unknown; changes?: unknown };
    if (typeof value.node !== "string" || !Array.isArray(value.changes)) return undefined;
    const changes = value.changes.map((c) => (typeof c === "string" ? changeName(c) : undefined));
    return changes.every((c) => c !== undefined) ? { node: value.node, changes } : undefined;
  } catch {
    return undefined;
  }
}

/** A change name as `changesOf` makes it, or undefined. */
function changeName(text: string): SharedChange | undefined {
  if (text === "mounts" || text === "policies") return text;
  return /^kmip\/[^/]+$/.test(text) ? (text as SharedChange) : undefined;
}
