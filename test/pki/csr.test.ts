import { X509Certificate as NodeCertificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type CaHierarchy, generateCaHierarchy } from "../../src/pki/ca.js";
import { signClientCsr } from "../../src/pki/client-cert.js";
import { exportPkcs8Pem, generateKeyPair, type KeySpec, spkiDer } from "../../src/pki/keys.js";
import { decodeSinglePem, encodePem } from "../../src/pki/pem.js";
import { x509 } from "../../src/pki/x509.js";
import { openssl, opensslVerify } from "./helpers.js";

const now = new Date();
const scopeId = "scope00001";
const roleId = "role000001";
let ca: CaHierarchy;
beforeAll(async () => {
  ca = await generateCaHierarchy({ keyType: "ec", keyBits: 256, now });
});

/** A CSR made by openssl, as a client would make it; returns it with the key's SPKI. */
async function opensslCsr(spec: KeySpec, extraArgs: readonly string[] = []) {
  const keys = await generateKeyPair(spec);
  const subject = "/CN=EKM/O=NetApp/OU=SolidFire"; // the contract's §2.8 sample CSR subject
  const result = await openssl(["req", "-new", "-key", "key.pem", "-subj", subject, ...extraArgs], {
    "key.pem": exportPkcs8Pem(keys.privateKey),
  });
  if (result.code !== 0) throw new Error(result.stderr);
  return { csrPem: result.stdout, spki: spkiDer(keys.publicKey) };
}

const sign = (csrPem: string, keyType: string, keyBits: number) =>
  signClientCsr({ ca, csrPem, scopeId, roleId, keyType, keyBits, ttlSeconds: 3600, now });

describe("signClientCsr", () => {
  it.each([
    [{ type: "ec", bits: 224 }, []],
    [{ type: "ec", bits: 256 }, []],
    [{ type: "ec", bits: 521 }, ["-sha512"]],
    [{ type: "rsa", bits: 2048 }, ["-sha384"]],
    [{ type: "rsa", bits: 2048 }, ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"]],
  ] as const)(
    "signs a matching %j CSR (%j) with the CSR's key and the ids as subject",
    async (spec, args) => {
      const { csrPem, spki } = await opensslCsr(spec, args);
      const credential = await sign(csrPem, spec.type, spec.bits);
      expect(credential.privateKeyPem).toBeUndefined();
      const certificate = new x509.X509Certificate(credential.certificatePem);
      expect(certificate.subject).toBe(`OU=${scopeId}, CN=${roleId}`);
      const node = new NodeCertificate(credential.certificatePem);
      expect(spkiDer(node.publicKey)).toEqual(spki);
      const verified = await opensslVerify(
        ca.root.certificatePem,
        ca.intermediate.certificatePem,
        credential.certificatePem,
        "sslclient",
      );
      expect(verified.stdout.trim()).toBe("leaf.pem: OK");
    },
  );

  it("ignores the extensions a CSR asks for: the profile is the server's", async () => {
    const { csrPem } = await opensslCsr({ type: "ec", bits: 256 }, [
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "subjectAltName=DNS:evil.example",
    ]);
    const certificate = new x509.X509Certificate((await sign(csrPem, "ec", 256)).certificatePem);
    expect(certificate.getExtension(x509.BasicConstraintsExtension)).toBeNull();
    expect(certificate.getExtension(x509.SubjectAlternativeNameExtension)).toBeNull();
  });

  it.each([
    [{ type: "rsa", bits: 2048 }, "ec", 256, "the role requires ec 256, the CSR has rsa 2048"],
    [{ type: "ec", bits: 384 }, "ec", 256, "the role requires ec 256, the CSR has ec 384"],
    [{ type: "ec", bits: 256 }, "rsa", 2048, "the role requires rsa 2048, the CSR has ec 256"],
    [{ type: "rsa", bits: 3072 }, "rsa", 2048, "the role requires rsa 2048, the CSR has rsa 3072"],
  ] as const)("refuses a %j CSR for a %s %d role", async (spec, keyType, keyBits, detail) => {
    const { csrPem } = await opensslCsr(spec);
    const error = await sign(csrPem, keyType, keyBits).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "csr-key-mismatch" });
    expect((error as Error).message).toContain(
      "key type and key bits used in the CSR must match those of the role",
    );
    expect((error as Error).message).toContain(detail);
  });

  it("refuses a CSR whose signature was altered", async () => {
    const { csrPem } = await opensslCsr({ type: "ec", bits: 256 });
    const der = decodeSinglePem(csrPem, "CERTIFICATE REQUEST");
    const tampered = Uint8Array.from(der);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0x01;
    await expect(sign(encodePem("CERTIFICATE REQUEST", tampered), "ec", 256)).rejects.toMatchObject({
      code: "csr-signature",
    });
  });

  it("refuses a CSR whose signed content was altered", async () => {
    const { csrPem } = await opensslCsr({ type: "rsa", bits: 2048 });
    const der = Uint8Array.from(decodeSinglePem(csrPem, "CERTIFICATE REQUEST"));
    const at = Buffer.from(der).indexOf("SolidFire");
    der[at] = "X".charCodeAt(0);
    await expect(sign(encodePem("CERTIFICATE REQUEST", der), "rsa", 2048)).rejects.toMatchObject({
      code: "csr-signature",
    });
  });

  it("refuses SHA-1 and Ed25519 signatures", async () => {
    const sha1 = await opensslCsr({ type: "rsa", bits: 2048 }, ["-sha1"]);
    await expect(sign(sha1.csrPem, "rsa", 2048)).rejects.toMatchObject({
      code: "csr-signature",
      message: expect.stringContaining("unsupported"),
    });
    const ed = await openssl([
      "req",
      "-new",
      "-newkey",
      "ed25519",
      "-nodes",
      "-keyout",
      "k.pem",
      "-subj",
      "/CN=x",
    ]);
    await expect(sign(ed.stdout, "ec", 256)).rejects.toMatchObject({ code: "csr-signature" });
  });

  it("refuses input that is not a CSR", async () => {
    await expect(sign(ca.root.certificatePem, "ec", 256)).rejects.toMatchObject({ code: "bad-pem" });
    await expect(sign("garbage", "ec", 256)).rejects.toMatchObject({ code: "bad-pem" });
    const notCsr = encodePem("CERTIFICATE REQUEST", Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00));
    await expect(sign(notCsr, "ec", 256)).rejects.toMatchObject({ code: "bad-der" });
  });

  it("checks the role's key spec before reading the CSR", async () => {
    await expect(sign("garbage", "ec", 999)).rejects.toMatchObject({ code: "bad-key-bits" });
  });
});
