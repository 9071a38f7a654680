/**
 * Derive Key with the Asymmetric Key Derivation Method (ECDH key agreement), after the OASIS case
 * TC-DERIVEKEY-6 (KMIP 1.4 Test Cases; 2.0 too): each party's private key with the other's public
 * key gives the same key, which is the shared secret `openssl pkeyutl -derive` computes; and the
 * refusals.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm as A,
  DerivationMethod as DM,
  KeyFormatType as F,
  ObjectType,
  ResultReason as R,
  RecommendedCurve,
} from "../../src/kmip/generated/enums.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { DeriveKey } from "../../src/operations/derive-key.js";
import { Get } from "../../src/operations/get-crypto.js";
import type { OperationContext } from "../../src/operations/types.js";
import { openssl, tempFile } from "../crypto/helpers.js";
import { createPair, hex, M, registerAsymmetric } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run } from "./harness.js";

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

const aes256: Attribute[] = [
  { name: "Cryptographic Algorithm", value: A.AES },
  { name: "Cryptographic Length", value: 256 },
  { name: "Cryptographic Usage Mask", value: M.Encrypt | M.Decrypt },
];

interface Party {
  readonly keys: { privateKey: KeyObject; publicKey: KeyObject };
  readonly privateKey: string;
  readonly publicKey: string;
}

/** A node-generated EC pair on `curve`, registered as PKCS#8 and X.509 with `mask`. */
async function party(
  ctx: OperationContext,
  curve = "prime256v1",
  mask: number = M.DeriveKey,
): Promise<Party> {
  const keys = generateKeyPairSync("ec", { namedCurve: curve });
  const der = (k: KeyObject, type: "pkcs8" | "spki") => new Uint8Array(k.export({ format: "der", type }));
  const bits = curve === "secp384r1" ? 384 : 256;
  const privateKey = await registerAsymmetric(
    ctx,
    ObjectType.PrivateKey,
    F.PKCS_8,
    der(keys.privateKey, "pkcs8"),
    A.EC,
    bits,
    mask,
  );
  const publicKey = await registerAsymmetric(
    ctx,
    ObjectType.PublicKey,
    F.X_509,
    der(keys.publicKey, "spki"),
    A.EC,
    bits,
    mask,
  );
  return { keys, privateKey, publicKey };
}

function agreement(uids: string[], attributes = aes256, derivationData?: Uint8Array) {
  return {
    objectType: ObjectType.SymmetricKey,
    uniqueIdentifier: uids,
    derivationMethod: DM.AsymmetricKey,
    derivationParameters: {
      cryptographicParameters: { cryptographicAlgorithm: A.ECDH },
      ...(derivationData && { derivationData }),
    },
    attributes,
  };
}

async function derivedHex(ctx: OperationContext, uids: string[], attributes = aes256): Promise<string> {
  const { response } = await run(DeriveKey, agreement(uids, attributes), ctx);
  const got = await Get.handler({ uniqueIdentifier: response.uniqueIdentifier as string }, ctx);
  return hex(
    (got.object.value as { keyBlock: { keyValue: { keyMaterial: Uint8Array } } }).keyBlock.keyValue
      .keyMaterial,
  );
}

/** The ECDH shared secret by the openssl CLI. */
function opensslDerive(own: KeyObject, peer: KeyObject): string {
  const priv = tempFile("own.pem", own.export({ format: "pem", type: "pkcs8" }) as string);
  const pub = tempFile("peer.pem", peer.export({ format: "pem", type: "spki" }) as string);
  return openssl(["pkeyutl", "-derive", "-inkey", priv, "-peerkey", pub]).toString("hex");
}

describe.each([14, 20, 21] as KmipVersion[])("Derive Key by key agreement, KMIP %i", (version) => {
  it("both parties derive openssl's ECDH secret, the private key named first or second", async () => {
    const ctx = h.ctx(version);
    const [alice, bob] = [await party(ctx), await party(ctx)];
    const expected = opensslDerive(alice.keys.privateKey, bob.keys.publicKey);
    expect(expected).toHaveLength(64);
    expect(await derivedHex(ctx, [alice.privateKey, bob.publicKey])).toBe(expected);
    expect(await derivedHex(ctx, [bob.privateKey, alice.publicKey])).toBe(expected);
    expect(await derivedHex(ctx, [alice.publicKey, bob.privateKey])).toBe(expected);
  });

  it("a shorter key is the secret's leftmost bytes", async () => {
    const ctx = h.ctx(version);
    const [alice, bob] = [await party(ctx), await party(ctx)];
    const expected = opensslDerive(alice.keys.privateKey, bob.keys.publicKey);
    const aes128 = [{ ...aes256[0]! }, { name: "Cryptographic Length", value: 128 }, aes256[2]!];
    expect(await derivedHex(ctx, [alice.privateKey, bob.publicKey], aes128)).toBe(expected.slice(0, 32));
  });

  it("works with pairs from Create Key Pair on secp256k1 (TC-DERIVEKEY-6)", async () => {
    const ctx = h.ctx(version);
    const o = {
      algorithm: A.EC,
      curve: RecommendedCurve.SECP256K1,
      privateMask: M.DeriveKey,
      publicMask: M.DeriveKey,
    };
    const [one, two] = [await createPair(ctx, o), await createPair(ctx, o)];
    const a = await derivedHex(ctx, [one.privateKey, two.publicKey]);
    expect(await derivedHex(ctx, [two.privateKey, one.publicKey])).toBe(a);
  });

  it("refuses what is not one private and one public key, and more than Z holds", async () => {
    const ctx = h.ctx(version);
    const [alice, bob] = [await party(ctx), await party(ctx)];
    const invalid = R.InvalidField;
    expect(await reasonOf(DeriveKey.handler(agreement([alice.privateKey]), ctx))).toBe(invalid);
    expect(await reasonOf(DeriveKey.handler(agreement([alice.privateKey, bob.privateKey]), ctx))).toBe(
      invalid,
    );
    expect(await reasonOf(DeriveKey.handler(agreement([alice.publicKey, bob.publicKey]), ctx))).toBe(invalid);
    const withData = agreement([alice.privateKey, bob.publicKey], aes256, new Uint8Array([1]));
    expect(await reasonOf(DeriveKey.handler(withData, ctx))).toBe(invalid);
    const secret512 = {
      ...agreement([alice.privateKey, bob.publicKey], [{ name: "Cryptographic Length", value: 512 }]),
      objectType: ObjectType.SecretData,
    };
    expect(await reasonOf(DeriveKey.handler(secret512, ctx))).toBe(R.CryptographicFailure);
  });

  it("refuses keys on different curves, and keys without the Derive Key bit", async () => {
    const ctx = h.ctx(version);
    const [alice, carol] = [await party(ctx), await party(ctx, "secp384r1")];
    const mixed = DeriveKey.handler(agreement([alice.privateKey, carol.publicKey]), ctx);
    expect(await reasonOf(mixed)).toBe(R.InvalidField);
    const dave = await party(ctx, "prime256v1", M.Sign | M.Verify);
    const noBit = DeriveKey.handler(agreement([alice.privateKey, dave.publicKey]), ctx);
    expect(await reasonOf(noBit)).toBe(version >= 20 ? R.IncompatibleCryptographicUsageMask : R.InvalidField);
  });
});
