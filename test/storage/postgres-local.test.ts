/**
 * Tests that need a PostgreSQL of their own (even when KMIPD_TEST_PG_URL names a shared server):
 * it accepts TLS connections only, and it restarts under running nodes (an upgrade, a failover, a
 * crash) after which no manual step may be needed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresOptions, PostgresStorage } from "../../src/storage/postgres/postgres-storage.js";
import { StorageError } from "../../src/storage/types.js";
import { startPostgres, type TestPostgres } from "../helpers/postgres.js";
import { makeObject, named, scopeOf } from "./object-contract.js";

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres({ tls: true });
});
afterAll(async () => server?.stop());

let schemas = 0;
const open = (ssl: PostgresOptions["ssl"] = { ca: server.ca }) =>
  PostgresStorage.open({ connectionUrl: server.url, schema: `local_${schemas++}`, ssl });
const scope = scopeOf("restart");

describe("postgresql over TLS", () => {
  it("connects with the server's CA, and with verification off; refuses plaintext and unknown CAs", async () => {
    const verified = await open();
    await verified.put("k", new Uint8Array([1]));
    await verified.close();
    const unverified = await open({ rejectUnauthorized: false });
    await unverified.put("k", new Uint8Array([2]));
    expect([...((await unverified.get("k")) ?? [])]).toEqual([2]);
    await unverified.close();

    const plain = await PostgresStorage.open({ connectionUrl: server.url }).catch((e: unknown) => e);
    expect(plain).toMatchObject({ kind: "unavailable", message: expect.stringMatching(/no encryption/) });
    const unknownCa = await open({}).catch((e: unknown) => e);
    expect(unknownCa).toMatchObject({
      kind: "unavailable",
      message: expect.stringMatching(/self[- ]signed/),
    });
  });
});

describe("postgresql restarts", () => {
  it("after a restart while idle, the next call succeeds or is unavailable, and later calls succeed", async () => {
    const s = await open();
    const obj = makeObject(scope, [named("survivor")]);
    await s.objects.insert(obj);
    // Several pooled connections, all idle when the server goes away.
    await Promise.all(Array.from({ length: 6 }, () => s.get("k")));
    await server.restart();

    const first = await s.get("k").then(
      () => "ok",
      (err: unknown) => err,
    );
    if (first !== "ok") expect(first).toMatchObject({ kind: "unavailable" });
    for (let i = 0; i < 3; i++) {
      await s.put(`k${i}`, new Uint8Array([i]));
      expect(await s.objects.get(scope, obj.uid)).toEqual(obj);
      expect((await s.objects.locate(scope, { attributes: [named("survivor")] })).uids).toEqual([obj.uid]);
    }
    await s.close();
  });

  it("fails calls made while the server is down as unavailable, then recovers by itself", async () => {
    const s = await open();
    const outcomes: unknown[] = [];
    let restarting = true;
    const calls = (async () => {
      for (let i = 0; restarting; i++) {
        outcomes.push(
          await s.put(`during/${i}`, new Uint8Array([1])).then(
            () => "ok",
            (err: unknown) => err,
          ),
        );
        await sleep(10);
      }
    })();
    await server.restart();
    restarting = false;
    await calls;
    for (const outcome of outcomes.filter((o) => o !== "ok")) {
      expect(outcome).toBeInstanceOf(StorageError);
      expect(outcome).toMatchObject({ kind: "unavailable" });
      expect((outcome as Error).message).toMatch(
        /^PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+ is unavailable: /,
      );
    }
    await eventually(() => s.put("after", new Uint8Array([2])));
    expect([...((await s.get("after")) ?? [])]).toEqual([2]);
    await s.close();
  });

  it("keeps LISTEN across a restart: reconnects, listens again, says so, and delivers", async () => {
    const [sender, receiver] = [await open(), await open()];
    const heard: string[] = [];
    let reconnects = 0;
    await receiver.listen("kmipd_cache", (p) => heard.push(p), { onReconnect: () => reconnects++ });
    await sender.notify("kmipd_cache", "before");
    await until(() => heard.includes("before"));

    await server.restart();
    await until(() => reconnects === 1, 20_000);
    await eventually(() => sender.notify("kmipd_cache", "after"));
    await until(() => heard.includes("after"));
    expect(reconnects).toBe(1);
    await Promise.all([sender.close(), receiver.close()]);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(20);
  }
}

/** Retries a call that may meet a connection the restart broke (at most a few times). */
async function eventually(call: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await call();
      return;
    } catch (err) {
      if (attempt >= 3 || (err as StorageError).kind !== "unavailable") throw err;
      await sleep(100);
    }
  }
}
