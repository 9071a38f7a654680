/**
 * The audit log of the management API on a live server: enabling a file device (sudo required),
 * one request and one response record per request in Vault's shape, secrets only as HMACs, a
 * chain `kmipd audit verify` accepts, fail closed while the file cannot be written, recovery by
 * disabling the device, and the table surviving a seal and unseal.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/app.js";
import { verifyChain } from "../../src/audit/chain.js";
import { silentLogger } from "../../src/core/logger.js";
import { type Kmipd, startKmipd } from "../helpers/kmipd.js";
import { type AuditRecord, apiRecords, auditHash, enableFileDevice, readRecords } from "./helpers.js";

let kmipd: Kmipd;
let logPath: string;

async function tokenWith(policy: string, rules: string): Promise<string> {
  expect((await kmipd.api("PUT", `sys/policies/acl/${policy}`, { policy: rules })).status).toBe(204);
  const res = await kmipd.api("POST", "auth/token/create", { policies: [policy] });
  return res.body!.auth.client_token as string;
}

beforeAll(async () => {
  kmipd = await startKmipd();
  logPath = join(kmipd.dir, "audit.log");
});

afterAll(async () => {
  await kmipd?.close();
});

describe("the API audit log", () => {
  it("needs sudo to enable, list or disable a device", async () => {
    const rules = 'path "sys/audit*" { capabilities = ["create", "read", "update", "delete", "list"] }';
    const plain = await tokenWith("audit-plain", rules);
    const body = { type: "file", options: { file_path: join(kmipd.dir, "nosudo.log") } };
    expect((await kmipd.api("POST", "sys/audit/nosudo", body, plain)).status).toBe(403);
    expect((await kmipd.api("GET", "sys/audit", undefined, plain)).status).toBe(403);
    expect((await kmipd.api("DELETE", "sys/audit/nosudo", undefined, plain)).status).toBe(403);
    const sudo = await tokenWith("audit-sudo", rules.replace('"list"', '"list", "sudo"'));
    expect((await kmipd.api("GET", "sys/audit", undefined, sudo)).status).toBe(200);
  });

  it("enables a file device, created 0600, and lists it in Vault's shape", async () => {
    await enableFileDevice(kmipd, "file", logPath);
    expect(statSync(logPath).mode & 0o777).toBe(0o600);
    const list = await kmipd.api("GET", "sys/audit");
    expect(list.body!.data["file/"]).toEqual({
      path: "file/",
      type: "file",
      description: "test device",
      local: false,
      options: { file_path: logPath, mode: "0600", hmac_accessor: "true", log_raw: "false", format: "json" },
    });
    expect((await kmipd.api("LIST", "sys/audit")).body!.data.keys).toEqual(["file/"]);
    const again = await kmipd.api("POST", "sys/audit/file", {
      type: "file",
      options: { file_path: logPath },
    });
    expect(again.status).toBe(400);
    const bad = await kmipd.api("POST", "sys/audit/other", { type: "socket", options: {} });
    expect(bad.status).toBe(400);
  });

  it("records each request once as a request and a response record", async () => {
    const res = await kmipd.api("GET", "sys/mounts");
    expect(res.status).toBe(200);
    const records = apiRecords(readRecords(logPath), "sys/mounts");
    expect(records.map((r) => r.type)).toEqual(["request", "response"]);
    const [request, response] = records as [AuditRecord, AuditRecord];
    const rootHash = await auditHash(kmipd, "file", kmipd.root);
    for (const record of records) {
      expect(record.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(record.request).toMatchObject({
        id: res.body!.request_id,
        operation: "read",
        mount_type: "system",
        mount_point: "sys/",
        path: "sys/mounts",
        client_token: rootHash,
      });
      expect(record.auth).toMatchObject({
        client_token: rootHash,
        policies: ["root"],
        token_type: "service",
      });
      expect(record.auth.accessor).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    }
    expect(request.response).toBeUndefined();
    expect(response.response.status_code).toBe(200);
    expect(response.response.data["sys/"].type).toBe("system");
  });

  it("never writes the root token or a credential's private key in clear, only their HMACs", async () => {
    await kmipd.kmipListener();
    const cred = await kmipd.credential("finance", "accounting");
    const text = readFileSync(logPath, "utf8");
    const keyBody = cred.private_key.split("\n")[1]!;
    expect(text).not.toContain(kmipd.root);
    expect(text).not.toContain(keyBody);
    expect(text).toContain(await auditHash(kmipd, "file", kmipd.root));
    expect(text).toContain(await auditHash(kmipd, "file", cred.private_key));
    // The certificate's serial is no secret: it stays readable, to match KMIP records.
    const generated = apiRecords(
      readRecords(logPath),
      "kmip/scope/finance/role/accounting/credential/generate",
    );
    expect(generated.at(-1)!.response.data.serial_number).toBe(cred.serial_number);
  });

  it("records a refused request, with the token it tried as an HMAC", async () => {
    expect((await kmipd.api("GET", "sys/policies/acl", undefined, "not-a-token")).status).toBe(403);
    const records = apiRecords(readRecords(logPath), "sys/policies/acl");
    expect(records.map((r) => r.type)).toEqual(["request", "response"]);
    expect(records[1]!.error).toBe("permission denied");
    expect(records[1]!.auth.client_token).toBe(await auditHash(kmipd, "file", "not-a-token"));
    expect(readFileSync(logPath, "utf8")).not.toContain("not-a-token");
  });

  it("writes a chain that verifies", () => {
    const report = verifyChain(readFileSync(logPath, "utf8"));
    expect(report.ok, report.reason).toBe(true);
    expect(report.records).toBeGreaterThan(10);
  });
});

describe("across a seal", () => {
  let server: RunningServer;
  let dir: string;
  let unsealKey: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kmipd-audit-seal-"));
    server = await startServer({
      config: {
        storage: { type: "sqlite", path: join(dir, "kmipd.db") },
        listeners: [{ address: "127.0.0.1:0", tlsDisable: true, tlsMinVersion: "tls12" }],
        logLevel: "error",
        workers: 1,
        ignored: [],
      },
      logger: silentLogger,
      prepare: async (core) => {
        unsealKey = (await core.initDev({ rootTokenId: "root-seal" })).keysBase64[0]!;
      },
    });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the table in sealed storage and reopens the device on unseal, chain intact", async () => {
    const { core } = server;
    const call = (method: string, path: string, body?: unknown) =>
      core.handle({ method, path, token: "root-seal", ...(body !== undefined && { body }) });
    const path = join(dir, "audit.log");
    expect(
      (await call("POST", "sys/audit/file", { type: "file", options: { file_path: path } })).status,
    ).toBe(204);
    expect((await call("GET", "sys/mounts")).status).toBe(200);
    const before = readRecords(path).length;
    await core.seal();
    expect((await call("GET", "sys/mounts")).status).toBe(503);
    expect(readRecords(path).length).toBe(before);
    await core.unseal(unsealKey);
    expect((await call("GET", "sys/audit")).body).toMatchObject({ data: { "file/": { type: "file" } } });
    expect(readRecords(path).length).toBe(before + 2);
    const report = verifyChain(readFileSync(path, "utf8"));
    expect(report.ok, report.reason).toBe(true);
  });
});

describe("fail closed", () => {
  let kmipd2: Kmipd;
  let path: string;

  beforeAll(async () => {
    kmipd2 = await startKmipd();
    path = join(kmipd2.dir, "audit.log");
    await enableFileDevice(kmipd2, "file", path);
  });

  afterAll(async () => {
    await kmipd2?.close();
  });

  it("refuses requests while no enabled device can write, and serves them once it is disabled", async () => {
    expect((await kmipd2.api("GET", "sys/mounts")).status).toBe(200);
    rmSync(path);
    mkdirSync(path); // the file is now a directory: every append fails
    const refused = await kmipd2.api("GET", "sys/mounts");
    expect(refused.status).toBe(500);
    expect(refused.body!.errors[0]).toMatch(/audit log unavailable/);
    expect((await kmipd2.api("POST", "sys/policies/acl/blocked", { policy: 'path "x" {}' })).status).toBe(
      500,
    );
    expect((await kmipd2.api("GET", "sys/policies/acl/blocked")).status).toBe(500);
    expect((await kmipd2.api("DELETE", "sys/audit/file")).status).toBe(204);
    expect((await kmipd2.api("GET", "sys/mounts")).status).toBe(200);
    // The refused write never ran its handler.
    expect((await kmipd2.api("GET", "sys/policies/acl/blocked")).status).toBe(404);
  });

  it("serves requests while at least one of two devices can write", async () => {
    const good = join(kmipd2.dir, "good.log");
    const bad = join(kmipd2.dir, "bad.log");
    await enableFileDevice(kmipd2, "good", good);
    await enableFileDevice(kmipd2, "bad", bad);
    rmSync(bad);
    mkdirSync(bad);
    expect((await kmipd2.api("GET", "sys/mounts")).status).toBe(200);
    expect(apiRecords(readRecords(good), "sys/mounts").length).toBe(2);
  });
});
