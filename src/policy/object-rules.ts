/**
 * Rules about objects as a whole: which object types Create and Register take, which attributes
 * they require, which Key Format Types a Get may ask for, and when a Get is refused. State does
 * not gate Get: a Pre-Active, Deactivated or Compromised object is returned (1.4 §4.11 names no
 * state; OpenStack Barbican never activates and Gets Pre-Active keys); only a destroyed object's
 * material is gone.
 */
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import {
  CryptographicAlgorithm as A,
  KeyFormatType as F,
  ObjectType,
  ResultReason,
  State,
} from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { firstValue } from "./attribute-list.js";
import { objectTypeInVersion } from "./object-types.js";
import { invalidField, invalidObjectType, missingData, objectDestroyed } from "./reasons.js";

/**
 * Create makes "a new symmetric key" (1.4 §4.1) — in 2.x "a new symmetric key or … Secret Data"
 * (2.1 §6.1.8). 1.4 §11.2: an Object Type Create does not take → Invalid Field; 2.x Invalid Object Type.
 */
export function checkCreatable(objectType: number, version: KmipVersion): void {
  const creatable =
    objectType === ObjectType.SymmetricKey || (version >= 20 && objectType === ObjectType.SecretData);
  if (creatable) return;
  if (version >= 20) throw invalidObjectType(version, "Create makes Symmetric Keys and Secret Data only");
  throw invalidField("Create makes Symmetric Keys only");
}

/** Register takes any object type of the version (1.4 §4.3, 2.1 §6.1.43 "Any Object"); 1.4 §11.4 → Invalid Field. */
export function checkRegistrable(objectType: number, version: KmipVersion): void {
  if (objectTypeInVersion(objectType, version)) return;
  if (version >= 20) throw invalidObjectType(version, "this version has no such object type");
  throw invalidField("this version has no such object type");
}

/** What the object itself says, when it says it (the Key Block's Cryptographic Algorithm and Length, 1.4 §2.1.3). */
export interface DescribedKey {
  readonly cryptographicAlgorithm?: number | undefined;
  readonly cryptographicLength?: number | undefined;
}

/** A Cryptographic Length the server fills in when only the algorithm is given (lengths in bits). */
const DEFAULT_LENGTHS: Readonly<Record<number, number>> = {
  [A.AES]: 256,
  [A.HMAC_SHA1]: 160,
  [A.HMAC_SHA224]: 224,
  [A.HMAC_SHA256]: 256,
  [A.HMAC_SHA384]: 384,
  [A.HMAC_SHA512]: 512,
  [A.ChaCha20]: 256,
  [A.ChaCha20Poly1305]: 256,
};

/** 2.1 §4 Table 28 defaults for a Create that omits them ("KMIP servers SHALL supply values"). */
export const DEFAULT_SYMMETRIC_ALGORITHM: number = A.AES;
export const DEFAULT_SECRET_DATA_LENGTH = 256;

/**
 * The Cryptographic Algorithm and Length a Create makes, from the template or the defaults.
 * 1.x: "Cryptographic Algorithm … Yes" is REQUIRED (1.4 §4.1 Table 165); 2.x supplies AES
 * (2.1 §4 Table 28). A length the server cannot choose is Missing Data (see reasons.ts).
 */
export function createAlgorithmAndLength(
  template: readonly Attribute[],
  objectType: number,
  version: KmipVersion,
): { algorithm?: number; length: number } {
  const algorithm = firstValue(template, "Cryptographic Algorithm") as number | undefined;
  const length = firstValue(template, "Cryptographic Length") as number | undefined;
  if (objectType === ObjectType.SecretData) return { length: length ?? DEFAULT_SECRET_DATA_LENGTH };
  if (algorithm === undefined && version < 20) throw missingData("Create requires a Cryptographic Algorithm");
  const chosen = algorithm ?? DEFAULT_SYMMETRIC_ALGORITHM;
  const chosenLength = length ?? DEFAULT_LENGTHS[chosen];
  if (chosenLength === undefined)
    throw missingData("Create requires a Cryptographic Length for this algorithm");
  return { algorithm: chosen, length: chosenLength };
}

/**
 * Objects whose Register must name algorithm and length (1.4 §4.3 Table 171: "Does not apply to
 * Secret Data"). Not Split Keys: a part is key material for Join Split Key only, whose template
 * names what the joined key is (OASIS TC-SJ-3-12/-14/-20/-21 register parts with neither).
 */
const KEYS_WITH_ALGORITHM = new Set<number>([
  ObjectType.SymmetricKey,
  ObjectType.PublicKey,
  ObjectType.PrivateKey,
]);

/**
 * Register: Cryptographic Algorithm and Length "MAY be omitted only if this information is
 * encapsulated in the Key Block" (1.4 §4.3 Table 171); applied to keys in every version, since
 * the server cannot use a key whose algorithm it does not know. Certificate Length and Digital
 * Signature Algorithm are in every X.509 certificate, so the server takes them from it. The
 * Cryptographic Usage Mask is defaulted, not required (usage-mask.ts).
 */
export function checkRegisterAttributes(
  template: readonly Attribute[],
  objectType: number,
  described: DescribedKey = {},
): void {
  if (!KEYS_WITH_ALGORITHM.has(objectType)) return;
  if ((firstValue(template, "Cryptographic Algorithm") ?? described.cryptographicAlgorithm) === undefined)
    throw missingData("Register requires the key's Cryptographic Algorithm");
  if ((firstValue(template, "Cryptographic Length") ?? described.cryptographicLength) === undefined)
    throw missingData("Register requires the key's Cryptographic Length");
}

/**
 * Key Format Types a Get may ask for, per object type. "If a client registered a key in a given
 * format, the server SHALL be able to return the key … in the same format … Any other format
 * conversion MAY be supported" (1.4 §4.11). Symmetric keys: Raw, Opaque, Transparent Symmetric
 * Key; Secret Data: Raw, Opaque. Asymmetric formats are the business of src/crypto/.
 */
const GET_FORMATS: Readonly<Record<number, readonly number[]>> = {
  [ObjectType.SymmetricKey]: [F.Raw, F.Opaque, F.TransparentSymmetricKey],
  [ObjectType.SecretData]: [F.Raw, F.Opaque],
  [ObjectType.SplitKey]: [F.Raw, F.Opaque],
};

export function keyFormatsForGet(objectType: number, registeredFormat?: number): readonly number[] {
  const formats = GET_FORMATS[objectType] ?? [];
  if (registeredFormat === undefined || formats.includes(registeredFormat)) return formats;
  return [registeredFormat, ...formats];
}

/** 1.4 §11.12 "cannot be provided in the desired Key Format Type" → Key Format Type Not Supported (2.1 too). */
export function checkKeyFormatForGet(objectType: number, requested: number, registeredFormat?: number): void {
  if (keyFormatsForGet(objectType, registeredFormat).includes(requested)) return;
  throw new KmipError(
    ResultReason.KeyFormatTypeNotSupported,
    "the object cannot be returned in that Key Format Type",
  );
}

/**
 * Whether Get may return the object's material. Destroyed: 1.4 §11.12 Illegal Operation, 2.x
 * Object Destroyed (BL-M-8-21). Sensitive (1.4 §3.48): only wrapped; Extractable false (§3.50):
 * never (TC-SENSITIVE-1-14, TC-EXTRACTABLE-1-14). Reasons Sensitive / Not Extractable are 1.4+;
 * an older client gets Permission Denied.
 */
export function checkGet(
  obj: { readonly state: number; readonly attributes: readonly Attribute[] },
  version: KmipVersion,
  wrapped: boolean,
): void {
  if (obj.state === State.Destroyed || obj.state === State.DestroyedCompromised)
    throw objectDestroyed(version, "Get");
  const older = version < 14;
  if (firstValue(obj.attributes, "Extractable") === false)
    throw new KmipError(
      older ? ResultReason.PermissionDenied : ResultReason.NotExtractable,
      "the object is not extractable",
    );
  if (firstValue(obj.attributes, "Sensitive") === true && !wrapped)
    throw new KmipError(
      older ? ResultReason.PermissionDenied : ResultReason.Sensitive,
      "a sensitive object is returned wrapped only",
    );
}

/** Fresh: "The server SHALL change the attribute value to False as soon as the object has been served to a client" (1.4 §3.34). */
export function servedChanges(attributes: readonly Attribute[]): Attribute[] {
  return firstValue(attributes, "Fresh") === true ? [{ name: "Fresh", value: false }] : [];
}

/**
 * Always Sensitive is False once Sensitive "has ever been set to False"; Never Extractable is
 * False once Extractable "has ever been set to True" (1.4 §3.49, §3.51). Call after a change.
 */
export function sensitivityChanges(attributes: readonly Attribute[]): Attribute[] {
  const out: Attribute[] = [];
  if (firstValue(attributes, "Sensitive") === false && firstValue(attributes, "Always Sensitive") === true)
    out.push({ name: "Always Sensitive", value: false });
  if (firstValue(attributes, "Extractable") === true && firstValue(attributes, "Never Extractable") === true)
    out.push({ name: "Never Extractable", value: false });
  return out;
}
