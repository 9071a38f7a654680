import { X509Certificate } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import { CertificateRequestType, LinkType, ResultReason, State } from "../../src/kmip/generated/enums.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { Certify } from "../../src/operations/certify.js";
import { ReCertify } from "../../src/operations/recertify.js";
import type { OperationContext } from "../../src/operations/types.js";
import type { CaHierarchy } from "../../src/pki/ca.js";
import { createKey, instances, name, secondsOf, storedValue, uidOf } from "./attribute-fixtures.js";
import {
  caContext,
  certificateDer,
  certifyCa,
  ecKey,
  opensslCsr,
  registerPublicKey,
  rsaKey,
  type TestKey,
  verifyAgainst,
} from "./certify-fixtures.js";
import { type Harness, harness, reasonOf, run, SCOPE_A } from "./harness.js";

const VERSIONS: readonly KmipVersion[] = [11, 14, 20, 21];
const link = (linkType: number, uid: string) => ({ linkType, linkedObjectIdentifier: uid });
const linkValues = async (h: Harness, uid: string) => (await instances(h, uid, "Link")).map((a) => a.value);
const nameValues = async (h: Harness, uid: string) =>
  (await instances(h, uid, "Name")).map((a) => (a.value as { nameValue: string }).nameValue);

let ca: CaHierarchy;
let rsa: TestKey;
let ec: TestKey;
beforeAll(async () => {
  ca = await certifyCa(new Date());
  rsa = rsaKey();
  ec = ecKey();
});

/** A Public Key of `key` and a certificate for it made by Certify with `attributes`. */
async function certified(ctx: OperationContext, key: TestKey, attributes: Attribute[] = []) {
  const pk = await registerPublicKey(ctx, key);
  const cert = uidOf(await Certify.handler({ uniqueIdentifier: pk, attributes }, ctx));
  return { pk, cert };
}

describe("Re-certify", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
    h.clock.now = new Date(); // openssl verify checks validity against the real time
  });
  afterEach(async () => h.close());

  describe.each(VERSIONS)("KMIP %i", (version) => {
    it("renews the certificate for the same key and moves the names and links", async () => {
      const ctx = caContext(h, version, ca);
      const { pk, cert } = await certified(ctx, rsa, [name("cert-1")]);
      h.clock.now = new Date(h.clock.now.getTime() + 2000);
      const { response } = await run(
        ReCertify,
        { uniqueIdentifier: cert, attributes: [name("cert-2")] },
        ctx,
      );
      const renewed = uidOf(response);
      expect(renewed).not.toBe(cert);
      expect(ctx.batch.idPlaceholder).toBe(renewed);
      // 1.4 §4.8 (OASIS TC_134): existing → Replacement, new → Replaced, public key → new.
      expect(await linkValues(h, cert)).toEqual([
        link(LinkType.PublicKeyLink, pk),
        link(LinkType.ReplacementObjectLink, renewed),
      ]);
      expect(await linkValues(h, renewed)).toEqual([
        link(LinkType.ReplacedObjectLink, cert),
        link(LinkType.PublicKeyLink, pk),
      ]);
      expect(await linkValues(h, pk)).toEqual([link(LinkType.CertificateLink, renewed)]);
      expect(await nameValues(h, renewed)).toEqual(["cert-1", "cert-2"]);
      expect(await nameValues(h, cert)).toEqual([]);
      const before = new X509Certificate(await certificateDer(ctx, cert));
      const after = new X509Certificate(await certificateDer(ctx, renewed));
      expect(after.subject).toBe(before.subject);
      expect(after.serialNumber).not.toBe(before.serialNumber);
      expect(after.publicKey.export({ format: "der", type: "spki" })).toEqual(Buffer.from(rsa.spki));
      expect(await verifyAgainst(ca, after.raw)).toBe("leaf.pem: OK");
      expect(await storedValue(h, renewed, "Digest")).not.toEqual(await storedValue(h, cert, "Digest"));
    });

    it("takes the subject of a request for the same key, and refuses one for another key", async () => {
      const ctx = caContext(h, version, ca);
      const { cert } = await certified(ctx, ec);
      const other = await opensslCsr(rsa, "/CN=Other");
      const refused = ReCertify.handler(
        {
          uniqueIdentifier: cert,
          certificateRequestType: CertificateRequestType.PKCS_10,
          certificateRequestValue: other,
        },
        ctx,
      );
      expect(await reasonOf(refused)).toBe(ResultReason.InvalidField);
      expect(await linkValues(h, cert)).toHaveLength(1); // untouched: no Replacement Link
      const csr = await opensslCsr(ec, "/O=ACME/CN=Renewed", ["-sha1"]);
      const request = {
        uniqueIdentifier: cert,
        certificateRequestType: CertificateRequestType.PKCS_10,
        certificateRequestValue: csr,
      };
      const renewed = uidOf((await run(ReCertify, request, ctx)).response);
      expect(new X509Certificate(await certificateDer(ctx, renewed)).subject).toBe("O=ACME\nCN=Renewed");
    });

    it("refuses what is not a certificate (1.x Permission Denied, 2.x Invalid Object Type)", async () => {
      const ctx = caContext(h, version, ca);
      const { pk } = await certified(ctx, ec);
      const key = await createKey(ctx);
      const expected = version >= 20 ? ResultReason.InvalidObjectType : ResultReason.PermissionDenied;
      expect(await reasonOf(ReCertify.handler({ uniqueIdentifier: pk }, ctx))).toBe(expected);
      expect(await reasonOf(ReCertify.handler({ uniqueIdentifier: key }, ctx))).toBe(expected);
    });
  });

  it("copies the dates without an Offset, and computes them from one (Table 186)", async () => {
    const ctx = caContext(h, 14, ca);
    const now = secondsOf(h.clock.now);
    const dates: Attribute[] = [
      { name: "Activation Date", value: now + 100n },
      { name: "Deactivation Date", value: now + 1000n },
    ];
    const { cert } = await certified(ctx, ec, dates);
    const copied = uidOf(await ReCertify.handler({ uniqueIdentifier: cert }, ctx));
    expect(await storedValue(h, copied, "Activation Date")).toBe(now + 100n);
    expect(await storedValue(h, copied, "Deactivation Date")).toBe(now + 1000n);
    h.clock.now = new Date(h.clock.now.getTime() + 5000);
    const moved = uidOf(await ReCertify.handler({ uniqueIdentifier: copied, offset: 60 }, ctx));
    const it2 = (await storedValue(h, moved, "Initial Date")) as bigint;
    expect(it2).toBeGreaterThan((await storedValue(h, copied, "Initial Date")) as bigint);
    const at2 = it2 + 60n;
    expect(await storedValue(h, moved, "Activation Date")).toBe(at2);
    expect(await storedValue(h, moved, "Deactivation Date")).toBe(now + 1000n + (at2 - (now + 100n)));
    expect(await storedValue(h, moved, "State")).toBe(State.PreActive);
  });

  it("refuses an Offset together with an Activation Date (Invalid Message) and changes nothing", async () => {
    const ctx = caContext(h, 14, ca);
    const { pk, cert } = await certified(ctx, ec);
    const before = await h.objects.countInScope(SCOPE_A);
    const request = {
      uniqueIdentifier: cert,
      offset: 10,
      attributes: [{ name: "Activation Date", value: secondsOf(h.clock.now) }],
    };
    expect(await reasonOf(ReCertify.handler(request, ctx))).toBe(ResultReason.InvalidMessage);
    expect(await h.objects.countInScope(SCOPE_A)).toBe(before);
    expect(await linkValues(h, pk)).toEqual([link(LinkType.CertificateLink, cert)]);
  });

  it("renews a certificate whose Public Key is gone, without a Public Key to relink", async () => {
    const ctx = caContext(h, 21, ca);
    const { pk, cert } = await certified(ctx, ec);
    await h.objects.delete(SCOPE_A, pk);
    const renewed = uidOf(await ReCertify.handler({ uniqueIdentifier: cert }, ctx));
    expect(await linkValues(h, cert)).toEqual([
      link(LinkType.PublicKeyLink, pk),
      link(LinkType.ReplacementObjectLink, renewed),
    ]);
  });

  it("uses the ID Placeholder: Certify then Re-certify in one batch", async () => {
    const ctx = caContext(h, 21, ca);
    const pk = await registerPublicKey(ctx, ec);
    await Certify.handler({ uniqueIdentifier: pk }, ctx);
    const first = ctx.batch.idPlaceholder as string;
    const renewed = uidOf(await ReCertify.handler({}, ctx));
    expect(await linkValues(h, renewed)).toContainEqual(link(LinkType.ReplacedObjectLink, first));
  });
});
