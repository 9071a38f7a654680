/**
 * Per-scope KMIP server settings: state a client sets for its whole scope rather than for one
 * managed object (KMIP 2.1 §6.1.52 Set Constraints). One opaque value per setting name, owned by
 * one scope of one KMIP mount; like managed objects, a scope never sees another scope's values.
 *
 * `KvScopeSettings` keeps them in the storage's key-value part, so SQLite and PostgreSQL share
 * one implementation (and every node of a cluster reads the same value: nothing is cached).
 * Values are not secrets (constraints are attribute values, which the object store keeps in the
 * clear too), so they are stored as given, outside the barrier's sealed views.
 */
import type { ScopeKey } from "./objects.js";
import { checkScope } from "./objects.js";
import { checkKey, checkValue, type KvStore, StorageError } from "./types.js";

export interface ScopeSettings {
  get(scope: ScopeKey, name: string): Promise<Uint8Array | undefined>;
  put(scope: ScopeKey, name: string, value: Uint8Array): Promise<void>;
  /** Removes the setting; nothing happens when there is none. */
  delete(scope: ScopeKey, name: string): Promise<void>;
}

/** Where scope settings live in the key-value store; no engine or core path starts so. */
export const SCOPE_SETTINGS_PREFIX = "kmip-scope-settings/";

/** Setting names: a short lowercase word, so a key never gains a path segment. */
const SETTING_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export function scopeSettingKey(scope: ScopeKey, name: string): string {
  checkScope(scope);
  if (!SETTING_NAME.test(name)) throw new StorageError(`scope setting name "${name}" is malformed`);
  if (scope.mountUuid.includes("/") || scope.scopeId.includes("/"))
    throw new StorageError("a scope key used for settings holds no '/'");
  const key = `${SCOPE_SETTINGS_PREFIX}${scope.mountUuid}/${scope.scopeId}/${name}`;
  checkKey(key);
  return key;
}

export class KvScopeSettings implements ScopeSettings {
  constructor(private readonly kv: KvStore) {}

  async get(scope: ScopeKey, name: string): Promise<Uint8Array | undefined> {
    return this.kv.get(scopeSettingKey(scope, name));
  }

  async put(scope: ScopeKey, name: string, value: Uint8Array): Promise<void> {
    checkValue(value);
    await this.kv.put(scopeSettingKey(scope, name), value);
  }

  async delete(scope: ScopeKey, name: string): Promise<void> {
    await this.kv.delete(scopeSettingKey(scope, name));
  }
}

/** The same contract in memory: a KMIP service built without storage (tests, embedding). */
export class MemoryScopeSettings implements ScopeSettings {
  private readonly values = new Map<string, Uint8Array>();

  async get(scope: ScopeKey, name: string): Promise<Uint8Array | undefined> {
    const value = this.values.get(scopeSettingKey(scope, name));
    return value === undefined ? undefined : new Uint8Array(value);
  }

  async put(scope: ScopeKey, name: string, value: Uint8Array): Promise<void> {
    checkValue(value);
    this.values.set(scopeSettingKey(scope, name), new Uint8Array(value));
  }

  async delete(scope: ScopeKey, name: string): Promise<void> {
    this.values.delete(scopeSettingKey(scope, name));
  }
}
