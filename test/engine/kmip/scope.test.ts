/** Scopes (contract §2.6): idempotent create, list, delete with and without `force`. */
import { describe, expect, it } from "vitest";
import type { ManagedObjects } from "../../../src/engine/kmip/objects.js";
import { expectApiError, newEngine } from "./harness.js";

/** A stand-in for the KMIP service's object store. */
function fakeObjects(): ManagedObjects & { counts: Map<string, number>; deleted: string[] } {
  const counts = new Map<string, number>();
  const deleted: string[] = [];
  return {
    counts,
    deleted,
    countInScope: async (scopeId) => counts.get(scopeId) ?? 0,
    deleteScope: async (scopeId) => {
      deleted.push(scopeId);
      counts.delete(scopeId);
    },
  };
}

async function scopeId(storage: { get(key: string): Promise<Uint8Array | undefined> }, name: string) {
  return JSON.parse(new TextDecoder().decode(await storage.get(`scope/${name}`))).id as string;
}

describe("kmip scopes", () => {
  it("creates idempotently and lists scopes only", async () => {
    const kmip = await newEngine();
    await kmip.write("scope/b");
    const id = await scopeId(kmip.storage, "b");
    await kmip.write("scope/b");
    expect(await scopeId(kmip.storage, "b")).toBe(id);
    await kmip.write("scope/a");
    await kmip.write("scope/a/role/r", { operation_get: true });
    expect(await kmip.list("scope")).toEqual(["a", "b"]);
  });

  it("deletes an empty scope without force, and a missing one as a no-op", async () => {
    const kmip = await newEngine();
    await kmip.write("scope/s");
    await kmip.remove("scope/s");
    await kmip.remove("scope/never");
    expect(await kmip.list("scope")).toEqual([]);
  });

  it("refuses to delete a scope holding objects without force (400), and force removes everything", async () => {
    const objects = fakeObjects();
    const kmip = await newEngine({ objects });
    await kmip.write("config", {});
    await kmip.write("scope/s");
    await kmip.write("scope/s/role/r", { operation_all: true });
    await kmip.write("scope/s/role/r/credential/generate");
    const id = await scopeId(kmip.storage, "s");
    objects.counts.set(id, 3);

    await expectApiError(kmip.remove("scope/s"), 400, /holds 3 managed object\(s\).*force/);
    await expectApiError(kmip.remove("scope/s", { force: false }), 400);
    expect(await kmip.list("scope")).toEqual(["s"]);
    expect(await kmip.list("scope/s/role")).toEqual(["r"]);

    await kmip.remove("scope/s", { force: "true" });
    expect(objects.deleted).toEqual([id]);
    expect(await kmip.list("scope")).toEqual([]);
    for (const prefix of ["role/", "cred/", "index/serial/", "index/scope-id/", "index/role-id/"]) {
      expect(await kmip.storage.list(prefix)).toEqual([]);
    }
    await kmip.write("scope/s");
    expect(await scopeId(kmip.storage, "s")).not.toBe(id); // a new id: old certificates stop mapping
    expect(await kmip.list("scope/s/role")).toEqual([]);
  });

  it("finds no objects with the default object store", async () => {
    const kmip = await newEngine();
    await kmip.write("scope/s");
    await kmip.remove("scope/s");
    expect(await kmip.list("scope")).toEqual([]);
  });

  it("rejects names that cannot be stored", async () => {
    const kmip = await newEngine();
    await expectApiError(kmip.write(`scope/${"x".repeat(200)}`), 400, /invalid scope name/);
    await expectApiError(kmip.write("scope/a\u0001b"), 400, /invalid scope name/);
  });
});
