/**
 * The little DER (ITU-T X.690) that key formats need and node:crypto does not expose: an EC
 * private key from its curve and D, an EC public key from its curve and Q, a DigestInfo
 * (RFC 8017 §9.2), and reading those back. Encoding only — no cryptography happens here.
 */

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

export interface DerNode {
  readonly tag: number;
  readonly content: Uint8Array;
}

/** X.690 §8.1.3: short form below 128, long form with the count of length octets first. */
function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const octets: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) octets.unshift(v & 0xff);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

/** One TLV with `tag` around the concatenation of `content`. */
export function der(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  const size = content.reduce((n, c) => n + c.length, 0);
  const length = encodeLength(size);
  const out = new Uint8Array(1 + length.length + size);
  out[0] = tag;
  out.set(length, 1);
  let at = 1 + length.length;
  for (const c of content) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export const derSequence = (...items: readonly Uint8Array[]): Uint8Array => der(TAG.SEQUENCE, ...items);
export const derOctetString = (data: Uint8Array): Uint8Array => der(TAG.OCTET_STRING, data);
export const derNull = (): Uint8Array => der(TAG.NULL);
/** A BIT STRING of whole bytes (X.690 §8.6.2: first octet = unused bits = 0). */
export const derBitString = (data: Uint8Array): Uint8Array => der(TAG.BIT_STRING, Uint8Array.of(0), data);
/** A context-specific constructed tag [n] (X.690 §8.1.2). */
export const derExplicit = (n: number, ...items: readonly Uint8Array[]): Uint8Array =>
  der(0xa0 | n, ...items);

/** A non-negative INTEGER (X.690 §8.3): minimal two's complement, so a set high bit gets a 0x00. */
export function derInteger(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return der(TAG.INTEGER, Buffer.from(hex, "hex"));
}

/** An OBJECT IDENTIFIER from dotted text (X.690 §8.19). */
export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map((a) => BigInt(a));
  const [first = 0n, second = 0n, ...rest] = arcs;
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const groups: number[] = [];
    for (let v = arc; ; v >>= 7n) {
      groups.unshift(Number(v & 0x7fn) | (groups.length > 0 ? 0x80 : 0));
      if (v < 0x80n) break;
    }
    out.push(...groups);
  }
  return der(TAG.OID, Uint8Array.from(out));
}

/** The TLV at `offset` of `data` and where it ends; RangeError when it does not fit. */
export function derRead(data: Uint8Array, offset = 0): DerNode & { end: number } {
  const tag = data[offset];
  let first = data[offset + 1];
  if (tag === undefined || first === undefined) throw new RangeError("DER: truncated header");
  let at = offset + 2;
  let length = first;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new RangeError("DER: unsupported length form");
    length = 0;
    for (let i = 0; i < count; i++) {
      first = data[at++];
      if (first === undefined) throw new RangeError("DER: truncated length");
      length = length * 256 + first;
    }
  }
  const end = at + length;
  if (end > data.length) throw new RangeError("DER: content runs past the end");
  return { tag, content: data.subarray(at, end), end };
}

/** The single TLV that `data` holds, with nothing after it. */
export function derParse(data: Uint8Array): DerNode {
  const node = derRead(data);
  if (node.end !== data.length) throw new RangeError("DER: trailing bytes");
  return node;
}

/** The TLVs inside a constructed node's content. */
export function derChildren(content: Uint8Array): DerNode[] {
  const out: DerNode[] = [];
  for (let at = 0; at < content.length; ) {
    const node = derRead(content, at);
    out.push({ tag: node.tag, content: node.content });
    at = node.end;
  }
  return out;
}

/** Dotted text of an OBJECT IDENTIFIER's content octets. */
export function oidText(content: Uint8Array): string {
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of content) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(v);
      v = 0n;
    }
  }
  const [head = 0n, ...rest] = arcs;
  const first = head < 80n ? head / 40n : 2n;
  return [first, head - first * 40n, ...rest].join(".");
}
