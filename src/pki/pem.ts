import { PkiError } from "./errors.js";

/**
 * PEM in the textual encoding of RFC 7468: `-----BEGIN <label>-----`, base64 lines of 64
 * characters (§2 "strict" generation), `-----END <label>-----`. On input we follow the lax
 * parser of §2: whitespace inside the base64 is ignored and text between blocks (the
 * "Bag Attributes" or `subject=` lines some tools add) is skipped.
 */

export const PemLabel = {
  Certificate: "CERTIFICATE",
  CertificateRequest: "CERTIFICATE REQUEST",
  PrivateKey: "PRIVATE KEY", // PKCS#8, RFC 5208 / RFC 5958
  EcPrivateKey: "EC PRIVATE KEY", // SEC1, RFC 5915
  RsaPrivateKey: "RSA PRIVATE KEY", // PKCS#1, RFC 8017 appendix A.1.2
} as const;

export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

const blockPattern = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/** Every PEM block of `text`, in order. */
export function decodePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(blockPattern)) {
    const [, label = "", body = "", endLabel] = match;
    if (label !== endLabel) throw new PkiError("bad-pem", `PEM block "${label}" ends with "${endLabel}"`);
    const base64 = body.replace(/\s+/g, "");
    if (!base64Pattern.test(base64) || base64.length % 4 !== 0) {
      throw new PkiError("bad-pem", `PEM block "${label}" is not valid base64`);
    }
    blocks.push({ label, der: new Uint8Array(Buffer.from(base64, "base64")) });
  }
  return blocks;
}

/** The DER of every block labelled `label`; at least one must exist. Other labels are refused. */
export function decodePem(text: string, label: string): Uint8Array[] {
  const blocks = decodePemBlocks(text);
  if (blocks.length === 0) throw new PkiError("bad-pem", `no "${label}" PEM block found`);
  const foreign = blocks.find((block) => block.label !== label);
  if (foreign) throw new PkiError("bad-pem", `expected "${label}" PEM blocks, found "${foreign.label}"`);
  return blocks.map((block) => block.der);
}

/** The DER of the one block labelled `label`. */
export function decodeSinglePem(text: string, label: string): Uint8Array {
  const [first, ...rest] = decodePem(text, label);
  if (!first || rest.length > 0) throw new PkiError("bad-pem", `expected exactly one "${label}" PEM block`);
  return first;
}

/**
 * Strict RFC 7468 §2 encoding without a trailing newline: Vault trims its PEM output
 * (`"certificate": "-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"`, contract §2.8),
 * and bundles join blocks with a single newline.
 */
export function encodePem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----`;
}
