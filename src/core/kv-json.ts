/** JSON records over a KvStore, and removal of a whole key tree. */
import type { KvOp, KvStore } from "../storage/types.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function getJson<T>(kv: KvStore, key: string): Promise<T | undefined> {
  const bytes = await kv.get(key);
  return bytes === undefined ? undefined : (JSON.parse(decoder.decode(bytes)) as T);
}

export async function putJson(kv: KvStore, key: string, value: unknown): Promise<void> {
  await kv.put(key, encoder.encode(JSON.stringify(value)));
}

export function jsonOp(key: string, value: unknown): KvOp {
  return { op: "put", key, value: encoder.encode(JSON.stringify(value)) };
}

/** Every leaf key under `prefix` (which ends with "/"), depth first. */
export async function keysUnder(kv: KvStore, prefix: string): Promise<string[]> {
  const out: string[] = [];
  const stack = [prefix];
  while (stack.length > 0) {
    const at = stack.pop()!;
    for (const child of await kv.list(at)) {
      if (child.endsWith("/")) stack.push(at + child);
      else out.push(at + child);
    }
  }
  return out;
}

const DELETE_BATCH = 500;

/** Deletes every key under `prefix`, in transactions of a few hundred keys. */
export async function deleteTree(kv: KvStore, prefix: string): Promise<number> {
  const keys = await keysUnder(kv, prefix);
  for (let i = 0; i < keys.length; i += DELETE_BATCH) {
    await kv.batch(keys.slice(i, i + DELETE_BATCH).map((key): KvOp => ({ op: "delete", key })));
  }
  return keys.length;
}
