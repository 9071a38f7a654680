/**
 * The secret Create Split Key splits (KMIP 1.4 §4.38, 2.1 §6.1.10): "The request MAY contain
 * the Unique Identifier of an existing cryptographic object that the client requests be split by
 * the server"; otherwise the server generates a new key from the template.
 *
 * An existing object must be a Symmetric Key, Secret Data or Private Key (1.4 §2.2.5: "a secret,
 * usually a symmetric key or a private key") held in the clear as a Byte String. Splitting hands
 * the material out in parts, so it is refused wherever Get would refuse the material
 * (destroyed, Sensitive, not Extractable: policy `checkGet`). "If the attributes supplied in the
 * request do not match those of the key supplied, the attributes of the key take precedence."
 */
import type { Attribute } from "../kmip/attributes.js";
import { KeyFormatType, ObjectType } from "../kmip/generated/enums.js";
import {
  checkGet,
  createAlgorithmAndLength,
  firstValue,
  invalidField,
  invalidObjectType,
} from "../policy/index.js";
import { keyBlockOf, plainMaterial } from "./crypto-key.js";
import { keyValueNotPresent } from "./crypto-reasons.js";
import { generateKeyBytes, symmetricKeyBytes } from "./generate.js";
import { openMaterial } from "./material.js";
import { loadObject, resolveUid, type UidField } from "./objects.js";
import type { OperationContext } from "./types.js";

/** Object types whose key material may be split and joined again. */
export const SPLITTABLE_TYPES: readonly number[] = [
  ObjectType.SymmetricKey,
  ObjectType.SecretData,
  ObjectType.PrivateKey,
];

export interface SplitSource {
  readonly material: Uint8Array;
  readonly keyFormatType: number;
  readonly cryptographicAlgorithm?: number | undefined;
  readonly cryptographicLength?: number | undefined;
}

const numberOr = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

async function existingKey(ctx: OperationContext, field: UidField): Promise<SplitSource> {
  const obj = await loadObject(ctx, resolveUid(field, ctx));
  if (!SPLITTABLE_TYPES.includes(obj.objectType))
    throw invalidObjectType(ctx.version, "only a Symmetric Key, Secret Data or Private Key can be split");
  checkGet(obj, ctx.version, false);
  if (obj.material === undefined) throw keyValueNotPresent();
  const block = keyBlockOf(openMaterial(ctx, obj.uid, obj.material));
  const material = block === undefined ? undefined : plainMaterial(block);
  if (block === undefined || material === undefined) throw keyValueNotPresent();
  if (!(material instanceof Uint8Array))
    throw invalidField("only key material held as a Byte String (e.g. Raw, PKCS#8) can be split");
  return {
    material,
    keyFormatType: block.keyFormatType,
    cryptographicAlgorithm:
      numberOr(firstValue(obj.attributes, "Cryptographic Algorithm")) ?? block.cryptographicAlgorithm,
    cryptographicLength:
      numberOr(firstValue(obj.attributes, "Cryptographic Length")) ?? block.cryptographicLength,
  };
}

/** A new symmetric key of the template's algorithm and length (the rules of Create, 1.4 §4.1). */
function newKey(template: readonly Attribute[], ctx: OperationContext): SplitSource {
  const { algorithm, length } = createAlgorithmAndLength(template, ObjectType.SymmetricKey, ctx.version);
  const cryptographicAlgorithm = algorithm as number;
  const size = symmetricKeyBytes(cryptographicAlgorithm, length, ctx.version);
  return {
    material: generateKeyBytes(cryptographicAlgorithm, size),
    keyFormatType: KeyFormatType.Raw,
    cryptographicAlgorithm,
    cryptographicLength: length,
  };
}

export function splitSource(
  ctx: OperationContext,
  uid: UidField,
  template: readonly Attribute[],
): Promise<SplitSource> | SplitSource {
  return uid === undefined ? newKey(template, ctx) : existingKey(ctx, uid);
}
