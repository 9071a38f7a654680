/**
 * The TTLV item model shared by every encoding (binary, XML, JSON, text).
 *
 * KMIP 1.4 §9.1.1 / KMIP 2.1 §9.1 define an item as Tag (3 bytes), Type (1 byte), Length (4 bytes)
 * and a Value padded to a multiple of 8 bytes. This module holds only the in-memory shape; the
 * codecs live beside it and know nothing of KMIP names (those come from a dictionary).
 */

/** Item Type codes, KMIP 1.4 §9.1.1.2 and KMIP 2.0 §9.1.1.2 (Date-Time Extended is 2.0+). */
export const ItemType = {
  Structure: 0x01,
  Integer: 0x02,
  LongInteger: 0x03,
  BigInteger: 0x04,
  Enumeration: 0x05,
  Boolean: 0x06,
  TextString: 0x07,
  ByteString: 0x08,
  DateTime: 0x09,
  Interval: 0x0a,
  DateTimeExtended: 0x0b,
} as const;

export type ItemTypeName = keyof typeof ItemType;
export type ItemTypeCode = (typeof ItemType)[ItemTypeName];

/** Reverse lookup: item type code to its name (as written in the XML/JSON encodings). */
export const ItemTypeNames: Readonly<Record<number, ItemTypeName>> = Object.fromEntries(
  Object.entries(ItemType).map(([name, code]) => [code, name as ItemTypeName]),
);

/**
 * KMIP 1.4 §9.1.1.1: every tag has 0x42 (defined by the specification) or 0x54 (extensions) as
 * its high-order byte; tags are three bytes.
 */
export function isTtlvTag(tag: number): boolean {
  if (typeof tag !== "number") return false;
  const high = tag >>> 16;
  return (tag & 0xffffff) === tag && (high === 0x42 || high === 0x54);
}

interface Item<T extends ItemTypeCode, V> {
  /** Three-byte tag, e.g. 0x420069 (Protocol Version). */
  readonly tag: number;
  readonly type: T;
  readonly value: V;
}

export type StructureItem = Item<typeof ItemType.Structure, TtlvItem[]>;
/** Signed 32-bit. */
export type IntegerItem = Item<typeof ItemType.Integer, number>;
/** Signed 64-bit. */
export type LongIntegerItem = Item<typeof ItemType.LongInteger, bigint>;
/**
 * Signed, two's complement, big-endian, length a multiple of 8 bytes. `byteLength` is set only
 * when the wire form is longer than the minimal one (redundant sign-extension bytes): the binary
 * decoder records it and the encoder honours it, so such a message re-encodes byte for byte.
 */
export type BigIntegerItem = Item<typeof ItemType.BigInteger, bigint> & { readonly byteLength?: number };
/** Unsigned 32-bit. */
export type EnumerationItem = Item<typeof ItemType.Enumeration, number>;
export type BooleanItem = Item<typeof ItemType.Boolean, boolean>;
/** UTF-8 on the wire. */
export type TextStringItem = Item<typeof ItemType.TextString, string>;
export type ByteStringItem = Item<typeof ItemType.ByteString, Uint8Array>;
/** Signed 64-bit POSIX time in seconds. */
export type DateTimeItem = Item<typeof ItemType.DateTime, bigint>;
/** Unsigned 32-bit number of seconds. */
export type IntervalItem = Item<typeof ItemType.Interval, number>;
/** Signed 64-bit POSIX time in microseconds (KMIP 2.0+). */
export type DateTimeExtendedItem = Item<typeof ItemType.DateTimeExtended, bigint>;

export type TtlvItem =
  | StructureItem
  | IntegerItem
  | LongIntegerItem
  | BigIntegerItem
  | EnumerationItem
  | BooleanItem
  | TextStringItem
  | ByteStringItem
  | DateTimeItem
  | IntervalItem
  | DateTimeExtendedItem;

/** Value type for a given item type code. */
export type ValueOf<T extends ItemTypeCode> = Extract<TtlvItem, { type: T }>["value"];
