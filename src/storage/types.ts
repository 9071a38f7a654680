/**
 * The storage interface. Everything above it (the seal barrier, the management plane, the KMIP
 * operations) sees storage only through these types; `src/app.ts` picks the adapter (SQLite by
 * default, PostgreSQL for many nodes on one database).
 *
 * The key-value part mirrors Vault's physical backend (get, put, delete, list): the barrier stores
 * every management record (mounts, tokens, policies, CA keys, scopes, roles, credentials) sealed
 * under one path each. Values are opaque bytes here; the adapter never sees plaintext secrets.
 */
import type { ObjectStore } from "./objects.js";

export type KvOp = { op: "put"; key: string; value: Uint8Array } | { op: "delete"; key: string };

export interface KvStore {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * The immediate children of `prefix` (which is "" or ends with "/"), sorted: leaf keys by their
   * last segment, deeper keys as "segment/" once each, as Vault's physical `List` returns them.
   */
  list(prefix: string): Promise<string[]>;
  /** Applies every operation or none (one transaction). */
  batch(ops: readonly KvOp[]): Promise<void>;
}

export interface Storage extends KvStore {
  readonly kind: "sqlite" | "postgresql";
  /** The KMIP managed objects (see `objects.ts`). */
  readonly objects: ObjectStore;
  close(): Promise<void>;
}

/** Bounds on keys and values; a caller past them gets a StorageError, not a truncated write. */
export const STORAGE_LIMITS = {
  keyBytesMax: 1024,
  valueBytesMax: 16 * 1024 * 1024,
} as const;

export class StorageError extends Error {
  override readonly name = "StorageError";
  constructor(
    message: string,
    /** "unavailable": the database cannot be reached (retry later); "invalid": a bad key or value. */
    readonly kind: "unavailable" | "invalid" | "conflict" = "invalid",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function checkKey(key: string): void {
  if (key.length === 0 || Buffer.byteLength(key) > STORAGE_LIMITS.keyBytesMax) {
    throw new StorageError(`storage key must be 1 to ${STORAGE_LIMITS.keyBytesMax} bytes`);
  }
  if (key.startsWith("/") || key.includes("//") || key.includes("\0")) {
    throw new StorageError(`malformed storage key ${JSON.stringify(key)}`);
  }
}

export function checkValue(value: Uint8Array): void {
  if (value.byteLength > STORAGE_LIMITS.valueBytesMax) {
    throw new StorageError(`storage value over ${STORAGE_LIMITS.valueBytesMax} bytes`);
  }
}

export function checkPrefix(prefix: string): void {
  if (prefix !== "" && !prefix.endsWith("/")) throw new StorageError("a list prefix must end with /");
  if (prefix !== "") checkKey(prefix.slice(0, -1));
}

/** Reduces keys under `prefix` to Vault's list shape: leaves and unique "folder/" entries, sorted. */
export function childrenOf(prefix: string, keys: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf("/");
    out.add(slash === -1 ? rest : rest.slice(0, slash + 1));
  }
  return [...out].sort();
}
