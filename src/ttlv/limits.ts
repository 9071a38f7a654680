/**
 * Bounds on everything a peer controls in a TTLV message. The decoder and the framer check these
 * before they allocate or recurse, so a hostile client cannot make the server spend memory or
 * stack in proportion to a number it merely declared.
 */
import { TtlvError } from "./errors.js";

export interface TtlvLimits {
  /** Whole message, 8-byte header included. */
  readonly messageBytesMax: number;
  /** Structure nesting; the top-level Structure is at depth 1. */
  readonly depthMax: number;
  /** Items in one message, the top-level item included. */
  readonly itemsMax: number;
  /** Value bytes (UTF-8, before padding) of one Text String. */
  readonly textBytesMax: number;
  /** Value bytes (before padding) of one Byte String. */
  readonly byteStringBytesMax: number;
  /** Value bytes of one Big Integer (sign-extension bytes included, KMIP 1.4 §9.1.1.4). */
  readonly bigIntegerBytesMax: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

export const DEFAULT_TTLV_LIMITS: TtlvLimits = Object.freeze({
  // Real requests are small: the largest we know of is a Register of an RSA-16384 private key or
  // a certificate chain, some tens of KiB. 1 MiB leaves room for bulk Encrypt/Decrypt data while
  // bounding what one connection can make us buffer.
  messageBytesMax: 1 * MiB,
  // The deepest KMIP 1.x/2.x paths (Request Message > Batch Item > Request Payload > Object >
  // Key Block > Key Value > Key Material > ... > Key Wrapping Data > Cryptographic Parameters)
  // stay below 12 levels; 32 is ample and keeps recursion shallow.
  depthMax: 32,
  // The smallest item is 8 bytes, so 1 MiB could hold 131,072; each decoded item costs a JS
  // object (~100 bytes), so 100k items bound decoded memory to roughly 10 MiB.
  itemsMax: 100_000,
  // Names, attribute values, messages: short. 64 KiB covers any PEM-ish text a client might put
  // in a Text String (certificates themselves travel as Byte Strings).
  textBytesMax: 64 * KiB,
  // Key material, certificates and Encrypt/Decrypt data; the message limit bounds it anyway, a
  // separate knob lets an operator lower it.
  byteStringBytesMax: 1 * MiB,
  // RSA/DH components of transparent keys: a 16384-bit modulus needs 2,056 bytes once padded to
  // a multiple of 8 with a sign byte; 4 KiB allows 32768-bit values. Converting a Big Integer to a
  // bigint costs CPU, so this is kept far below the message limit.
  bigIntegerBytesMax: 4 * KiB,
});

/**
 * Hard ceilings that configuration may not exceed. The Item Length field is 32 bits (KMIP 1.4
 * §9.1.1.3), so no message can be longer than 2^32 + 7 bytes; depth is capped so that the
 * decoder's bounded recursion can never exhaust the stack.
 */
const CEILINGS: TtlvLimits = Object.freeze({
  messageBytesMax: 0xffffffff + 8,
  depthMax: 1000,
  itemsMax: 0xffffffff,
  textBytesMax: 0xffffffff,
  byteStringBytesMax: 0xffffffff,
  bigIntegerBytesMax: 0xffffffff,
});

const KEYS = Object.keys(DEFAULT_TTLV_LIMITS) as (keyof TtlvLimits)[];
const resolved = new WeakMap<object, TtlvLimits>();

/**
 * Defaults overlaid with `partial`; every value must be a positive integer no greater than its
 * ceiling, else `TtlvError("bad-value")`. Results are cached per `partial` object, so passing the
 * same limits object on every call costs one WeakMap lookup.
 */
export function resolveLimits(partial?: Partial<TtlvLimits>): TtlvLimits {
  if (partial === undefined || partial === DEFAULT_TTLV_LIMITS) return DEFAULT_TTLV_LIMITS;
  if (typeof partial !== "object" || partial === null)
    throw new TtlvError("bad-value", "TTLV limits must be an object");
  const cached = resolved.get(partial);
  if (cached !== undefined) return cached;
  const out: Record<string, number> = {};
  for (const key of KEYS) {
    const value = partial[key] ?? DEFAULT_TTLV_LIMITS[key];
    if (!Number.isSafeInteger(value) || value < 1 || value > CEILINGS[key]) {
      throw new TtlvError(
        "bad-value",
        `invalid TTLV limit ${key}: ${typeof value === "number" ? value : typeof value}`,
      );
    }
    out[key] = value;
  }
  const limits = Object.freeze(out) as unknown as TtlvLimits;
  resolved.set(partial, limits);
  return limits;
}
