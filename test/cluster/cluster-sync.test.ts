/**
 * The cross-node invalidation pieces without a database: which writes are announced (and carry
 * the cluster generation), what a node does with another node's announcement, a lost one, a
 * garbled one and a reconnect, and how other nodes' KMIP commits reach the KMIP service.
 */
import { describe, expect, it, vi } from "vitest";
import {
  type ClusterBus,
  ClusterSync,
  type RefreshParts,
  syncChannel,
} from "../../src/cluster/cluster-sync.js";
import { KmipExternalChanges } from "../../src/cluster/kmip-external.js";
import { changesOf, GENERATION_KEY } from "../../src/cluster/shared-state.js";
import { silentLogger } from "../../src/core/logger.js";
import type { KmipChange } from "../../src/engine/kmip/events.js";
import type { KmipEngineState } from "../../src/engine/kmip/state.js";
import type { KvOp, KvStore } from "../../src/storage/types.js";

const bytes = (text: string) => new TextEncoder().encode(text);

/** One database's worth of NOTIFY/LISTEN and records, shared by fake nodes. */
class FakeDatabase {
  readonly records = new Map<string, Uint8Array>();
  readonly batches: KvOp[][] = [];
  readonly listeners = new Set<{ fn: (p: string) => void; onReconnect?: () => void }>();
  delivering = true;
  failing = false;

  readonly kv: KvStore & { kind: string } = {
    kind: "postgresql",
    get: async (key) => this.check(() => this.records.get(key)),
    put: async (key, value) => void this.records.set(key, value),
    delete: async (key) => void this.records.delete(key),
    list: async () => [],
    batch: async (ops) => {
      this.check(() => undefined);
      this.batches.push([...ops]);
      for (const op of ops)
        op.op === "put" ? this.records.set(op.key, op.value) : this.records.delete(op.key);
    },
  };

  readonly bus: ClusterBus = {
    get: (key) => this.kv.get(key),
    notify: async (_channel, payload) => {
      this.check(() => undefined);
      if (this.delivering) for (const l of this.listeners) l.fn(payload);
    },
    listen: async (_channel, fn, options) => {
      const entry = { fn, ...(options?.onReconnect && { onReconnect: options.onReconnect }) };
      this.listeners.add(entry);
      return async () => void this.listeners.delete(entry);
    },
  };

  private check<T>(read: () => T): T {
    if (this.failing) throw new Error("database unavailable");
    return read();
  }
}

function node(db: FakeDatabase, pollMs = 20) {
  const refreshes: RefreshParts[] = [];
  const sync = new ClusterSync({ bus: db.bus, logger: silentLogger, pollMs });
  const target = {
    refresh: vi.fn(async (parts: RefreshParts): Promise<void> => {
      refreshes.push(parts);
    }),
  };
  return { sync, target, refreshes, storage: sync.observe(db.kv) };
}

const settle = (ms = 60) => new Promise((r) => setTimeout(r, ms));

describe("shared state", () => {
  it("names the records other nodes cache, and nothing else", () => {
    expect(
      changesOf([
        "core/mounts",
        "sys/policy/reader",
        "logical/0b1c/meta/generation",
        "logical/0b1c/role/finance/accounting",
        "sys/token/id/abc",
        "core/keyring",
      ]),
    ).toEqual(["kmip/0b1c", "mounts", "policies"]);
  });

  it("keeps one notification channel per schema, within PostgreSQL's 63 bytes", () => {
    expect(syncChannel(undefined)).toBe("kmipd_sync");
    expect(syncChannel("tenant_a")).toBe("kmipd_sync:tenant_a");
    expect(Buffer.byteLength(syncChannel("s".repeat(63)))).toBe(63);
  });
});

describe("announcing writes", () => {
  it("rewrites the generation with a mount table or policy write, in the same batch, then notifies", async () => {
    const db = new FakeDatabase();
    const [one, two] = [node(db), node(db)];
    await two.sync.start(two.target);
    await one.storage.put("core/mounts", bytes("[]"));
    expect(db.batches.at(-1)?.map((op) => op.key)).toEqual(["core/mounts", GENERATION_KEY]);
    await one.storage.delete("sys/policy/reader");
    expect(db.batches.at(-1)?.map((op) => op.key)).toEqual(["sys/policy/reader", GENERATION_KEY]);
    await settle(5);
    expect(two.refreshes[0]).toEqual({ mounts: true, policies: false });
    await two.sync.stop();
  });

  it("passes other writes through untouched and unannounced", async () => {
    const db = new FakeDatabase();
    const notify = vi.spyOn(db.bus, "notify");
    const one = node(db);
    await one.storage.put("sys/token/id/abc", bytes("{}"));
    await one.storage.batch([{ op: "put", key: "logical/m/role/s/r", value: bytes("{}") }]);
    expect(db.batches).toHaveLength(1);
    expect(db.batches[0]?.map((op) => op.key)).toEqual(["logical/m/role/s/r"]);
    expect(notify).not.toHaveBeenCalled();
  });

  it("announces a KMIP engine commit without a cluster generation (the engine has its own)", async () => {
    const db = new FakeDatabase();
    const one = node(db);
    const payloads: string[] = [];
    await db.bus.listen("x", (p) => payloads.push(p));
    await one.storage.batch([
      { op: "put", key: "logical/m1/role/s/r", value: bytes("{}") },
      { op: "put", key: "logical/m1/meta/generation", value: bytes("g") },
    ]);
    expect(db.records.has(GENERATION_KEY)).toBe(false);
    expect(JSON.parse(payloads[0]!)).toEqual({ node: one.sync.nodeId, changes: ["kmip/m1"] });
  });

  it("never announces a write that failed, and keeps a write whose announcement failed", async () => {
    const db = new FakeDatabase();
    const notify = vi.spyOn(db.bus, "notify");
    const one = node(db);
    db.failing = true;
    await expect(one.storage.put("core/mounts", bytes("[]"))).rejects.toThrow(/unavailable/);
    expect(notify).not.toHaveBeenCalled();
    db.failing = false;
    notify.mockRejectedValueOnce(new Error("connection lost"));
    await one.storage.put("core/mounts", bytes("[1]"));
    expect(db.records.get("core/mounts")).toEqual(bytes("[1]"));
  });
});

describe("hearing other nodes", () => {
  it("skips its own notifications and applies another node's", async () => {
    const db = new FakeDatabase();
    const [one, two] = [node(db, 60_000), node(db, 60_000)];
    await one.sync.start(one.target);
    await two.sync.start(two.target);
    await one.storage.put("sys/policy/p", bytes("{}"));
    await settle(5);
    expect(one.refreshes).toEqual([]);
    expect(two.refreshes).toEqual([{ mounts: false, policies: true }]);
    await Promise.all([one.sync.stop(), two.sync.stop()]);
  });

  it("finds a change whose notification was lost with its periodic check", async () => {
    const db = new FakeDatabase();
    const [one, two] = [node(db), node(db)];
    await two.sync.start(two.target);
    db.delivering = false;
    await one.storage.put("core/mounts", bytes("[]"));
    await settle();
    expect(two.refreshes).toContainEqual({ mounts: true, policies: true });
    await two.sync.stop();
  });

  it("reloads everything after the listening connection came back, and on a garbled payload", async () => {
    const db = new FakeDatabase();
    const two = node(db, 60_000);
    const external: KmipChange[] = [];
    two.sync.kmip.bind("m1", fakeState([])).onChange((c) => external.push(c));
    await two.sync.start(two.target);
    for (const l of db.listeners) l.onReconnect?.();
    await settle(5);
    expect(two.refreshes).toEqual([{ mounts: true, policies: true }]);
    expect(external).toEqual([{ kind: "external" }]);
    for (const l of db.listeners) l.fn("{not json");
    await settle(5);
    expect(two.refreshes).toHaveLength(2);
    await two.sync.stop();
  });

  it("retries a reload that failed (database away) at the next successful check", async () => {
    const db = new FakeDatabase();
    const [one, two] = [node(db), node(db)];
    two.target.refresh.mockRejectedValueOnce(new Error("database unavailable"));
    await two.sync.start(two.target);
    await one.storage.put("core/mounts", bytes("[]"));
    await settle(100);
    expect(two.target.refresh.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(two.refreshes).toContainEqual({ mounts: true, policies: true });
    await two.sync.stop();
  });

  it("merges reloads asked for while one runs", async () => {
    const db = new FakeDatabase();
    const two = node(db, 60_000);
    let release = () => {};
    two.target.refresh.mockImplementationOnce(() => new Promise<void>((r) => (release = r)));
    await two.sync.start(two.target);
    const say = (changes: string[]) => {
      for (const l of db.listeners) l.fn(JSON.stringify({ node: "other", changes }));
    };
    say(["mounts"]);
    say(["policies"]);
    say(["mounts"]);
    release();
    await settle(5);
    expect(two.target.refresh.mock.calls.map((c) => c[0])).toEqual([
      { mounts: true, policies: false },
      { mounts: true, policies: true },
    ]);
    await two.sync.stop();
  });
});

describe("KMIP engine commits of other nodes", () => {
  it("reach the service through the bound state at once, for the named mount only", async () => {
    const db = new FakeDatabase();
    const two = node(db, 60_000);
    const [seen1, seen2]: [KmipChange[], KmipChange[]] = [[], []];
    const engine1: KmipChange[] = [];
    const bound1 = two.sync.kmip.bind("m1", fakeState(engine1));
    const bound2 = two.sync.kmip.bind("m2", fakeState([]));
    const stop1 = bound1.onChange((c) => seen1.push(c));
    bound2.onChange((c) => seen2.push(c));
    await two.sync.start(two.target);
    for (const l of db.listeners) l.fn(JSON.stringify({ node: "other", changes: ["kmip/m1"] }));
    expect(seen1).toEqual([{ kind: "external" }]);
    expect(seen2).toEqual([]);
    stop1();
    for (const l of db.listeners) l.fn(JSON.stringify({ node: "other", changes: ["kmip/m1"] }));
    expect(seen1).toHaveLength(1);
    await two.sync.stop();
  });

  it("leaves every other method of the engine state as it was", async () => {
    const external = new KmipExternalChanges();
    const own: KmipChange[] = [];
    const state = fakeState(own);
    const bound = external.bind("m", state);
    expect(await bound.getConfig()).toEqual({ listenAddrs: ["127.0.0.1:5696"] });
    const heard: KmipChange[] = [];
    bound.onChange((c) => heard.push(c));
    (state as unknown as { fire(c: KmipChange): void }).fire({ kind: "role" });
    external.emit();
    expect(heard).toEqual([{ kind: "role" }, { kind: "external" }]);
  });
});

/** An engine state with a config and its own change events. */
function fakeState(log: KmipChange[]): KmipEngineState {
  const listeners = new Set<(c: KmipChange) => void>();
  const state = {
    config: { listenAddrs: ["127.0.0.1:5696"] },
    async getConfig() {
      return this.config;
    },
    onChange(listener: (c: KmipChange) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fire(change: KmipChange) {
      log.push(change);
      for (const l of listeners) l(change);
    },
  };
  return state as unknown as KmipEngineState;
}
