import { type KeyObject, X509Certificate as NodeCertificate } from "node:crypto";
import { keyIdentifier, signCertificate, type Validity, validityWindow } from "./certificate-builder.js";
import { PkiError, wrapParse } from "./errors.js";
import { exportPkcs8Pem, generateKeyPair, importPrivateKeyPem, type KeySpec, parseKeySpec } from "./keys.js";
import { decodePem, decodeSinglePem, encodePem, PemLabel } from "./pem.js";
import { caExtensions, intermediatePathLength, rootPathLength } from "./profiles.js";
import { randomSerial, serialToDecimal } from "./serial.js";
import { x509 } from "./x509.js";

/**
 * A generated CA: a self-signed root and an intermediate under it; the intermediate signs the
 * client and server certificates (contract §3: root `vault-kmip-default`, pathlen 10 →
 * intermediate `vault-kmip-default-intermediate`, pathlen 9; both NotBefore −30 s, NotAfter
 * +3650 days). Named CAs (Vault 2.0, contract §2.4) default to a 365-day ttl instead; the
 * caller passes `ttlSeconds`.
 */

export const caTtlSecondsDefault = 3650 * 24 * 60 * 60;
export const commonNamePrefixDefault = "kmipd kmip";

/** One certificate of a CA chain, with what the API reports about it. */
export interface CaCertificate extends Validity {
  readonly certificatePem: string;
  /** Decimal, as the API shows serials (contract §2.4 `serial_number`). */
  readonly serialNumber: string;
  readonly subject: string;
}

export interface KeyedCaCertificate extends CaCertificate {
  /** PKCS#8 PEM; the caller seals it before it reaches storage. */
  readonly privateKeyPem: string;
}

export interface CaHierarchy {
  readonly keySpec: KeySpec;
  readonly root: KeyedCaCertificate;
  readonly intermediate: KeyedCaCertificate;
  /** [intermediate, root]: the order of `ca_chain` and of `kmip/ca`'s `ca_pem` (contract §2.3). */
  readonly caChain: readonly [string, string];
}

/** What issuing needs: the intermediate with its key, and the root to complete the chain. */
export interface IssuingCa {
  readonly intermediate: Pick<KeyedCaCertificate, "certificatePem" | "privateKeyPem">;
  readonly root: Pick<CaCertificate, "certificatePem">;
}

export interface CaHierarchyRequest {
  readonly keyType: string;
  readonly keyBits: number;
  /** Root CN is `<prefix> root`, intermediate CN `<prefix> intermediate`. */
  readonly commonNamePrefix?: string;
  readonly ttlSeconds?: number;
  readonly now: Date;
}

/** Generates the root and the intermediate. */
export async function generateCaHierarchy(request: CaHierarchyRequest): Promise<CaHierarchy> {
  // Check every input before generating keys: RSA 4096 takes seconds.
  const keySpec = parseKeySpec(request.keyType, request.keyBits);
  const prefix = request.commonNamePrefix ?? commonNamePrefixDefault;
  const rootName = commonName(`${prefix} root`);
  const intermediateName = commonName(`${prefix} intermediate`);
  const validity = validityWindow(request.now, request.ttlSeconds ?? caTtlSecondsDefault);
  const [rootKeys, intermediateKeys] = await Promise.all([
    generateKeyPair(keySpec),
    generateKeyPair(keySpec),
  ]);
  const rootId = keyIdentifier(rootKeys.publicKey);
  const root = await signCertificate(
    {
      subject: rootName,
      issuer: rootName,
      serial: randomSerial(),
      ...validity,
      publicKey: rootKeys.publicKey,
      extensions: caExtensions(rootPathLength, { subjectKeyId: rootId }),
    },
    rootKeys.privateKey,
  );
  const intermediateIds = { subjectKeyId: keyIdentifier(intermediateKeys.publicKey), authorityKeyId: rootId };
  const intermediate = await signCertificate(
    {
      subject: intermediateName,
      issuer: root.subjectName,
      serial: randomSerial(),
      ...validity,
      publicKey: intermediateKeys.publicKey,
      extensions: caExtensions(intermediatePathLength, intermediateIds),
    },
    rootKeys.privateKey,
  );
  const rootOut = withKey(describeCaCertificate(root), rootKeys.privateKey);
  const intermediateOut = withKey(describeCaCertificate(intermediate), intermediateKeys.privateKey);
  const caChain = [intermediateOut.certificatePem, rootOut.certificatePem] as const;
  return { keySpec, root: rootOut, intermediate: intermediateOut, caChain };
}

/** A CN-only name; the CN is at most 64 characters (ub-common-name, RFC 5280 appendix A.1). */
function commonName(value: string): x509.JsonNameParams {
  if (value.length === 0 || value.length > 64) {
    throw new PkiError("bad-name", `common name must be 1 to 64 characters: "${value}"`);
  }
  return [{ CN: [value] }];
}

function withKey(certificate: CaCertificate, privateKey: KeyObject): KeyedCaCertificate {
  return { ...certificate, privateKeyPem: exportPkcs8Pem(privateKey) };
}

/** The PEM and reported fields of a parsed certificate. */
export function describeCaCertificate(certificate: x509.X509Certificate): CaCertificate {
  return {
    certificatePem: encodePem(PemLabel.Certificate, new Uint8Array(certificate.rawData)),
    serialNumber: serialToDecimal(certificate.serialNumber),
    subject: certificate.subject,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}

/** The parsed intermediate, its key, and the chain it issues under. */
export interface LoadedIssuer {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: KeyObject;
  /** The intermediate's SKI, which becomes the AKI of what it issues (RFC 5280 §4.2.1.1). */
  readonly keyId: string;
  readonly caChain: readonly [string, string];
}

/** Parses an IssuingCa and checks that the key belongs to the intermediate certificate. */
export function loadIssuer(ca: IssuingCa): LoadedIssuer {
  const der = decodeSinglePem(ca.intermediate.certificatePem, PemLabel.Certificate);
  const rootDer = decodeSinglePem(ca.root.certificatePem, PemLabel.Certificate);
  const node = new NodeCertificate(der);
  const privateKey = importPrivateKeyPem(ca.intermediate.privateKeyPem);
  if (!node.checkPrivateKey(privateKey)) {
    throw new Error("the issuing CA's private key does not match its certificate");
  }
  const certificate = new x509.X509Certificate(der);
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  return {
    certificate,
    privateKey,
    keyId: ski?.keyId ?? keyIdentifier(node.publicKey),
    caChain: [encodePem(PemLabel.Certificate, der), encodePem(PemLabel.Certificate, rootDer)],
  };
}

/** An external CA chain (Vault 2.0 `kmip/ca/:name/import`, contract §2.4). */
export interface ImportedCa {
  /** Every certificate of the input, in input order. */
  readonly certificates: readonly CaCertificate[];
  /** The first certificate, as the import response's `certificate`. */
  readonly certificatePem: string;
  /** All certificates, as the import response's `ca_chain`. */
  readonly caChain: readonly string[];
}

/**
 * Parses one or more PEM certificates and checks that each is a CA certificate: BasicConstraints
 * with cA=TRUE (RFC 5280 §4.2.1.9) and, when KeyUsage is present, keyCertSign (§4.2.1.3). An
 * imported CA only verifies client certificates; it never signs anything here.
 */
export function importCa(pem: string): ImportedCa {
  const ders = decodePem(pem, PemLabel.Certificate);
  const certificates = ders.map((der, index) => {
    const certificate = parseCertificate(der, index);
    checkIsCa(certificate, index);
    return describeCaCertificate(certificate);
  });
  const pems = certificates.map((certificate) => certificate.certificatePem);
  return { certificates, certificatePem: pems[0] ?? "", caChain: pems };
}

function parseCertificate(der: Uint8Array, index: number): x509.X509Certificate {
  return wrapParse("bad-pem", `certificate ${index + 1} does not parse`, () => {
    new NodeCertificate(der); // OpenSSL must accept it too: it is what the TLS listener trusts
    const certificate = new x509.X509Certificate(der);
    void certificate.subject; // the library parses lazily; force the fields we report
    return certificate;
  });
}

function checkIsCa(certificate: x509.X509Certificate, index: number): void {
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  const usages = certificate.getExtension(x509.KeyUsagesExtension);
  const where = `certificate ${index + 1} (${certificate.subject})`;
  if (!constraints?.ca) {
    throw new PkiError("not-a-ca", `${where} is not a CA certificate: BasicConstraints cA is not TRUE`);
  }
  if (usages && (usages.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    throw new PkiError("not-a-ca", `${where} is not a CA certificate: KeyUsage lacks keyCertSign`);
  }
}
