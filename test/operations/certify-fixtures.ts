/**
 * Set-up for the Certify and Re-certify tests: a Certify CA (a generated root → intermediate, as
 * the engine's `certify-ca.ts` makes it) plumbed into the operation context, RSA and EC public
 * keys registered through the Register handler, PKCS#10 requests made by the openssl command
 * line (an independent requester), and `openssl verify` of what was issued.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Attribute } from "../../src/kmip/attributes.js";
import { CryptographicAlgorithm, KeyFormatType, ObjectType } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask } from "../../src/kmip/generated/masks.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Register } from "../../src/operations/register.js";
import type { OperationContext } from "../../src/operations/types.js";
import { type CaHierarchy, generateCaHierarchy } from "../../src/pki/ca.js";
import { issueCertifiedKey } from "../../src/pki/certify-profile.js";
import { exportPkcs8Pem } from "../../src/pki/keys.js";
import { decodeSinglePem, encodePem, PemLabel } from "../../src/pki/pem.js";
import { openssl, opensslVerify } from "../pki/helpers.js";
import type { Harness } from "./harness.js";

export interface TestKey {
  readonly publicKey: KeyObject;
  readonly privateKeyPem: string;
  readonly spki: Uint8Array;
}

function testKey(pair: { publicKey: KeyObject; privateKey: KeyObject }): TestKey {
  return {
    publicKey: pair.publicKey,
    privateKeyPem: exportPkcs8Pem(pair.privateKey),
    spki: new Uint8Array(pair.publicKey.export({ format: "der", type: "spki" })),
  };
}

export const rsaKey = (): TestKey => testKey(generateKeyPairSync("rsa", { modulusLength: 2048 }));
export const ecKey = (): TestKey => testKey(generateKeyPairSync("ec", { namedCurve: "P-256" }));

export function certifyCa(now: Date): Promise<CaHierarchy> {
  return generateCaHierarchy({ keyType: "ec", keyBits: 256, commonNamePrefix: "test certify", now });
}

/** A context of `version` whose mount has `ca` as its Certify CA. */
export function caContext(h: Harness, version: KmipVersion, ca: CaHierarchy): OperationContext {
  const issuer = { intermediate: ca.intermediate, root: ca.root };
  return {
    ...h.ctx(version),
    certificateAuthority: { issue: (request) => issueCertifiedKey({ issuer, ...request }) },
  };
}

/** Registers `key` as a Public Key (RSA as PKCS#1, EC as X.509 SubjectPublicKeyInfo). */
export async function registerPublicKey(
  ctx: OperationContext,
  key: TestKey,
  extra: Attribute[] = [],
): Promise<string> {
  const rsa = key.publicKey.asymmetricKeyType === "rsa";
  const algorithm = rsa ? CryptographicAlgorithm.RSA : CryptographicAlgorithm.EC;
  const length = rsa ? 2048 : 256;
  const material = rsa ? new Uint8Array(key.publicKey.export({ format: "der", type: "pkcs1" })) : key.spki;
  const keyBlock = {
    keyFormatType: rsa ? KeyFormatType.PKCS_1 : KeyFormatType.X_509,
    keyValue: { keyMaterial: material },
    cryptographicAlgorithm: algorithm,
    cryptographicLength: length,
  };
  const attributes: Attribute[] = [
    { name: "Cryptographic Usage Mask", value: CryptographicUsageMask.Verify },
    ...(ctx.version < 20 ? [] : [{ name: "Cryptographic Algorithm", value: algorithm }]),
    ...extra,
  ];
  const response = await Register.handler(
    { objectType: ObjectType.PublicKey, attributes, object: { type: "publicKey", value: { keyBlock } } },
    ctx,
  );
  return response.uniqueIdentifier as string;
}

/** A PKCS#10 request for `key` made by `openssl req`, as DER; `args` picks the digest (-sha1 …). */
export async function opensslCsr(key: TestKey, subject: string, args: readonly string[] = []) {
  const result = await openssl(["req", "-new", "-key", "key.pem", "-subj", subject, ...args], {
    "key.pem": key.privateKeyPem,
  });
  if (result.code !== 0) throw new Error(result.stderr);
  return decodeSinglePem(result.stdout, PemLabel.CertificateRequest);
}

/** The Certificate Value of a stored certificate, through the Get handler. */
export async function certificateDer(ctx: OperationContext, uid: string): Promise<Uint8Array> {
  const got = await Get.handler({ uniqueIdentifier: uid }, ctx);
  const value = got.object.value as { certificateValue: Uint8Array };
  return value.certificateValue;
}

/** `openssl verify` of `der` against the CA: its stdout, "leaf.pem: OK" when it verifies. */
export async function verifyAgainst(ca: CaHierarchy, der: Uint8Array): Promise<string> {
  const leaf = encodePem(PemLabel.Certificate, der);
  const result = await opensslVerify(ca.root.certificatePem, ca.intermediate.certificatePem, leaf);
  return `${result.stdout}${result.stderr}`.trim();
}

/** The openssl text of a certificate (`-text -noout`). */
export async function certificateText(der: Uint8Array): Promise<string> {
  const leaf = encodePem(PemLabel.Certificate, der);
  const result = await openssl(["x509", "-in", "leaf.pem", "-text", "-noout"], { "leaf.pem": leaf });
  return result.stdout;
}
