/**
 * Attributes the server extracts from a registered certificate (KMIP 1.4 §3.8–3.16; 2.1 §4.6–4.8,
 * §4.22, §4.61–4.63): every version's attributes are stored, each client sees those of its
 * version, and what a request says about the certificate must agree with it.
 */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import {
  CryptographicAlgorithm as A,
  CertificateType,
  DigitalSignatureAlgorithm as DSA,
  KeyFormatType,
  ObjectType,
  ResultReason,
} from "../../src/kmip/generated/enums.js";
import type { RegisterRequest } from "../../src/kmip/payloads/create.js";
import { certificateAttributes } from "../../src/operations/certificate-attributes.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import { Register } from "../../src/operations/register.js";
import { signCertificate } from "../../src/pki/certificate-builder.js";
import { x509 } from "../../src/pki/x509.js";
import { vectorsDir } from "../helpers/vectors.js";
import { type Harness, harness, reasonOf, run, SCOPE_A } from "./harness.js";

const hex = (b: unknown) => Buffer.from(b as Uint8Array).toString("hex");
const firstOf = (list: readonly Attribute[], name: string) => list.find((a) => a.name === name)?.value;
const valuesOf = (list: readonly Attribute[], name: string) =>
  list.filter((a) => a.name === name).map((a) => a.value);

/** The certificate of the OASIS case TC-CERTATTR-1-14 (issuer "CN=Inter, O=Kmip Test, C=AU"). */
function oasisCertificate(): Uint8Array {
  const xml = readFileSync(join(vectorsDir(), "kmip-1.4/testcases/TC-CERTATTR-1-14.xml"), "utf8");
  const found = /CertificateValue type="ByteString" value="([0-9a-f]+)"/.exec(xml);
  if (!found?.[1]) throw new Error("no certificate in TC-CERTATTR-1-14");
  return new Uint8Array(Buffer.from(found[1], "hex"));
}

/** A self-signed P-256 certificate with awkward names and both alternative-name extensions. */
async function generatedCertificate(): Promise<Uint8Array> {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const name: x509.JsonNameParams = [
    { C: ["AU"] },
    { O: ["Kmip Test"] },
    { CN: ["EE, Ltd+1"] },
    { "1.2.840.113549.1.9.1": ["ee@example.com"] },
  ];
  const cert = await signCertificate(
    {
      subject: name,
      issuer: name,
      serial: Uint8Array.of(0x01, 0x02),
      notBefore: new Date("2024-01-01T00:00:00Z"),
      notAfter: new Date("2034-01-01T00:00:00Z"),
      publicKey,
      extensions: [
        new x509.SubjectAlternativeNameExtension([
          { type: "dns", value: "kmip.example" },
          { type: "ip", value: "10.0.0.1" },
        ]),
        new x509.IssuerAlternativeNameExtension([{ type: "email", value: "ca@example.com" }]),
      ],
    },
    privateKey,
  );
  return new Uint8Array(cert.rawData);
}

const register = (
  value: Uint8Array,
  attributes: Attribute[] = [],
  type: number = CertificateType.X_509,
): RegisterRequest => ({
  objectType: ObjectType.Certificate,
  attributes,
  object: { type: "certificate", value: { certificateType: type, certificateValue: value } },
});

describe("certificateAttributes", () => {
  it("reads the OASIS certificate as the reference server did (TC-CERTATTR-1-14)", () => {
    const der = oasisCertificate();
    const list = certificateAttributes({ certificateType: CertificateType.X_509, certificateValue: der });
    expect(firstOf(list, "Certificate Length")).toBe(der.length);
    expect(firstOf(list, "Certificate Identifier")).toEqual({
      issuer: "CN=Inter,O=Kmip Test,C=AU",
      serialNumber: "3132333435363738",
    });
    const id = firstOf(list, "X.509 Certificate Identifier") as Record<string, Uint8Array>;
    expect(hex(id.certificateSerialNumber)).toBe("02083132333435363738");
    expect(hex(id.issuerDistinguishedName)).toBe(
      "3031310b300906035504061302415531123010060355040a13094b6d69702054657374310e300c06035504031305496e746572",
    );
    expect(firstOf(list, "Digital Signature Algorithm")).toBe(DSA.SHA_256WithRSAEncryption);
    expect(firstOf(list, "Cryptographic Algorithm")).toBe(A.RSA);
    expect(firstOf(list, "Cryptographic Length")).toBe(1024);
    expect(valuesOf(list, "Certificate Subject CN")).toEqual(["EE"]);
    expect(valuesOf(list, "Certificate Issuer O")).toEqual(["Kmip Test"]);
  });

  it("escapes names (RFC 4514), gives other attribute types as OID=#hex, and reads alternative names", async () => {
    const list = certificateAttributes({
      certificateType: CertificateType.X_509,
      certificateValue: await generatedCertificate(),
    });
    const subject = firstOf(list, "Certificate Subject") as {
      certificateSubjectDistinguishedName: string;
      certificateSubjectAlternativeName: string[];
    };
    expect(subject.certificateSubjectDistinguishedName).toMatch(
      /^1\.2\.840\.113549\.1\.9\.1=#[0-9a-f]+,CN=EE\\, Ltd\\\+1,O=Kmip Test,C=AU$/,
    );
    expect(subject.certificateSubjectAlternativeName).toEqual(["kmip.example", "10.0.0.1"]);
    const issuer = firstOf(list, "Certificate Issuer") as { certificateIssuerAlternativeName: string[] };
    expect(issuer.certificateIssuerAlternativeName).toEqual(["ca@example.com"]);
    const x509Subject = firstOf(list, "X.509 Certificate Subject") as {
      subjectAlternativeName: Uint8Array[];
    };
    expect(x509Subject.subjectAlternativeName.map(hex)).toEqual([
      `820c${Buffer.from("kmip.example").toString("hex")}`,
      "87040a000001",
    ]);
    expect(
      hex(
        (firstOf(list, "X.509 Certificate Identifier") as { certificateSerialNumber: Uint8Array })
          .certificateSerialNumber,
      ),
    ).toBe("02020102");
    expect(firstOf(list, "Digital Signature Algorithm")).toBe(DSA.ECDSAWithSHA256);
    expect(firstOf(list, "Cryptographic Algorithm")).toBe(A.EC);
    expect(firstOf(list, "Cryptographic Length")).toBe(256);
    expect(valuesOf(list, "Certificate Subject Email")).toEqual(["ee@example.com"]);
    expect(valuesOf(list, "Certificate Subject CN")).toEqual(["EE, Ltd+1"]);
  });

  it("a PGP certificate gets its type and length only", () => {
    const list = certificateAttributes({
      certificateType: CertificateType.PGP,
      certificateValue: Uint8Array.of(1, 2, 3),
    });
    expect(list).toEqual([
      { name: "Certificate Type", value: CertificateType.PGP },
      { name: "Certificate Length", value: 3 },
    ]);
  });
});

describe("Register of a certificate", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => h.close());

  it("shows each version its attributes: 1.x the text forms, 2.x the name components and Key Format Type", async () => {
    const { response } = await run(Register, register(oasisCertificate()), h.ctx(14));
    const uid = response.uniqueIdentifier;
    const v14 = (await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(14))).response.attributes ?? [];
    expect(firstOf(v14, "Certificate Subject")).toEqual({
      certificateSubjectDistinguishedName: "CN=EE,O=Kmip Test,C=AU",
      certificateSubjectAlternativeName: [],
    });
    expect(firstOf(v14, "Cryptographic Length")).toBe(1024);
    expect(firstOf(v14, "Certificate Subject CN")).toBeUndefined();
    expect(firstOf(v14, "Key Format Type")).toBeUndefined();
    const v10 = (await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(10))).response.attributes ?? [];
    expect(firstOf(v10, "X.509 Certificate Subject")).toBeUndefined();
    expect(firstOf(v10, "Certificate Identifier")).toBeDefined();
    const v21 = (await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(21))).response.attributes ?? [];
    expect(firstOf(v21, "Certificate Subject CN")).toBe("EE");
    expect(firstOf(v21, "Key Format Type")).toBe(KeyFormatType.X_509);
    expect(firstOf(v21, "Certificate Identifier")).toBeUndefined();
    expect(firstOf(v21, "Digital Signature Algorithm")).toBe(DSA.SHA_256WithRSAEncryption);
  });

  it("keeps what the request says when it agrees with the certificate, refuses it otherwise", async () => {
    const agreeing = [
      { name: "Certificate Type", value: CertificateType.X_509 },
      { name: "Cryptographic Length", value: 1024 },
    ];
    await run(Register, register(oasisCertificate(), agreeing), h.ctx(21));
    const wrongLength = register(oasisCertificate(), [{ name: "Cryptographic Length", value: 2048 }]);
    expect(await reasonOf(Register.handler(wrongLength, h.ctx(14)))).toBe(ResultReason.InvalidField);
    expect(await reasonOf(Register.handler(wrongLength, h.ctx(21)))).toBe(ResultReason.InvalidAttributeValue);
    const wrongType = register(oasisCertificate(), [
      { name: "Certificate Type", value: CertificateType.PGP },
    ]);
    expect(await reasonOf(Register.handler(wrongType, h.ctx(14)))).toBe(ResultReason.InvalidField);
  });

  it("refuses an X.509 certificate that does not parse, and stores nothing", async () => {
    for (const bad of [Uint8Array.of(0x30, 0), oasisCertificate().subarray(0, 100)]) {
      for (const version of [14, 21] as const) {
        expect(await reasonOf(Register.handler(register(bad), h.ctx(version)))).toBe(
          ResultReason.InvalidField,
        );
      }
    }
    expect(await h.objects.countInScope(SCOPE_A)).toBe(0);
  });
});
