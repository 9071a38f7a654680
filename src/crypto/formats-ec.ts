/**
 * EC and Edwards keys ⇄ their KMIP forms.
 *
 * - Transparent EC Private Key (1.4 §2.1.7.14, 2.1 §3.11): Recommended Curve and D. Written as an
 *   SEC 1 ECPrivateKey (SEC 1 §C.4: version 1, privateKey OCTET STRING of the order's size,
 *   [0] namedCurve) for OpenSSL, which computes the public point.
 * - Transparent EC Public Key (1.4 §2.1.7.15, 2.1 §3.12): Recommended Curve and Q String, the
 *   SEC 1 §2.3.3 octet string of the point. Written as a SubjectPublicKeyInfo (RFC 5480 §2).
 * - Ed25519 / Ed448 (RFC 8032) as Raw: the 32- or 57-byte secret seed or public key (RFC 8032
 *   §5.1.5, §5.2.5), wrapped as PKCS#8 / SPKI with the RFC 8410 §3 OIDs.
 */
import { createECDH, createPrivateKey, createPublicKey, ECDH, type KeyObject } from "node:crypto";
import { bigintToBytes, bytes, bytesToBigint } from "./bytes.js";
import { type CurveInfo, curveByName, curveInfo } from "./curves.js";
import {
  derBitString,
  derChildren,
  derExplicit,
  derInteger,
  derOctetString,
  derOid,
  derParse,
  derSequence,
  TAG,
} from "./der.js";
import { invalidField } from "./errors.js";

/** id-ecPublicKey (RFC 5480 §2.1.1). */
const EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1";
/** id-Ed25519 and id-Ed448 (RFC 8410 §3). */
const EDWARDS = {
  ed25519: { oid: "1.3.101.112", size: 32 },
  ed448: { oid: "1.3.101.113", size: 57 },
} as const;
export type EdwardsType = keyof typeof EDWARDS;

export interface TransparentECPrivateKey {
  recommendedCurve: number;
  d: bigint;
}

export interface TransparentECPublicKey {
  recommendedCurve: number;
  qString: Uint8Array;
}

/** The curve of an EC key, as this server knows it. */
export function curveOf(key: KeyObject): CurveInfo {
  return curveByName(key.asymmetricKeyDetails?.namedCurve);
}

/** D of an EC private key: the privateKey OCTET STRING of its SEC 1 encoding. */
export function ecPrivateToTransparent(key: KeyObject): TransparentECPrivateKey {
  const curve = curveOf(key);
  const sec1 = derParse(key.export({ format: "der", type: "sec1" }));
  const d = derChildren(sec1.content).find((n) => n.tag === TAG.OCTET_STRING);
  if (d === undefined) throw invalidField("the EC private key has no D");
  return { recommendedCurve: curve.curve, d: bytesToBigint(d.content) };
}

/** Q of an EC public key: the subjectPublicKey BIT STRING of its SPKI, without the unused-bits octet. */
export function ecPublicToTransparent(key: KeyObject): TransparentECPublicKey {
  const curve = curveOf(key);
  return { recommendedCurve: curve.curve, qString: spkiKeyBits(key) };
}

/**
 * The private key of (curve, D); D must lie in [1, n−1] (SEC 1 §3.2.1), which OpenSSL does not
 * check. The public point Q = dG (computed by OpenSSL's ECDH) goes in too, so that the PKCS#8 and
 * SEC 1 encodings of the key carry it as those of generated keys do.
 */
export function ecPrivateFromTransparent(m: TransparentECPrivateKey): KeyObject {
  const curve = curveInfo(m.recommendedCurve);
  if (m.d < 1n || m.d >= curve.order) throw invalidField("D is not a valid private key on this curve");
  const d = bigintToBytes(m.d, curve.bytes);
  const ecdh = createECDH(curve.name);
  ecdh.setPrivateKey(Buffer.from(d));
  const sec1 = derSequence(
    derInteger(1n),
    derOctetString(d),
    derExplicit(0, derOid(curve.oid)),
    derExplicit(1, derBitString(ecdh.getPublicKey())),
  );
  return parse(() => createPrivateKey({ key: Buffer.from(sec1), format: "der", type: "sec1" }));
}

/**
 * The public key of (curve, Q String). OpenSSL decodes Q (and checks that it is a point of the
 * curve); a compressed Q (SEC 1 §2.3.3) is stored uncompressed, the form every Get returns.
 */
export function ecPublicFromTransparent(m: TransparentECPublicKey): KeyObject {
  const curve = curveInfo(m.recommendedCurve);
  const q = parse(() =>
    ECDH.convertKey(Buffer.from(m.qString), curve.name, undefined, undefined, "uncompressed"),
  );
  const spki = derSequence(
    derSequence(derOid(EC_PUBLIC_KEY_OID), derOid(curve.oid)),
    derBitString(q as Buffer),
  );
  return parse(() => createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" }));
}

/** The Raw secret seed of an Ed25519/Ed448 private key (JWK "d", RFC 8037 §2). */
export function edwardsPrivateToRaw(key: KeyObject): Uint8Array {
  const d = key.export({ format: "jwk" }).d;
  if (typeof d !== "string") throw invalidField("the key has no private part");
  return bytes(Buffer.from(d, "base64url"));
}

/** The Raw public key of an Ed25519/Ed448 key. */
export function edwardsPublicToRaw(key: KeyObject): Uint8Array {
  return spkiKeyBits(key);
}

/** The private key of a Raw seed: PKCS#8 with privateKey = OCTET STRING { seed } (RFC 8410 §7). */
export function edwardsPrivateFromRaw(type: EdwardsType, seed: Uint8Array): KeyObject {
  const { oid, size } = EDWARDS[type];
  if (seed.length !== size) throw invalidField(`a Raw ${type} private key is ${size} bytes`);
  const pkcs8 = derSequence(derInteger(0n), derSequence(derOid(oid)), derOctetString(derOctetString(seed)));
  return parse(() => createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" }));
}

/** The public key of Raw public bytes (RFC 8410 §4). */
export function edwardsPublicFromRaw(type: EdwardsType, raw: Uint8Array): KeyObject {
  const { oid, size } = EDWARDS[type];
  if (raw.length !== size) throw invalidField(`a Raw ${type} public key is ${size} bytes`);
  const spki = derSequence(derSequence(derOid(oid)), derBitString(raw));
  return parse(() => createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" }));
}

function spkiKeyBits(key: KeyObject): Uint8Array {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  const spki = derParse(pub.export({ format: "der", type: "spki" }));
  const bits = derChildren(spki.content).find((n) => n.tag === TAG.BIT_STRING);
  if (bits === undefined || bits.content[0] !== 0) throw invalidField("the public key has no key bits");
  return bytes(bits.content.subarray(1));
}

function parse<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw invalidField("the key material is not a valid key", e);
  }
}
