/**
 * Byte and big-integer conversions for key material. KMIP Big Integers are unsigned here
 * (key components are never negative); DER and JWK carry them big-endian.
 */

/** The bytes of `data` as a Buffer sharing its memory (node:crypto takes Buffers). */
export function buf(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A plain Uint8Array copy of `data` (so callers never hold a pooled Buffer). */
export function bytes(data: Uint8Array): Uint8Array {
  return new Uint8Array(data);
}

/** Big-endian unsigned bytes of `n`, at least `size` long (left-padded with zeros). */
export function bigintToBytes(n: bigint, size = 0): Uint8Array {
  if (n < 0n) throw new RangeError("negative key component");
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const raw = Buffer.from(hex, "hex");
  if (raw.length >= size) return new Uint8Array(raw);
  const out = new Uint8Array(size);
  out.set(raw, size - raw.length);
  return out;
}

/** The unsigned big-endian integer in `data`. */
export function bytesToBigint(data: Uint8Array): bigint {
  if (data.length === 0) return 0n;
  return BigInt(`0x${buf(data).toString("hex")}`);
}

/** A JWK member (base64url, RFC 7518 §6.3) as a bigint. */
export function base64urlToBigint(text: string): bigint {
  return bytesToBigint(Buffer.from(text, "base64url"));
}

/** A bigint as a JWK member: base64url of its minimal big-endian bytes. */
export function bigintToBase64url(n: bigint): string {
  return buf(bigintToBytes(n, 1)).toString("base64url");
}

/** The concatenation of `parts`. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
