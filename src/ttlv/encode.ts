/**
 * Binary TTLV encoder: a TtlvItem tree to bytes (KMIP 1.4 §9.1.1, KMIP 2.0/2.1 §9.1 and §10.1),
 * the exact inverse of decodeTtlv.
 *
 * Two passes: `measure` validates every item and sums the padded sizes, then `Writer` fills one
 * Buffer of exactly that size, back-patching each Structure's length once its children are
 * written. Padding is written as zeros explicitly (the buffer comes from allocUnsafe).
 */
import { constants } from "node:buffer";
import { paddedLength } from "./decode.js";
import { TtlvError } from "./errors.js";
import { ItemType, isTtlvTag, type TtlvItem } from "./types.js";

const HEADER_BYTES = 8;
/** Trees we build are a dozen levels deep; this only turns a cyclic tree into a clean error. */
const ENCODE_DEPTH_MAX = 1000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function encodeTtlv(item: TtlvItem): Buffer {
  const total = measure(item, 0);
  if (total > constants.MAX_LENGTH) throw new TtlvError("limit", `message of ${total} bytes is too large`);
  const writer = new Writer(Buffer.allocUnsafe(total));
  writer.item(item);
  return writer.out;
}

/** Validates `item` (§9.1.1.4 ranges) and returns its encoded size, header and padding included. */
function measure(item: TtlvItem, depth: number): number {
  if (typeof item !== "object" || item === null) throw badValue("item is not an object");
  const { tag, value } = item;
  if (!isTtlvTag(tag))
    throw new TtlvError("bad-tag", `tag ${show(tag)} is not 0x42xxxx or 0x54xxxx (§9.1.1.1)`);
  switch (item.type) {
    case ItemType.Structure:
      return measureStructure(item.value, tag, depth);
    case ItemType.Integer:
      if (typeof value !== "number" || (value | 0) !== value)
        throw badValue("Integer must be a signed 32-bit integer", tag);
      return 16;
    case ItemType.Enumeration:
    case ItemType.Interval:
      if (typeof value !== "number" || value >>> 0 !== value)
        throw badValue("value must be an unsigned 32-bit integer", tag);
      return 16;
    case ItemType.LongInteger:
    case ItemType.DateTime:
    case ItemType.DateTimeExtended:
      if (typeof value !== "bigint" || value < INT64_MIN || value > INT64_MAX) {
        throw badValue("value must be a signed 64-bit bigint", tag);
      }
      return 16;
    case ItemType.Boolean:
      if (typeof value !== "boolean") throw badValue("Boolean must be a boolean", tag);
      return 16;
    case ItemType.TextString:
      return HEADER_BYTES + paddedLength(textLength(value, tag));
    case ItemType.ByteString:
      if (!(value instanceof Uint8Array)) throw badValue("Byte String must be a Uint8Array", tag);
      if (value.length > 0xffffffff)
        throw new TtlvError("limit", "Byte String longer than 2^32-1 bytes", -1, tag);
      return HEADER_BYTES + paddedLength(value.length);
    case ItemType.BigInteger:
      return HEADER_BYTES + bigIntegerLength(item.value, item.byteLength, tag);
    default:
      throw new TtlvError("bad-type", `unknown item type ${show((item as { type: unknown }).type)}`, -1, tag);
  }
}

function measureStructure(children: TtlvItem[], tag: number, depth: number): number {
  if (!Array.isArray(children)) throw badValue("Structure value must be an array", tag);
  if (depth >= ENCODE_DEPTH_MAX)
    throw new TtlvError("limit", "Structures nested too deep (cyclic?)", -1, tag);
  let size = 0;
  for (const child of children) size += measure(child, depth + 1);
  // §9.1.1.3: the Item Length field is 32 bits.
  if (size > 0xffffffff) throw new TtlvError("limit", "Structure longer than 2^32-1 bytes", -1, tag);
  return HEADER_BYTES + size;
}

/** UTF-8 length of a well-formed string; a lone surrogate has no UTF-8 form (RFC 3629). */
function textLength(value: unknown, tag: number): number {
  if (typeof value !== "string") throw badValue("Text String must be a string", tag);
  const length = Buffer.byteLength(value, "utf8");
  // Only strings with non-ASCII code units can hold a surrogate; check those alone.
  if (length !== value.length && !isWellFormed(value))
    throw badValue("Text String has a lone surrogate", tag);
  return length;
}

const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * §9.1.1.4: minimal two's complement, sign-extended to a multiple of 8 bytes; or `byteLength`
 * when given (a decoded value that arrived with redundant sign bytes), which must hold the value.
 */
function bigIntegerLength(value: bigint, byteLength: number | undefined, tag: number): number {
  if (typeof value !== "bigint") throw badValue("Big Integer must be a bigint", tag);
  const minimal = minimalBigIntegerLength(value);
  if (byteLength === undefined) return minimal;
  if (!Number.isSafeInteger(byteLength) || byteLength % 8 !== 0 || byteLength < minimal) {
    throw badValue(`Big Integer byteLength ${show(byteLength)} cannot hold the value`, tag);
  }
  return byteLength;
}

/** Bytes for `value` in two's complement with a sign bit, rounded up to a multiple of 8 (>= 8). */
export function minimalBigIntegerLength(value: bigint): number {
  const magnitude = value < 0n ? ~value : value;
  if (magnitude === 0n) return 8;
  const hex = magnitude.toString(16);
  const bits = (hex.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(hex[0]!, 16)));
  return paddedLength(Math.floor(bits / 8) + 1);
}

class Writer {
  private pos = 0;
  private readonly view: DataView;

  constructor(readonly out: Buffer) {
    this.view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  }

  item(item: TtlvItem): void {
    const at = this.pos;
    this.header(item.tag, item.type);
    const v = at + HEADER_BYTES;
    switch (item.type) {
      case ItemType.Structure:
        this.pos = v;
        for (const child of item.value) this.item(child);
        this.view.setUint32(at + 4, this.pos - v);
        break;
      case ItemType.Integer:
      case ItemType.Enumeration:
      case ItemType.Interval:
        this.word(v, item.value);
        break;
      case ItemType.LongInteger:
      case ItemType.DateTime:
      case ItemType.DateTimeExtended:
        this.long(v, item.value);
        break;
      case ItemType.Boolean:
        this.long(v, item.value ? 1n : 0n);
        break;
      case ItemType.TextString:
        this.bytes(v, this.out.write(item.value, v, "utf8"));
        break;
      case ItemType.ByteString:
        this.out.set(item.value, v);
        this.bytes(v, item.value.length);
        break;
      case ItemType.BigInteger:
        this.bigInteger(v, item.value, item.byteLength ?? minimalBigIntegerLength(item.value));
        break;
    }
  }

  private header(tag: number, type: number): void {
    const out = this.out;
    const at = this.pos;
    out[at] = tag >>> 16;
    out[at + 1] = (tag >>> 8) & 0xff;
    out[at + 2] = tag & 0xff;
    out[at + 3] = type;
  }

  /** Integer, Enumeration, Interval: 4-byte value and 4 zero padding bytes (§9.1.1.3). */
  private word(v: number, value: number): void {
    this.view.setUint32(v - 4, 4);
    this.view.setUint32(v, value >>> 0);
    this.view.setUint32(v + 4, 0);
    this.pos = v + 8;
  }

  private long(v: number, value: bigint): void {
    this.view.setUint32(v - 4, 8);
    this.view.setBigInt64(v, value);
    this.pos = v + 8;
  }

  /** Text and Byte Strings: `length` value bytes already written at `v`; pad with zeros. */
  private bytes(v: number, length: number): void {
    this.view.setUint32(v - 4, length);
    const end = v + paddedLength(length);
    for (let i = v + length; i < end; i++) this.out[i] = 0;
    this.pos = end;
  }

  private bigInteger(v: number, value: bigint, length: number): void {
    this.view.setUint32(v - 4, length);
    if (length === 8) this.view.setBigInt64(v, value);
    else
      this.out.write(
        BigInt.asUintN(length * 8, value)
          .toString(16)
          .padStart(length * 2, "0"),
        v,
        "hex",
      );
    this.pos = v + length;
  }
}

/** A printable form of a value that may be anything (String() can throw on hostile objects). */
function show(x: unknown): string {
  return typeof x === "number" || typeof x === "bigint" ? x.toString() : typeof x;
}

function badValue(message: string, tag?: number): TtlvError {
  return new TtlvError("bad-value", message, -1, tag);
}
