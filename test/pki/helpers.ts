/**
 * Shared helpers for the PKI tests: running the `openssl` command line against files in a
 * temporary folder (an independent verifier of what we emit), and reading certificate fields
 * at the DER level where @peculiar/x509 hides the encoding (string types, serial octets).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DerElement, readChildren, readElement, readSequence } from "../../src/pki/der.js";
import { decodeSinglePem, PemLabel } from "../../src/pki/pem.js";

export interface OpensslResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs openssl with `files` written into a fresh folder; `{dir}` in args is that folder. */
export async function openssl(
  args: readonly string[],
  files: Record<string, string> = {},
): Promise<OpensslResult> {
  const dir = await mkdtemp(join(tmpdir(), "kmipd-pki-"));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), `${content}\n`);
    const resolved = args.map((arg) => arg.replaceAll("{dir}", dir));
    return await new Promise((resolve) => {
      execFile("openssl", resolved, { cwd: dir }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `openssl verify -CAfile root -untrusted intermediate leaf`, optionally with a purpose. */
export function opensslVerify(
  rootPem: string,
  intermediatePem: string,
  leafPem: string,
  purpose?: "sslclient" | "sslserver",
): Promise<OpensslResult> {
  const purposeArgs = purpose ? ["-purpose", purpose] : [];
  return openssl(["verify", ...purposeArgs, "-CAfile", "root.pem", "-untrusted", "int.pem", "leaf.pem"], {
    "root.pem": rootPem,
    "int.pem": intermediatePem,
    "leaf.pem": leafPem,
  });
}

/** The children of TBSCertificate (RFC 5280 §4.1): version, serial, signature, issuer, validity, subject, … */
export function tbsFields(certificatePem: string): DerElement[] {
  const [tbs] = readSequence(decodeSinglePem(certificatePem, PemLabel.Certificate));
  if (!tbs) throw new Error("no TBSCertificate");
  return readChildren(tbs);
}

/** Each attribute of a Name as [OID hex, value tag, value], in DER order. */
export function nameAttributes(name: DerElement): Array<{ oid: string; tag: number; value: string }> {
  return readChildren(name).flatMap((rdn) =>
    readChildren(rdn).map((attribute) => {
      const [oid, value] = readChildren(attribute);
      if (!oid || !value) throw new Error("bad AttributeTypeAndValue");
      return {
        oid: Buffer.from(oid.content).toString("hex"),
        tag: value.tag,
        value: Buffer.from(value.content).toString(),
      };
    }),
  );
}

/** The serial INTEGER's content octets as encoded. */
export function serialOctets(certificatePem: string): Uint8Array {
  const [, serial] = tbsFields(certificatePem);
  if (!serial) throw new Error("no serial");
  return readElement(serial.encoded).content;
}

export const oidHex = {
  commonName: "550403",
  organizationalUnit: "55040b",
} as const;

export const printableStringTag = 0x13;
