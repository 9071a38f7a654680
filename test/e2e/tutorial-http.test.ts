/**
 * HashiCorp's tutorial "Manage client encryption keys with Vault as a KMIP server", management
 * steps, sent over HTTP exactly as Vault clients send them (X-Vault-Token, the LIST method,
 * ?list=true), against a server started the way `kmipd server` starts one. Issued certificates
 * are checked with openssl; the database file is searched for secrets in clear.
 */
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackendFactory } from "../../src/api/framework/types.js";
import { type RunningServer, startServer } from "../../src/app.js";
import type { ServerConfig } from "../../src/config/server-config.js";
import { silentLogger } from "../../src/core/logger.js";
import type { KvStore } from "../../src/storage/types.js";

const ROOT = "root-e2e";
const dir = mkdtempSync(join(tmpdir(), "kmipd-e2e-"));
const dbPath = join(dir, "kmipd.db");
let server: RunningServer;
let base: string;
/** The kmip mount's sealed storage view, captured to read what it stores (decrypted). */
let kmipStorage: KvStore | undefined;

async function api(method: string, path: string, body?: unknown, token: string | null = ROOT) {
  const headers: Record<string, string> = {};
  if (token !== null) headers["X-Vault-Token"] = token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(`${base}/v1/${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : (JSON.parse(text) as Record<string, any>) };
}

beforeAll(async () => {
  const config: ServerConfig = {
    storage: { type: "sqlite", path: dbPath },
    listeners: [{ address: "127.0.0.1:0", tlsDisable: true, tlsMinVersion: "tls12" }],
    logLevel: "error",
    workers: 1,
    ignored: [],
  };
  server = await startServer({
    config,
    logger: silentLogger,
    wrapEngines: (engines) => {
      const kmip = engines.get("kmip")!;
      const capturing: BackendFactory = async (ctx) => {
        kmipStorage = ctx.storage;
        return kmip(ctx);
      };
      return new Map([["kmip", capturing]]);
    },
    prepare: async (core) => {
      await core.initDev({ rootTokenId: ROOT });
    },
  });
  base = server.urls[0]!;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function openssl(args: string[]): string {
  return execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

describe("the tutorial's management steps over HTTP", () => {
  let credential: Record<string, any>;

  it("enables the kmip engine and configures it", async () => {
    expect((await api("POST", "sys/mounts/kmip", { type: "kmip" })).status).toBe(204);
    const mounts = await api("GET", "sys/mounts");
    expect(mounts.body?.data["kmip/"].type).toBe("kmip");
    expect((await api("POST", "kmip/config", { listen_addrs: "127.0.0.1:25696" })).status).toBe(204);
    const config = await api("GET", "kmip/config");
    expect(config.body?.data).toMatchObject({
      listen_addrs: ["127.0.0.1:25696"],
      tls_ca_key_type: "ec",
      tls_ca_key_bits: 256,
      default_tls_client_ttl: 1_209_600,
      server_hostnames: ["localhost"],
    });
  });

  it("returns the CA bundle: intermediate then root", async () => {
    const ca = await api("GET", "kmip/ca");
    const [intermediate, root] = splitPem(ca.body?.data.ca_pem);
    expect(new X509Certificate(root!).subject).toContain("CN=kmipd kmip root");
    expect(new X509Certificate(intermediate!).checkIssued(new X509Certificate(root!))).toBe(true);
  });

  it("creates a scope and lists it with LIST and with ?list=true", async () => {
    expect((await api("POST", "kmip/scope/finance")).status).toBe(204);
    expect((await api("LIST", "kmip/scope")).body?.data.keys).toEqual(["finance"]);
    expect((await api("GET", "kmip/scope?list=true")).body?.data.keys).toEqual(["finance"]);
  });

  it("creates a role with operation_all and reads it in Vault's shape", async () => {
    expect((await api("POST", "kmip/scope/finance/role/accounting", { operation_all: true })).status).toBe(
      204,
    );
    expect((await api("LIST", "kmip/scope/finance/role")).body?.data.keys).toEqual(["accounting"]);
    expect((await api("GET", "kmip/scope/finance/role/accounting")).body?.data).toEqual({
      operation_all: true,
      tls_client_key_bits: 0,
      tls_client_key_type: "",
      tls_client_ttl: 0,
    });
  });

  it("issues a client certificate that openssl verifies, with the tutorial's profile", async () => {
    const res = await api("POST", "kmip/scope/finance/role/accounting/credential/generate", {
      format: "pem",
    });
    expect(res.status).toBe(200);
    credential = res.body!.data;
    expect(credential.private_key).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    expect(credential.serial_number).toMatch(/^\d+$/);
    // Verified against `kmip/ca` (the trust bundle users download), not the response's own chain.
    const [intermediate, root] = splitPem((await api("GET", "kmip/ca")).body?.data.ca_pem);
    expect(credential.ca_chain).toEqual([intermediate, root]);
    writeFileSync(join(dir, "root.pem"), root!);
    writeFileSync(join(dir, "int.pem"), intermediate!);
    writeFileSync(join(dir, "cert.pem"), credential.certificate);
    const verified = openssl([
      "verify",
      "-CAfile",
      join(dir, "root.pem"),
      "-untrusted",
      join(dir, "int.pem"),
      join(dir, "cert.pem"),
    ]);
    expect(verified.trim()).toBe(`${join(dir, "cert.pem")}: OK`);
    const text = openssl(["x509", "-in", join(dir, "cert.pem"), "-noout", "-text"]);
    expect(text).toMatch(/Subject: OU = [A-Za-z0-9]+, CN = [A-Za-z0-9]+/);
    expect(text).toContain("TLS Web Client Authentication");
    const cert = new X509Certificate(credential.certificate);
    const now = Date.now();
    expect(Math.abs(Date.parse(cert.validFrom) - (now - 30_000))).toBeLessThan(5_000);
    expect(Math.abs(Date.parse(cert.validTo) - (now + 336 * 3600_000))).toBeLessThan(5_000);
    expect(BigInt(`0x${cert.serialNumber}`).toString()).toBe(credential.serial_number);
  });

  it("lists, looks up and revokes the credential", async () => {
    const path = "kmip/scope/finance/role/accounting/credential";
    expect((await api("LIST", path)).body?.data.keys).toEqual([credential.serial_number]);
    const lookup = await api("GET", `${path}/lookup?serial_number=${credential.serial_number}`);
    expect(lookup.body?.data.certificate).toBe(credential.certificate);
    expect((await api("POST", `${path}/revoke`, { serial_number: credential.serial_number })).status).toBe(
      204,
    );
    expect((await api("LIST", path)).status).toBe(404);
  });

  it("restricts the role to specific operations", async () => {
    const role = "kmip/scope/finance/role/accounting";
    const flags = { operation_activate: true, operation_create: true, operation_get: true };
    expect((await api("POST", role, flags)).status).toBe(204);
    expect((await api("GET", role)).body?.data).toEqual({
      ...flags,
      tls_client_key_bits: 0,
      tls_client_key_type: "",
      tls_client_ttl: 0,
    });
  });

  it("answers bad tokens, bad parameters and unknown paths as Vault does", async () => {
    expect(await api("GET", "kmip/config", undefined, "not-a-token")).toEqual({
      status: 403,
      body: { errors: ["permission denied"] },
    });
    expect((await api("GET", "kmip/config", undefined, null)).status).toBe(403);
    const bad = await api("POST", "kmip/config", { tls_ca_key_bits: 123 });
    expect(bad.status).toBe(400);
    expect(bad.body?.errors[0]).toMatch(/bits/);
    expect((await api("GET", "kmip/scope/finance/role/nobody")).status).toBe(404);
  });

  it("deletes the role, then the scope with force", async () => {
    expect((await api("DELETE", "kmip/scope/finance/role/accounting")).status).toBe(204);
    expect((await api("DELETE", "kmip/scope/finance?force=true")).status).toBe(204);
    expect((await api("LIST", "kmip/scope")).status).toBe(404);
  });

  it("keeps every secret sealed in the database file", async () => {
    const stored = await kmipStorage!.get("ca/legacy");
    const record = JSON.parse(Buffer.from(stored!).toString("utf8"));
    const keyPems = JSON.stringify(record).match(/-----BEGIN PRIVATE KEY-----[^-]+/g) ?? [];
    expect(keyPems.length).toBeGreaterThan(0);
    const raw = readFileSync(dbPath);
    const wal = (() => {
      try {
        return readFileSync(`${dbPath}-wal`);
      } catch {
        return Buffer.alloc(0);
      }
    })();
    const haystack = Buffer.concat([raw, wal]);
    // Positive control: storage keys are in clear, so the search does see the records.
    expect(haystack.includes(Buffer.from("/ca/legacy"))).toBe(true);
    for (const pem of keyPems) {
      const body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace(/\\n|\s/g, "");
      const der = Buffer.from(body, "base64");
      expect(haystack.includes(der.subarray(0, 48))).toBe(false);
      expect(haystack.includes(Buffer.from(body.slice(0, 48)))).toBe(false);
    }
    expect(haystack.includes(Buffer.from(ROOT))).toBe(false);
    const clientKey = Buffer.from(
      String(credential.private_key).replace(/-----[^-]+-----|\s/g, ""),
      "base64",
    );
    expect(haystack.includes(clientKey.subarray(8, 40))).toBe(false);
  });

  it("refuses everything but the seal endpoints while sealed", async () => {
    expect((await api("PUT", "sys/seal")).status).toBe(204);
    const sealed = await api("GET", "kmip/config");
    expect(sealed.status).toBe(503);
    expect(sealed.body?.errors[0]).toMatch(/sealed/);
    expect((await api("GET", "sys/seal-status", undefined, null)).body?.sealed).toBe(true);
  });
});
