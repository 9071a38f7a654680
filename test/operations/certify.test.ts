import { X509Certificate } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CertificateRequestType,
  CertificateType,
  DigitalSignatureAlgorithm,
  LinkType,
  ObjectType,
  ResultReason,
} from "../../src/kmip/generated/enums.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { Certify } from "../../src/operations/certify.js";
import { KEYSHARE_OPERATIONS } from "../../src/operations/keyshare-set.js";
import { Register } from "../../src/operations/register.js";
import type { CaHierarchy } from "../../src/pki/ca.js";
import { encodePem, PemLabel } from "../../src/pki/pem.js";
import { createKey, instances, name, storedValue, uidOf } from "./attribute-fixtures.js";
import {
  caContext,
  certificateDer,
  certificateText,
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
const PKCS10 = CertificateRequestType.PKCS_10;
const linkValues = async (h: Harness, uid: string) => (await instances(h, uid, "Link")).map((a) => a.value);
const count = (h: Harness) => h.objects.countInScope(SCOPE_A);

let ca: CaHierarchy;
let rsa: TestKey;
let ec: TestKey;
beforeAll(async () => {
  ca = await certifyCa(new Date());
  rsa = rsaKey();
  ec = ecKey();
});

describe("Certify", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
    h.clock.now = new Date(); // openssl verify checks validity against the real time
  });
  afterEach(async () => h.close());

  it("is registered as an operation", () => {
    expect(KEYSHARE_OPERATIONS.map((op) => op.name)).toEqual(
      expect.arrayContaining(["Certify", "Re-certify"]),
    );
  });

  describe.each(VERSIONS)("KMIP %i", (version) => {
    it("certifies a Public Key by Unique Identifier, with the server's subject, and links both", async () => {
      const ctx = caContext(h, version, ca);
      const pk = await registerPublicKey(ctx, rsa, [name("signing-key")]);
      const { response } = await run(Certify, { uniqueIdentifier: pk }, ctx);
      const cert = uidOf(response);
      expect(ctx.batch.idPlaceholder).toBe(cert);
      expect(await linkValues(h, cert)).toEqual([
        { linkType: LinkType.PublicKeyLink, linkedObjectIdentifier: pk },
      ]);
      expect(await linkValues(h, pk)).toEqual([
        { linkType: LinkType.CertificateLink, linkedObjectIdentifier: cert },
      ]);
      const der = await certificateDer(ctx, cert);
      const x509 = new X509Certificate(der);
      expect(x509.subject).toBe("OU=a\nCN=signing-key");
      expect(x509.publicKey.export({ format: "der", type: "spki" })).toEqual(Buffer.from(rsa.spki));
      expect(await verifyAgainst(ca, der)).toBe("leaf.pem: OK");
      expect(await storedValue(h, cert, "Certificate Type")).toBe(CertificateType.X_509);
      expect(await storedValue(h, cert, "Certificate Length")).toBe(der.length);
      expect(await storedValue(h, cert, "Cryptographic Length")).toBe(2048);
    });

    it("certifies the key of a PKCS#10 request with the request's subject", async () => {
      const ctx = caContext(h, version, ca);
      const pk = await registerPublicKey(ctx, ec);
      const csr = await opensslCsr(ec, "/C=US/O=ACME/OU=KMIP/CN=Client");
      const request = { uniqueIdentifier: pk, certificateRequestType: PKCS10, certificateRequestValue: csr };
      const cert = uidOf((await run(Certify, request, ctx)).response);
      const der = await certificateDer(ctx, cert);
      expect(new X509Certificate(der).subject).toBe("C=US\nO=ACME\nOU=KMIP\nCN=Client");
      expect(await verifyAgainst(ca, der)).toBe("leaf.pem: OK");
      expect(await linkValues(h, pk)).toEqual([
        { linkType: LinkType.CertificateLink, linkedObjectIdentifier: cert },
      ]);
    });

    it("accepts a request signed with SHA-1 (OASIS TC_134) and signs the certificate with SHA-256", async () => {
      const ctx = caContext(h, version, ca);
      const pk = await registerPublicKey(ctx, rsa);
      const csr = await opensslCsr(rsa, "/CN=Client", ["-sha1"]);
      const request = { uniqueIdentifier: pk, certificateRequestType: PKCS10, certificateRequestValue: csr };
      const cert = uidOf((await run(Certify, request, ctx)).response);
      const der = await certificateDer(ctx, cert);
      expect(await certificateText(der)).toMatch(/Signature Algorithm: ecdsa-with-SHA256/);
      expect(await storedValue(h, cert, "Digital Signature Algorithm")).toBe(
        DigitalSignatureAlgorithm.ECDSAWithSHA256,
      );
      expect(await verifyAgainst(ca, der)).toBe("leaf.pem: OK");
    });

    it("refuses a tampered request with the version's reason and stores nothing", async () => {
      const ctx = caContext(h, version, ca);
      const pk = await registerPublicKey(ctx, rsa);
      const csr = await opensslCsr(rsa, "/CN=Client");
      const tampered = new Uint8Array(csr);
      const at = Buffer.from(csr).indexOf(Buffer.from("Client"));
      tampered[at] = "K".charCodeAt(0); // the signed subject now reads "Klient"
      const before = await count(h);
      const request = {
        uniqueIdentifier: pk,
        certificateRequestType: PKCS10,
        certificateRequestValue: tampered,
      };
      const reason = await reasonOf(Certify.handler(request, ctx));
      expect(reason).toBe(version >= 20 ? ResultReason.InvalidCSR : ResultReason.InvalidField);
      expect(await count(h)).toBe(before);
      expect(await linkValues(h, pk)).toEqual([]);
    });

    it("refuses a request for another key than the Public Key named (Invalid Field)", async () => {
      const ctx = caContext(h, version, ca);
      const pk = await registerPublicKey(ctx, rsa);
      const csr = await opensslCsr(ec, "/CN=Other");
      const before = await count(h);
      const request = { uniqueIdentifier: pk, certificateRequestType: PKCS10, certificateRequestValue: csr };
      expect(await reasonOf(Certify.handler(request, ctx))).toBe(ResultReason.InvalidField);
      expect(await count(h)).toBe(before);
    });

    it("refuses an object that is not a Public Key (1.x Permission Denied, 2.x Invalid Object Type)", async () => {
      const ctx = caContext(h, version, ca);
      const key = await createKey(ctx);
      const reason = await reasonOf(Certify.handler({ uniqueIdentifier: key }, ctx));
      expect(reason).toBe(version >= 20 ? ResultReason.InvalidObjectType : ResultReason.PermissionDenied);
    });
  });

  it("takes a PEM request, and a request alone makes a certificate without links", async () => {
    const ctx = caContext(h, 14, ca);
    const csr = await opensslCsr(ec, "/CN=Standalone");
    const pem = new Uint8Array(Buffer.from(encodePem(PemLabel.CertificateRequest, csr)));
    const request = { certificateRequestType: CertificateRequestType.PEM, certificateRequestValue: pem };
    const cert = uidOf((await run(Certify, request, ctx)).response);
    expect(new X509Certificate(await certificateDer(ctx, cert)).subject).toBe("CN=Standalone");
    expect(await linkValues(h, cert)).toEqual([]);
  });

  it("certifies a registered Certificate Request object by its Unique Identifier (2.x)", async () => {
    const ctx = caContext(h, 21, ca);
    const csr = await opensslCsr(ec, "/CN=From Object");
    const registered = await Register.handler(
      {
        objectType: ObjectType.CertificateRequest,
        attributes: [],
        object: {
          type: "certificateRequest",
          value: { certificateRequestType: PKCS10, certificateRequestValue: csr },
        },
      },
      ctx,
    );
    const cert = uidOf(await Certify.handler({ uniqueIdentifier: uidOf(registered) }, ctx));
    expect(new X509Certificate(await certificateDer(ctx, cert)).subject).toBe("CN=From Object");
    expect(await linkValues(h, cert)).toEqual([]);
  });

  it("uses the ID Placeholder and keeps the requested attributes beside the certificate's own", async () => {
    const ctx = caContext(h, 14, ca);
    await registerPublicKey(ctx, ec);
    const attributes = [name("cert-1"), { name: "Certificate Type", value: CertificateType.X_509 }];
    const cert = uidOf((await run(Certify, { attributes }, ctx)).response);
    expect((await instances(h, cert, "Name")).map((a) => a.value)).toEqual([
      { nameValue: "cert-1", nameType: 1 },
    ]);
    expect(await instances(h, cert, "Certificate Type")).toHaveLength(1);
    expect(await storedValue(h, cert, "Digest")).toBeDefined();
    expect(await storedValue(h, cert, "Object Type")).toBe(ObjectType.Certificate);
  });

  it("moves the Public Key's one Certificate Link to a newer certificate", async () => {
    const ctx = caContext(h, 21, ca);
    const pk = await registerPublicKey(ctx, ec);
    await Certify.handler({ uniqueIdentifier: pk }, ctx);
    const second = uidOf(await Certify.handler({ uniqueIdentifier: pk }, ctx));
    expect(await linkValues(h, pk)).toEqual([
      { linkType: LinkType.CertificateLink, linkedObjectIdentifier: second },
    ]);
  });

  it.each([
    [
      "a request without its type",
      { certificateRequestValue: new Uint8Array([0x30, 0]) },
      ResultReason.InvalidMessage,
    ],
    ["a type without a request", { certificateRequestType: PKCS10 }, ResultReason.InvalidField],
    [
      "a CRMF request",
      {
        certificateRequestType: CertificateRequestType.CRMF,
        certificateRequestValue: new Uint8Array([0x30, 0]),
      },
      ResultReason.FeatureNotSupported,
    ],
    [
      "bytes that are not a request",
      { certificateRequestType: PKCS10, certificateRequestValue: new Uint8Array([1, 2, 3]) },
      ResultReason.InvalidField,
    ],
    [
      "a Certificate Type other than X.509",
      { attributes: [{ name: "Certificate Type", value: CertificateType.PGP }] },
      ResultReason.FeatureNotSupported,
    ],
  ])("refuses %s", async (_label, request, reason) => {
    const ctx = caContext(h, 14, ca);
    const pk = await registerPublicKey(ctx, ec);
    const before = await count(h);
    expect(await reasonOf(Certify.handler({ uniqueIdentifier: pk, ...request }, ctx))).toBe(reason);
    expect(await count(h)).toBe(before);
  });

  it("answers Feature Not Supported on a mount without a certificate authority", async () => {
    const ctx = h.ctx(21);
    const pk = await registerPublicKey(ctx, ec);
    expect(await reasonOf(Certify.handler({ uniqueIdentifier: pk }, ctx))).toBe(
      ResultReason.FeatureNotSupported,
    );
  });

  it("refuses an unknown Unique Identifier (Item Not Found, 2.x Object Not Found)", async () => {
    expect(await reasonOf(Certify.handler({ uniqueIdentifier: "nope" }, caContext(h, 14, ca)))).toBe(
      ResultReason.ItemNotFound,
    );
    expect(await reasonOf(Certify.handler({ uniqueIdentifier: "nope" }, caContext(h, 21, ca)))).toBe(
      ResultReason.ObjectNotFound,
    );
  });
});
