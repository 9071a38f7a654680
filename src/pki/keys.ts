import { createPrivateKey, generateKeyPair as generateNodeKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { PkiError, wrapParse } from "./errors.js";
import { decodePemBlocks, PemLabel } from "./pem.js";

/**
 * Key types and sizes of the contract (§2.2 "Valid key bits": RSA 2048, 3072, 4096; EC 224, 256,
 * 384, 521, the curve following the bits as in §3). Keys are generated with node:crypto rather
 * than WebCrypto: WebCrypto has no P-224, and one code path for every combination is simpler to
 * trust than two. Keys stay node `KeyObject`s inside this folder; they leave it as PEM.
 */

export type KeyType = "rsa" | "ec";

export const keyBitsAllowed: Readonly<Record<KeyType, readonly number[]>> = {
  rsa: [2048, 3072, 4096],
  ec: [224, 256, 384, 521],
};

export interface KeySpec {
  readonly type: KeyType;
  readonly bits: number;
}

export interface KeyPair {
  readonly spec: KeySpec;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** SEC 2 §2.4-2.7 curve names as node:crypto accepts them, keyed by bits. */
const curveByBits: Readonly<Record<number, string>> = {
  224: "P-224",
  256: "P-256",
  384: "P-384",
  521: "P-521",
};

/** OpenSSL's short names, which `asymmetricKeyDetails.namedCurve` reports, back to bits. */
const bitsByOpensslCurve: Readonly<Record<string, number>> = {
  secp224r1: 224,
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
};

const generate = promisify(generateNodeKeyPair);

/** Checks a (type, bits) pair against the contract; the error lists what is allowed. */
export function parseKeySpec(type: string, bits: number): KeySpec {
  if (type !== "rsa" && type !== "ec") {
    throw new PkiError("bad-key-type", `invalid key type "${type}": allowed key types are rsa, ec`);
  }
  const allowed = keyBitsAllowed[type];
  if (!allowed.includes(bits)) {
    throw new PkiError(
      "bad-key-bits",
      `invalid key bits ${bits} for key type ${type}: allowed values are ${allowed.join(", ")}`,
    );
  }
  return { type, bits };
}

/** A new key pair of `spec` (validated again, so a caller cannot skip the check). */
export async function generateKeyPair(spec: KeySpec): Promise<KeyPair> {
  const checked = parseKeySpec(spec.type, spec.bits);
  const keys =
    checked.type === "rsa"
      ? await generate("rsa", { modulusLength: checked.bits, publicExponent: 0x10001 })
      : await generate("ec", { namedCurve: curveByBits[checked.bits] ?? "" });
  return { spec: checked, ...keys };
}

/** The contract's (type, bits) of a key, or undefined for any other key (RSA-PSS, Ed25519, …). */
export function keySpecOf(key: KeyObject): KeySpec | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa" && details.modulusLength !== undefined) {
    return { type: "rsa", bits: details.modulusLength };
  }
  if (key.asymmetricKeyType === "ec" && details.namedCurve !== undefined) {
    const bits = bitsByOpensslCurve[details.namedCurve];
    return bits === undefined ? undefined : { type: "ec", bits };
  }
  return undefined;
}

/** Human form for messages: `ec 256`, `rsa 2048`, or what node reports for anything else. */
export function describeKey(key: KeyObject): string {
  const spec = keySpecOf(key);
  if (spec) return `${spec.type} ${spec.bits}`;
  const details = key.asymmetricKeyDetails ?? {};
  return [key.asymmetricKeyType, details.namedCurve ?? details.modulusLength].filter(Boolean).join(" ");
}

/**
 * The private key as Vault hands it to clients (contract §2.8): SEC1 `EC PRIVATE KEY` (RFC 5915)
 * for EC, PKCS#1 `RSA PRIVATE KEY` (RFC 8017) for RSA.
 */
export function exportClientPrivateKeyPem(key: KeyObject): string {
  const type = key.asymmetricKeyType === "ec" ? "sec1" : "pkcs1";
  return key.export({ type, format: "pem" }).toString().trim();
}

/** PKCS#8 `PRIVATE KEY` (RFC 5958), the one form we store (sealed) for every key type. */
export function exportPkcs8Pem(key: KeyObject): string {
  return key.export({ type: "pkcs8", format: "pem" }).toString().trim();
}

/** The SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) of a public or private key, as DER. */
export function spkiDer(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: "spki", format: "der" }));
}

const privateKeyLabels: readonly string[] = [
  PemLabel.PrivateKey,
  PemLabel.EcPrivateKey,
  PemLabel.RsaPrivateKey,
];

/** Reads a private key from PKCS#8, SEC1 or PKCS#1 PEM (one block, no password). */
export function importPrivateKeyPem(pem: string): KeyObject {
  const blocks = decodePemBlocks(pem);
  const [block, ...rest] = blocks;
  if (!block || rest.length > 0 || !privateKeyLabels.includes(block.label)) {
    throw new PkiError("bad-pem", "expected one unencrypted private key PEM block");
  }
  return wrapParse("bad-pem", "the private key does not parse", () => createPrivateKey(pem));
}
