/**
 * The ASN.1 of PKCS#12 (RFC 7292 §4–§5, Appendix D), PKCS#7 ContentInfo (RFC 2315 §7, §13) and
 * PBES2 (RFC 8018 Appendix A, C): object identifiers, and strict readers that fail with Invalid
 * Field on anything but the expected DER shape.
 */
import { derChildren, derParse, oidText, TAG } from "./der.js";
import { invalidField } from "./errors.js";

export const OID = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  pkcs8ShroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  friendlyName: "1.2.840.113549.1.9.20",
  localKeyId: "1.2.840.113549.1.9.21",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  hmacWithSHA1: "1.2.840.113549.2.7",
  hmacWithSHA256: "1.2.840.113549.2.9",
  hmacWithSHA384: "1.2.840.113549.2.10",
  hmacWithSHA512: "1.2.840.113549.2.11",
  aes128CBC: "2.16.840.1.101.3.4.1.2",
  aes192CBC: "2.16.840.1.101.3.4.1.22",
  aes256CBC: "2.16.840.1.101.3.4.1.42",
  pbeWithSHAAnd3KeyTripleDESCBC: "1.2.840.113549.1.12.1.3",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
} as const;

/** Hash names of node:crypto by digest OID (MacData's DigestInfo, RFC 7292 §4). */
export const HASH_BY_OID: Readonly<Record<string, string>> = {
  [OID.sha1]: "sha1",
  [OID.sha256]: "sha256",
  [OID.sha384]: "sha384",
  [OID.sha512]: "sha512",
};

/** Tags PKCS#12 uses besides those of `der.ts`. */
export const TAG12 = { SET: 0x31, BMP_STRING: 0x1e, CONTEXT_0: 0xa0, IMPLICIT_0: 0x80 } as const;

export interface Node {
  readonly tag: number;
  readonly content: Uint8Array;
}

function malformed(what: string, cause?: unknown): never {
  throw invalidField(`PKCS#12: malformed ${what}`, cause);
}

/** The single DER node `data` holds; Invalid Field when it is not DER. */
export function parseNode(data: Uint8Array, what: string): Node {
  try {
    return derParse(data);
  } catch (e) {
    return malformed(what, e);
  }
}

/** The children of a constructed `node` that must have `tag`; Invalid Field otherwise. */
export function childrenOf(node: Node | undefined, tag: number, what: string): Node[] {
  if (node === undefined || node.tag !== tag) return malformed(what);
  try {
    return derChildren(node.content);
  } catch (e) {
    return malformed(what, e);
  }
}

/** The content of `node`, which must have `tag`. */
export function contentOf(node: Node | undefined, tag: number, what: string): Uint8Array {
  if (node === undefined || node.tag !== tag) return malformed(what);
  return node.content;
}

/** Dotted text of an OBJECT IDENTIFIER node. */
export function oidOf(node: Node | undefined, what: string): string {
  return oidText(contentOf(node, TAG.OID, what));
}

/** A small non-negative INTEGER (versions, iteration counts, key lengths). */
export function smallInteger(node: Node | undefined, what: string): number {
  const content = contentOf(node, TAG.INTEGER, what);
  if (content.length === 0 || content.length > 4 || (content[0] as number) >= 0x80) return malformed(what);
  return content.reduce((n, b) => n * 256 + b, 0);
}

/** The single node inside an EXPLICIT [0] (RFC 2315 ContentInfo content, SafeBag bagValue). */
export function explicitZero(node: Node | undefined, what: string): Node {
  const [inner, extra] = childrenOf(node, TAG12.CONTEXT_0, what);
  if (inner === undefined || extra !== undefined) return malformed(what);
  return inner;
}
