/**
 * Shared set-up for the cryptographic operation tests: keys registered from known bytes (the
 * NIST/RFC vectors' keys) or made by Create and Create Key Pair, activated through the Activate
 * handler, and short names for hex and masks.
 */
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm as A,
  KeyFormatType,
  ObjectType,
  SecretDataType,
} from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask as M } from "../../src/kmip/generated/masks.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { Activate } from "../../src/operations/activate.js";
import { CreateKeyPair } from "../../src/operations/create-key-pair.js";
import { CRYPTO_STREAMS } from "../../src/operations/crypto-streams.js";
import { Register } from "../../src/operations/register.js";
import type { OperationContext } from "../../src/operations/types.js";

export { M };

export const V12_UP: readonly KmipVersion[] = [12, 13, 14, 20, 21];
export const VERSIONS: readonly KmipVersion[] = [12, 14, 20, 21];
export const STREAM_VERSIONS: readonly KmipVersion[] = [13, 14, 20, 21];

export const unhex = (text: string): Uint8Array =>
  new Uint8Array(Buffer.from(text.replace(/\s+/g, ""), "hex"));
/** Hex of a byte field (a response's Data is typed as bytes or a 2.x reference). */
export const hex = (data: unknown): string =>
  Buffer.from((data as Uint8Array | undefined) ?? []).toString("hex");
/** A byte field of a response, as bytes. */
export const bytes = (data: unknown): Uint8Array => data as Uint8Array;
export const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));

export function forgetStreams(): void {
  CRYPTO_STREAMS.clear();
}

export async function activate(ctx: OperationContext, uid: string): Promise<string> {
  await Activate.handler({ uniqueIdentifier: uid }, ctx);
  return uid;
}

export interface SymmetricOptions {
  readonly algorithm?: number;
  readonly mask?: number;
  readonly extra?: Attribute[];
  readonly active?: boolean;
}

/** A symmetric key registered from `keyHex` (Raw), Active unless `active` is false. */
export async function registerKey(
  ctx: OperationContext,
  keyHex: string,
  o: SymmetricOptions = {},
): Promise<string> {
  const material = unhex(keyHex);
  const algorithm = o.algorithm ?? A.AES;
  const attributes: Attribute[] = [
    { name: "Cryptographic Algorithm", value: algorithm },
    { name: "Cryptographic Length", value: material.length * 8 },
    { name: "Cryptographic Usage Mask", value: o.mask ?? M.Encrypt | M.Decrypt },
    ...(o.extra ?? []),
  ];
  const keyBlock = {
    keyFormatType: KeyFormatType.Raw,
    keyValue: { keyMaterial: material },
    cryptographicAlgorithm: algorithm,
    cryptographicLength: material.length * 8,
  };
  const r = await Register.handler(
    {
      objectType: ObjectType.SymmetricKey,
      attributes,
      object: { type: "symmetricKey", value: { keyBlock } },
    },
    ctx,
  );
  const uid = r.uniqueIdentifier as string;
  return o.active === false ? uid : activate(ctx, uid);
}

/** Secret Data registered from bytes (Opaque), Active, with `mask`. */
export async function registerSecret(
  ctx: OperationContext,
  secret: Uint8Array,
  mask: number,
): Promise<string> {
  const keyBlock = { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: secret } };
  const r = await Register.handler(
    {
      objectType: ObjectType.SecretData,
      attributes: [{ name: "Cryptographic Usage Mask", value: mask }],
      object: { type: "secretData", value: { secretDataType: SecretDataType.Seed, keyBlock } },
    },
    ctx,
  );
  return activate(ctx, r.uniqueIdentifier as string);
}

/** A private or public key registered in `format`, Active. */
export async function registerAsymmetric(
  ctx: OperationContext,
  objectType: number,
  format: number,
  material: Uint8Array | object,
  algorithm: number,
  lengthBits: number,
  mask: number,
): Promise<string> {
  const keyBlock = {
    keyFormatType: format,
    keyValue: { keyMaterial: material },
    cryptographicAlgorithm: algorithm,
    cryptographicLength: lengthBits,
  };
  const type = objectType === ObjectType.PrivateKey ? "privateKey" : "publicKey";
  const r = await Register.handler(
    {
      objectType,
      attributes: [{ name: "Cryptographic Usage Mask", value: mask }],
      object: { type, value: { keyBlock } } as never,
    },
    ctx,
  );
  return activate(ctx, r.uniqueIdentifier as string);
}

export interface PairOptions {
  readonly algorithm: number;
  readonly length?: number;
  readonly curve?: number;
  readonly privateMask?: number;
  readonly publicMask?: number;
  readonly active?: boolean;
}

/** A key pair made by Create Key Pair (both keys activated unless `active` is false). */
export async function createPair(
  ctx: OperationContext,
  o: PairOptions,
): Promise<{ privateKey: string; publicKey: string }> {
  const common: Attribute[] = [{ name: "Cryptographic Algorithm", value: o.algorithm }];
  if (o.length !== undefined) common.push({ name: "Cryptographic Length", value: o.length });
  if (o.curve !== undefined)
    common.push({ name: "Cryptographic Domain Parameters", value: { recommendedCurve: o.curve } });
  const r = await CreateKeyPair.handler(
    {
      commonAttributes: common,
      privateKeyAttributes: [{ name: "Cryptographic Usage Mask", value: o.privateMask ?? M.Sign }],
      publicKeyAttributes: [{ name: "Cryptographic Usage Mask", value: o.publicMask ?? M.Verify }],
    },
    ctx,
  );
  const pair = { privateKey: r.privateKeyUniqueIdentifier, publicKey: r.publicKeyUniqueIdentifier };
  if (o.active !== false) {
    await activate(ctx, pair.privateKey);
    await activate(ctx, pair.publicKey);
  }
  return pair;
}
