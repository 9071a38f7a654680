/**
 * Hex helpers for tests, the CLI and the text encodings. `fromHex` reads hex the way the KMIP
 * specification prints TTLV examples (KMIP 1.4 §9.1.2: "42 00 20 | 02 | 00 00 00 04 | ..."):
 * whitespace and `|` separators are ignored, digits are case-insensitive.
 */
import { TtlvError } from "./errors.js";

/** Lowercase hex, two digits per byte, no separators. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/**
 * Bytes from hex digits, ignoring whitespace and `|`. An odd number of digits or any other
 * character is `TtlvError("bad-value")`, with `offset` the index of the fault in `text`.
 */
export function fromHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length >>> 1);
  let count = 0;
  let high = -1;
  let highAt = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const digit = hexDigit(code);
    if (digit < 0) {
      if (isSeparator(code)) continue;
      throw new TtlvError("bad-value", `invalid hex character ${JSON.stringify(text[i])}`, i);
    }
    if (high < 0) {
      high = digit;
      highAt = i;
    } else {
      out[count++] = (high << 4) | digit;
      high = -1;
    }
  }
  if (high >= 0) throw new TtlvError("bad-value", "odd number of hex digits", highAt);
  return count === out.length ? out : out.slice(0, count);
}

/** Spec-style rendering of one TTLV item header and value: "42 00 20 | 02 | 00 00 00 04 | ...". */
export function toSpecHex(bytes: Uint8Array): string {
  const hex = toHex(bytes).toUpperCase();
  const pairs = (from: number, to: number): string =>
    (hex.slice(from * 2, to * 2).match(/../g) ?? []).join(" ");
  if (bytes.length < 8) return pairs(0, bytes.length);
  const parts = [pairs(0, 3), pairs(3, 4), pairs(4, 8)];
  if (bytes.length > 8) parts.push(pairs(8, bytes.length));
  return parts.join(" | ");
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30; // 0-9
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10; // a-f, A-F
  return -1;
}

function isSeparator(code: number): boolean {
  // space, tab, LF, VT, FF, CR, "|"
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x7c;
}
