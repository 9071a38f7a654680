/**
 * Scalar values as text, shared by the XML and JSON encodings (KMIP Additional Message Encodings
 * v1.0, §4.1 JSON and §6.1 XML). Each reader takes the text of one value and either returns the
 * item value or throws `TtlvError("bad-value")` naming the item's tag and path.
 *
 * §4.1.1/§6.1.1 Hex representations: numbers start with "0x", either case, and carry all leading
 * zeros or sign-extension bits of their fixed width (Integer 8 digits, Long Integer 16, Big
 * Integer a multiple of 16); Byte Strings are hex without "0x", of any (even) length. We accept
 * shorter hex numbers too (the spec's own example "0x0000008" has 7 digits) and read them as
 * two's complement of their full fixed width.
 */
import type { ItemContext, TtlvDictionary } from "./dictionary.js";
import { minimalBigIntegerLength } from "./encode.js";
import { TtlvError } from "./errors.js";
import { fromHex, toHex } from "./hex.js";
import { formatIsoDateTime, parseIsoDateTime } from "./iso-time.js";

/** Where a value sits, for error messages. */
export interface Where {
  readonly tag: number | undefined;
  readonly path: string;
}

export function badValue(message: string, at: Where): never {
  throw new TtlvError("bad-value", message, -1, at.tag, at.path);
}

const DECIMAL = /^[+-]?\d+$/;
const HEX_NUMBER = /^0[xX][0-9a-fA-F]+$/;
const HEX_BYTES = /^(?:[0-9a-fA-F]{2})*$/;

/** "0x" hex of at most `bits` bits, as an unsigned bigint; undefined when not hex. */
function hexBits(text: string, bits: number, at: Where): bigint | undefined {
  if (!HEX_NUMBER.test(text)) return undefined;
  const digits = text.slice(2).replace(/^0+(?=.)/, "");
  // After the leading zeros are dropped, a value of `bits` bits (a multiple of 4) has at most
  // bits / 4 digits; checking the length first also keeps absurdly long input from being parsed.
  if (digits.length * 4 > bits) badValue(`hex value ${text} is wider than ${bits} bits`, at);
  return BigInt(`0x${digits}`);
}

/** Signed integer of `bits` bits from decimal or two's complement hex text. */
function signedBits(text: string, bits: number, what: string, at: Where): bigint {
  const hex = hexBits(text, bits, at);
  if (hex !== undefined) return BigInt.asIntN(bits, hex);
  if (!DECIMAL.test(text)) badValue(`${what} value ${JSON.stringify(text)} is not a number`, at);
  const v = BigInt(text);
  if (v !== BigInt.asIntN(bits, v)) badValue(`${what} value ${text} is out of range`, at);
  return v;
}

/** Integer (signed 32-bit): decimal (xsd:int) or hex. */
export function parseInteger(text: string, at: Where): number {
  return Number(signedBits(text, 32, "Integer", at));
}

/** Long Integer (signed 64-bit): decimal (xsd:long) or hex. */
export function parseLongInteger(text: string, at: Where): bigint {
  return signedBits(text, 64, "Long Integer", at);
}

/** Unsigned 32-bit (Interval, Enumeration by number): decimal (xsd:unsignedInt) or hex. */
export function parseUnsigned32(text: string, what: string, at: Where): number {
  const hex = hexBits(text, 32, at);
  if (hex !== undefined) return Number(hex);
  if (!DECIMAL.test(text) || text.startsWith("-"))
    badValue(`${what} value ${JSON.stringify(text)} is not an unsigned number`, at);
  const v = Number(text);
  if (v > 0xffffffff) badValue(`${what} value ${text} is out of range`, at);
  return v;
}

/**
 * Big Integer: two's complement hex, with "0x" (JSON, §4.1.6.6) or without (xsd:hexBinary,
 * §6.1.6.6). Its width is the text's, rounded up to a multiple of 8 bytes; when that is wider than
 * the minimal encoding the width is kept as `byteLength` (see `BigIntegerItem`), so redundant
 * sign-extension bytes survive a round trip.
 */
export function parseBigInteger(text: string, at: Where): { value: bigint; byteLength?: number } {
  const digits = HEX_NUMBER.test(text) ? text.slice(2) : text;
  if (digits.length === 0 || !/^[0-9a-fA-F]+$/.test(digits)) {
    badValue(`Big Integer value ${JSON.stringify(text)} is not hex`, at);
  }
  const value = BigInt.asIntN(digits.length * 4, BigInt(`0x${digits}`));
  const width = Math.ceil(digits.length / 16) * 8;
  return width > minimalBigIntegerLength(value) ? { value, byteLength: width } : { value };
}

/** Big Integer as lower-case hex of `byteLength` bytes, or the minimal multiple of 8 bytes. */
export function formatBigIntegerHex(value: bigint, byteLength?: number): string {
  const bytes = Math.max(byteLength ?? 0, minimalBigIntegerLength(value));
  return BigInt.asUintN(bytes * 8, value)
    .toString(16)
    .padStart(bytes * 2, "0");
}

/** "0x" and 8 hex digits of the unsigned 32-bit pattern of `n`. */
export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}

/** "0x" and 16 hex digits of the two's complement of `v`. */
export function hex64(v: bigint): string {
  return `0x${BigInt.asUintN(64, v).toString(16).padStart(16, "0")}`;
}

/** Boolean: xsd:boolean ("true", "false", "1", "0") or 64-bit hex ("0x0000000000000001", §4.1.6.8). */
export function parseBoolean(text: string, at: Where): boolean {
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  const hex = hexBits(text, 64, at);
  if (hex === 0n || hex === 1n) return hex === 1n;
  return badValue(`Boolean value ${JSON.stringify(text)} is not true or false`, at);
}

/** Byte String: hex without "0x" (§4.1.6.10, §6.1.6.10, xsd:hexBinary). */
export function parseByteString(text: string, at: Where): Uint8Array {
  if (!HEX_BYTES.test(text)) badValue(`Byte String value ${JSON.stringify(text)} is not hex`, at);
  return fromHex(text);
}

export function formatByteString(bytes: Uint8Array): string {
  return toHex(bytes);
}

/** Date-Time (seconds) or Date-Time Extended (microseconds): ISO 8601 or 64-bit hex (§4.1.6.11). */
export function parseDateTime(text: string, micros: boolean, at: Where): bigint {
  const hex = hexBits(text, 64, at);
  if (hex !== undefined) return BigInt.asIntN(64, hex);
  const v = parseIsoDateTime(text, micros);
  return v ?? badValue(`Date-Time value ${JSON.stringify(text)} is not an ISO 8601 date-time`, at);
}

export function formatDateTime(value: bigint, micros: boolean): string {
  return formatIsoDateTime(value, micros);
}

/**
 * Enumeration (§4.1.6.7, §6.1.6.7): the CamelCase name, or hex; parsers "should also accept any
 * hex string". We also accept a decimal number (a name cannot start with a digit, §6.1.3 rule 4).
 */
export function parseEnumeration(
  text: string,
  dict: TtlvDictionary,
  ctx: ItemContext,
  at: Where & { tag: number },
): number {
  if (HEX_NUMBER.test(text) || DECIMAL.test(text)) return parseUnsigned32(text, "Enumeration", at);
  const v = dict.enumValue(at.tag, text, ctx);
  return v ?? badValue(`unknown Enumeration value ${JSON.stringify(text)}`, at);
}

/** An Enumeration's name, or its hex when the dictionary has none (vendor and unknown values). */
export function formatEnumeration(
  value: number,
  dict: TtlvDictionary,
  tag: number,
  ctx: ItemContext,
): string {
  return dict.enumName(tag, value, ctx) ?? hex32(value);
}
