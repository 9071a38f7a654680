/**
 * Client helpers for the cryptographic operations, over any `KmipClient` (one batch item each,
 * through `call`; a refusal throws `KmipResultError`). Enumerations may be given by spec name
 * ("CBC", "PKCS5", "SHA-256", "P-256") or value. Payloads follow `src/kmip/payloads/crypto.ts`
 * and `create.ts`: Encrypt, Decrypt (1.4 §4.29–4.30), Sign, Signature Verify (§4.31–4.32), MAC,
 * MAC Verify (§4.33–4.34), RNG Retrieve (§4.35), Hash (§4.37), Create Key Pair (§4.2); 2.1
 * §6.1.x alike. All single-part.
 */
import type { Attribute } from "../kmip/attributes.js";
import { Operation, ValidityIndicator } from "../kmip/generated/enums.js";
import type { CreateKeyPairResponse } from "../kmip/payloads/create.js";
import type {
  DecryptResponse,
  EncryptResponse,
  HashResponse,
  MACResponse,
  MACVerifyResponse,
  RNGRetrieveResponse,
  SignatureVerifyResponse,
  SignResponse,
} from "../kmip/payloads/crypto.js";
import { algorithmAttribute, lengthAttribute, nameAttribute, usageMaskAttribute } from "./attributes.js";
import type { KmipClient } from "./client.js";
import { KmipTransportError } from "./errors.js";
import { enumValue } from "./names.js";

type Named = number | string;

/** Cryptographic Parameters (1.4 §3.6) by name; what is absent is left to the server. */
export interface CryptoParameterOptions {
  readonly algorithm?: Named;
  readonly mode?: Named;
  readonly padding?: Named;
  readonly hashing?: Named;
  readonly digitalSignatureAlgorithm?: Named;
  readonly randomIv?: boolean;
  readonly tagLength?: number;
}

export interface CipherOptions extends CryptoParameterOptions {
  readonly iv?: Uint8Array;
  /** Authenticated Encryption Additional Data (KMIP 1.4+). */
  readonly aad?: Uint8Array;
}

export interface DecryptOptions extends CipherOptions {
  /** Authenticated Encryption Tag (KMIP 1.4+). */
  readonly tag?: Uint8Array;
}

export interface EncryptResult {
  readonly uniqueIdentifier: string;
  readonly data: Uint8Array;
  /** The IV the server generated (Random IV). */
  readonly iv: Uint8Array | undefined;
  readonly tag: Uint8Array | undefined;
}

/** The Cryptographic Parameters structure, or undefined when no option is set. */
export function cryptographicParameters(o: CryptoParameterOptions): Record<string, unknown> | undefined {
  const p: Record<string, unknown> = {};
  if (o.algorithm !== undefined) p.cryptographicAlgorithm = enumValue("Cryptographic Algorithm", o.algorithm);
  if (o.mode !== undefined) p.blockCipherMode = enumValue("Block Cipher Mode", o.mode);
  if (o.padding !== undefined) p.paddingMethod = enumValue("Padding Method", o.padding);
  if (o.hashing !== undefined) p.hashingAlgorithm = enumValue("Hashing Algorithm", o.hashing);
  if (o.digitalSignatureAlgorithm !== undefined)
    p.digitalSignatureAlgorithm = enumValue("Digital Signature Algorithm", o.digitalSignatureAlgorithm);
  if (o.randomIv !== undefined) p.randomIV = o.randomIv;
  if (o.tagLength !== undefined) p.tagLength = o.tagLength;
  return Object.keys(p).length === 0 ? undefined : p;
}

function textOf(v: unknown): string {
  if (typeof v === "string") return v;
  throw new KmipTransportError("protocol", "the server returned no Unique Identifier text");
}

function bytesOf(v: unknown, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw new KmipTransportError("protocol", `the server returned no ${what}`);
}

/** Encrypt (1.4 §4.29; 2.1 §6.1.17). */
export async function encrypt(
  client: KmipClient,
  uid: string,
  data: Uint8Array,
  o: CipherOptions = {},
): Promise<EncryptResult> {
  const payload = {
    uniqueIdentifier: uid,
    cryptographicParameters: cryptographicParameters(o),
    data,
    ivCounterNonce: o.iv,
    authenticatedEncryptionAdditionalData: o.aad,
  };
  const r = await client.call<EncryptResponse>(Operation.Encrypt, payload);
  return {
    uniqueIdentifier: textOf(r.uniqueIdentifier),
    data: bytesOf(r.data, "Data"),
    iv: r.ivCounterNonce,
    tag: r.authenticatedEncryptionTag,
  };
}

/** Decrypt (1.4 §4.30; 2.1 §6.1.11): the plaintext. */
export async function decrypt(
  client: KmipClient,
  uid: string,
  data: Uint8Array,
  o: DecryptOptions = {},
): Promise<Uint8Array> {
  const payload = {
    uniqueIdentifier: uid,
    cryptographicParameters: cryptographicParameters(o),
    data,
    ivCounterNonce: o.iv,
    authenticatedEncryptionAdditionalData: o.aad,
    authenticatedEncryptionTag: o.tag,
  };
  return bytesOf((await client.call<DecryptResponse>(Operation.Decrypt, payload)).data, "Data");
}

/** Sign (1.4 §4.31; 2.1 §6.1.55): the Signature Data; `digested` sends Digested Data instead of Data. */
export async function sign(
  client: KmipClient,
  uid: string,
  data: Uint8Array,
  o: CryptoParameterOptions & { readonly digested?: boolean } = {},
): Promise<Uint8Array> {
  const payload = {
    uniqueIdentifier: uid,
    cryptographicParameters: cryptographicParameters(o),
    ...(o.digested === true ? { digestedData: data } : { data }),
  };
  return bytesOf((await client.call<SignResponse>(Operation.Sign, payload)).signatureData, "Signature Data");
}

/** Signature Verify (1.4 §4.32; 2.1 §6.1.56): whether the signature is Valid. */
export async function verify(
  client: KmipClient,
  uid: string,
  data: Uint8Array,
  signature: Uint8Array,
  o: CryptoParameterOptions = {},
): Promise<boolean> {
  const payload = {
    uniqueIdentifier: uid,
    cryptographicParameters: cryptographicParameters(o),
    data,
    signatureData: signature,
  };
  const r = await client.call<SignatureVerifyResponse>(Operation.SignatureVerify, payload);
  return r.validityIndicator === ValidityIndicator.Valid;
}

/** MAC (1.4 §4.33; 2.1 §6.1.32): the MAC Data. */
export async function mac(
  client: KmipClient,
  uid: string,
  data: Uint8Array,
  o: CryptoParameterOptions = {},
): Promise<Uint8Array> {
  const payload = { uniqueIdentifier: uid, cryptographicParameters: cryptographicParameters(o), data };
  return bytesOf((await client.call<MACResponse>(Operation.MAC, payload)).macData, "MAC Data");
}

/** MAC Verify (1.4 §4.34; 2.1 §6.1.33): whether the MAC is Valid. */
export async function macVerify(
  client: KmipClient,
  uid: string,
  data: Uint8Array,
  macData: Uint8Array,
  o: CryptoParameterOptions = {},
): Promise<boolean> {
  const payload = {
    uniqueIdentifier: uid,
    cryptographicParameters: cryptographicParameters(o),
    data,
    macData,
  };
  const r = await client.call<MACVerifyResponse>(Operation.MACVerify, payload);
  return r.validityIndicator === ValidityIndicator.Valid;
}

/** RNG Retrieve (1.4 §4.35; 2.1 §6.1.49): `length` random bytes from the server. */
export async function rngRetrieve(client: KmipClient, length: number): Promise<Uint8Array> {
  return bytesOf(
    (await client.call<RNGRetrieveResponse>(Operation.RNGRetrieve, { dataLength: length })).data,
    "Data",
  );
}

/** Hash (1.4 §4.37; 2.1 §6.1.24): the digest of `data`. */
export async function hash(client: KmipClient, data: Uint8Array, hashing: Named): Promise<Uint8Array> {
  const payload = { cryptographicParameters: cryptographicParameters({ hashing }), data };
  return bytesOf((await client.call<HashResponse>(Operation.Hash, payload)).data, "Data");
}

/** What `createKeyPair` makes: RSA of a length, or EC on a curve (Ed25519 in 2.x). */
export interface KeyPairOptions {
  readonly algorithm: Named;
  readonly length?: number;
  /** Recommended Curve ("P-256" …), for EC. */
  readonly curve?: Named;
  readonly name?: string;
  /** Default Sign on the private key, Verify on the public key. */
  readonly privateUsageMask?: number | string | readonly string[];
  readonly publicUsageMask?: number | string | readonly string[];
  readonly commonAttributes?: readonly Attribute[];
}

export interface KeyPairResult {
  readonly privateKey: string;
  readonly publicKey: string;
}

function pairPayload(o: KeyPairOptions): Record<string, Attribute[]> {
  const common = [algorithmAttribute(o.algorithm), ...(o.commonAttributes ?? [])];
  if (o.length !== undefined) common.push(lengthAttribute(o.length));
  if (o.curve !== undefined)
    common.push({
      name: "Cryptographic Domain Parameters",
      value: { recommendedCurve: enumValue("Recommended Curve", o.curve) },
    });
  const named = (suffix: string) => (o.name === undefined ? [] : [nameAttribute(`${o.name}${suffix}`)]);
  return {
    commonAttributes: common,
    privateKeyAttributes: [usageMaskAttribute(o.privateUsageMask ?? "Sign"), ...named("")],
    publicKeyAttributes: [usageMaskAttribute(o.publicUsageMask ?? "Verify"), ...named("-public")],
  };
}

/** Create Key Pair (1.4 §4.2; 2.1 §6.1.9); `name` names the private key, `name-public` the public one. */
export async function createKeyPair(client: KmipClient, o: KeyPairOptions): Promise<KeyPairResult> {
  const r = await client.call<CreateKeyPairResponse>(Operation.CreateKeyPair, pairPayload(o));
  return { privateKey: textOf(r.privateKeyUniqueIdentifier), publicKey: textOf(r.publicKeyUniqueIdentifier) };
}
