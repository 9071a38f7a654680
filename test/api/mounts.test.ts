/** sys/mounts through HTTP (Vault API docs "/sys/mounts"). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keysUnder } from "../../src/core/kv-json.js";
import { api, initAndUnseal, startServer, type TestServer } from "./helpers.js";

let s: TestServer;
let root: string;

beforeEach(async () => {
  s = await startServer();
  root = (await initAndUnseal(s.url)).rootToken;
});
afterEach(async () => s.close());

const enable = (path: string, body: Record<string, unknown>) =>
  api(s.url, "POST", `sys/mounts/${path}`, { token: root, body });

describe("sys/mounts", () => {
  it("enables an engine at a custom and a nested path, and lists and reads it in Vault's shape", async () => {
    expect(
      (await enable("team/keys", { type: "mem", description: "team keys", options: { version: 2 } })).status,
    ).toBe(204);
    expect(
      (await enable("other/", { type: "mem", config: { default_lease_ttl: "1h", force_no_cache: true } }))
        .status,
    ).toBe(204);
    const list = await api(s.url, "GET", "sys/mounts", { token: root });
    expect(Object.keys(list.body.data).sort()).toEqual(["other/", "sys/", "team/keys/"]);
    const mount = list.body.data["team/keys/"];
    expect(mount).toMatchObject({
      type: "mem",
      description: "team keys",
      options: { version: "2" },
      local: false,
      seal_wrap: false,
      config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false },
    });
    expect(mount.accessor).toMatch(/^mem_[0-9a-f]{8}$/);
    expect(mount.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(list.body.data["other/"].config).toMatchObject({ default_lease_ttl: 3600, force_no_cache: true });
    const one = await api(s.url, "GET", "sys/mounts/team/keys", { token: root });
    expect(one.body.data.uuid).toBe(mount.uuid);
    expect(s.events.initialized).toEqual(["team/keys/", "other/"]);
    expect((await api(s.url, "POST", "team/keys/data/x", { token: root, body: { value: "1" } })).status).toBe(
      204,
    );
    expect((await api(s.url, "GET", "team/keys/data/x", { token: root })).body.data.value).toBe("1");
    expect((await api(s.url, "GET", "sys/mounts/nothing", { token: root })).status).toBe(404);
  });

  it("refuses conflicts, reserved prefixes, unknown types and bad input with 400", async () => {
    await enable("kv", { type: "mem" });
    for (const [path, body] of [
      ["kv", { type: "mem" }],
      ["kv/inner", { type: "mem" }],
      ["sys/x", { type: "mem" }],
      ["auth/x", { type: "mem" }],
      ["cubbyhole", { type: "mem" }],
      ["identity/x", { type: "mem" }],
      ["new", { type: "nosuch" }],
      ["new", {}],
      ["new", { type: "mem", config: { default_lease_ttl: "soon" } }],
      ["new", { type: "mem", options: { a: { b: 1 } } }],
      ["new", { type: "mem", config: "x" }],
      ["new*", { type: "mem" }],
    ] as const) {
      const res = await enable(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    const parent = await enable("k", { type: "mem" });
    expect(parent.status).toBe(204); // "k/" is not a prefix of "kv/"
    // fetch would normalise "..", so this one goes through the core directly.
    await expect(s.core.enableMount("kv2/../x", { type: "mem" })).rejects.toMatchObject({ status: 400 });
    const list = await api(s.url, "GET", "sys/mounts", { token: root });
    expect(Object.keys(list.body.data).sort()).toEqual(["k/", "kv/", "sys/"]);
  });

  it("accepts the body Vault's Go client sends, and warns about config it does not use", async () => {
    const goClient = {
      type: "mem",
      description: "",
      config: {
        options: null,
        default_lease_ttl: "",
        max_lease_ttl: "",
        force_no_cache: false,
        token_type: "",
        plugin_version: "",
      },
      local: false,
      seal_wrap: false,
      external_entropy_access: false,
      options: null,
    };
    expect((await enable("fromgo", goClient)).status).toBe(204);
    const odd = await enable("odd", { type: "mem", config: { colour: "red", token_type: "batch" } });
    expect(odd.status).toBe(200);
    expect(odd.body.warnings).toEqual([
      "mount config keys not used by kmipd were ignored: colour, token_type",
    ]);
  });

  it("disables a mount: cleans the backend up, deletes all its data, and a new mount starts empty", async () => {
    await enable("kv", { type: "mem" });
    const uuid = (await api(s.url, "GET", "sys/mounts/kv", { token: root })).body.data.uuid;
    for (const k of ["a", "b/c"])
      await api(s.url, "POST", `kv/data/${k}`, { token: root, body: { value: k } });
    expect(await keysUnder(s.storage, `logical/${uuid}/`)).toHaveLength(2);
    expect((await api(s.url, "DELETE", "sys/mounts/kv", { token: root })).status).toBe(204);
    expect(s.events.cleanedUp).toEqual(["kv/"]);
    expect(await keysUnder(s.storage, `logical/${uuid}/`)).toHaveLength(0);
    expect((await api(s.url, "GET", "kv/data/a", { token: root })).status).toBe(404);
    expect((await api(s.url, "DELETE", "sys/mounts/kv", { token: root })).status).toBe(204);
    expect((await api(s.url, "DELETE", "sys/mounts/sys", { token: root })).status).toBe(400);
    await enable("kv", { type: "mem" });
    expect((await api(s.url, "GET", "kv/data/a", { token: root })).status).toBe(404);
  });

  it("is managed through the core as well (dev mode mounts)", async () => {
    const entry = await s.core.enableMount("devkv", { type: "mem" });
    expect(entry.path).toBe("devkv/");
    expect(s.core.listMounts().map((m) => m.path)).toEqual(["devkv/"]);
    await s.core.disableMount("devkv/");
    expect(s.core.listMounts()).toEqual([]);
  });
});
