import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope, type FakeVault, startFakeVault } from "./vault-fake.js";

const ROOT = resolve(import.meta.dirname, "../..");
const ENTRY = join(ROOT, "src/cli/main.ts");
const HOME = mkdtempSync(join(tmpdir(), "kmipd-e2e-home-"));

let vault: FakeVault;

/** Runs the CLI as a child process (node + tsx), standard output piped. */
function kmipd(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", ENTRY, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME, VAULT_ADDR: vault.address, VAULT_TOKEN: "root", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  vault = await startFakeVault({
    "POST /v1/sys/mounts/kmip/": { status: 204 },
    "PUT /v1/kmip/config": { status: 204 },
    "PUT /v1/kmip/scope/finance": { status: 204 },
    "LIST /v1/kmip/scope/": { json: envelope({ keys: ["finance"] }) },
    "GET /v1/kmip/ca": {
      json: envelope({ ca_pem: "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----" }),
    },
    "GET /v1/kmip/missing": { status: 403, json: { errors: ["permission denied"] } },
    "DELETE /v1/kmip/scope/finance": { status: 204 },
    "GET /v1/sys/seal-status": {
      json: { type: "shamir", initialized: true, sealed: true, t: 1, n: 1, progress: 0 },
    },
  });
});
afterAll(async () => {
  await vault.close();
});

describe("kmipd as a process", () => {
  it("runs the tutorial's first steps with Vault's words and exit codes", async () => {
    expect(await kmipd(["secrets", "enable", "kmip"])).toEqual({
      code: 0,
      stdout: "Success! Enabled the kmip secrets engine at: kmip/\n",
      stderr: "",
    });
    expect((await kmipd(["write", "kmip/config", "listen_addrs=0.0.0.0:5696"])).stdout).toBe(
      "Success! Data written to: kmip/config\n",
    );
    expect((await kmipd(["write", "-f", "kmip/scope/finance"])).stdout).toBe(
      "Success! Data written to: kmip/scope/finance\n",
    );
    expect((await kmipd(["list", "kmip/scope"])).stdout).toBe("Keys\n----\nfinance\n");
    expect((await kmipd(["delete", "kmip/scope/finance", "force=true"])).stdout).toBe(
      "Success! Data deleted (if it existed) at: kmip/scope/finance\n",
    );
    const sent = vault.requests.map((q) => q.requestLine);
    expect(sent).toContain("LIST /v1/kmip/scope/ HTTP/1.1");
    expect(sent).toContain("DELETE /v1/kmip/scope/finance?force=true HTTP/1.1");
  }, 30_000);

  it("prints JSON and raw fields for pipes, and exits 2 on API errors and when sealed", async () => {
    const json = await kmipd(["read", "kmip/ca", "-format=json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ data: { ca_pem: expect.stringContaining("MII") } });
    expect((await kmipd(["read", "-field=ca_pem", "kmip/ca"])).stdout).toBe(
      "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----",
    );
    const denied = await kmipd(["read", "kmip/missing"]);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain("Code: 403. Errors:\n\n* permission denied\n");
    expect((await kmipd(["status"])).code).toBe(2);
    const usage = await kmipd(["read", "-bogus", "kmip/ca"]);
    expect(usage).toEqual({ code: 1, stdout: "", stderr: "flag provided but not defined: -bogus\n" });
  }, 30_000);

  it("honours KMIPD_ADDR over VAULT_ADDR", async () => {
    const r = await kmipd(["list", "kmip/scope"], {
      KMIPD_ADDR: vault.address,
      VAULT_ADDR: "http://127.0.0.1:9",
    });
    expect(r.code).toBe(0);
  }, 30_000);
});
