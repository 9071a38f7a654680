/**
 * TLS settings of the legacy listener (contract §2.2 `tls_min_version`) and of named listeners
 * (§2.5 `tls_min_version`, `tls_max_version`, `tls_cipher_suites`). Cipher suites are given by
 * their Go crypto/tls names, as Vault takes them; the table maps each to the OpenSSL name that
 * node's `tls.createServer({ ciphers })` needs. RC4 and 3DES suites are refused: OpenSSL 3 no
 * longer offers them at its default security level.
 */
import { badRequest } from "./errors.js";

/** Vault's TLS version names (contract §2.2 [INF]: tls10, tls11, tls12, tls13). */
export const configTlsVersions = ["tls10", "tls11", "tls12", "tls13"] as const;
/** Named listeners take only these (contract §2.5). */
export const listenerTlsVersions = ["tls12", "tls13"] as const;

/** Node's `minVersion`/`maxVersion` names. */
export const nodeTlsVersion: Readonly<Record<string, "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3">> = {
  tls10: "TLSv1",
  tls11: "TLSv1.1",
  tls12: "TLSv1.2",
  tls13: "TLSv1.3",
};

/** Go TLS 1.0–1.2 cipher-suite names → OpenSSL names. */
export const cipherSuiteOpensslNames: Readonly<Record<string, string>> = {
  TLS_RSA_WITH_AES_128_CBC_SHA: "AES128-SHA",
  TLS_RSA_WITH_AES_256_CBC_SHA: "AES256-SHA",
  TLS_RSA_WITH_AES_128_CBC_SHA256: "AES128-SHA256",
  TLS_RSA_WITH_AES_128_GCM_SHA256: "AES128-GCM-SHA256",
  TLS_RSA_WITH_AES_256_GCM_SHA384: "AES256-GCM-SHA384",
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: "ECDHE-ECDSA-AES128-SHA",
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: "ECDHE-ECDSA-AES256-SHA",
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: "ECDHE-RSA-AES128-SHA",
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: "ECDHE-RSA-AES256-SHA",
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: "ECDHE-ECDSA-AES128-SHA256",
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: "ECDHE-RSA-AES128-SHA256",
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: "ECDHE-RSA-AES128-GCM-SHA256",
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: "ECDHE-ECDSA-AES128-GCM-SHA256",
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: "ECDHE-RSA-AES256-GCM-SHA384",
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: "ECDHE-ECDSA-AES256-GCM-SHA384",
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: "ECDHE-RSA-CHACHA20-POLY1305",
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: "ECDHE-ECDSA-CHACHA20-POLY1305",
  // Go's older aliases of the two ChaCha20 suites.
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: "ECDHE-RSA-CHACHA20-POLY1305",
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: "ECDHE-ECDSA-CHACHA20-POLY1305",
};

/** Checks a csv of Go names and returns it normalized ("a, b" → "a,b"); "" stays "". */
export function checkCipherSuites(csv: string): string {
  const names = csv
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const unknown = names.filter((name) => !(name in cipherSuiteOpensslNames));
  if (unknown.length > 0) {
    throw badRequest(`unsupported tls_cipher_suites: ${unknown.join(", ")}`);
  }
  return names.join(",");
}

/** The OpenSSL cipher list for node's `ciphers` option, or undefined for node's defaults. */
export function opensslCipherList(csv: string): string | undefined {
  const names = csv.split(",").filter((name) => name !== "");
  if (names.length === 0) return undefined;
  return names.map((name) => cipherSuiteOpensslNames[name]).join(":");
}

/** min ≤ max when both are set (`tls12` < `tls13`). */
export function checkVersionRange(min: string, max: string): void {
  if (max !== "" && min > max) {
    throw badRequest(`tls_min_version ${min} is greater than tls_max_version ${max}`);
  }
}
