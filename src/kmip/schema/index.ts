/**
 * The declarative schema layer: describe a KMIP structure once, as the rows of its spec table,
 * and get its TypeScript type (`Infer`), a decoder and an encoder that respect the protocol
 * version. See `field.ts` for rows, `struct.ts` for tables, `variant.ts` for polymorphic items.
 */
import type { StructureItem, TtlvItem } from "../../ttlv/types.js";
import type { KmipVersion } from "../version.js";
import {
  type DecodeOptions,
  hexTag,
  KmipDecodeError,
  KmipEncodeError,
  newDecodeContext,
  newEncodeContext,
} from "./codec.js";
import type { Fields, Infer, StructCodec } from "./struct.js";

export * from "./codec.js";
export * from "./field.js";
export * from "./primitives.js";
export * from "./reference.js";
export * from "./struct.js";
export * from "./variant.js";

/**
 * Decode a structure item with `schema` for protocol `version`. Throws KmipDecodeError (a
 * KmipError: Invalid Message or Invalid Field) naming the path to the offending field. Vendor
 * items kept, and fields of other versions accepted, go to `options.report`.
 */
export function decodeStruct<F extends Fields>(
  schema: StructCodec<F>,
  item: TtlvItem,
  version: KmipVersion,
  options?: DecodeOptions,
): Infer<StructCodec<F>> {
  if (item.tag !== schema.tag.tag) {
    throw new KmipDecodeError("tag", `expected ${schema.tag.name}, got tag ${hexTag(item.tag)}`);
  }
  try {
    return schema.decode(item, newDecodeContext(version, options));
  } catch (e) {
    throw e instanceof KmipDecodeError ? e.within(schema.tag.name) : e;
  }
}

/**
 * Encode a typed value with `schema` for protocol `version`. Throws KmipEncodeError (a server
 * bug) for a missing required field, or a field or value the version does not have that the
 * schema cannot silently leave out.
 */
export function encodeStruct<F extends Fields>(
  schema: StructCodec<F>,
  value: Infer<StructCodec<F>>,
  version: KmipVersion,
): StructureItem {
  try {
    return schema.encode(schema.tag.tag, value, newEncodeContext(version)) as StructureItem;
  } catch (e) {
    throw e instanceof KmipEncodeError ? e.within(schema.tag.name) : e;
  }
}
