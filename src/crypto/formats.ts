/**
 * Key Format Types (1.4 §9.1.3.2.3, 2.1 §11.25) ⇄ node:crypto KeyObjects.
 *
 * | object | formats |
 * | --- | --- |
 * | Symmetric Key | Raw, Opaque, Transparent Symmetric Key (1.4 §2.1.7.1) |
 * | Secret Data | Raw, Opaque |
 * | RSA Private Key | PKCS#1 (RFC 8017 App. A.1.2), PKCS#8 (RFC 5958), Transparent RSA Private Key |
 * | RSA Public Key | PKCS#1 (RFC 8017 App. A.1.1), X.509 (SubjectPublicKeyInfo), Transparent RSA Public Key |
 * | EC Private Key | EC Private Key (SEC 1 §C.4), PKCS#8, Transparent EC (and 1.x ECDSA/ECDH/ECMQV) Private Key |
 * | EC Public Key | X.509, Transparent EC (and 1.x ECDSA/ECDH/ECMQV) Public Key |
 * | Ed25519/Ed448 | PKCS#8 or X.509, and Raw (RFC 8032 seed / public key) |
 * | other private / public keys (DSA …) | PKCS#8 / X.509 |
 *
 * Any other pairing is Key Format Type Not Supported (1.4 §11.12). Material that does not parse
 * is Invalid Field.
 */
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from "node:crypto";
import { CryptographicAlgorithm as A, KeyFormatType as F, ObjectType as O } from "../kmip/generated/enums.js";
import { bytes } from "./bytes.js";
import { formatNotSupported, invalidField } from "./errors.js";
import {
  type EdwardsType,
  ecPrivateFromTransparent,
  ecPrivateToTransparent,
  ecPublicFromTransparent,
  ecPublicToTransparent,
  edwardsPrivateFromRaw,
  edwardsPrivateToRaw,
  edwardsPublicFromRaw,
  edwardsPublicToRaw,
  type TransparentECPrivateKey,
  type TransparentECPublicKey,
} from "./formats-ec.js";
import {
  rsaPrivateFromTransparent,
  rsaPrivateToTransparent,
  rsaPublicFromTransparent,
  rsaPublicToTransparent,
  type TransparentRSAPrivateKey,
  type TransparentRSAPublicKey,
} from "./formats-rsa.js";

export type {
  TransparentECPrivateKey,
  TransparentECPublicKey,
  TransparentRSAPrivateKey,
  TransparentRSAPublicKey,
};

export interface TransparentSymmetricKey {
  key: Uint8Array;
}

/** Key Material: a Byte String, or one of the Transparent structures (1.4 §2.1.4 Table 8). */
export type KeyMaterial =
  | Uint8Array
  | TransparentSymmetricKey
  | TransparentRSAPrivateKey
  | TransparentRSAPublicKey
  | TransparentECPrivateKey
  | TransparentECPublicKey;

const EC_PRIVATE: readonly number[] = [
  F.TransparentECPrivateKey,
  F.TransparentECDSAPrivateKey,
  F.TransparentECDHPrivateKey,
  F.TransparentECMQVPrivateKey,
];
const EC_PUBLIC: readonly number[] = [
  F.TransparentECPublicKey,
  F.TransparentECDSAPublicKey,
  F.TransparentECDHPublicKey,
  F.TransparentECMQVPublicKey,
];

const der = (key: KeyObject, type: "pkcs1" | "pkcs8" | "sec1" | "spki"): Uint8Array =>
  bytes(key.export({ format: "der" as const, type }));

function notSupported(format: number): never {
  throw formatNotSupported(`the key cannot be given in Key Format Type 0x${format.toString(16)}`);
}

/** The key's material in `format`, for a Get or Export of an object of `objectType`. */
export function toFormat(key: KeyObject, objectType: number, format: number): KeyMaterial {
  checkObjectType(key, objectType);
  if (key.type === "secret") return secretToFormat(key, objectType, format);
  return key.type === "private" ? privateToFormat(key, format) : publicToFormat(key, format);
}

function checkObjectType(key: KeyObject, objectType: number): void {
  const expected =
    objectType === O.SymmetricKey || objectType === O.SecretData
      ? "secret"
      : objectType === O.PrivateKey
        ? "private"
        : objectType === O.PublicKey
          ? "public"
          : undefined;
  if (expected === undefined) throw formatNotSupported("this Object Type has no key format");
  if (key.type !== expected) throw invalidField("the key does not match the Object Type");
}

function secretToFormat(key: KeyObject, objectType: number, format: number): KeyMaterial {
  const material = bytes(key.export());
  if (format === F.Raw || format === F.Opaque) return material;
  if (format === F.TransparentSymmetricKey && objectType === O.SymmetricKey) return { key: material };
  return notSupported(format);
}

function privateToFormat(key: KeyObject, format: number): KeyMaterial {
  const type = key.asymmetricKeyType;
  if (format === F.PKCS_8) return der(key, "pkcs8");
  if (type === "rsa" && format === F.PKCS_1) return der(key, "pkcs1");
  if (type === "rsa" && format === F.TransparentRSAPrivateKey) return rsaPrivateToTransparent(key);
  if (type === "ec" && format === F.ECPrivateKey) return der(key, "sec1");
  if (type === "ec" && EC_PRIVATE.includes(format)) return ecPrivateToTransparent(key);
  if ((type === "ed25519" || type === "ed448") && format === F.Raw) return edwardsPrivateToRaw(key);
  return notSupported(format);
}

function publicToFormat(key: KeyObject, format: number): KeyMaterial {
  const type = key.asymmetricKeyType;
  if (format === F.X_509) return der(key, "spki");
  if (type === "rsa" && format === F.PKCS_1) return der(key, "pkcs1");
  if (type === "rsa" && format === F.TransparentRSAPublicKey) return rsaPublicToTransparent(key);
  if (type === "ec" && EC_PUBLIC.includes(format)) return ecPublicToTransparent(key);
  if ((type === "ed25519" || type === "ed448") && format === F.Raw) return edwardsPublicToRaw(key);
  return notSupported(format);
}

/**
 * The KeyObject of `material` in `format` for an object of `objectType`. `algorithm` (the Key
 * Block's Cryptographic Algorithm) is needed only where the format does not say: Raw Ed25519/Ed448.
 */
export function fromFormat(
  material: KeyMaterial,
  format: number,
  objectType: number,
  algorithm?: number,
): KeyObject {
  if (objectType === O.SymmetricKey || objectType === O.SecretData) return secretFromFormat(material, format);
  if (objectType === O.PrivateKey) return privateFromFormat(material, format, algorithm);
  if (objectType === O.PublicKey) return publicFromFormat(material, format, algorithm);
  throw formatNotSupported("this Object Type has no key format");
}

function secretFromFormat(material: KeyMaterial, format: number): KeyObject {
  const raw =
    format === F.Raw || format === F.Opaque
      ? byteString(material)
      : format === F.TransparentSymmetricKey
        ? structure<TransparentSymmetricKey>(material, "key").key
        : notSupported(format);
  if (raw.length === 0) throw invalidField("the key material is empty");
  return createSecretKey(bytes(raw));
}

function privateFromFormat(material: KeyMaterial, format: number, algorithm?: number): KeyObject {
  if (format === F.PKCS_1)
    return parseDer(material, (key) => createPrivateKey({ key, format: "der", type: "pkcs1" }));
  if (format === F.PKCS_8)
    return parseDer(material, (key) => createPrivateKey({ key, format: "der", type: "pkcs8" }));
  if (format === F.ECPrivateKey)
    return parseDer(material, (key) => createPrivateKey({ key, format: "der", type: "sec1" }));
  if (format === F.TransparentRSAPrivateKey) return rsaPrivateFromTransparent(structure(material, "modulus"));
  if (EC_PRIVATE.includes(format)) return ecPrivateFromTransparent(structure(material, "d"));
  if (format === F.Raw) return edwardsPrivateFromRaw(edwardsType(algorithm, format), byteString(material));
  return notSupported(format);
}

function publicFromFormat(material: KeyMaterial, format: number, algorithm?: number): KeyObject {
  if (format === F.PKCS_1)
    return parseDer(material, (key) => createPublicKey({ key, format: "der", type: "pkcs1" }));
  if (format === F.X_509)
    return parseDer(material, (key) => createPublicKey({ key, format: "der", type: "spki" }));
  if (format === F.TransparentRSAPublicKey)
    return rsaPublicFromTransparent(structure(material, "publicExponent"));
  if (EC_PUBLIC.includes(format)) return ecPublicFromTransparent(structure(material, "qString"));
  if (format === F.Raw) return edwardsPublicFromRaw(edwardsType(algorithm, format), byteString(material));
  return notSupported(format);
}

function edwardsType(algorithm: number | undefined, format: number): EdwardsType {
  if (algorithm === A.Ed25519) return "ed25519";
  if (algorithm === A.Ed448) return "ed448";
  return notSupported(format);
}

function byteString(material: KeyMaterial): Uint8Array {
  if (!(material instanceof Uint8Array)) throw invalidField("this Key Format Type takes a Byte String");
  return material;
}

function structure<T>(material: KeyMaterial, field: string): T {
  if (material instanceof Uint8Array || !(field in material)) {
    throw invalidField("the Key Material structure does not match the Key Format Type");
  }
  return material as T;
}

function parseDer(material: KeyMaterial, parse: (der: Buffer) => KeyObject): KeyObject {
  const data = byteString(material);
  try {
    return parse(Buffer.from(data));
  } catch (e) {
    throw invalidField("the key material does not parse in this Key Format Type", e);
  }
}
