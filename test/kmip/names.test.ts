import { describe, expect, it } from "vitest";
import { looseNameKey, normalizeName } from "../../src/kmip/names.js";

// KMIP Additional Message Encodings v1.0 §4.1.3 / §6.1.3: the six normalisation rules.
describe("normalizeName", () => {
  it.each([
    ["Activation Date", "ActivationDate"],
    ["X.509 Certificate Subject", "X_509CertificateSubject"],
    ["SHA-1 with RSA Encryption", "SHA_1WithRSAEncryption"],
    ["Tape Library Server KMIP v1.2", "TapeLibraryServerKMIPV1_2"],
    ["Template-Attribute", "TemplateAttribute"],
    ["Re-key Key Pair", "ReKeyKeyPair"],
    ["3DES", "DES3"],
    ["HMAC-SHA256", "HMAC_SHA256"],
    ["MAC/Signature Key Information", "MACSignatureKeyInformation"],
    ["IV/Counter/Nonce", "IVCounterNonce"],
    ["PKCS#1", "PKCS_1"],
    ["PKCS#11 Function", "PKCS_11Function"],
    ["Content Commitment (Non Repudiation)", "ContentCommitmentNonRepudiation"],
    ["EC Public Key Type X9.62 Compressed Prime", "ECPublicKeyTypeX9_62CompressedPrime"],
    ["On-line storage", "OnLineStorage"],
    ["P-256", "P_256"],
    ["Polynomial Sharing GF (2^8)", "PolynomialSharingGF2_8"],
    ["Object archived", "ObjectArchived"],
    ["Unique Identifier", "UniqueIdentifier"],
    ["Date-Time Extended", "DateTimeExtended"],
  ])("%s → %s", (spec, xml) => {
    expect(normalizeName(spec)).toBe(xml);
  });

  it("keeps an already normalised name unchanged", () => {
    for (const name of ["ActivationDate", "SHA_1WithRSAEncryption", "X_509CertificateSubject", "DES3"]) {
      expect(normalizeName(name)).toBe(name);
    }
  });

  it("moves only the leading digits of the first word (rule 4)", () => {
    expect(normalizeName("1st Test 2nd")).toBe("St1Test2nd");
    expect(normalizeName("128 bit key")).toBe("128BitKey"); // an all-digit first word stays as it is
  });

  it("treats tabs and repeated spaces as word breaks", () => {
    expect(normalizeName("  Activation\t Date ")).toBe("ActivationDate");
  });

  it("gives an empty string for an empty name", () => {
    expect(normalizeName("")).toBe("");
    expect(normalizeName("()")).toBe("");
  });
});

describe("looseNameKey", () => {
  it("ignores case, spaces and punctuation", () => {
    expect(looseNameKey("Polynomial Sharing GF(216)")).toBe(looseNameKey("Polynomial Sharing GF (216)"));
    expect(looseNameKey("Object archived")).toBe(looseNameKey("ObjectArchived"));
  });
});
