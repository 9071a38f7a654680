/**
 * The tutorial end to end, as a user runs it: enable the engine, configure a KMIP listener,
 * create a scope and a role, issue a credential, connect over mutual TLS with the issued
 * certificate, create and get a key, revoke the certificate and be refused (within a second, on a
 * live connection too), restrict the role and be denied, delete the scope (refused while it holds
 * objects, done with force).
 */

import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/app.js";
import { nameAttribute } from "../../src/client/attributes.js";
import { KmipClient } from "../../src/client/index.js";
import type { ServerConfig } from "../../src/config/server-config.js";
import { silentLogger } from "../../src/core/logger.js";

const ROOT = "root-kmip";
const dir = mkdtempSync(join(tmpdir(), "kmipd-kmip-e2e-"));
let server: RunningServer;
let base: string;
let kmipPort: number;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/v1/${path}`, {
    method,
    headers: { "X-Vault-Token": ROOT, ...(body !== undefined && { "Content-Type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : (JSON.parse(text) as Record<string, any>) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function credential(role = "accounting") {
  const res = await api("POST", `kmip/scope/finance/role/${role}/credential/generate`, { format: "pem" });
  expect(res.status).toBe(200);
  return res.body!.data as {
    certificate: string;
    private_key: string;
    serial_number: string;
    ca_chain: string[];
  };
}

async function connect(cred: { certificate: string; private_key: string }, version = 1.4) {
  const ca = (await api("GET", "kmip/ca")).body!.data.ca_pem as string;
  return KmipClient.connect({
    host: "127.0.0.1",
    port: kmipPort,
    ca,
    cert: cred.certificate,
    key: cred.private_key,
    servername: "localhost",
    version,
    timeoutMs: 10_000,
  });
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
    prepare: async (core) => {
      await core.initDev({ rootTokenId: ROOT });
    },
  });
  base = server.urls[0]!;
  kmipPort = await freePort();
  expect((await api("POST", "sys/mounts/kmip", { type: "kmip" })).status).toBe(204);
  expect((await api("POST", "kmip/config", { listen_addrs: `127.0.0.1:${kmipPort}` })).status).toBe(204);
  expect((await api("POST", "kmip/scope/finance")).status).toBe(204);
  expect((await api("POST", "kmip/scope/finance/role/accounting", { operation_all: true })).status).toBe(204);
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the tutorial over KMIP", () => {
  it("refuses a config whose KMIP port is already in use", async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, "127.0.0.1", () => r()));
    try {
      const res = await api("POST", "kmip/config", { listen_addrs: `127.0.0.1:${port}` });
      expect(res.status).toBe(400);
      expect(res.body?.errors[0]).toMatch(/in use/);
      expect((await api("GET", "kmip/config")).body?.data.listen_addrs).toEqual([`127.0.0.1:${kmipPort}`]);
    } finally {
      blocker.close();
    }
  });

  it("creates, activates and gets a key with the issued certificate, in every version", async () => {
    const cred = await credential();
    for (const version of [1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1]) {
      const client = await connect(cred, version);
      try {
        const created = await client.create({ algorithm: "AES", length: 256, name: `key-${version}` });
        expect(created.uniqueIdentifier).toMatch(/^[0-9A-Za-z]{32}$/);
        await client.activate(created.uniqueIdentifier);
        const got = await client.get(created.uniqueIdentifier);
        expect(got.keyMaterial?.length).toBe(32);
        const found = await client.locate({ attributes: [nameAttribute(`key-${version}`)] });
        expect(found.uniqueIdentifiers, `KMIP ${version}`).toEqual([created.uniqueIdentifier]);
      } finally {
        await client.close();
      }
    }
  }, 60_000);

  it("shuts out a revoked certificate, on a live connection within a second", async () => {
    const cred = await credential();
    const client = await connect(cred);
    const created = await client.create({ algorithm: "AES", length: 128 });
    const revoked = await api("POST", "kmip/scope/finance/role/accounting/credential/revoke", {
      serial_number: cred.serial_number,
    });
    expect(revoked.status).toBe(204);
    await new Promise((r) => setTimeout(r, 1000));
    await expect(client.get(created.uniqueIdentifier)).rejects.toThrow();
    await client.close().catch(() => {});
    await expect(connect(cred).then((c) => c.get(created.uniqueIdentifier))).rejects.toThrow();
  }, 30_000);

  it("denies operations the role does not allow", async () => {
    const cred = await credential();
    const client = await connect(cred);
    try {
      const created = await client.create({ algorithm: "AES", length: 256 });
      const restricted = await api("POST", "kmip/scope/finance/role/accounting", {
        operation_create: true,
        operation_get: true,
      });
      expect(restricted.status).toBe(204);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await client.get(created.uniqueIdentifier)).keyMaterial?.length).toBe(32);
      await expect(client.destroy(created.uniqueIdentifier)).rejects.toMatchObject({
        resultReason: expect.anything(),
      });
      const err = await client.destroy(created.uniqueIdentifier).catch((e) => e);
      expect(String(err.message ?? err)).toMatch(/Permission Denied/i);
    } finally {
      await client.close();
    }
  }, 30_000);

  it("refuses to delete a scope holding objects unless forced", async () => {
    const refused = await api("DELETE", "kmip/scope/finance");
    expect(refused.status).toBe(400);
    expect((await api("DELETE", "kmip/scope/finance?force=true")).status).toBe(204);
    expect((await api("LIST", "kmip/scope")).status).toBe(404);
  });
});
