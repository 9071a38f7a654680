/**
 * A two-link certificate chain made by the openssl CLI in a fresh folder: a self-signed RSA CA and
 * an end-entity certificate it signs, with the end entity's private key. For tests that check
 * what kmipd writes or reads against OpenSSL (PKCS#12).
 */
import { execFileSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface OpensslChain {
  /** The folder; the caller removes it. */
  readonly dir: string;
  /** The end entity's private key, DER PKCS#8. */
  readonly keyDer: Uint8Array;
  readonly eeDer: Uint8Array;
  readonly caDer: Uint8Array;
}

export function opensslChain(prefix: string, caName = "Test CA", eeName = "End Entity"): OpensslChain {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  const rsa = ["-newkey", "rsa:2048", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...rsa,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-subj",
    `/CN=${caName}`,
    "-days",
    "2",
  );
  openssl("req", ...rsa, "-keyout", "ee.key", "-out", "ee.csr", "-subj", `/CN=${eeName}`);
  const ca = ["-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"];
  openssl("x509", "-req", "-in", "ee.csr", ...ca, "-out", "ee.pem", "-days", "2");
  const der = (file: string) => new Uint8Array(new X509Certificate(readFileSync(join(dir, file))).raw);
  const key = createPrivateKey(readFileSync(join(dir, "ee.key")));
  return {
    dir,
    keyDer: new Uint8Array(key.export({ format: "der", type: "pkcs8" })),
    eeDer: der("ee.pem"),
    caDer: der("ca.pem"),
  };
}
