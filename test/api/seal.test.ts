/** sys/init, sys/unseal, sys/seal, sys/seal-status and sys/health through HTTP (Vault API docs). */
import { afterEach, describe, expect, it } from "vitest";
import { api, startServer, type TestServer } from "./helpers.js";

let s: TestServer;
afterEach(async () => s?.close());

async function init(shares: number, threshold: number) {
  const res = await api(s.url, "PUT", "sys/init", {
    body: { secret_shares: shares, secret_threshold: threshold },
  });
  expect(res.status).toBe(200);
  return res.body as { keys: string[]; keys_base64: string[]; root_token: string };
}

describe("init", () => {
  it("reports uninitialized, then initializes and stays sealed", async () => {
    s = await startServer();
    expect((await api(s.url, "GET", "sys/init")).body).toEqual({ initialized: false });
    const status = (await api(s.url, "GET", "sys/seal-status")).body;
    expect(status).toMatchObject({ type: "shamir", initialized: false, sealed: true, t: 0, n: 0 });
    const out = await init(5, 3);
    expect(out.keys).toHaveLength(5);
    expect(out.keys_base64).toHaveLength(5);
    expect(out.keys[0]).toMatch(/^[0-9a-f]{66}$/);
    expect(Buffer.from(out.keys_base64[0]!, "base64").toString("hex")).toBe(out.keys[0]);
    expect(out.root_token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
    expect((await api(s.url, "GET", "sys/init")).body).toEqual({ initialized: true });
    const after = (await api(s.url, "GET", "sys/seal-status")).body;
    expect(after).toMatchObject({ initialized: true, sealed: true, t: 3, n: 5, progress: 0, nonce: "" });
    expect(after.cluster_name).toBeUndefined();
  });

  it("refuses a second init and bad parameters with 400", async () => {
    s = await startServer();
    for (const body of [
      { secret_shares: 3, secret_threshold: 4 },
      { secret_shares: 0, secret_threshold: 0 },
      { secret_shares: 3, secret_threshold: 1 },
      { secret_shares: "x", secret_threshold: 1 },
      { secret_shares: 1 },
      { secret_shares: 1, secret_threshold: 1, pgp_keys: ["abc"] },
      { secret_shares: 1, secret_threshold: 1, recovery_shares: 2 },
    ]) {
      const res = await api(s.url, "PUT", "sys/init", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect((await api(s.url, "GET", "sys/init")).body.initialized).toBe(false);
    await init(1, 1);
    const again = await api(s.url, "PUT", "sys/init", { body: { secret_shares: 1, secret_threshold: 1 } });
    expect(again.status).toBe(400);
    expect(again.body.errors[0]).toMatch(/already initialized/);
  });
});

describe("unseal", () => {
  it("counts progress with a nonce, ignores a repeated key, and unseals at the threshold", async () => {
    s = await startServer();
    const { keys, keys_base64 } = await init(5, 3);
    const first = (await api(s.url, "PUT", "sys/unseal", { body: { key: keys[0] } })).body;
    expect(first).toMatchObject({ sealed: true, t: 3, n: 5, progress: 1 });
    expect(first.nonce).toMatch(/^[0-9a-f-]{36}$/);
    const repeat = (await api(s.url, "PUT", "sys/unseal", { body: { key: keys_base64[0] } })).body;
    expect(repeat).toMatchObject({ progress: 1, nonce: first.nonce });
    expect((await api(s.url, "PUT", "sys/unseal", { body: { key: keys_base64[3] } })).body.progress).toBe(2);
    const done = (await api(s.url, "PUT", "sys/unseal", { body: { key: keys[4] } })).body;
    expect(done).toMatchObject({ sealed: false, progress: 0, nonce: "" });
    expect(done.cluster_name).toMatch(/^kmipd-cluster-/);
    expect(done.cluster_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("fails with wrong keys, resets progress, and unseals nothing", async () => {
    s = await startServer();
    const { keys } = await init(3, 2);
    const other = await startServer();
    const otherKeys = (
      await api(other.url, "PUT", "sys/init", { body: { secret_shares: 3, secret_threshold: 2 } })
    ).body.keys as string[];
    await other.close();
    await api(s.url, "PUT", "sys/unseal", { body: { key: keys[0] } });
    const wrong = await api(s.url, "PUT", "sys/unseal", { body: { key: otherKeys[1] } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatch(/unseal failed/);
    const status = (await api(s.url, "GET", "sys/seal-status")).body;
    expect(status).toMatchObject({ sealed: true, progress: 0, nonce: "" });
    expect((await api(s.url, "GET", "sys/mounts", { token: "x" })).status).toBe(503);
    await api(s.url, "PUT", "sys/unseal", { body: { key: keys[2] } });
    expect((await api(s.url, "PUT", "sys/unseal", { body: { key: keys[1] } })).body.sealed).toBe(false);
  });

  it("refuses malformed keys without touching progress, and resets on request", async () => {
    s = await startServer();
    const { keys } = await init(3, 2);
    await api(s.url, "PUT", "sys/unseal", { body: { key: keys[0] } });
    for (const body of [{ key: "not a key!" }, { key: "abcd" }, {}, { key: keys[1], migrate: true }]) {
      const res = await api(s.url, "PUT", "sys/unseal", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await api(s.url, "GET", "sys/seal-status")).body.progress).toBe(1);
    const reset = (await api(s.url, "PUT", "sys/unseal", { body: { reset: true, key: keys[1] } })).body;
    expect(reset).toMatchObject({ sealed: true, progress: 0, nonce: "" });
  });

  it("answers 400 to unseal before init", async () => {
    s = await startServer();
    const res = await api(s.url, "PUT", "sys/unseal", { body: { key: "00".repeat(32) } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatch(/not initialized/);
  });
});

describe("seal", () => {
  it("needs a token with sudo, then makes everything but the seal endpoints 503", async () => {
    s = await startServer();
    const { keys, root_token: root } = await init(1, 1);
    await api(s.url, "PUT", "sys/unseal", { body: { key: keys[0] } });
    await api(s.url, "POST", "sys/mounts/kv", { token: root, body: { type: "mem" } });
    await api(s.url, "PUT", "sys/policies/acl/sealer", {
      token: root,
      body: { policy: 'path "sys/seal" { capabilities = ["update"] }' },
    });
    const noSudo = (
      await api(s.url, "POST", "auth/token/create", { token: root, body: { policies: ["sealer"] } })
    ).body.auth.client_token;
    expect((await api(s.url, "PUT", "sys/seal", { token: noSudo })).status).toBe(403);
    expect((await api(s.url, "PUT", "sys/seal")).status).toBe(403);
    expect((await api(s.url, "PUT", "sys/seal", { token: root })).status).toBe(204);
    expect(s.events.cleanedUp).toEqual(["kv/"]);

    for (const [method, path] of [
      ["GET", "sys/mounts"],
      ["POST", "sys/mounts/x"],
      ["GET", "kv/data/a"],
      ["GET", "auth/token/lookup-self"],
      ["PUT", "sys/seal"],
      ["GET", "sys/policies/acl?list=true"],
      ["GET", "no/such/path"],
    ] as const) {
      const res = await api(s.url, method, path, { token: root, body: method === "GET" ? undefined : {} });
      expect(res.status, path).toBe(503);
      expect(res.body).toEqual({ errors: ["Vault is sealed"] });
    }
    expect((await api(s.url, "GET", "sys/seal-status")).status).toBe(200);
    expect((await api(s.url, "GET", "sys/init")).status).toBe(200);
    expect((await api(s.url, "GET", "sys/health")).status).toBe(503);
    const unsealed = await api(s.url, "PUT", "sys/unseal", { body: { key: keys[0] } });
    expect(unsealed.body.sealed).toBe(false);
    expect(s.events.initialized).toEqual(["kv/", "kv/"]);
    expect((await api(s.url, "GET", "auth/token/lookup-self", { token: root })).status).toBe(200);
  });
});

describe("health", () => {
  it("answers Vault's status codes and honours the code parameters", async () => {
    s = await startServer();
    const uninit = await api(s.url, "GET", "sys/health");
    expect(uninit.status).toBe(501);
    expect(uninit.body).toMatchObject({ initialized: false, sealed: true, standby: false });
    expect((await api(s.url, "GET", "sys/health?uninitcode=200")).status).toBe(200);
    const { keys } = await init(1, 1);
    expect((await api(s.url, "GET", "sys/health")).status).toBe(503);
    expect((await api(s.url, "GET", "sys/health?sealedcode=299")).status).toBe(299);
    await api(s.url, "PUT", "sys/unseal", { body: { key: keys[0] } });
    const ok = await api(s.url, "GET", "sys/health");
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      initialized: true,
      sealed: false,
      standby: false,
      performance_standby: false,
      replication_dr_mode: "disabled",
      replication_performance_mode: "disabled",
    });
    expect(typeof ok.body.server_time_utc).toBe("number");
    expect((await api(s.url, "GET", "sys/health?activecode=204")).status).toBe(204);
    expect((await api(s.url, "GET", "sys/health?standbyok=true&perfstandbyok=true")).status).toBe(200);
    expect((await api(s.url, "GET", "sys/health?activecode=abc")).status).toBe(400);
    expect((await api(s.url, "GET", "sys/health?activecode=99")).status).toBe(400);
    expect((await api(s.url, "GET", "sys/health?standbyok=maybe")).status).toBe(400);
    const head = await fetch(`${s.url}/v1/sys/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("reports HA as disabled at sys/leader", async () => {
    s = await startServer();
    expect((await api(s.url, "GET", "sys/leader")).status).toBe(503);
    const { keys } = await init(1, 1);
    await api(s.url, "PUT", "sys/unseal", { body: { key: keys[0] } });
    expect((await api(s.url, "GET", "sys/leader")).body).toMatchObject({ ha_enabled: false });
  });
});
