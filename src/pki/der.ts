import { PkiError } from "./errors.js";

/**
 * Just enough DER (ITU-T X.690 §8, §10) to split a signed structure into its parts and to put one
 * back together. Certificates and CSRs share one outer shape (RFC 5280 §4.1, RFC 2986 §4.2):
 *
 *   SEQUENCE { toBeSigned SEQUENCE, signatureAlgorithm AlgorithmIdentifier, signature BIT STRING }
 *
 * We sign and verify those bytes with node:crypto (which knows every curve OpenSSL knows, P-224
 * included) instead of WebCrypto (which lacks P-224), so we need the exact signed bytes. Only
 * low-tag-number, definite-length encodings are accepted, which is all DER allows for these types.
 */

export const DerTag = {
  Integer: 0x02,
  BitString: 0x03,
  Sequence: 0x30,
} as const;

/** One element: its tag, the whole encoding, and the content octets. */
export interface DerElement {
  readonly tag: number;
  readonly encoded: Uint8Array;
  readonly content: Uint8Array;
}

const lengthOctetsMax = 4; // 4 GiB is far beyond any certificate; more is a hostile input

/** Reads the element that starts at `offset` of `bytes`. */
export function readElement(bytes: Uint8Array, offset = 0): DerElement {
  const tag = byteAt(bytes, offset);
  if ((tag & 0x1f) === 0x1f) throw badDer("high tag numbers are not used here", offset);
  const first = byteAt(bytes, offset + 1);
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    // X.690 §10.1: DER always uses the definite form, and the minimum number of length octets.
    if (count === 0 || count > lengthOctetsMax) throw badDer("bad length octets", offset);
    if (count > 1 && byteAt(bytes, offset + 2) === 0) throw badDer("non-minimal length", offset);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + byteAt(bytes, offset + 2 + i);
    if (length < 0x80) throw badDer("non-minimal length", offset);
    header += count;
  }
  const end = offset + header + length;
  if (end > bytes.length) throw badDer("element runs past the end of its input", offset);
  return {
    tag,
    encoded: bytes.subarray(offset, end),
    content: bytes.subarray(offset + header, end),
  };
}

/** The elements inside a constructed element's content, in order. */
export function readChildren(element: DerElement): DerElement[] {
  const children: DerElement[] = [];
  let offset = 0;
  while (offset < element.content.length) {
    const child = readElement(element.content, offset);
    children.push(child);
    offset += child.encoded.length;
  }
  return children;
}

/** Reads a whole buffer as one SEQUENCE (no trailing bytes) and returns its children. */
export function readSequence(bytes: Uint8Array): DerElement[] {
  const element = readElement(bytes);
  if (element.tag !== DerTag.Sequence) throw badDer("expected a SEQUENCE", 0);
  if (element.encoded.length !== bytes.length) throw badDer("trailing bytes after the SEQUENCE", 0);
  return readChildren(element);
}

/** Encodes one element from its tag and content (X.690 §8.1). */
export function encodeElement(tag: number, content: Uint8Array): Uint8Array {
  const length = encodeLength(content.length);
  const out = new Uint8Array(1 + length.length + content.length);
  out[0] = tag;
  out.set(length, 1);
  out.set(content, 1 + length.length);
  return out;
}

/** A BIT STRING holding whole octets: the leading "unused bits" octet is zero (X.690 §8.6.2). */
export function encodeBitString(octets: Uint8Array): Uint8Array {
  const content = new Uint8Array(octets.length + 1);
  content.set(octets, 1);
  return encodeElement(DerTag.BitString, content);
}

/** The octets of a BIT STRING whose length is a multiple of eight (signatures, public keys). */
export function bitStringOctets(element: DerElement): Uint8Array {
  if (element.tag !== DerTag.BitString || element.content[0] !== 0) {
    throw badDer("expected a BIT STRING of whole octets", 0);
  }
  return element.content.subarray(1);
}

/** Concatenates encoded elements into the content of a SEQUENCE. */
export function encodeSequence(parts: readonly Uint8Array[]): Uint8Array {
  return encodeElement(DerTag.Sequence, Buffer.concat(parts));
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

function byteAt(bytes: Uint8Array, offset: number): number {
  const value = bytes[offset];
  if (value === undefined) throw badDer("truncated element", offset);
  return value;
}

function badDer(message: string, offset: number): PkiError {
  return new PkiError("bad-der", `malformed DER: ${message} (offset ${offset})`);
}
