/**
 * Shared set-up for the attribute, Re-key, Archive and lease tests: keys made through the Create
 * handler, custom attribute values of every item type, and shortcuts to read what was stored.
 */
import type { Attribute } from "../../src/kmip/attributes.js";
import { CryptographicAlgorithm, NameType, ObjectType } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask } from "../../src/kmip/generated/masks.js";
import { resolveTag } from "../../src/kmip/schema/index.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { Create } from "../../src/operations/create.js";
import type { OperationContext } from "../../src/operations/types.js";
import type { StoredObject } from "../../src/storage/objects.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";
import { type Harness, SCOPE_A } from "./harness.js";

export const VERSIONS: readonly KmipVersion[] = [10, 14, 20, 21];
export const V1: readonly KmipVersion[] = [10, 14];
export const V2: readonly KmipVersion[] = [20, 21];

const VALUE_TAG = resolveTag("Attribute Value").tag;
const NAME_TAG = resolveTag("Name Value").tag;

/** A KMIP Date-Time (seconds) of a Date. */
export const secondsOf = (d: Date): bigint => BigInt(Math.floor(d.getTime() / 1000));

export const name = (value: string): Attribute => ({
  name: "Name",
  value: { nameValue: value, nameType: NameType.UninterpretedTextString },
});

/** A raw Attribute Value item, as a custom attribute holds it. */
export function item(type: number, value: unknown): TtlvItem {
  return { tag: VALUE_TAG, type, value } as TtlvItem;
}

/** One custom value of every item type KMIP 1.x has (Date-Time Extended is 2.x only). */
export const CUSTOM_VALUES_1X: readonly [string, TtlvItem][] = [
  ["Integer", item(ItemType.Integer, -7)],
  ["Long Integer", item(ItemType.LongInteger, 2n ** 40n)],
  ["Big Integer", item(ItemType.BigInteger, 2n ** 70n)],
  ["Enumeration", item(ItemType.Enumeration, 3)],
  ["Boolean", item(ItemType.Boolean, true)],
  ["Text String", item(ItemType.TextString, "cluster-1")],
  ["Byte String", item(ItemType.ByteString, new Uint8Array([1, 2, 3]))],
  ["Date-Time", item(ItemType.DateTime, 1_700_000_000n)],
  ["Interval", item(ItemType.Interval, 86_400)],
  ["Structure", item(ItemType.Structure, [{ tag: NAME_TAG, type: ItemType.TextString, value: "inner" }])],
];
export const CUSTOM_VALUES_2X: readonly [string, TtlvItem][] = [
  ...CUSTOM_VALUES_1X,
  ["Date-Time Extended", item(ItemType.DateTimeExtended, 1_700_000_000_123_456n)],
];

export function customValues(version: KmipVersion): readonly [string, TtlvItem][] {
  return version >= 20 ? CUSTOM_VALUES_2X : CUSTOM_VALUES_1X;
}

/** A client custom attribute name: "x-" in 1.x, vendor "x" in 2.x (the same canonical name). */
export const customName = (label: string): string => `x-${label.replace(/[^A-Za-z]/g, "")}`;

/** An AES key made through the Create handler; `extra` goes into its template. */
export async function createKey(
  ctx: OperationContext,
  extra: Attribute[] = [],
  length = 256,
): Promise<string> {
  const attributes: Attribute[] = [
    { name: "Cryptographic Algorithm", value: CryptographicAlgorithm.AES },
    { name: "Cryptographic Length", value: length },
    {
      name: "Cryptographic Usage Mask",
      value: CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt,
    },
    ...extra,
  ];
  const response = await Create.handler({ objectType: ObjectType.SymmetricKey, attributes }, ctx);
  return response.uniqueIdentifier as string;
}

/** The Unique Identifier of a response, which the schema types as text or a 2.x reference. */
export const uidOf = (response: { uniqueIdentifier: unknown }): string => response.uniqueIdentifier as string;

export async function stored(h: Harness, uid: string): Promise<StoredObject> {
  const obj = await h.objects.get(SCOPE_A, uid);
  if (obj === undefined) throw new Error(`no object ${uid}`);
  return obj;
}

/** Every stored instance of `attributeName`. */
export async function instances(h: Harness, uid: string, attributeName: string): Promise<Attribute[]> {
  return (await stored(h, uid)).attributes.filter((a) => a.name === attributeName);
}

export async function storedValue(h: Harness, uid: string, attributeName: string): Promise<unknown> {
  return (await instances(h, uid, attributeName))[0]?.value;
}
