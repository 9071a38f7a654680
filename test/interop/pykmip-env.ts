/**
 * What the PyKMIP helpers need from the machine (see `pykmip.ts` for the helpers themselves).
 *
 * The runbook and scripts live in `../shared/clients/pykmip` (or `KMIPD_PYKMIP_DIR`):
 * `make_certs.sh` (a throw-away CA, a server certificate for 127.0.0.1 and a client certificate
 * with EKU clientAuth), `run_pykmip_server.sh` and `pykmip_client_check.py`. PyKMIP must be
 * importable by Debian's `/usr/bin/python3` (`apt-get install -y python3-pykmip openssl`). When
 * anything is missing these helpers throw: interop tests fail, they never skip.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { repoRoot } from "../helpers/vectors.js";

/** Debian's interpreter: python3-pykmip lives in its dist-packages, which a venv python lacks. */
export const PYTHON = "/usr/bin/python3";

/** The shared runbook folder with the scripts, or KMIPD_PYKMIP_DIR. */
export function pykmipAssetsDir(): string {
  const dir = process.env.KMIPD_PYKMIP_DIR ?? resolve(repoRoot, "../shared/clients/pykmip");
  for (const f of ["make_certs.sh", "run_pykmip_server.sh", "pykmip_client_check.py"]) {
    if (!existsSync(join(dir, f)))
      throw new Error(`PyKMIP runbook file ${f} not found in ${dir}; set KMIPD_PYKMIP_DIR`);
  }
  return dir;
}

interface Exec {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(file: string, args: readonly string[], timeoutMs: number): Promise<Exec> {
  return new Promise((done) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      done({ code, stdout, stderr: error && code === 1 && stderr === "" ? String(error) : stderr });
    });
  });
}

let checked: Promise<string> | undefined;

/** PyKMIP's version; throws with the install line when `/usr/bin/python3` cannot import `kmip`. */
export function requirePykmip(): Promise<string> {
  checked ??= run(PYTHON, ["-c", "import kmip; print(kmip.__version__)"], 20_000).then((r) => {
    if (r.code !== 0) {
      throw new Error(
        `PyKMIP is required for the interop tests: ${PYTHON} cannot import kmip (${r.stderr.trim()}). ` +
          "Install it with: apt-get update && apt-get install -y python3-pykmip openssl",
      );
    }
    return r.stdout.trim();
  });
  return checked;
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      s.close(() => done(port));
    });
  });
}

/** Paths of the certificates `make_certs.sh` writes. */
export interface PykmipPki {
  readonly dir: string;
  readonly ca: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

/** A throw-away PKI in `dir/pki`; `clientCn` becomes the PyKMIP object owner. */
export async function makePykmipCerts(dir: string, clientCn = "kmip-client"): Promise<PykmipPki> {
  const pki = join(dir, "pki");
  const r = await new Promise<Exec>((done) => {
    const env = { ...process.env, CLIENT_CN: clientCn };
    execFile(
      join(pykmipAssetsDir(), "make_certs.sh"),
      [pki],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? 1 : 0, stdout, stderr }),
    );
  });
  if (r.code !== 0) throw new Error(`make_certs.sh failed: ${r.stderr || r.stdout}`);
  const at = (f: string) => join(pki, f);
  return {
    dir: pki,
    ca: at("ca.crt"),
    clientCert: at("client.crt"),
    clientKey: at("client.key"),
    serverCert: at("server.crt"),
    serverKey: at("server.key"),
  };
}

/** Removes a scratch folder unless KMIPD_KEEP_PYKMIP is set (to read its logs). */
export async function removeScratch(dir: string): Promise<void> {
  if (process.env.KMIPD_KEEP_PYKMIP === undefined) await rm(dir, { recursive: true, force: true });
}

export async function scratchDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function tailOf(file: string, lines = 40): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").slice(-lines).join("\n");
}
