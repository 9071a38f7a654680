/**
 * Decoded managed objects, kept by the SQLite object store so that a Get of a hot key does not
 * decode its row and attribute JSON again each time (issue #8: that was a fifth of a Get's CPU).
 *
 * Caches never outlive the truth (ARCHITECTURE):
 * - every write of this store forgets the objects it touches before it runs, and a group whose
 *   commit fails empties the cache (what it read inside the group was rolled back);
 * - writes by any other connection (another worker process of the same server) change SQLite's
 *   `PRAGMA data_version` for this connection, which is read before every lookup: any change
 *   empties the cache, so a read after another process's commit reads the row again. A
 *   connection that holds the database exclusively (a single-process server, `locking_mode =
 *   EXCLUSIVE`: no other connection can commit) passes no `dataVersion` and skips that read.
 *
 * What it holds is what the row holds: the material stays sealed (never plaintext here). At most
 * `entriesMax` objects, the least recently used leaving first. Callers get a fresh top-level copy
 * with its own attribute list; the attribute entries are shared and frozen, so a caller that
 * tried to change one in place would fail loudly instead of changing the cache.
 */
import type { ScopeKey, StoredObject } from "../objects.js";

const ENTRIES_MAX_DEFAULT = 2048;

export class ObjectCache {
  private readonly entries = new Map<string, StoredObject>();
  private seenVersion: number | undefined;

  constructor(
    /** `PRAGMA data_version` of the store's connection; undefined when it holds the file alone. */
    private readonly dataVersion: (() => number) | undefined,
    private readonly entriesMax = ENTRIES_MAX_DEFAULT,
  ) {}

  get(scope: ScopeKey, uid: string): StoredObject | undefined {
    this.checkOthers();
    const key = keyOf(scope, uid);
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return copyOf(hit);
  }

  /** Keeps `obj` as read from the row (call right after the read, before any await). */
  put(scope: ScopeKey, uid: string, obj: StoredObject): StoredObject {
    this.checkOthers();
    const kept = freezeObject(obj);
    this.entries.set(keyOf(scope, uid), kept);
    if (this.entries.size > this.entriesMax) this.entries.delete(this.entries.keys().next().value!);
    return copyOf(kept);
  }

  forget(scope: ScopeKey, uid: string): void {
    this.entries.delete(keyOf(scope, uid));
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Another connection committed since the last look: nothing cached can be trusted. */
  private checkOthers(): void {
    if (this.dataVersion === undefined) return;
    const version = this.dataVersion();
    if (version !== this.seenVersion) this.entries.clear();
    this.seenVersion = version;
  }
}

function keyOf(scope: ScopeKey, uid: string): string {
  return `${scope.mountUuid}\u0000${scope.scopeId}\u0000${uid}`;
}

function copyOf(obj: StoredObject): StoredObject {
  return Object.assign({}, obj, { attributes: [...obj.attributes] });
}

function freezeObject(obj: StoredObject): StoredObject {
  for (const a of obj.attributes) deepFreeze(a);
  Object.freeze(obj.scope);
  return obj;
}

/** Freezes plain objects and arrays all the way down; byte arrays cannot be frozen and are left. */
function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value) || value instanceof Date)
    return;
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
