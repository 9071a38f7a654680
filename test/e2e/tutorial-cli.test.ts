/**
 * The tutorial's management steps run verbatim with `kmipd` in place of `vault`, against a real
 * `kmipd server -dev` started as a user starts it (spawned), with the address and root token in
 * the environment as the dev banner advises.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/vectors.js";

const HOME = mkdtempSync(join(tmpdir(), "kmipd-cli-home-"));
let server: ChildProcess;
let env: Record<string, string>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function kmipd(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: repoRoot,
      env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

async function ok(...args: string[]): Promise<string> {
  const r = await kmipd(...args);
  expect(r.stderr, args.join(" ")).toBe("");
  expect(r.code, args.join(" ")).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  const port = await freePort();
  env = { PATH: process.env.PATH ?? "", HOME, VAULT_ADDR: `http://127.0.0.1:${port}`, VAULT_TOKEN: "root" };
  server = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "server",
      "-dev",
      `-dev-listen-address=127.0.0.1:${port}`,
      "-dev-root-token-id=root",
    ],
    { cwd: repoRoot, env },
  );
  let banner = "";
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on("data", (c: Buffer) => {
      banner += c.toString();
      if (banner.includes("Root Token: root")) resolve();
    });
    server.on("exit", (code) => reject(new Error(`dev server exited with ${code}: ${banner}`)));
  });
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.on("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  rmSync(HOME, { recursive: true, force: true });
});

describe("the tutorial with the kmipd CLI", () => {
  it("runs every management step", async () => {
    expect(await ok("secrets", "enable", "kmip")).toBe(
      "Success! Enabled the kmip secrets engine at: kmip/\n",
    );
    expect(await ok("write", "kmip/config", "listen_addrs=127.0.0.1:25697")).toBe(
      "Success! Data written to: kmip/config\n",
    );
    const caJson = JSON.parse(await ok("read", "kmip/ca", "-format=json"));
    expect(caJson.data.ca_pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(await ok("write", "-f", "kmip/scope/finance")).toBe(
      "Success! Data written to: kmip/scope/finance\n",
    );
    expect(await ok("list", "kmip/scope")).toBe("Keys\n----\nfinance\n");
    await ok("write", "kmip/scope/finance/role/accounting", "operation_all=true");
    expect(await ok("list", "kmip/scope/finance/role")).toBe("Keys\n----\naccounting\n");
    expect(await ok("read", "kmip/scope/finance/role/accounting")).toBe(
      [
        "Key                    Value",
        "---                    -----",
        "operation_all          true",
        "tls_client_key_bits    0",
        "tls_client_key_type    n/a",
        "tls_client_ttl         0s",
        "",
      ].join("\n"),
    );
    const cred = JSON.parse(
      await ok(
        "write",
        "-format=json",
        "kmip/scope/finance/role/accounting/credential/generate",
        "format=pem",
      ),
    ).data;
    expect(cred.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(cred.private_key).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    expect(await ok("list", "kmip/scope/finance/role/accounting/credential")).toBe(
      `Keys\n----\n${cred.serial_number}\n`,
    );
    const serial = (
      await ok(
        "read",
        "-field=serial_number",
        "kmip/scope/finance/role/accounting/credential/lookup",
        `serial_number=${cred.serial_number}`,
      )
    ).trim();
    expect(serial).toBe(cred.serial_number);
    await ok(
      "write",
      "kmip/scope/finance/role/accounting/credential/revoke",
      `serial_number=${cred.serial_number}`,
    );
    await ok(
      "write",
      "kmip/scope/finance/role/accounting",
      "operation_activate=true",
      "operation_create=true",
      "operation_get=true",
    );
    expect(await ok("read", "kmip/scope/finance/role/accounting")).toContain("operation_get          true\n");
    expect(await ok("delete", "kmip/scope/finance/role/accounting")).toBe(
      "Success! Data deleted (if it existed) at: kmip/scope/finance/role/accounting\n",
    );
    expect(await ok("delete", "kmip/scope/finance", "force=true")).toBe(
      "Success! Data deleted (if it existed) at: kmip/scope/finance\n",
    );
  }, 180_000);

  it("reports a bad token and a bad parameter as Vault does", async () => {
    const denied = await kmipd("read", "kmip/config");
    expect(denied.code).toBe(0);
    const bad = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "read", "kmip/config"], {
        cwd: repoRoot,
        env: { ...env, VAULT_TOKEN: "wrong" },
      });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      child.on("close", (code) => done({ code, stderr }));
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Code: 403. Errors:");
    expect(bad.stderr).toContain("* permission denied");
    const invalid = await kmipd("write", "kmip/config", "tls_ca_key_bits=123");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("Code: 400. Errors:");
  }, 60_000);
});
