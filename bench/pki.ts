/**
 * A throw-away PKI for the ceiling and for PyKMIP: a CA, a server certificate for 127.0.0.1 and
 * a client certificate (extendedKeyUsage clientAuth, which PyKMIP's server requires), all of one
 * key type. kmipd issues its own from its `kmip/` CA, EC P-256 unless told otherwise; this PKI
 * uses the same type so every server pays the same handshake signature cost.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export type KeyType = "ec" | "rsa";

export interface PemPki {
  readonly dir: string;
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

/** PEM texts of a client identity and the CA that signed the server. */
export interface ClientTls {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

function openssl(args: readonly string[], cwd: string): Promise<void> {
  return new Promise((done, fail) => {
    execFile("openssl", args, { cwd, timeout: 30_000 }, (error, _out, stderr) =>
      error ? fail(new Error(`openssl ${args[0]} failed: ${stderr || error.message}`)) : done(),
    );
  });
}

function newKeyArgs(type: KeyType): string[] {
  return type === "ec" ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] : ["-newkey", "rsa:2048"];
}

/** An EC key signs (digitalSignature); only RSA key transport needs keyEncipherment. */
function keyUsage(type: KeyType): string {
  return type === "ec" ? "critical,digitalSignature" : "critical,digitalSignature,keyEncipherment";
}

async function leaf(dir: string, name: string, subject: string, ext: string[], type: KeyType) {
  const key = ["-nodes", "-sha256", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject];
  await openssl(["req", ...newKeyArgs(type), ...key], dir);
  await writeFile(join(dir, `${name}.ext`), `${ext.join("\n")}\n`);
  const sign = ["-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "7"];
  await openssl(["x509", "-req", ...sign, "-sha256", "-extfile", `${name}.ext`, "-out", `${name}.crt`], dir);
}

/** Writes ca.crt, server.{crt,key}, client.{crt,key} into `dir`. */
export async function makePki(dir: string, type: KeyType, clientCn = "kmip-bench"): Promise<PemPki> {
  await mkdir(dir, { recursive: true });
  const ca = ["-nodes", "-sha256", "-days", "7", "-keyout", "ca.key", "-out", "ca.crt"];
  const caExt = [
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ];
  await openssl(["req", "-x509", ...newKeyArgs(type), ...ca, "-subj", "/CN=kmipd-bench-ca", ...caExt], dir);
  const base = ["basicConstraints=CA:FALSE", `keyUsage=${keyUsage(type)}`];
  const serverExt = [...base, "extendedKeyUsage=serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost"];
  await leaf(dir, "server", "/CN=127.0.0.1", serverExt, type);
  await leaf(dir, "client", `/CN=${clientCn}`, [...base, "extendedKeyUsage=clientAuth"], type);
  const at = (f: string) => join(dir, f);
  return {
    dir,
    ca: at("ca.crt"),
    serverCert: at("server.crt"),
    serverKey: at("server.key"),
    clientCert: at("client.crt"),
    clientKey: at("client.key"),
  };
}

/** The client side of a PKI, read into memory for the load generator. */
export async function clientTlsOf(pki: PemPki): Promise<ClientTls> {
  const [ca, cert, key] = await Promise.all(
    [pki.ca, pki.clientCert, pki.clientKey].map((f) => readFile(f, "utf8")),
  );
  return { ca: ca!, cert: cert!, key: key! };
}
