/**
 * Items that are a Text String (or Byte String) in KMIP 1.x and may also be an Enumeration or an
 * Integer from KMIP 2.0 on: Unique Identifier and Linked Object Identifier (KMIP 2.1 §4.58,
 * Table 145: "Text String | Enumeration (Unique Identifier Enumeration) | Integer (zero based
 * nth Unique Identifier in the response)") and Data (KMIP 2.1 §7.9, Table 360).
 */

import { ItemType, type ItemTypeCode, type TtlvItem } from "../../ttlv/types.js";
import type { TagInfo } from "../tables.js";
import { type Codec, type DecodeContext, type EncodeContext, KmipEncodeError } from "./codec.js";
import { bytes, enumeration, integer, type PrimitiveCodec, text, wrongType } from "./primitives.js";

/** A KMIP 2.x reference in place of the value: an enumerated value, or the nth result of the batch. */
export type ItemReference = { readonly enumeration: number } | { readonly index: number };

const FIRST_VERSION_WITH_REFERENCES = 20;

export class OrReferenceCodec<T> implements Codec<T | ItemReference> {
  readonly describe: string;
  readonly itemTypes: readonly ItemTypeCode[];
  constructor(
    private readonly base: PrimitiveCodec<T>,
    private readonly enumCodec: Codec<number> = enumeration,
  ) {
    this.describe = `${base.describe}, Enumeration or Integer`;
    this.itemTypes = [base.type, ItemType.Enumeration, ItemType.Integer];
  }

  decode(item: TtlvItem, ctx: DecodeContext): T | ItemReference {
    if (item.type === this.base.type) return item.value as T;
    if (ctx.version >= FIRST_VERSION_WITH_REFERENCES) {
      if (item.type === ItemType.Enumeration) return { enumeration: item.value };
      if (item.type === ItemType.Integer) return { index: item.value };
    }
    throw wrongType(ctx.version >= FIRST_VERSION_WITH_REFERENCES ? this.describe : this.base.describe, item);
  }

  encode(tag: number, value: T | ItemReference, ctx: EncodeContext): TtlvItem {
    if (!isReference(value)) return this.base.encode(tag, value, ctx);
    if (ctx.version < FIRST_VERSION_WITH_REFERENCES) {
      throw new KmipEncodeError(`a reference in place of a ${this.base.describe} needs KMIP 2.0`);
    }
    return "enumeration" in value
      ? this.enumCodec.encode(tag, value.enumeration, ctx)
      : integer.encode(tag, value.index, ctx);
  }

  bind(tag: TagInfo): Codec<T | ItemReference> {
    return new OrReferenceCodec(this.base, enumeration.bind(tag));
  }
}

export function isReference(value: unknown): value is ItemReference {
  return typeof value === "object" && value !== null && !(value instanceof Uint8Array);
}

/** Unique Identifier, Linked Object Identifier, Replaced Unique Identifier … */
export const identifier = new OrReferenceCodec<string>(text);
/** Data (KMIP 2.x allows a reference). */
export const data = new OrReferenceCodec<Uint8Array>(bytes);

/**
 * An Enumeration, or an Integer for a vendor-defined value: PKCS#11 Function (KMIP 2.1 §6.1.37,
 * "An Enumeration for PKCS#11 defined functions or an Integer for vendor defined function").
 */
export class EnumOrIntegerCodec implements Codec<number | { vendor: number }> {
  readonly describe = "Enumeration or Integer";
  readonly itemTypes: readonly ItemTypeCode[] = [ItemType.Enumeration, ItemType.Integer];
  constructor(private readonly enumCodec: Codec<number> = enumeration) {}

  decode(item: TtlvItem, ctx: DecodeContext): number | { vendor: number } {
    if (item.type === ItemType.Integer) return { vendor: item.value };
    return this.enumCodec.decode(item, ctx);
  }

  encode(tag: number, value: number | { vendor: number }, ctx: EncodeContext): TtlvItem {
    return typeof value === "number"
      ? this.enumCodec.encode(tag, value, ctx)
      : integer.encode(tag, value.vendor, ctx);
  }

  bind(tag: TagInfo): Codec<number | { vendor: number }> {
    return new EnumOrIntegerCodec(enumeration.bind(tag));
  }
}

export const enumOrInteger = new EnumOrIntegerCodec();
