/**
 * Binary TTLV decoder: bytes to a TtlvItem tree (KMIP 1.4 §9.1.1, KMIP 2.0/2.1 §9.1 and §10.1).
 *
 * Strict: every SHALL of the encoding rules is checked and any breach is a TtlvError with the
 * byte offset and tag of the offending item. Error offsets are the start of the item's 8-byte
 * header, except `bad-padding` (the first non-zero padding byte) and `trailing` (the first byte
 * after the top-level item). Nothing is allocated from a declared length before the bytes are
 * known to be present and the length within its limit; recursion is bounded by `depthMax`, which
 * is checked before descending. Lossless: decoding then encoding gives back the same bytes (the
 * one value with two encodings, a Big Integer with redundant sign bytes, keeps its byteLength).
 */
import { TtlvError, type TtlvErrorCode } from "./errors.js";
import { resolveLimits, type TtlvLimits } from "./limits.js";
import { ItemType, type TtlvItem } from "./types.js";

export interface TtlvHeader {
  readonly tag: number;
  readonly type: number;
  readonly length: number;
}

const HEADER_BYTES = 8;

/** Reads the 8-byte header at `offset` without validating it (the framer decides what is valid). */
export function decodeTtlvHeader(buf: Uint8Array, offset = 0): TtlvHeader {
  if (!Number.isSafeInteger(offset) || offset < 0 || buf.length - offset < HEADER_BYTES) {
    const at = Number.isSafeInteger(offset) && offset >= 0 ? offset : -1;
    throw new TtlvError("truncated", "TTLV header needs 8 bytes", at);
  }
  return { tag: readTag(buf, offset), type: buf[offset + 3]!, length: readUint32(buf, offset + 4) };
}

/** Decodes exactly one item that fills `buf` (KMIP 1.4 §9.1.1). */
export function decodeTtlv(buf: Uint8Array, limits?: Partial<TtlvLimits>): TtlvItem {
  if (!(buf instanceof Uint8Array)) throw new TtlvError("bad-value", "TTLV input must be a Uint8Array");
  const lim = resolveLimits(limits);
  if (buf.length > lim.messageBytesMax) {
    throw new TtlvError("limit", `message of ${buf.length} bytes exceeds messageBytesMax`, 0);
  }
  // A plain Uint8Array view (not a Buffer) makes the value copies below take V8's fast path.
  const bytes = buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  const reader = new Reader(bytes, lim);
  const item = reader.item(bytes.length, 0);
  if (reader.pos !== bytes.length) {
    throw new TtlvError(
      "trailing",
      `${bytes.length - reader.pos} bytes after the top-level item`,
      reader.pos,
    );
  }
  return item;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

class Reader {
  pos = 0;
  private items = 0;
  /** Depth of the item being read; 0 means the top level, bounded by the input itself. */
  private depth = 0;
  private readonly view: DataView;

  constructor(
    private readonly buf: Uint8Array,
    private readonly limits: TtlvLimits,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Reads the item at `pos`, which must end by `end`; `depth` counts enclosing Structures. */
  item(end: number, depth: number): TtlvItem {
    const buf = this.buf;
    const at = this.pos;
    this.depth = depth;
    // Children of a Structure are 8-aligned inside a multiple-of-8 length, so only the top-level
    // header can be cut short.
    if (end - at < HEADER_BYTES) fail("truncated", "item header needs 8 bytes", at);
    if (++this.items > this.limits.itemsMax) fail("limit", "more items than itemsMax", at);
    const tag = readTag(buf, at);
    const high = buf[at]!;
    if (high !== 0x42 && high !== 0x54)
      fail("bad-tag", "tag must start with 0x42 or 0x54 (§9.1.1.1)", at, tag);
    const type = buf[at + 3]!;
    const length = readUint32(buf, at + 4);
    const v = at + HEADER_BYTES;
    switch (type) {
      case ItemType.Structure:
        return this.structure(tag, length, end, depth);
      case ItemType.Integer:
        this.fixed(tag, length, 4, end, true);
        return { tag, type, value: this.view.getInt32(v) };
      case ItemType.Enumeration:
        this.fixed(tag, length, 4, end, true);
        return { tag, type, value: this.view.getUint32(v) };
      case ItemType.Interval:
        this.fixed(tag, length, 4, end, true);
        return { tag, type, value: this.view.getUint32(v) };
      case ItemType.LongInteger:
        this.fixed(tag, length, 8, end, false);
        return { tag, type, value: this.view.getBigInt64(v) };
      case ItemType.DateTime:
        this.fixed(tag, length, 8, end, false);
        return { tag, type, value: this.view.getBigInt64(v) };
      case ItemType.DateTimeExtended:
        this.fixed(tag, length, 8, end, false);
        return { tag, type, value: this.view.getBigInt64(v) };
      case ItemType.Boolean:
        this.fixed(tag, length, 8, end, false);
        return { tag, type, value: this.boolean(tag, at) };
      case ItemType.TextString:
        this.variable(tag, length, this.limits.textBytesMax, "textBytesMax", end);
        return { tag, type, value: this.text(tag, at, length) };
      case ItemType.ByteString:
        this.variable(tag, length, this.limits.byteStringBytesMax, "byteStringBytesMax", end);
        return { tag, type, value: buf.slice(v, v + length) };
      case ItemType.BigInteger:
        return this.bigInteger(tag, length, end);
      default:
        return fail("bad-type", `unknown item type 0x${hex2(type)} (§9.1.1.2)`, at, tag);
    }
  }

  /** §9.1.1.3: a Structure's length is that of its padded children, so a multiple of 8. */
  private structure(tag: number, length: number, end: number, depth: number): TtlvItem {
    const at = this.pos;
    if (length % 8 !== 0) fail("bad-length", `Structure length ${length} is not a multiple of 8`, at, tag);
    this.within(tag, length, end);
    if (depth + 1 > this.limits.depthMax) fail("limit", "Structures nested deeper than depthMax", at, tag);
    const stop = at + HEADER_BYTES + length;
    const value: TtlvItem[] = [];
    this.pos = at + HEADER_BYTES;
    // Children start 8-aligned and end within `stop`, so the loop ends exactly at `stop`.
    while (this.pos < stop) value.push(this.item(stop, depth + 1));
    return { tag, type: ItemType.Structure, value };
  }

  /** §9.1.1.3 fixed lengths; Integer, Enumeration and Interval carry 4 zero padding bytes. */
  private fixed(tag: number, length: number, want: number, end: number, padded: boolean): void {
    const at = this.pos;
    if (length !== want) fail("bad-length", `length ${length}, type requires ${want}`, at, tag);
    this.within(tag, 8, end);
    if (padded) this.zeroPadding(tag, at + 12, at + 16);
    this.pos = at + 16;
  }

  /** Text and Byte Strings: limit, bounds, then §9.1.1.3 minimal zero padding to 8 bytes. */
  private variable(tag: number, length: number, max: number, name: string, end: number): void {
    const at = this.pos;
    if (length > max) fail("limit", `length ${length} exceeds ${name}`, at, tag);
    const padded = paddedLength(length);
    this.within(tag, padded, end);
    this.zeroPadding(tag, at + HEADER_BYTES + length, at + HEADER_BYTES + padded);
    this.pos = at + HEADER_BYTES + padded;
  }

  /** The value (padded) must fit before `end`: the buffer (truncated) or the parent (overrun). */
  private within(tag: number, padded: number, end: number): void {
    const at = this.pos;
    if (padded > end - at - HEADER_BYTES) {
      const code = this.depth === 0 ? "truncated" : "overrun";
      const whose = code === "truncated" ? "the input" : "its parent Structure";
      fail(code, `value of ${padded} bytes runs past the end of ${whose}`, at, tag);
    }
  }

  private zeroPadding(tag: number, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (this.buf[i] !== 0) fail("bad-padding", "padding bytes must be zero (§9.1.1.3)", i, tag);
    }
  }

  /** §9.1.1.4: exactly 0x0000000000000000 (False) or 0x0000000000000001 (True). */
  private boolean(tag: number, at: number): boolean {
    const buf = this.buf;
    const v = at + HEADER_BYTES;
    let high = 0;
    for (let i = v; i < v + 7; i++) high |= buf[i]!;
    const last = buf[v + 7]!;
    if (high !== 0 || last > 1) fail("bad-value", "Boolean must be 0 or 1 (§9.1.1.4)", at, tag);
    return last === 1;
  }

  private text(tag: number, at: number, length: number): string {
    if (length === 0) return "";
    const v = at + HEADER_BYTES;
    try {
      return utf8.decode(this.buf.subarray(v, v + length));
    } catch {
      return fail("bad-utf8", "Text String is not valid UTF-8 (§9.1.1.4)", at, tag);
    }
  }

  /** §9.1.1.3/§9.1.1.4: two's complement, length a non-zero multiple of 8. */
  private bigInteger(tag: number, length: number, end: number): TtlvItem {
    const at = this.pos;
    if (length % 8 !== 0 || length === 0) {
      fail("bad-length", `Big Integer length ${length} is not a non-zero multiple of 8`, at, tag);
    }
    if (length > this.limits.bigIntegerBytesMax) fail("limit", "length exceeds bigIntegerBytesMax", at, tag);
    this.within(tag, length, end);
    const v = at + HEADER_BYTES;
    this.pos = v + length;
    const value = bytesToBigInt(this.buf, v, length);
    if (length > 8 && isRedundantlyExtended(this.buf, v)) {
      return { tag, type: ItemType.BigInteger, value, byteLength: length };
    }
    return { tag, type: ItemType.BigInteger, value };
  }
}

/** Big-endian two's complement to bigint, linear in `length` (hex parsing, not repeated shifts). */
function bytesToBigInt(buf: Uint8Array, at: number, length: number): bigint {
  const view = new DataView(buf.buffer, buf.byteOffset + at, length);
  if (length === 8) return view.getBigInt64(0);
  const unsigned = BigInt(`0x${Buffer.from(buf.buffer, buf.byteOffset + at, length).toString("hex")}`);
  return BigInt.asIntN(length * 8, unsigned);
}

/**
 * True when the first 8 bytes are pure sign extension of what follows, i.e. the value would fit
 * in 8 fewer bytes. §9.1.1.4 asks for the minimal padding; we accept more (some clients send it)
 * but remember the length so that the message re-encodes byte-identically.
 */
function isRedundantlyExtended(buf: Uint8Array, v: number): boolean {
  const sign = buf[v]!;
  if (sign !== 0x00 && sign !== 0xff) return false;
  for (let i = v + 1; i < v + 8; i++) if (buf[i] !== sign) return false;
  return (buf[v + 8]! & 0x80) === (sign & 0x80);
}

function readTag(buf: Uint8Array, at: number): number {
  return (buf[at]! << 16) | (buf[at + 1]! << 8) | buf[at + 2]!;
}

function readUint32(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

/** Length rounded up to a multiple of 8, exact for any 32-bit length. */
export function paddedLength(length: number): number {
  return length + ((8 - (length % 8)) % 8);
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

function fail(code: TtlvErrorCode, message: string, offset: number, tag?: number): never {
  throw new TtlvError(code, message, offset, tag);
}
