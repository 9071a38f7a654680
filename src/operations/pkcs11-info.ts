/**
 * The PKCS#11 structures kmipd answers with, as bytes (the PKCS#11 Output Parameters of KMIP 2.1
 * §6.1.37). CK_INFO (PKCS#11 v3.0 §3.1, C_GetInfo): cryptokiVersion (CK_VERSION: major, minor
 * bytes), manufacturerID (32 bytes, blank padded, no NUL), flags (CK_FLAGS, a CK_ULONG, 8 bytes;
 * reserved, zero), libraryDescription (32 bytes, blank padded), libraryVersion (CK_VERSION):
 * 76 bytes, the layout of the OASIS PKCS11-M-1 test case.
 */

/** The default interface of KMIP 2.1 §6.1.37: "the default V3.0 interface". */
export const CRYPTOKI_VERSION = { major: 3, minor: 0 } as const;

const UTF8_CHARS_LEN = 32;
const CK_ULONG_BYTES = 8;

export interface LibraryInfo {
  readonly manufacturer: string;
  readonly description: string;
  /** "major.minor[.patch…]" of the server; each part is clamped to one byte. */
  readonly version: string;
}

export function encodeCkInfo(info: LibraryInfo): Uint8Array {
  return Uint8Array.from([
    CRYPTOKI_VERSION.major,
    CRYPTOKI_VERSION.minor,
    ...blankPadded(info.manufacturer),
    ...new Uint8Array(CK_ULONG_BYTES),
    ...blankPadded(info.description),
    ...ckVersion(info.version),
  ]);
}

/** PKCS#11 "blank padded" character fields: UTF-8, cut to the field, spaces after (no NUL). */
function blankPadded(text: string): Uint8Array {
  const out = new Uint8Array(UTF8_CHARS_LEN).fill(0x20);
  const bytes = Buffer.from(text, "utf8");
  out.set(bytes.subarray(0, cutAt(bytes, UTF8_CHARS_LEN)));
  return out;
}

/** The longest prefix of at most `max` bytes that does not split a UTF-8 character. */
function cutAt(bytes: Uint8Array, max: number): number {
  if (bytes.length <= max) return bytes.length;
  let end = max;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return end;
}

function ckVersion(version: string): [number, number] {
  const [major = 0, minor = 0] = version.split(".").map((p) => Number.parseInt(p, 10));
  const byte = (n: number) => (Number.isInteger(n) ? Math.min(Math.max(n, 0), 255) : 0);
  return [byte(major), byte(minor)];
}
