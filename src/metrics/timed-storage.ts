/**
 * The storage adapter with every call timed (kmipd_storage_operation_duration_seconds): the
 * key-value calls by name (`get`, `put`, `delete`, `list`, `batch`) and the managed-object store's
 * by `objects.<method>`. A Proxy, so the adapter's own type and extra members (`kind`, `close`,
 * PostgreSQL's notification bus) stay as they are; methods run on the adapter itself, never on the
 * proxy (private fields work).
 */
import type { Storage } from "../storage/types.js";

export type StorageObserver = (operation: string, seconds: number) => void;

const KV_METHODS = new Set<PropertyKey>(["get", "put", "delete", "list", "batch"]);

export function timedStorage<T extends Storage>(storage: T, observe: StorageObserver): T {
  const objects = timedMethods(storage.objects, "objects.", () => true, observe);
  const kv = timedMethods(storage, "", (name) => KV_METHODS.has(name), observe);
  return new Proxy(storage, {
    get(_target, property) {
      if (property === "objects") return objects;
      return Reflect.get(kv, property, kv);
    },
  });
}

/** A view of `target` whose selected async methods report their duration. */
function timedMethods<T extends object>(
  target: T,
  prefix: string,
  selected: (name: PropertyKey) => boolean,
  observe: StorageObserver,
): T {
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(inner, property) {
      const value = Reflect.get(inner, property, inner);
      if (typeof value !== "function") return value;
      let wrapped = cache.get(property);
      if (wrapped === undefined) {
        const name = `${prefix}${String(property)}`;
        const fn = value as (...args: unknown[]) => unknown;
        wrapped = selected(property) ? timed(fn, inner, name, observe) : fn.bind(inner);
        cache.set(property, wrapped);
      }
      return wrapped;
    },
  });
}

function timed(fn: (...args: unknown[]) => unknown, self: object, name: string, observe: StorageObserver) {
  return (...args: unknown[]): unknown => {
    const started = performance.now();
    const result = fn.apply(self, args);
    if (!isPromise(result)) return result;
    const done = () => observe(name, (performance.now() - started) / 1000);
    return result.finally(done);
  };
}

function isPromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise;
}
