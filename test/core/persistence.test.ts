/**
 * What lands on disk: the SQLite file holds no secret in clear, a restart on the same file keeps
 * everything (after unsealing again), the key-file seal, and dev mode across restarts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Core } from "../../src/core/core.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { api, initAndUnseal, memBackend, startServer, type TestServer } from "../api/helpers.js";

let dir: string;
let servers: TestServer[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kmipd-core-"));
});
afterEach(async () => {
  for (const s of servers) await s.close().catch(() => undefined);
  servers = [];
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: { keyFile?: string } = {}): Promise<TestServer> {
  const s = await startServer({ path: join(dir, "kmipd.db"), ...options });
  servers.push(s);
  return s;
}

async function stop(s: TestServer): Promise<void> {
  await s.close();
  servers = servers.filter((x) => x !== s);
}

/** Every byte of every file in the data folder (database, WAL, shared memory). */
function diskBytes(): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith("kmipd.db"))
      .map((f) => readFileSync(join(dir, f))),
  );
}

describe("the sealed database", () => {
  it("holds no secret, token or key in clear", async () => {
    const s = await start();
    const { rootToken, keys, keysBase64 } = await initAndUnseal(s.url);
    const secret = "TOP-SECRET-VALUE-4f1c9e";
    await api(s.url, "POST", "sys/mounts/kv", { token: rootToken, body: { type: "mem" } });
    await api(s.url, "POST", "kv/data/k", { token: rootToken, body: { value: secret } });
    const child = (
      await api(s.url, "POST", "auth/token/create", { token: rootToken, body: { policies: ["x"] } })
    ).body.auth.client_token;
    await api(s.url, "PUT", "sys/policies/acl/x", {
      token: rootToken,
      body: { policy: 'path "kv/data/POLICY-MARKER/*" { capabilities = ["read"] }' },
    });
    const rootKey = Buffer.from(keys[0]!, "hex"); // with one share, the unseal key is the root key
    const needles: [string, Buffer][] = [
      ["secret", Buffer.from(secret)],
      ["root token", Buffer.from(rootToken)],
      ["root token body", Buffer.from(rootToken.slice(4))],
      ["child token", Buffer.from(child)],
      ["root key", rootKey],
      ["root key hex", Buffer.from(keys[0]!)],
      ["root key base64", Buffer.from(keysBase64[0]!)],
      ["policy text", Buffer.from("POLICY-MARKER")],
      ["mount path", Buffer.from('"kv/"')],
    ];
    for (const when of ["running", "closed"]) {
      if (when === "closed") await stop(s);
      const bytes = diskBytes();
      expect(bytes.includes(Buffer.from("secret_threshold")), "control: the clear seal config").toBe(true);
      for (const [name, needle] of needles) expect(bytes.includes(needle), `${name} (${when})`).toBe(false);
    }
  });

  it("refuses a sealed record moved to another key", async () => {
    const s = await start();
    const { rootToken } = await initAndUnseal(s.url);
    await api(s.url, "POST", "sys/mounts/kv", { token: rootToken, body: { type: "mem" } });
    await api(s.url, "POST", "kv/data/a", { token: rootToken, body: { value: "A" } });
    await api(s.url, "POST", "kv/data/b", { token: rootToken, body: { value: "B" } });
    const uuid = (await api(s.url, "GET", "sys/mounts/kv", { token: rootToken })).body.data.uuid;
    const a = await s.storage.get(`logical/${uuid}/data/a`);
    await s.storage.put(`logical/${uuid}/data/b`, a!);
    const res = await api(s.url, "GET", "kv/data/b", { token: rootToken });
    expect(res.status).toBe(500);
    expect((await api(s.url, "GET", "kv/data/a", { token: rootToken })).body.data.value).toBe("A");
  });
});

describe("restart on the same database", () => {
  it("keeps the seal, tokens, policies, mounts and data; the server starts sealed", async () => {
    const s1 = await start();
    const { rootToken, keys } = await initAndUnseal(s1.url, 3, 2);
    await api(s1.url, "POST", "sys/mounts/team/kv", { token: rootToken, body: { type: "mem" } });
    await api(s1.url, "POST", "team/kv/data/k", { token: rootToken, body: { value: "kept" } });
    await api(s1.url, "PUT", "sys/policies/acl/reader", {
      token: rootToken,
      body: { policy: 'path "team/kv/data/*" { capabilities = ["read"] }' },
    });
    const reader = (
      await api(s1.url, "POST", "auth/token/create", { token: rootToken, body: { policies: ["reader"] } })
    ).body.auth.client_token;
    await stop(s1);

    const s2 = await start();
    expect((await api(s2.url, "GET", "sys/seal-status")).body).toMatchObject({
      initialized: true,
      sealed: true,
      t: 2,
      n: 3,
    });
    expect((await api(s2.url, "GET", "team/kv/data/k", { token: rootToken })).status).toBe(503);
    await api(s2.url, "PUT", "sys/unseal", { body: { key: keys[2] } });
    await api(s2.url, "PUT", "sys/unseal", { body: { key: keys[0] } });
    expect(s2.events.initialized).toEqual(["team/kv/"]);
    expect((await api(s2.url, "GET", "team/kv/data/k", { token: reader })).body.data.value).toBe("kept");
    expect((await api(s2.url, "DELETE", "team/kv/data/k", { token: reader })).status).toBe(403);
    expect(
      (await api(s2.url, "GET", "auth/token/lookup-self", { token: rootToken })).body.data.policies,
    ).toEqual(["root"]);
  });
});

describe("key-file seal", () => {
  it("creates the key file at init and unseals from it after a restart", async () => {
    const keyFile = join(dir, "unseal.key");
    const s1 = await start({ keyFile });
    const { rootToken } = await initAndUnseal(s1.url);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    await stop(s1);

    const s2 = await start({ keyFile });
    const status = await s2.core.unsealWithKeyFile(keyFile);
    expect(status.sealed).toBe(false);
    expect((await api(s2.url, "GET", "auth/token/lookup-self", { token: rootToken })).status).toBe(200);
    await s2.core.seal();
    const wrong = join(dir, "wrong.key");
    writeFileSync(wrong, `${"ab".repeat(32)}\n`, { mode: 0o600 });
    await expect(s2.core.unsealWithKeyFile(wrong)).rejects.toMatchObject({ status: 400 });
    await expect(s2.core.unsealWithKeyFile(join(dir, "absent.key"))).rejects.toMatchObject({ status: 400 });
    expect(s2.core.sealed).toBe(true);
  });

  it("is refused when the server was initialized without it", async () => {
    const s = await start();
    await initAndUnseal(s.url);
    await s.core.seal();
    await expect(s.core.unsealWithKeyFile(join(dir, "k"))).rejects.toMatchObject({ status: 400 });
  });

  it("uses an existing key file in base64 form", async () => {
    const keyFile = join(dir, "given.key");
    writeFileSync(keyFile, Buffer.alloc(32, 7).toString("base64"), { mode: 0o600 });
    const s = await start({ keyFile });
    await initAndUnseal(s.url);
    await s.core.seal();
    expect((await s.core.unsealWithKeyFile(keyFile)).sealed).toBe(false);
  });
});

describe("dev mode", () => {
  it("initializes with one key, unseals, uses the given root token id, and survives a restart", async () => {
    const path = join(dir, "dev.db");
    const open = async () => {
      const storage = SqliteStorage.open({ path });
      const core = await Core.create({ storage, backends: new Map([["mem", memBackend()]]), devMode: true });
      return { storage, core };
    };
    const first = await open();
    const result = await first.core.initDev({ rootTokenId: "root" });
    expect(result.rootToken).toBe("root");
    expect(result.keys).toHaveLength(1);
    expect(first.core.sealed).toBe(false);
    await first.core.enableMount("kv", { type: "mem" });
    const lookup = await first.core.handle({ method: "GET", path: "auth/token/lookup-self", token: "root" });
    expect(lookup.status).toBe(200);
    await expect(first.core.initDev()).rejects.toMatchObject({ status: 400 });
    await first.core.shutdown();
    await first.storage.close();

    const second = await open();
    expect(second.core.sealed).toBe(true);
    await second.core.unseal(result.keysBase64[0]!);
    expect(second.core.listMounts().map((m) => m.path)).toEqual(["kv/"]);
    expect((await second.core.handle({ method: "GET", path: "sys/mounts", token: "root" })).status).toBe(200);
    await second.core.shutdown();
    await second.storage.close();
  });

  it("refuses a root token id with a dot", async () => {
    const storage = SqliteStorage.open({ path: ":memory:" });
    const core = await Core.create({ storage, backends: new Map() });
    await expect(core.initDev({ rootTokenId: "a.b" })).rejects.toMatchObject({ status: 400 });
    await storage.close();
  });
});
