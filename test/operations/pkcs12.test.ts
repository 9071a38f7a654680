/**
 * Get and Register in Key Format Type PKCS#12 (`get-pkcs12.ts`, `register-pkcs12.ts`): the
 * container a Get returns holds the key and its chain under the linked password (read back with
 * `readPkcs12` and the openssl CLI); the errors of KMIP 1.4 §11.4 Table 330 / 2.x Bad Password
 * and those OASIS TC-PKCS12-2 shows; a Register of a container splits it into key and certificates.
 */
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readPkcs12 } from "../../src/crypto/pkcs12-read.js";
import { selectPkcs12 } from "../../src/crypto/pkcs12-select.js";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm as A,
  CertificateType,
  KeyFormatType as F,
  LinkType,
  ObjectType,
  ResultReason as R,
  SecretDataType,
} from "../../src/kmip/generated/enums.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Register } from "../../src/operations/register.js";
import type { OperationContext } from "../../src/operations/types.js";
import { opensslChain } from "../helpers/openssl-chain.js";
import { activate, M, registerKey, text } from "./crypto-helpers.js";
import { type Harness, harness, reasonOf, run } from "./harness.js";

let dir: string;
let keyDer: Uint8Array;
let eeDer: Uint8Array;
let caDer: Uint8Array;

beforeAll(() => {
  ({ dir, keyDer, eeDer, caDer } = opensslChain("kmipd-get-pkcs12-", "CA", "EE"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => h.close());

const link = (linkType: number, uid: string): Attribute => ({
  name: "Link",
  value: { linkType, linkedObjectIdentifier: uid },
});

async function registerPassword(
  ctx: OperationContext,
  password: string,
  type: number = SecretDataType.Password,
) {
  const keyBlock = { keyFormatType: F.Opaque, keyValue: { keyMaterial: text(password) } };
  const r = await Register.handler(
    {
      objectType: ObjectType.SecretData,
      attributes: [{ name: "Cryptographic Usage Mask", value: M.DeriveKey }],
      object: { type: "secretData", value: { secretDataType: type, keyBlock } },
    },
    ctx,
  );
  return r.uniqueIdentifier as string;
}

async function registerCertificate(ctx: OperationContext, der: Uint8Array, links: Attribute[] = []) {
  const r = await Register.handler(
    {
      objectType: ObjectType.Certificate,
      attributes: links,
      object: {
        type: "certificate",
        value: { certificateType: CertificateType.X_509, certificateValue: der },
      },
    },
    ctx,
  );
  return r.uniqueIdentifier as string;
}

async function registerPrivateKey(ctx: OperationContext, links: Attribute[], extra: Attribute[] = []) {
  const keyBlock = {
    keyFormatType: F.PKCS_8,
    keyValue: { keyMaterial: keyDer },
    cryptographicAlgorithm: A.RSA,
    cryptographicLength: 2048,
  };
  const r = await Register.handler(
    {
      objectType: ObjectType.PrivateKey,
      attributes: [{ name: "Cryptographic Usage Mask", value: M.Sign }, ...links, ...extra],
      object: { type: "privateKey", value: { keyBlock } },
    },
    ctx,
  );
  return r.uniqueIdentifier as string;
}

/** Password (Active), CA and EE certificates linked as OASIS TC-PKCS12-1 links them, and the key. */
async function setUp(ctx: OperationContext, extra: Attribute[] = []) {
  const password = await activate(ctx, await registerPassword(ctx, "password"));
  const ca = await registerCertificate(ctx, caDer);
  const ee = await registerCertificate(ctx, eeDer, [link(LinkType.PKCS_12CertificateLink, ca)]);
  const key = await registerPrivateKey(
    ctx,
    [link(LinkType.PKCS_12PasswordLink, password), link(LinkType.PKCS_12CertificateLink, ee)],
    extra,
  );
  return { password, ca, ee, key };
}

/** The container of a PKCS#12 Get: the Key Value (1.x) or its Key Material (2.x). */
async function getPkcs12(ctx: OperationContext, uid: string): Promise<Uint8Array> {
  const { response } = await run(Get, { uniqueIdentifier: uid, keyFormatType: F.PKCS_12 }, ctx);
  const block = (response.object.value as { keyBlock: Record<string, unknown> }).keyBlock;
  expect(block.keyFormatType).toBe(F.PKCS_12);
  expect(block.cryptographicAlgorithm).toBeUndefined();
  const value = block.keyValue as Uint8Array | { keyMaterial: Uint8Array };
  if (ctx.version >= 20) return (value as { keyMaterial: Uint8Array }).keyMaterial;
  expect(value).toBeInstanceOf(Uint8Array);
  return value as Uint8Array;
}

const hexOf = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString("hex");
const badPassword = (version: KmipVersion) => (version >= 20 ? R.BadPassword : R.InvalidField);

describe.each([14, 20, 21] as const)("Get in PKCS#12, KMIP %i", (version) => {
  it("returns the key and its chain under the linked password, named by the PKCS#12 Friendly Name", async () => {
    const ctx = h.ctx(version);
    const { key } = await setUp(ctx, [{ name: "PKCS#12 Friendly Name", value: "mykey" }]);
    const pfx = await getPkcs12(ctx, key);
    const read = readPkcs12(pfx, text("password"));
    const selection = selectPkcs12(read);
    expect(selection.friendlyName).toBe("mykey");
    expect(hexOf(selection.privateKey)).toBe(hexOf(keyDer));
    expect(selection.chain.map(hexOf)).toEqual([hexOf(eeDer), hexOf(caDer)]);
    writeFileSync(join(dir, `get-${version}.p12`), pfx);
    const out = execFileSync(
      "openssl",
      ["pkcs12", "-in", `get-${version}.p12`, "-passin", "pass:password", "-nodes"],
      {
        cwd: dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    expect(out.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it("names the container 'alias' when the key has no friendly name (1.4 §3.45)", async () => {
    const ctx = h.ctx(version);
    const { key } = await setUp(ctx);
    expect(selectPkcs12(readPkcs12(await getPkcs12(ctx, key), text("password"))).friendlyName).toBe("alias");
  });

  it("refuses a missing or doubled PKCS#12 Password Link and a password that is not Password Secret Data", async () => {
    const ctx = h.ctx(version);
    const seed = await activate(ctx, await registerPassword(ctx, "seed", SecretDataType.Seed));
    const password = await activate(ctx, await registerPassword(ctx, "password"));
    const other = await activate(ctx, await registerPassword(ctx, "other"));
    const aes = await registerKey(ctx, "00112233445566778899aabbccddeeff");
    const keys = [
      await registerPrivateKey(ctx, []),
      await registerPrivateKey(ctx, [
        link(LinkType.PKCS_12PasswordLink, password),
        link(LinkType.PKCS_12PasswordLink, other),
      ]),
      await registerPrivateKey(ctx, [link(LinkType.PKCS_12PasswordLink, seed)]),
      await registerPrivateKey(ctx, [link(LinkType.PKCS_12PasswordLink, aes)]),
      await registerPrivateKey(ctx, [link(LinkType.PKCS_12PasswordLink, "no-such-object")]),
    ];
    for (const uid of keys)
      expect(await reasonOf(Get.handler({ uniqueIdentifier: uid, keyFormatType: F.PKCS_12 }, ctx))).toBe(
        badPassword(version),
      );
  });

  it("refuses a password that is not Active (OASIS TC-PKCS12-2: Permission Denied / Wrong Key Lifecycle State)", async () => {
    const ctx = h.ctx(version);
    const password = await registerPassword(ctx, "password");
    const key = await registerPrivateKey(ctx, [link(LinkType.PKCS_12PasswordLink, password)]);
    const expected = version >= 20 ? R.WrongKeyLifecycleState : R.PermissionDenied;
    expect(await reasonOf(Get.handler({ uniqueIdentifier: key, keyFormatType: F.PKCS_12 }, ctx))).toBe(
      expected,
    );
  });

  it("refuses two certificate chains, other object types, wrapping and compression", async () => {
    const ctx = h.ctx(version);
    const { password, ee, ca } = await setUp(ctx);
    const twoChains = await registerPrivateKey(ctx, [
      link(LinkType.PKCS_12PasswordLink, password),
      link(LinkType.PKCS_12CertificateLink, ee),
      link(LinkType.PKCS_12CertificateLink, ca),
    ]);
    const get = (uid: string, more: object = {}) =>
      reasonOf(Get.handler({ uniqueIdentifier: uid, keyFormatType: F.PKCS_12, ...more }, ctx));
    expect(await get(twoChains)).toBe(R.InvalidField);
    const aes = await registerKey(ctx, "00112233445566778899aabbccddeeff");
    expect(await get(aes)).toBe(R.KeyFormatTypeNotSupported);
    expect(await get(ee)).toBe(R.KeyFormatTypeNotSupported);
    const { key } = await setUp(ctx);
    expect(await get(key, { keyCompressionType: 1 })).toBe(R.KeyCompressionTypeNotSupported);
    const spec = { wrappingMethod: 1, encryptionKeyInformation: { uniqueIdentifier: aes } };
    expect(await get(key, { keyWrappingSpecification: spec })).toBe(R.FeatureNotSupported);
  });
});

describe("Get in PKCS#12 for a client of a version without it", () => {
  it("is Key Format Type Not Supported in KMIP 1.2 (PKCS#12 is a 1.4 format)", async () => {
    const setup = await setUp(h.ctx(14));
    const ctx = h.ctx(12);
    expect(await reasonOf(Get.handler({ uniqueIdentifier: setup.key, keyFormatType: F.PKCS_12 }, ctx))).toBe(
      R.KeyFormatTypeNotSupported,
    );
  });
});

describe.each([14, 20] as const)("Register in PKCS#12, KMIP %i", (version) => {
  async function registerContainer(
    ctx: OperationContext,
    pfx: Uint8Array,
    password: string,
    extra: Attribute[] = [],
  ) {
    const keyValue = version >= 20 ? { keyMaterial: pfx } : pfx;
    const r = await Register.handler(
      {
        objectType: ObjectType.PrivateKey,
        attributes: [
          { name: "Cryptographic Usage Mask", value: M.Sign },
          link(LinkType.PKCS_12PasswordLink, password),
          ...extra,
        ],
        object: { type: "privateKey", value: { keyBlock: { keyFormatType: F.PKCS_12, keyValue } } },
      },
      ctx,
    );
    return r.uniqueIdentifier as string;
  }

  it("stores the key as PKCS#8 and its chain as linked certificates, recording the friendly name", async () => {
    const ctx = h.ctx(version);
    const source = await setUp(ctx, [{ name: "PKCS#12 Friendly Name", value: "mine" }]);
    const pfx = await getPkcs12(ctx, source.key);
    const key = await registerContainer(ctx, pfx, source.password);
    const { response } = await run(Get, { uniqueIdentifier: key }, ctx);
    const block = (response.object.value as { keyBlock: Record<string, unknown> }).keyBlock;
    expect(block.keyFormatType).toBe(F.PKCS_8);
    expect(block.cryptographicAlgorithm).toBe(A.RSA);
    expect(block.cryptographicLength).toBe(2048);
    expect(hexOf((block.keyValue as { keyMaterial: Uint8Array }).keyMaterial)).toBe(hexOf(keyDer));
    const attrs = (await GetAttributes.handler({ uniqueIdentifier: key }, ctx)).attributes as Attribute[];
    expect(attrs.find((a) => a.name === "PKCS#12 Friendly Name")?.value).toBe("mine");
    const certLink = attrs.find(
      (a) =>
        a.name === "Link" && (a.value as { linkType: number }).linkType === LinkType.PKCS_12CertificateLink,
    );
    expect(certLink).toBeDefined();
    const eeUid = (certLink?.value as { linkedObjectIdentifier: string } | undefined)?.linkedObjectIdentifier;
    const ee = await run(Get, { uniqueIdentifier: eeUid }, ctx);
    expect(hexOf((ee.response.object.value as { certificateValue: Uint8Array }).certificateValue)).toBe(
      hexOf(eeDer),
    );
    const again = selectPkcs12(readPkcs12(await getPkcs12(ctx, key), text("password")));
    expect(again.chain.map(hexOf)).toEqual([hexOf(eeDer), hexOf(caDer)]);
  });

  it("refuses a container the password does not open, and a password not Active, storing nothing", async () => {
    const ctx = h.ctx(version);
    const source = await setUp(ctx);
    const pfx = await getPkcs12(ctx, source.key);
    const before = await ctx.objects.countInScope(ctx.scope);
    const wrong = await activate(ctx, await registerPassword(ctx, "wrong"));
    expect(await reasonOf(registerContainer(ctx, pfx, wrong))).toBe(badPassword(version));
    const inactive = await registerPassword(ctx, "password");
    const expected = version >= 20 ? R.WrongKeyLifecycleState : R.PermissionDenied;
    expect(await reasonOf(registerContainer(ctx, pfx, inactive))).toBe(expected);
    expect(await reasonOf(registerContainer(ctx, text("not a container"), source.password))).toBe(
      R.InvalidField,
    );
    expect(
      await reasonOf(
        registerContainer(ctx, pfx, source.password, [{ name: "PKCS#12 Friendly Name", value: "nope" }]),
      ),
    ).toBe(R.InvalidField);
    expect(await ctx.objects.countInScope(ctx.scope)).toBe(before + 2);
  });
});
