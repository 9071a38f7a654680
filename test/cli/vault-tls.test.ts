import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRead } from "../../src/cli/read.js";
import { envelope, type FakeVault, memoryIo, startFakeVault } from "./vault-fake.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-tls-"));
const cert = join(dir, "cert.pem");
const key = join(dir, "key.pem");
let haveOpenssl = true;
try {
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1"],
      ...["-subj", "/CN=kmipd test", "-addext", "subjectAltName=IP:127.0.0.1,DNS:vault.test"],
      ...["-keyout", key, "-out", cert],
    ],
    { stdio: "ignore" },
  );
} catch {
  haveOpenssl = false;
}

let vault: FakeVault;
beforeAll(async () => {
  if (!haveOpenssl) return;
  const routes = { "GET /v1/kmip/ca": { json: envelope({ ca_pem: "x" }) } };
  vault = await startFakeVault(routes, { key: readFileSync(key), cert: readFileSync(cert) });
});
afterAll(async () => {
  await vault?.close();
});

async function read(argv: string[], env: Record<string, string> = {}) {
  const io = memoryIo({ env: { VAULT_ADDR: vault.address, ...env } });
  const code = await runRead([...argv, "-field=ca_pem", "kmip/ca"], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe.skipIf(!haveOpenssl)("HTTPS", () => {
  it("verifies the server with -ca-cert, KMIPD_CACERT or VAULT_CACERT", async () => {
    expect(await read([`-ca-cert=${cert}`])).toEqual({ code: 0, stdout: "x", stderr: "" });
    expect((await read([], { KMIPD_CACERT: cert })).code).toBe(0);
    expect((await read([], { VAULT_CACERT: cert })).code).toBe(0);
    expect((await read([`-ca-path=${dir}`])).code).toBe(0);
  });

  it("refuses an unknown certificate with exit 2 unless -tls-skip-verify or VAULT_SKIP_VERIFY", async () => {
    const refused = await read([]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^Error reading kmip\/ca: Get "https:\/\/127\.0\.0\.1:\d+\/v1\/kmip\/ca": /,
    );
    expect((await read(["-tls-skip-verify"])).code).toBe(0);
    expect((await read([], { VAULT_SKIP_VERIFY: "true" })).code).toBe(0);
    expect((await read(["-tls-skip-verify=false"], { VAULT_SKIP_VERIFY: "true" })).code).toBe(2);
  });

  it("checks the name given by -tls-server-name", async () => {
    expect((await read([`-ca-cert=${cert}`, "-tls-server-name=vault.test"])).code).toBe(0);
    expect((await read([`-ca-cert=${cert}`, "-tls-server-name=other.test"])).code).toBe(2);
  });
});
