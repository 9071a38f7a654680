/**
 * Digests of a key in a format other than the one it is stored in.
 *
 * KMIP 2.1 §4.21: the mandatory SHA-256 instance is over "the default Key Value Format for this
 * object type and algorithm", and when a client supplies a non-default format "the server SHALL
 * produce an additional Digest attribute for that Key Value Type". KMIP 1.4 §3.17 instead makes
 * the registered format's digest the mandatory one and any other optional ("Multiple digests MAY
 * be calculated using different algorithms and/or key format types").
 *
 * kmipd's default format for RSA keys is PKCS#1 (it generates them so). The registered format's
 * digest is always there (`digestOf` in `insert.ts`); for a 2.x request this adds the default
 * one: for an RSA private or public key held in the clear in another format (Transparent RSA,
 * PKCS#8, X.509), the SHA-256 of its PKCS#1 encoding (RSAPrivateKey or RSAPublicKey DER, RFC 8017
 * Appendix A.1). The OASIS test case TC-IMPEXP-4-20 shows that pair for a Transparent RSA Private
 * Key; the 1.1 test case TC-182-11 (OVH) shows the single 1.x digest. kmipd serves every such key
 * in PKCS#1 (Get with Key Format Type PKCS#1), as both versions require of a digest's format.
 */
import { createHash } from "node:crypto";
import { fromFormat, toFormat } from "../crypto/formats.js";
import type { Attribute } from "../kmip/attributes.js";
import { CryptographicAlgorithm, KeyFormatType, ObjectType } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { digestAttribute } from "../policy/new-object.js";
import { keyBlockOf, plainMaterial } from "./crypto-key.js";
import type { ManagedObjectValue } from "./material.js";

const RSA_KEYS: ReadonlySet<number> = new Set([ObjectType.PrivateKey, ObjectType.PublicKey]);

/** The PKCS#1 DER of an RSA key held in another format, or undefined when there is none to give. */
function pkcs1Of(objectType: number, object: ManagedObjectValue): Uint8Array | undefined {
  const block = keyBlockOf(object);
  if (block === undefined || !RSA_KEYS.has(objectType)) return undefined;
  if (block.keyFormatType === KeyFormatType.PKCS_1) return undefined;
  const material = plainMaterial(block);
  if (material === undefined) return undefined;
  const algorithm = block.cryptographicAlgorithm;
  if (algorithm !== undefined && algorithm !== CryptographicAlgorithm.RSA) return undefined;
  try {
    const key = fromFormat(material, block.keyFormatType, objectType, algorithm);
    if (key.asymmetricKeyType !== "rsa") return undefined;
    const der = toFormat(key, objectType, KeyFormatType.PKCS_1);
    return der instanceof Uint8Array ? der : undefined;
  } catch {
    // A key the server cannot read gets only its mandatory digest; Register judges the key itself.
    return undefined;
  }
}

/** The Digest attributes besides the registered format's (see the header); often none. */
export function otherFormatDigests(
  objectType: number,
  object: ManagedObjectValue | undefined,
  version: KmipVersion,
): Attribute[] {
  if (object === undefined || version < 20) return [];
  const pkcs1 = pkcs1Of(objectType, object);
  if (pkcs1 === undefined) return [];
  const value = new Uint8Array(createHash("sha256").update(pkcs1).digest());
  return [digestAttribute(objectType, value, KeyFormatType.PKCS_1)];
}
