/**
 * The key a cryptographic operation uses (KMIP 1.4 §4.29–4.34, §4.6; 2.1 §6.1.11, 6.1.14,
 * 6.1.17, 6.1.32–33, 6.1.55–56): found by its Unique Identifier (or the ID Placeholder) in the
 * caller's scope, checked, and opened into a node:crypto KeyObject.
 *
 * Checks, in order:
 * 1. the Object Type can do the operation (a public key does not sign) — 1.x Permission Denied,
 *    2.x Invalid Object Type ("Object specified is not able to be used for …", 1.4 §11.30);
 * 2. the state and dates allow it (policy `requireUsableFor`: only Active objects apply
 *    protection; Deactivated and Compromised ones may still decrypt, verify, unwrap) — 1.x and
 *    2.0 Permission Denied, 2.1 Wrong Key Lifecycle State (OASIS CS-BC-M-14, CS-AC-M-8);
 * 3. the Cryptographic Usage Mask has the operation's bit (policy `requireUsageFor`) — 1.x
 *    Permission Denied, 2.x Incompatible Cryptographic Usage Mask;
 * 4. the server holds the key in the clear: none (registered without a Key Value) or stored
 *    wrapped → Key Value Not Present.
 * A stored key that does not open as its Key Format Type says is Cryptographic Failure.
 */
import type { KeyObject } from "node:crypto";
import { fromFormat, type KeyMaterial } from "../crypto/index.js";
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import { type CryptoPurpose, firstValue, requireUsableFor, requireUsageFor } from "../policy/index.js";
import { zeroize } from "../seal/barrier.js";
import type { StoredObject } from "../storage/objects.js";
import { keyValueNotPresent, unusableObjectType } from "./crypto-reasons.js";
import { deriveFromMaterial, type ManagedObjectValue } from "./material.js";
import { loadObject } from "./objects.js";
import type { OperationContext } from "./types.js";

export type KeyBlockValue = Extract<ManagedObjectValue, { type: "symmetricKey" }>["value"]["keyBlock"];

export interface UsableKey {
  readonly uid: string;
  readonly obj: StoredObject;
  readonly key: KeyObject;
  /** The object's Cryptographic Algorithm (attribute, else the Key Block's). */
  readonly algorithm: number | undefined;
}

/** The Key Block of a managed object value, if it has one. */
export function keyBlockOf(value: ManagedObjectValue): KeyBlockValue | undefined {
  return (value.value as { keyBlock?: KeyBlockValue }).keyBlock;
}

/** Whether the Key Value is held wrapped (a Byte String Key Value, or Key Wrapping Data). */
export function isWrappedBlock(block: KeyBlockValue): boolean {
  return block.keyWrappingData !== undefined || block.keyValue instanceof Uint8Array;
}

/** The plaintext Key Material of a block, or undefined when the server does not hold it. */
export function plainMaterial(block: KeyBlockValue): KeyMaterial | undefined {
  if (isWrappedBlock(block) || block.keyValue === undefined || block.keyValue instanceof Uint8Array)
    return undefined;
  return block.keyValue.keyMaterial as KeyMaterial;
}

/** The KeyObject of a plaintext Key Block of an object of `objectType`. */
export function keyObjectOf(block: KeyBlockValue, objectType: number, algorithm?: number): KeyObject {
  const material = plainMaterial(block);
  if (material === undefined) throw keyValueNotPresent("the server holds the key wrapped or not at all");
  try {
    return fromFormat(material, block.keyFormatType, objectType, algorithm ?? block.cryptographicAlgorithm);
  } catch (e) {
    throw new KmipError(ResultReason.CryptographicFailure, "the stored key cannot be used", { cause: e });
  }
}

/** The stored object's Cryptographic Algorithm attribute. */
export function algorithmOf(obj: StoredObject): number | undefined {
  const value = firstValue(obj.attributes, "Cryptographic Algorithm");
  return typeof value === "number" ? value : undefined;
}

/** Checks 1–3 of the header on an object already loaded. */
export function checkUsable(
  obj: StoredObject,
  purpose: CryptoPurpose,
  types: readonly number[],
  ctx: OperationContext,
): void {
  if (!types.includes(obj.objectType))
    throw unusableObjectType(ctx.version, `this object cannot be used for ${purpose}`);
  requireUsableFor(obj, purpose, ctx.now(), ctx.version);
  requireUsageFor(obj, purpose, ctx.version);
}

/**
 * The opened key of a checked object. The KeyObject is kept with the object's opened material
 * for as long as that is (`opened-material.ts`): a KeyObject is immutable, so callers share it.
 */
export function openKey(obj: StoredObject, ctx: OperationContext): UsableKey {
  if (obj.material === undefined) throw keyValueNotPresent();
  const attribute = algorithmOf(obj);
  const name = `key ${obj.objectType} ${attribute ?? "-"}`;
  const opened = deriveFromMaterial(ctx, obj.uid, obj.material, name, (value) => {
    const block = keyBlockOf(value);
    if (block === undefined) throw keyValueNotPresent("the object holds no key");
    const algorithm = attribute ?? block.cryptographicAlgorithm;
    try {
      return { key: keyObjectOf(block, obj.objectType, algorithm), algorithm };
    } finally {
      const material = plainMaterial(block);
      if (material instanceof Uint8Array) zeroize(material);
    }
  });
  return { uid: obj.uid, obj, key: opened.key, algorithm: opened.algorithm };
}

/** The key `uid` names, checked for `purpose` and opened (see the header). */
export async function loadKey(
  ctx: OperationContext,
  uid: string,
  purpose: CryptoPurpose,
  types: readonly number[],
): Promise<UsableKey> {
  const obj = await loadObject(ctx, uid);
  checkUsable(obj, purpose, types, ctx);
  return openKey(obj, ctx);
}
