import { PkiError } from "./errors.js";
import { decodePemBlocks } from "./pem.js";

/**
 * The `format` parameter of `credential/generate`, `credential/sign` and `credential/lookup`
 * (contract §2.8), with the meaning Vault's PKI engine gives it:
 * - `pem`: every field as PEM (the default of the 1.x API);
 * - `pem_bundle`: `certificate` holds the private key (when there is one), the certificate and
 *   the chain, in that order, as one PEM blob (Vault's certutil `ToPEMBundle` order); the other
 *   fields stay as in `pem`;
 * - `der`: every field is the base64 of its DER (the private key keeps its SEC1/PKCS#1 form).
 */

export const credentialFormats = ["pem", "pem_bundle", "der"] as const;
export type CredentialFormat = (typeof credentialFormats)[number];

/** What a credential endpoint returns, before the API layer renames fields to snake_case. */
export interface CredentialFields {
  readonly certificatePem: string;
  readonly privateKeyPem?: string;
  readonly caChain: readonly string[];
  readonly serialNumber: string;
}

export interface FormattedCredential {
  readonly certificate: string;
  readonly privateKey?: string;
  readonly caChain: readonly string[];
  readonly serialNumber: string;
}

export function parseCredentialFormat(format: string): CredentialFormat {
  const known = credentialFormats.find((candidate) => candidate === format);
  if (!known) {
    throw new PkiError(
      "bad-format",
      `invalid format "${format}": allowed values are ${credentialFormats.join(", ")}`,
    );
  }
  return known;
}

export function formatCredential(result: CredentialFields, format: CredentialFormat): FormattedCredential {
  switch (parseCredentialFormat(format)) {
    case "pem":
      return withKey(result.certificatePem, result.privateKeyPem, result.caChain, result.serialNumber);
    case "pem_bundle": {
      const parts = [result.privateKeyPem, result.certificatePem, ...result.caChain];
      const bundle = parts.filter((part): part is string => part !== undefined).join("\n");
      return withKey(bundle, result.privateKeyPem, result.caChain, result.serialNumber);
    }
    case "der":
      return withKey(
        pemToBase64Der(result.certificatePem),
        result.privateKeyPem === undefined ? undefined : pemToBase64Der(result.privateKeyPem),
        result.caChain.map(pemToBase64Der),
        result.serialNumber,
      );
  }
}

/** Leaves `privateKey` out entirely when absent, as Vault's sign and lookup responses do. */
function withKey(
  certificate: string,
  privateKey: string | undefined,
  caChain: readonly string[],
  serialNumber: string,
): FormattedCredential {
  return privateKey === undefined
    ? { certificate, caChain, serialNumber }
    : { certificate, privateKey, caChain, serialNumber };
}

function pemToBase64Der(pem: string): string {
  const [block, ...rest] = decodePemBlocks(pem);
  if (!block || rest.length > 0) throw new PkiError("bad-pem", "expected exactly one PEM block");
  return Buffer.from(block.der).toString("base64");
}
