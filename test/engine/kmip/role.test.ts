/** Roles (contract §2.7): flags, both key-pair spellings, pseudo-op rules, merge, read shape. */
import { beforeEach, describe, expect, it } from "vitest";
import { grantedOperations, operationFlags } from "../../../src/engine/kmip/role-flags.js";
import { type Engine, expectApiError, newEngine } from "./harness.js";

const zeroes = { tls_client_key_bits: 0, tls_client_key_type: "", tls_client_ttl: 0 };
const role = "scope/s1/role/r1";

describe("kmip roles", () => {
  let kmip: Engine;
  beforeEach(async () => {
    kmip = await newEngine();
    await kmip.write("scope/s1");
  });

  it("knows the 26 operations of contract §2.7, and kmipd's extra flags", () => {
    const vault26 = [
      "activate",
      "add_attribute",
      "create",
      "create_key_pair",
      "decrypt",
      "delete_attribute",
      "destroy",
      "discover_versions",
      "encrypt",
      "get",
      "get_attribute_list",
      "get_attributes",
      "import",
      "locate",
      "mac",
      "mac_verify",
      "modify_attribute",
      "query",
      "register",
      "rekey",
      "rekey_key_pair",
      "revoke",
      "rng_retrieve",
      "rng_seed",
      "sign",
      "signature_verify",
    ];
    expect(vault26).toHaveLength(26);
    for (const flag of vault26) expect(operationFlags).toHaveProperty(flag);
    expect(
      Object.keys(operationFlags)
        .filter((f) => !vault26.includes(f))
        .sort(),
    ).toEqual([
      "adjust_attribute",
      "archive",
      "check",
      "derive_key",
      "get_usage_allocation",
      "hash",
      "obtain_lease",
      "recover",
      "set_attribute",
    ]);
  });

  it("grants every operation with operation_all, including those without a flag", () => {
    const all = grantedOperations(["all"]);
    for (const op of ["Get", "Check", "Archive", "DeriveKey", "Hash", "Poll"])
      expect(all.has(op as never)).toBe(true);
  });

  it("accepts every flag and reads back only the true ones", async () => {
    const all = Object.fromEntries(Object.keys(operationFlags).map((flag) => [`operation_${flag}`, true]));
    await kmip.write(role, all);
    expect(await kmip.read(role)).toEqual({ ...all, ...zeroes });
    await kmip.write(role, { operation_get: false, operation_mac: "false" });
    const read = await kmip.read(role);
    expect(read).not.toHaveProperty("operation_get");
    expect(read).not.toHaveProperty("operation_mac");
    expect(read.operation_mac_verify).toBe(true);
  });

  it("accepts both key-pair spellings and emits _key_pair", async () => {
    await kmip.write(role, { operation_create_keypair: true, operation_rekey_keypair: "true" });
    expect(await kmip.read(role)).toEqual({
      operation_create_key_pair: true,
      operation_rekey_key_pair: true,
      ...zeroes,
    });
    await kmip.write(role, { operation_create_key_pair: false, operation_rekey_keypair: 0 });
    expect(await kmip.read(role)).toEqual(zeroes);
    await expectApiError(
      kmip.write(role, { operation_create_keypair: true, operation_create_key_pair: false }),
      400,
      /alias/,
    );
  });

  it("merges: only the sent fields change", async () => {
    await kmip.write(role, { operation_get: true, tls_client_ttl: "1h" });
    await kmip.write(role, { operation_locate: true });
    await kmip.write(role, { tls_client_key_type: "rsa", tls_client_key_bits: 2048 });
    expect(await kmip.read(role)).toEqual({
      operation_get: true,
      operation_locate: true,
      tls_client_key_bits: 2048,
      tls_client_key_type: "rsa",
      tls_client_ttl: 3600,
    });
    await kmip.write(role, { tls_client_key_type: "", tls_client_key_bits: 0, tls_client_ttl: 0 });
    expect(await kmip.read(role)).toEqual({ operation_get: true, operation_locate: true, ...zeroes });
  });

  describe("pseudo-operations", () => {
    it("rejects all or none together with a flag set to true, and all with none", async () => {
      await expectApiError(
        kmip.write(role, { operation_all: true, operation_get: true }),
        400,
        /operation_all/,
      );
      await expectApiError(
        kmip.write(role, { operation_none: true, operation_get: true }),
        400,
        /operation_none/,
      );
      await expectApiError(kmip.write(role, { operation_all: true, operation_none: true }), 400, /exclusive/);
      expect(await kmip.list("scope/s1/role")).toEqual([]); // nothing written
    });

    it("lets a pseudo-op clear the specific flags", async () => {
      await kmip.write(role, { operation_get: true, operation_create: true });
      await kmip.write(role, { operation_all: true, operation_get: false });
      expect(await kmip.read(role)).toEqual({ operation_all: true, ...zeroes });
      await kmip.write(role, { operation_none: true });
      expect(await kmip.read(role)).toEqual({ operation_none: true, ...zeroes });
    });

    it("lets specific flags replace a stored pseudo-op", async () => {
      await kmip.write(role, { operation_all: true });
      await kmip.write(role, { operation_activate: true, operation_get: true });
      expect(await kmip.read(role)).toEqual({ operation_activate: true, operation_get: true, ...zeroes });
    });

    it("keeps operation_all when a flag is only sent as false; all=false clears it", async () => {
      await kmip.write(role, { operation_all: true });
      await kmip.write(role, { operation_get: false });
      expect(await kmip.read(role)).toEqual({ operation_all: true, ...zeroes });
      await kmip.write(role, { operation_all: false });
      expect(await kmip.read(role)).toEqual(zeroes);
    });
  });

  it("validates key type and bits against the config defaults", async () => {
    await expectApiError(
      kmip.write(role, { tls_client_key_bits: 2048 }),
      400,
      /invalid key bits 2048 for key type ec/,
    );
    await expectApiError(kmip.write(role, { tls_client_key_type: "rsa" }), 400, /invalid key bits 256/);
    await expectApiError(kmip.write(role, { tls_client_key_type: "dsa" }), 400, /tls_client_key_type/);
    await expectApiError(kmip.write(role, { tls_client_ttl: "forever" }), 400, /tls_client_ttl/);
    await kmip.write(role, { tls_client_key_type: "ec", tls_client_key_bits: 521 });
    expect((await kmip.read(role)).tls_client_key_bits).toBe(521);
  });

  it("rejects a role in a missing scope (400), reads a missing role as 404", async () => {
    await expectApiError(
      kmip.write("scope/nope/role/r1", { operation_all: true }),
      400,
      /scope "nope" does not exist/,
    );
    await expectApiError(kmip.read("scope/nope/role/r1"), 404);
    await expectApiError(kmip.read("scope/s1/role/missing"), 404);
    expect(await kmip.list("scope/nope/role")).toEqual([]);
    await kmip.remove("scope/s1/role/missing"); // idempotent
  });

  it("rejects a ca that does not exist or is imported, and shows a set ca", async () => {
    await expectApiError(kmip.write(role, { ca: "nope" }), 400, /CA "nope" does not exist/);
    await kmip.write("ca/issuer/generate", { key_type: "ec", key_bits: 256 });
    await kmip.write(role, { operation_get: true, ca: "issuer" });
    expect(await kmip.read(role)).toEqual({ operation_get: true, ...zeroes, ca: "issuer" });
    await kmip.write(role, { ca: "" });
    expect(await kmip.read(role)).not.toHaveProperty("ca");
  });

  it("gives a re-created role a new id", async () => {
    await kmip.write(role, { operation_all: true });
    const before = JSON.parse(new TextDecoder().decode(await kmip.storage.get("role/s1/r1"))).id;
    await kmip.remove(role);
    await kmip.write(role, { operation_all: true });
    const after = JSON.parse(new TextDecoder().decode(await kmip.storage.get("role/s1/r1"))).id;
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[0-9A-Za-z]{10}$/);
  });
});
