import type { KeyObject } from "node:crypto";
import { type IssuingCa, type LoadedIssuer, loadIssuer } from "./ca.js";
import { checkTtlSeconds } from "./certificate-builder.js";
import { parseVerifiedCsr } from "./csr.js";
import { PkiError } from "./errors.js";
import { describeKey, exportClientPrivateKeyPem, generateKeyPair, keySpecOf, parseKeySpec } from "./keys.js";
import { type IssuedLeaf, issueLeaf } from "./leaf.js";
import { checkAltNames, clientSubject } from "./names.js";
import { type AltNames, clientExtensions } from "./profiles.js";
import type { x509 } from "./x509.js";

/**
 * KMIP client credentials (contract §2.8, profile §3): subject `OU=<scope id>, CN=<role id>`,
 * KU digitalSignature+keyEncipherment+keyAgreement (critical), EKU clientAuth, issued by the
 * intermediate with NotBefore = now − 30 s and NotAfter = now + ttl. `credential/generate` makes
 * the key pair here; `credential/sign` takes the public key from a CSR.
 */

export interface ClientCertificateRequest {
  readonly ca: IssuingCa;
  readonly scopeId: string;
  readonly roleId: string;
  /** The role's `tls_client_key_type`/`_bits`, else the config defaults (contract §2.7). */
  readonly keyType: string;
  readonly keyBits: number;
  readonly ttlSeconds: number;
  readonly now: Date;
  /** Optional SANs; Vault never sets any (GH-24702 asks for them). */
  readonly altNames?: AltNames;
}

export interface CsrSigningRequest extends ClientCertificateRequest {
  readonly csrPem: string;
}

export interface ClientCredential extends IssuedLeaf {
  /** SEC1 or PKCS#1 PEM (contract §2.8); absent for a signed CSR, whose key we never see. */
  readonly privateKeyPem?: string;
}

/** `credential/generate`: a new key pair of the role's type and size, and its certificate. */
export async function issueClientCertificate(request: ClientCertificateRequest): Promise<ClientCredential> {
  const spec = parseKeySpec(request.keyType, request.keyBits);
  const prepared = prepare(request); // check every input before the (slow) key generation
  const keys = await generateKeyPair(spec);
  const leaf = await issueClient(prepared, keys.publicKey);
  return { ...leaf, privateKeyPem: exportClientPrivateKeyPem(keys.privateKey) };
}

/**
 * `credential/sign`: "The key type and key bits used in the CSR must match those of the role"
 * (contract §2.8). The CSR's subject is overridden by the scope and role ids.
 */
export async function signClientCsr(request: CsrSigningRequest): Promise<ClientCredential> {
  const spec = parseKeySpec(request.keyType, request.keyBits);
  const prepared = prepare(request);
  const csr = parseVerifiedCsr(request.csrPem);
  const actual = keySpecOf(csr.publicKey);
  if (!actual || actual.type !== spec.type || actual.bits !== spec.bits) {
    throw new PkiError(
      "csr-key-mismatch",
      `key type and key bits used in the CSR must match those of the role: ` +
        `the role requires ${spec.type} ${spec.bits}, the CSR has ${describeKey(csr.publicKey)}`,
    );
  }
  return issueClient(prepared, csr.publicKey);
}

interface PreparedIssue {
  readonly issuer: LoadedIssuer;
  readonly subject: x509.JsonNameParams;
  readonly altNames: AltNames;
  readonly ttlSeconds: number;
  readonly now: Date;
}

function prepare(request: ClientCertificateRequest): PreparedIssue {
  checkTtlSeconds(request.ttlSeconds);
  return {
    issuer: loadIssuer(request.ca),
    subject: clientSubject(request.scopeId, request.roleId),
    altNames: checkAltNames(request.altNames ?? {}),
    ttlSeconds: request.ttlSeconds,
    now: request.now,
  };
}

function issueClient(prepared: PreparedIssue, publicKey: KeyObject): Promise<IssuedLeaf> {
  const { altNames } = prepared;
  return issueLeaf({ ...prepared, publicKey, extensions: (ids) => clientExtensions(ids, altNames) });
}
