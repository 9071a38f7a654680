/**
 * Codecs for the primitive item types (KMIP 1.4 §9.1.1.4, KMIP 2.1 §10.1.2): the typed value is
 * the TTLV value itself. Integer, Enumeration and Interval are numbers; Long Integer, Big
 * Integer, Date-Time and Date-Time Extended are bigints; Byte String a Uint8Array.
 *
 * Decoding is strict on the item type and lenient on enumeration values (an unknown value is
 * the operation's business, not the codec's). Encoding refuses what the target version lacks.
 */

import { ItemType, type ItemTypeCode, ItemTypeNames, type TtlvItem } from "../../ttlv/types.js";
import {
  type EnumInfo,
  enumForTag,
  type MaskInfo,
  maskBitsInVersion,
  maskForTag,
  type TagInfo,
  tagInVersion,
} from "../tables.js";
import { isInVersion, KMIP_VERSIONS, type KmipVersion, versionString } from "../version.js";
import {
  type Codec,
  type DecodeContext,
  type EncodeContext,
  hexTag,
  KmipDecodeError,
  KmipEncodeError,
} from "./codec.js";

const JS_TYPE: Record<number, string> = {
  [ItemType.Integer]: "number",
  [ItemType.LongInteger]: "bigint",
  [ItemType.BigInteger]: "bigint",
  [ItemType.Enumeration]: "number",
  [ItemType.Boolean]: "boolean",
  [ItemType.TextString]: "string",
  [ItemType.DateTime]: "bigint",
  [ItemType.Interval]: "number",
  [ItemType.DateTimeExtended]: "bigint",
};

export function typeName(type: number): string {
  return ItemTypeNames[type] ?? `type 0x${type.toString(16)}`;
}

export function wrongType(expected: string, item: TtlvItem): KmipDecodeError {
  return new KmipDecodeError(
    "type",
    `expected ${expected}, got ${typeName(item.type)} (tag ${hexTag(item.tag)})`,
  );
}

/** A primitive item: value in, value out, item type checked both ways. */
export class PrimitiveCodec<T> implements Codec<T> {
  readonly describe: string;
  readonly itemTypes: readonly ItemTypeCode[];
  constructor(readonly type: ItemTypeCode) {
    this.describe = typeName(type);
    this.itemTypes = [type];
  }

  decode(item: TtlvItem, _ctx: DecodeContext): T {
    if (item.type !== this.type) throw wrongType(this.describe, item);
    return item.value as T;
  }

  encode(tag: number, value: T, _ctx: EncodeContext): TtlvItem {
    const expected = JS_TYPE[this.type];
    const ok = expected === undefined ? value instanceof Uint8Array : typeof value === expected;
    if (!ok) throw new KmipEncodeError(`${this.describe} value expected, got ${typeof value}`);
    return { tag, type: this.type, value } as TtlvItem;
  }

  bind(tag: TagInfo): Codec<T> {
    if (this.type === ItemType.Enumeration) return enumCodecFor(tag) as Codec<T>;
    if (this.type === ItemType.Integer) return (maskCodecFor(tag) ?? this) as Codec<T>;
    return this;
  }
}

/** Values at or above 0x80000000 are vendor extensions of an enumeration (e.g. KMIP 2.1 §11.36). */
const EXTENSION_VALUE_MIN = 0x80000000;

/** An Enumeration bound to its enumeration: encoding refuses a value the target version lacks. */
export class EnumCodec extends PrimitiveCodec<number> {
  private readonly allowed = new Map<KmipVersion, ReadonlySet<number>>();
  constructor(readonly info: EnumInfo) {
    super(ItemType.Enumeration);
    for (const v of KMIP_VERSIONS) {
      this.allowed.set(v, new Set(info.values.filter((x) => isInVersion(x, v)).map((x) => x.value)));
    }
  }

  override encode(tag: number, value: number, ctx: EncodeContext): TtlvItem {
    if (value < EXTENSION_VALUE_MIN && this.allowed.get(ctx.version)?.has(value) !== true) {
      throw new KmipEncodeError(
        `${this.info.name} value 0x${value.toString(16)} is not in KMIP ${versionString(ctx.version)}`,
      );
    }
    return super.encode(tag, value, ctx);
  }

  override bind(): Codec<number> {
    return this;
  }
}

/** KMIP 2.x "Enumeration (Tag)" values (Attribute Reference): the value is a tag number. */
export class TagEnumCodec extends PrimitiveCodec<number> {
  constructor() {
    super(ItemType.Enumeration);
  }

  override encode(tag: number, value: number, ctx: EncodeContext): TtlvItem {
    if (!tagInVersion(value, ctx.version) && !(value >= 0x540000 && value <= 0x54ffff)) {
      throw new KmipEncodeError(`tag ${hexTag(value)} is not in KMIP ${versionString(ctx.version)}`);
    }
    return super.encode(tag, value, ctx);
  }

  override bind(): Codec<number> {
    return this;
  }
}

/** An Integer used as a bit mask: encoding refuses bits defined only in other versions. */
export class MaskCodec extends PrimitiveCodec<number> {
  private readonly outsideBits = new Map<KmipVersion, number>();
  constructor(readonly info: MaskInfo) {
    super(ItemType.Integer);
    let known = 0;
    for (const x of info.values) known |= x.value;
    for (const v of KMIP_VERSIONS) this.outsideBits.set(v, known & ~maskBitsInVersion(info, v));
  }

  override encode(tag: number, value: number, ctx: EncodeContext): TtlvItem {
    const outside = value & (this.outsideBits.get(ctx.version) ?? 0);
    if (outside !== 0) {
      throw new KmipEncodeError(
        `${this.info.name} bits 0x${(outside >>> 0).toString(16)} are not in KMIP ${versionString(ctx.version)}`,
      );
    }
    return super.encode(tag, value, ctx);
  }

  override bind(): Codec<number> {
    return this;
  }
}

/**
 * An Enumeration whose value is not checked against the target version: for a value the server
 * echoes back from the client's own message (the Operation of a Response Batch Item, KMIP 1.4
 * §7.2 Table 285: "Yes, if specified in Request Batch Item"), even one the version lacks, which
 * is then answered Operation Not Supported.
 */
export class EchoedEnumCodec extends PrimitiveCodec<number> {
  constructor() {
    super(ItemType.Enumeration);
  }
  override bind(): Codec<number> {
    return this;
  }
}

/** Any item at all, kept as it is (Vendor Extension, Server Information contents, custom attributes). */
export class AnyCodec implements Codec<TtlvItem> {
  readonly describe = "any item";
  readonly itemTypes: readonly ItemTypeCode[] = [];
  decode(item: TtlvItem): TtlvItem {
    return item;
  }
  encode(tag: number, value: TtlvItem): TtlvItem {
    return value.tag === tag ? value : (Object.assign({}, value, { tag }) as TtlvItem);
  }
  bind(): Codec<TtlvItem> {
    return this;
  }
}

const enumCodecs = new Map<EnumInfo, EnumCodec>();
const maskCodecs = new Map<MaskInfo, MaskCodec>();
const tagEnum = new TagEnumCodec();
const plainEnum = new PrimitiveCodec<number>(ItemType.Enumeration);

/** The Enumeration codec for a tag: its enumeration's, "Enumeration (Tag)", or unchecked. */
function enumCodecFor(tag: TagInfo): Codec<number> {
  if (tag.enumName === "Tag") return tagEnum;
  const info = enumForTag(tag.tag);
  if (info === undefined) return plainEnum;
  let codec = enumCodecs.get(info);
  if (codec === undefined) {
    codec = new EnumCodec(info);
    enumCodecs.set(info, codec);
  }
  return codec;
}

function maskCodecFor(tag: TagInfo): Codec<number> | undefined {
  const info = maskForTag(tag.tag);
  if (info === undefined) return undefined;
  let codec = maskCodecs.get(info);
  if (codec === undefined) {
    codec = new MaskCodec(info);
    maskCodecs.set(info, codec);
  }
  return codec;
}

export const text = new PrimitiveCodec<string>(ItemType.TextString);
export const bytes = new PrimitiveCodec<Uint8Array>(ItemType.ByteString);
export const integer = new PrimitiveCodec<number>(ItemType.Integer);
export const longInteger = new PrimitiveCodec<bigint>(ItemType.LongInteger);
export const bigInteger = new PrimitiveCodec<bigint>(ItemType.BigInteger);
export const enumeration = new PrimitiveCodec<number>(ItemType.Enumeration);
export const boolean = new PrimitiveCodec<boolean>(ItemType.Boolean);
export const dateTime = new PrimitiveCodec<bigint>(ItemType.DateTime);
export const interval = new PrimitiveCodec<number>(ItemType.Interval);
export const dateTimeExtended = new PrimitiveCodec<bigint>(ItemType.DateTimeExtended);
export const anyItem = new AnyCodec();
export const echoedEnumeration = new EchoedEnumCodec();
