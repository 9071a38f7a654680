/**
 * The managed-object store contract: one suite that every adapter (SQLite, PostgreSQL) must pass
 * unchanged, through `storage.objects`. Locate rules: KMIP 1.4 §4.9, KMIP 2.1 §6.1.28.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import { LinkType, ObjectGroupMember, ObjectType, State } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask, StorageStatusMask } from "../../src/kmip/generated/masks.js";
import {
  type LocateQuery,
  type LocateResult,
  type ObjectStore,
  ObjectStoreError,
  type ScopeKey,
  type StoredObject,
} from "../../src/storage/objects.js";
import type { Storage } from "../../src/storage/types.js";
import { newUniqueIdentifier } from "../../src/storage/uid.js";

export const MOUNT = "0b7c2f4e-6a1d-4c3b-9e8f-1a2b3c4d5e6f";
export const scopeOf = (scopeId: string, mountUuid = MOUNT): ScopeKey => ({ mountUuid, scopeId });
const T0 = Date.UTC(2025, 0, 1);

/** A symmetric key, created `second` seconds after T0, with the given extra attributes. */
export function makeObject(
  scope: ScopeKey,
  attributes: Attribute[] = [],
  over: Partial<Omit<StoredObject, "attributes">> & { second?: number } = {},
): StoredObject {
  const { second = 0, ...rest } = over;
  const uid = rest.uid ?? newUniqueIdentifier();
  const objectType = rest.objectType ?? ObjectType.SymmetricKey;
  const state = rest.state ?? State.Active;
  const at = new Date(T0 + second * 1000);
  return {
    uid,
    scope,
    objectType,
    state,
    revision: 1,
    createdAt: at,
    updatedAt: at,
    archived: false,
    material: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
    ...rest,
    attributes: [
      { name: "Unique Identifier", value: uid },
      { name: "Object Type", value: objectType },
      { name: "State", value: state },
      ...attributes,
    ],
  };
}

export const named = (nameValue: string, nameType = 1): Attribute => ({
  name: "Name",
  value: { nameValue, nameType },
});

export async function expectCode(p: Promise<unknown>, code: ObjectStoreError["code"]): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(ObjectStoreError);
  await p.catch((e: ObjectStoreError) => expect(e.code).toBe(code));
}

export function objectStoreContract(name: string, open: () => Promise<Storage>): void {
  describe(`object store contract: ${name}`, () => {
    let s: Storage;
    let store: ObjectStore;
    const a = scopeOf("scope-a");
    beforeEach(async () => {
      s = await open();
      store = s.objects;
    });
    afterEach(async () => {
      await s.close();
    });

    it("gets what was inserted, every value type intact, and nothing for an unknown uid", async () => {
      const obj = makeObject(a, [
        named("key one"),
        { name: "Activation Date", value: 1_735_689_600n },
        { name: "Usage Limits", value: { usageLimitsTotal: 2n ** 40n, usageLimitsUnit: 1 } },
        { name: "x-blob", value: { tag: 0x42000b, type: 8, value: new Uint8Array([0, 255]) } },
        {
          name: "x-tree",
          value: { tag: 0x42000b, type: 1, value: [{ tag: 0x540001, type: 3, value: -1n }] },
        },
      ]);
      await store.insert(obj);
      expect(await store.get(a, obj.uid)).toEqual(obj);
      expect(await store.get(a, newUniqueIdentifier())).toBeUndefined();
      expect(await store.countInScope(a)).toBe(1);
    });

    it("refuses a Unique Identifier that is taken, in any scope, and keeps the first object", async () => {
      const obj = makeObject(a, [named("first")]);
      await store.insert(obj);
      await expectCode(store.insert({ ...obj, attributes: [named("second")] }), "exists");
      await expectCode(store.insert(makeObject(scopeOf("other"), [], { uid: obj.uid })), "exists");
      await expect(store.insert(obj)).rejects.toMatchObject({ kind: "conflict" });
      expect(await store.get(a, obj.uid)).toEqual(obj);
    });

    it("updates conditionally, bumping the revision and re-indexing attributes", async () => {
      const obj = makeObject(a, [named("old")]);
      await store.insert(obj);
      const at = new Date(T0 + 99_000);
      const next = await store.update(a, obj.uid, 1, {
        state: State.Deactivated,
        attributes: [
          ...obj.attributes.slice(0, 2),
          { name: "State", value: State.Deactivated },
          named("new"),
        ],
        archived: true,
        updatedAt: at,
      });
      expect(next).toMatchObject({
        revision: 2,
        state: State.Deactivated,
        archived: true,
        updatedAt: at,
        createdAt: obj.createdAt,
      });
      expect(await store.get(a, obj.uid)).toEqual(next);
      const everywhere = { storageStatusMask: 7 };
      expect((await store.locate(a, { ...everywhere, attributes: [named("new")] })).uids).toEqual([obj.uid]);
      expect((await store.locate(a, { ...everywhere, attributes: [named("old")] })).uids).toEqual([]);
      await expectCode(store.update(a, obj.uid, 1, { archived: false }), "stale");
      await expectCode(store.update(a, newUniqueIdentifier(), 1, { archived: false }), "not-found");
      expect((await store.update(a, obj.uid, 2, {})).revision).toBe(3);
    });

    it("lets exactly one of two writers with the same revision win", async () => {
      const obj = makeObject(a);
      await store.insert(obj);
      const results = await Promise.allSettled([
        store.update(a, obj.uid, 1, { archived: true }),
        store.update(a, obj.uid, 1, { material: new Uint8Array([1]) }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: "stale", kind: "conflict" });
      expect((await store.get(a, obj.uid))?.revision).toBe(2);
    });

    it("refuses an update that would leave the State attribute and the state apart, changing nothing", async () => {
      const obj = makeObject(a);
      await store.insert(obj);
      await expectCode(store.update(a, obj.uid, 1, { state: State.Deactivated }), "invalid");
      expect(await store.get(a, obj.uid)).toEqual(obj);
    });

    it("destroys material and keeps metadata", async () => {
      const obj = makeObject(a, [named("k")]);
      await store.insert(obj);
      const attributes = [
        ...obj.attributes.slice(0, 2),
        { name: "State", value: State.Destroyed },
        named("k"),
      ];
      const done = await store.destroyMaterial(a, obj.uid, 1, { state: State.Destroyed, attributes });
      expect(done.material).toBeUndefined();
      expect(await store.get(a, obj.uid)).toEqual({
        ...obj,
        material: undefined,
        state: State.Destroyed,
        attributes,
        revision: 2,
        updatedAt: done.updatedAt,
      });
      expect((await store.get(a, obj.uid))?.material).toBeUndefined();
      await expectCode(store.destroyMaterial(a, obj.uid, 1), "stale");
      expect((await store.locate(a, { storageStatusMask: 4, attributes: [named("k")] })).uids).toEqual([
        obj.uid,
      ]);
    });

    it("deletes one object, or a whole scope in one go", async () => {
      const [x, y, z] = [makeObject(a, [named("x")]), makeObject(a), makeObject(scopeOf("scope-b"))];
      for (const o of [x, y, z]) await store.insert(o);
      expect(await store.delete(a, x.uid)).toBe(true);
      expect(await store.delete(a, x.uid)).toBe(false);
      expect((await store.locate(a, { attributes: [named("x")] })).total).toBe(0);
      await store.insert(makeObject(a, [named("x")], { uid: x.uid })); // the uid is free again
      expect(await store.deleteScope(a)).toBe(2);
      expect(await store.countInScope(a)).toBe(0);
      expect(await store.get(z.scope, z.uid)).toEqual(z);
      expect(await store.deleteScope(a)).toBe(0);
    });

    it("keeps scopes apart: another scope or mount never sees, locates, changes or deletes", async () => {
      const obj = makeObject(a, [named("mine")]);
      await store.insert(obj);
      for (const other of [scopeOf("scope-b"), scopeOf("scope-a", "another-mount")]) {
        expect(await store.get(other, obj.uid)).toBeUndefined();
        expect(await store.locate(other, {})).toEqual({ uids: [], total: 0 });
        expect(await store.locate(other, { attributes: [named("mine")] })).toEqual({ uids: [], total: 0 });
        expect(
          await store.locate(other, { attributes: [{ name: "Unique Identifier", value: obj.uid }] }),
        ).toEqual({ uids: [], total: 0 });
        await expectCode(store.update(other, obj.uid, 1, { archived: true }), "not-found");
        await expectCode(store.destroyMaterial(other, obj.uid, 1), "not-found");
        expect(await store.delete(other, obj.uid)).toBe(false);
        expect(await store.countInScope(other)).toBe(0);
        expect(await store.deleteScope(other)).toBe(0);
      }
      expect(await store.get(a, obj.uid)).toEqual(obj);
    });

    it("refuses bad input with a typed error and changes nothing", async () => {
      const good = makeObject(a);
      const bad: StoredObject[] = [
        { ...good, uid: "" },
        { ...good, scope: scopeOf("") },
        { ...good, scope: { mountUuid: "", scopeId: "x" } },
        { ...good, objectType: -1 },
        { ...good, state: 1.5 },
        { ...good, revision: -1 },
        { ...good, createdAt: new Date(Number.NaN) },
        { ...good, material: "key" as unknown as Uint8Array },
        { ...good, attributes: [...good.attributes, { name: "State", value: State.Destroyed }] },
        {
          ...good,
          attributes: [{ name: "Name", value: { nameValue: "t", nameType: 1 }, templateReference: true }],
        },
        { ...good, attributes: [{ name: "x-f", value: () => 1 }] },
      ];
      for (const obj of bad) await expect(store.insert(obj)).rejects.toMatchObject({ kind: "invalid" });
      expect(await store.countInScope(a)).toBe(0);
      await store.insert(good);
      await expect(
        store.update(a, good.uid, 1, { material: [1] as unknown as Uint8Array }),
      ).rejects.toMatchObject({ kind: "invalid" });
      await expect(store.update(a, good.uid, -1, {})).rejects.toMatchObject({ kind: "invalid" });
      const badQueries: LocateQuery[] = [
        { maxItems: -1 },
        { offsetItems: 1.5 },
        { storageStatusMask: 8 },
        { objectGroupMember: 3 },
        { attributes: [{ name: "Name", value: undefined }] },
        { attributes: [{ name: "", value: 1 }] },
        { attributes: [{ name: "Object Type", value: "key" }] },
        { attributes: [{ name: "Cryptographic Usage Mask", value: "all" }] },
        { attributes: [1n, 2n, 3n].map((value) => ({ name: "Initial Date", value })) },
        { attributes: Array.from({ length: 65 }, (_, i) => named(`n${i}`)) },
      ];
      for (const q of badQueries) await expect(store.locate(a, q)).rejects.toMatchObject({ kind: "invalid" });
      expect(await store.get(a, good.uid)).toEqual(good);
    });

    locateContract(() => store);
  });
}

// ─── Locate ─────────────────────────────────────────────────────────────────────────────────────

const { Encrypt, Decrypt, Sign } = CryptographicUsageMask;
const { OnLineStorage, ArchivalStorage, DestroyedStorage } = StorageStatusMask;
const attr = (name: string, value: unknown): Attribute => ({ name, value });
const item = (type: number, value: unknown): Attribute["value"] => ({ tag: 0x42000b, type, value });
const link = (linkType: number, linkedObjectIdentifier: string) =>
  attr("Link", { linkType, linkedObjectIdentifier });
const INT64_MAX = 2n ** 63n - 1n;

function locateContract(getStore: () => ObjectStore): void {
  describe("locate", () => {
    const a = scopeOf("locate");
    let store: ObjectStore;
    beforeEach(() => {
      store = getStore();
    });
    /** Inserts one object per attribute list, one second apart; returns their uids in order. */
    const put = async (...lists: Attribute[][]) => {
      const objs = lists.map((list, i) => makeObject(a, list, { second: i }));
      for (const o of objs) await store.insert(o);
      return objs.map((o) => o.uid);
    };
    const find = async (attributes: Attribute[], more: LocateQuery = {}) =>
      (await store.locate(a, { attributes, ...more })).uids;

    it("matches Name by its value, and by value and type", async () => {
      const [x, y] = await put([named("alpha"), named("beta", 2)], [named("alpha", 2)]);
      expect(await find([{ name: "Name", value: { nameValue: "alpha" } }])).toEqual([y, x]);
      expect(await find([named("alpha", 1)])).toEqual([x]);
      expect(await find([named("beta", 2)])).toEqual([x]);
      expect(await find([named("beta", 1)])).toEqual([]);
      expect(await find([named("ALPHA")])).toEqual([]);
    });

    it("matches Object Type, Cryptographic Algorithm and Length, State, Object Group, Unique Identifier", async () => {
      const aes = [
        attr("Cryptographic Algorithm", 3),
        attr("Cryptographic Length", 256),
        attr("Object Group", "g"),
      ];
      const [x, y] = await put(aes, [attr("Cryptographic Algorithm", 4), attr("Cryptographic Length", 2048)]);
      const pub = makeObject(a, [], { objectType: ObjectType.PublicKey, state: State.PreActive, second: 9 });
      await store.insert(pub);
      expect(await find([attr("Object Type", ObjectType.SymmetricKey)])).toEqual([y, x]);
      expect(await find([attr("Object Type", ObjectType.PublicKey)])).toEqual([pub.uid]);
      expect(await find([attr("State", State.PreActive)])).toEqual([pub.uid]);
      expect(await find([attr("Cryptographic Algorithm", 3)])).toEqual([x]);
      expect(await find([attr("Cryptographic Length", 2048)])).toEqual([y]);
      expect(await find([attr("Object Group", "g")])).toEqual([x]);
      expect(await find([attr("Object Group", "G")])).toEqual([]);
      expect(await find([attr("Unique Identifier", y)])).toEqual([y]);
      expect(await find([attr("Unique Identifier", "nope")])).toEqual([]);
    });

    it("matches custom attributes of every item type by type and value", async () => {
      const values = [
        item(2, 5),
        item(5, 5),
        item(10, 5),
        item(3, 5n),
        item(4, 2n ** 90n),
        item(6, true),
        item(7, "five"),
        item(8, new Uint8Array([5])),
        item(9, 1_700_000_000n),
        item(11, 1_700_000_000_000_000n),
        item(1, [
          { tag: 0x540001, type: 7, value: "in" },
          { tag: 0x540002, type: 2, value: 5 },
        ]),
      ];
      const uids = await put(...values.map((v) => [attr("x-custom", v)]));
      for (const [i, v] of values.entries()) expect(await find([attr("x-custom", v)])).toEqual([uids[i]]);
      expect(await find([attr("x-custom", item(2, 6))])).toEqual([]);
      expect(await find([attr("x-custom", item(1, [{ tag: 0x540001, type: 7, value: "in" }]))])).toEqual([]);
      expect(await find([attr("y-custom", item(2, 5))])).toEqual([]);
      // Names that are also Object.prototype keys are attributes like any other.
      const [odd] = await put([attr("constructor", item(7, "c")), attr("toString", item(7, "t"))]);
      expect(await find([attr("constructor", item(7, "c"))])).toEqual([odd]);
      expect(await find([attr("toString", item(7, "t"))])).toEqual([odd]);
    });

    it("matches Link by type and target, or by either alone", async () => {
      const [x, y] = await put(
        [link(LinkType.PublicKeyLink, "pub-1"), link(LinkType.CertificateLink, "cert-1")],
        [link(LinkType.PublicKeyLink, "cert-1")],
      );
      expect(await find([link(LinkType.PublicKeyLink, "pub-1")])).toEqual([x]);
      expect(await find([link(LinkType.CertificateLink, "cert-1")])).toEqual([x]);
      expect(await find([link(LinkType.PublicKeyLink, "cert-1")])).toEqual([y]);
      expect(await find([attr("Link", { linkedObjectIdentifier: "cert-1" })])).toEqual([y, x]);
      expect(await find([attr("Link", { linkType: LinkType.PublicKeyLink })])).toEqual([y, x]);
      expect(await find([attr("Link", {})])).toEqual([y, x]);
      expect(await find([link(LinkType.PrivateKeyLink, "pub-1")])).toEqual([]);
    });

    it("matches Cryptographic Usage Mask when every requested bit is set (KMIP 1.4 §4.9)", async () => {
      const [x, y] = await put(
        [attr("Cryptographic Usage Mask", Encrypt | Decrypt)],
        [attr("Cryptographic Usage Mask", Encrypt | Sign)],
      );
      expect(await find([attr("Cryptographic Usage Mask", Encrypt)])).toEqual([y, x]);
      expect(await find([attr("Cryptographic Usage Mask", Encrypt | Decrypt)])).toEqual([x]);
      expect(await find([attr("Cryptographic Usage Mask", Decrypt | Sign)])).toEqual([]);
    });

    it("matches a Date attribute by equality, or within a range when given twice", async () => {
      const [x, y, z] = await put(...[100n, 200n, 300n].map((d) => [attr("Activation Date", d)]));
      const dates = (...ds: bigint[]) => ds.map((d) => attr("Activation Date", d));
      expect(await find(dates(200n))).toEqual([y]);
      expect(await find(dates(150n))).toEqual([]);
      expect(await find(dates(100n, 200n))).toEqual([y, x]);
      expect(await find(dates(300n, 150n))).toEqual([z, y]);
      expect(await find(dates(0n, INT64_MAX))).toEqual([z, y, x]);
      // "If a Date attribute is set to its largest possible value, then it is equivalent to an undefined attribute."
      expect(await find(dates(INT64_MAX))).toEqual([z, y, x]);
      expect(await find([attr("Deactivation Date", 100n)])).toEqual([]);
    });

    it("matches Usage Limits at or above the request, and other structures by the fields given", async () => {
      const limits = (usageLimitsTotal: bigint, usageLimitsCount?: bigint) =>
        attr("Usage Limits", { usageLimitsTotal, usageLimitsCount, usageLimitsUnit: 1 });
      const [x, y] = await put(
        [limits(100n, 50n), attr("Cryptographic Parameters", { blockCipherMode: 1, paddingMethod: 3 })],
        [limits(10n, 5n), attr("Cryptographic Parameters", { blockCipherMode: 2 })],
      );
      expect(await find([limits(10n)])).toEqual([y, x]);
      expect(await find([limits(11n, 5n)])).toEqual([x]);
      expect(await find([limits(100n, 51n)])).toEqual([]);
      expect(await find([attr("Cryptographic Parameters", { blockCipherMode: 1 })])).toEqual([x]);
      expect(
        await find([attr("Cryptographic Parameters", { blockCipherMode: 2, paddingMethod: 3 })]),
      ).toEqual([]);
    });

    it("needs every attribute given to match, each instance on its own", async () => {
      const [x, y] = await put(
        [named("n1"), named("n2"), attr("Cryptographic Algorithm", 3), attr("x-ID", item(7, "id"))],
        [named("n1"), attr("Cryptographic Algorithm", 4), attr("x-ID", item(7, "id"))],
      );
      expect(await find([named("n1"), attr("Cryptographic Algorithm", 3)])).toEqual([x]);
      expect(await find([named("n1"), named("n2")])).toEqual([x]);
      expect(
        await find([named("n2"), attr("Object Type", ObjectType.SymmetricKey), attr("x-ID", item(7, "id"))]),
      ).toEqual([x]);
      expect(
        await find([named("n1"), attr("Cryptographic Algorithm", 4), attr("Unique Identifier", y)]),
      ).toEqual([y]);
      expect(await find([named("n2"), attr("Cryptographic Algorithm", 4)])).toEqual([]);
      // Name Value of one instance and Name Type of another do not make a match.
      const z = makeObject(a, [named("n3", 1), named("n4", 2)], { second: 5 });
      await store.insert(z);
      expect(await find([named("n3", 2)])).toEqual([]);
      expect(await find([])).toEqual([z.uid, y, x]);
    });

    it("orders newest first and pages with Offset Items and Maximum Items (TC-OFFSET-1-14)", async () => {
      // Five keys made in one second, as the test case does: creation order still decides.
      const objs = [0, 1, 2, 3, 4].map((i) =>
        makeObject(a, [attr("Original Creation Date", 1_000n + BigInt(i)), attr("x-ID", item(7, `k${i}`))]),
      );
      for (const o of objs) await store.insert(o);
      const u = objs.map((o) => o.uid);
      const q = [
        attr("Object Type", ObjectType.SymmetricKey),
        attr("Original Creation Date", 1_000n),
        attr("Original Creation Date", 2_000n),
      ];
      expect(await store.locate(a, { attributes: q })).toEqual({
        uids: [u[4], u[3], u[2], u[1], u[0]],
        total: 5,
      });
      expect(await store.locate(a, { attributes: q, maxItems: 1 })).toEqual({ uids: [u[4]], total: 5 });
      expect(await store.locate(a, { attributes: q, maxItems: 1, offsetItems: 1 })).toEqual({
        uids: [u[3]],
        total: 5,
      });
      expect(await store.locate(a, { attributes: q, maxItems: 2, offsetItems: 2 })).toEqual({
        uids: [u[2], u[1]],
        total: 5,
      });
      expect(await store.locate(a, { attributes: q, offsetItems: 4 })).toEqual({ uids: [u[0]], total: 5 });
      expect(await store.locate(a, { attributes: q, offsetItems: 9 })).toEqual({ uids: [], total: 5 });
      expect(await store.locate(a, { attributes: q, maxItems: 0 })).toEqual({ uids: [], total: 5 });
      // A full page, a short one after an offset, and the last page exactly: the total either way.
      expect(await store.locate(a, { attributes: q, maxItems: 5 })).toMatchObject({ total: 5 });
      expect(await store.locate(a, { attributes: q, maxItems: 9, offsetItems: 3 })).toEqual({
        uids: [u[1], u[0]],
        total: 5,
      });
      expect(await store.locate(a, { attributes: q, maxItems: 2, offsetItems: 3 })).toEqual({
        uids: [u[1], u[0]],
        total: 5,
      });
    });

    it("searches on-line objects unless the Storage Status Mask asks for archived or destroyed ones", async () => {
      const online = makeObject(a, [named("k")], { second: 1 });
      const archived = makeObject(a, [named("k")], { second: 2, archived: true });
      const destroyed = makeObject(a, [named("k")], {
        second: 3,
        state: State.Destroyed,
        material: undefined,
      });
      const both = makeObject(a, [named("k")], {
        second: 4,
        state: State.DestroyedCompromised,
        archived: true,
      });
      for (const o of [online, archived, destroyed, both]) await store.insert(o);
      const masked = async (storageStatusMask?: number) => find([named("k")], { storageStatusMask });
      expect(await masked()).toEqual([online.uid]);
      expect(await masked(OnLineStorage)).toEqual([online.uid]);
      expect(await masked(ArchivalStorage)).toEqual([archived.uid]);
      expect(await masked(DestroyedStorage)).toEqual([both.uid, destroyed.uid]);
      expect(await masked(OnLineStorage | ArchivalStorage)).toEqual([archived.uid, online.uid]);
      expect(await masked(7)).toEqual([both.uid, destroyed.uid, archived.uid, online.uid]);
      expect(await masked(0)).toEqual([]);
      expect((await store.locate(a, { storageStatusMask: 7 })).total).toBe(4);
    });

    it("serves Group Member Fresh oldest first, and Group Member Default as one object, fresh ones first", async () => {
      const group = (g: string, fresh?: boolean) => [
        attr("Object Group", g),
        ...(fresh === undefined ? [] : [attr("Fresh", fresh)]),
      ];
      const [k1, k2, k3, k4] = await put(
        group("rr", true),
        group("rr", true),
        group("rr"),
        group("other", true),
      );
      const { GroupMemberFresh, GroupMemberDefault } = ObjectGroupMember;
      const member = (objectGroupMember: number, more: LocateQuery = {}) =>
        store.locate(a, { attributes: group("rr"), objectGroupMember, ...more });
      expect(await member(GroupMemberFresh)).toEqual({ uids: [k1, k2], total: 2 });
      expect(await member(GroupMemberFresh, { maxItems: 1 })).toEqual({ uids: [k1], total: 2 });
      expect(await member(GroupMemberDefault)).toEqual({ uids: [k1], total: 1 });
      // Served (no longer fresh): the next fresh one is the default; with none fresh, the oldest.
      await store.update(a, k1!, 1, { attributes: [...group("rr", false)] });
      expect(await member(GroupMemberDefault)).toEqual({ uids: [k2], total: 1 });
      await store.update(a, k2!, 1, { attributes: [...group("rr", false)] });
      expect(await member(GroupMemberDefault)).toEqual({ uids: [k1], total: 1 });
      expect(await member(GroupMemberDefault, { offsetItems: 1 })).toEqual({ uids: [], total: 1 });
      expect(await member(GroupMemberFresh)).toEqual({ uids: [], total: 0 });
      expect(await store.locate(a, { objectGroupMember: GroupMemberFresh })).toEqual({
        uids: [k4],
        total: 1,
      });
      expect(k3).toBeDefined();
    });

    it("equals a naive in-memory filter on random objects and random queries (property)", async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(objectSpec, { minLength: 1, maxLength: 30 }),
          fc.array(querySpec, { minLength: 1, maxLength: 8 }),
          async (specs, queries) => {
            const scopes = [
              scopeOf("p", `prop-${run}`),
              scopeOf("q", `prop-${run}`),
              scopeOf("p", `prop-${run}-x`),
            ];
            run++;
            const objects = specs.map((spec) => buildObject(spec, scopes));
            for (const o of objects) await store.insert(o);
            for (const q of queries) {
              const query = resolveUids(q, objects);
              expect(await store.locate(scopes[0]!, query)).toEqual(naiveLocate(objects, scopes[0]!, query));
            }
          },
        ),
        { numRuns: 100 },
      );
    });
  });
}

// ─── The property test's random objects and queries, and the naive filter it trusts ─────────────

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const record = <T>(shape: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(shape, { noNullPrototype: true });
const CUSTOM = [
  item(7, "p"),
  item(7, "q"),
  item(2, 5),
  item(5, 5),
  item(8, new Uint8Array([1])),
  item(6, true),
];
const NAMES = ["a", "b", "c"];

export const objectSpec = record({
  scope: pick(0, 0, 0, 1, 2),
  objectType: pick<number>(ObjectType.SymmetricKey, ObjectType.PublicKey),
  // Mostly on-line objects, so that most queries find several and order and paging count.
  state: pick<number>(
    State.Active,
    State.Active,
    State.Active,
    State.PreActive,
    State.Destroyed,
    State.DestroyedCompromised,
  ),
  archived: pick(false, false, false, true),
  second: fc.integer({ min: 0, max: 4 }),
  names: fc.array(record({ nameValue: pick(...NAMES), nameType: pick(1, 2) }), { maxLength: 3 }),
  algorithm: maybe(pick(3, 4)),
  group: maybe(pick("g1", "g2")),
  mask: maybe(pick(0, Encrypt, Decrypt, Encrypt | Decrypt, Encrypt | Sign)),
  activation: maybe(fc.bigInt({ min: 100n, max: 104n })),
  links: fc.array(record({ linkType: pick(0x101, 0x102), linkedObjectIdentifier: pick("t1", "t2") }), {
    maxLength: 2,
  }),
  fresh: maybe(fc.boolean()),
  custom: maybe(pick(...CUSTOM)),
});
type ObjectSpec = typeof objectSpec extends fc.Arbitrary<infer T> ? T : never;

const condition: fc.Arbitrary<Attribute> = fc.oneof(
  fc
    .tuple(pick(...NAMES, "z"), maybe(pick(1, 2)))
    .map(([nameValue, nameType]) =>
      attr("Name", nameType === undefined ? { nameValue } : { nameValue, nameType }),
    ),
  pick<number>(ObjectType.SymmetricKey, ObjectType.PublicKey).map((v) => attr("Object Type", v)),
  pick<number>(State.Active, State.Destroyed).map((v) => attr("State", v)),
  pick(3, 4).map((v) => attr("Cryptographic Algorithm", v)),
  pick("g1", "g2").map((v) => attr("Object Group", v)),
  pick(Encrypt, Decrypt | Encrypt, Sign).map((v) => attr("Cryptographic Usage Mask", v)),
  fc.bigInt({ min: 99n, max: 105n }).map((v) => attr("Activation Date", v)),
  record({ linkType: maybe(pick(0x101, 0x102)), linkedObjectIdentifier: maybe(pick("t1", "t2")) }).map((v) =>
    attr("Link", Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined))),
  ),
  pick(...CUSTOM, item(7, "r")).map((v) => attr("x-ID", v)),
  fc.boolean().map((v) => attr("Fresh", v)),
  fc.nat(20).map((i) => attr("Unique Identifier", i)), // resolved to an object's uid (or none) per run
);

export const querySpec = record({
  attributes: fc
    .array(condition, { maxLength: 2 })
    .filter((l) => l.filter((x) => x.name === "Activation Date").length <= 2),
  objectGroupMember: maybe(pick(1, 2)),
  storageStatusMask: maybe(fc.integer({ min: 0, max: 7 })),
  maxItems: maybe(fc.nat(4)),
  offsetItems: maybe(fc.nat(4)),
});

export function buildObject(spec: ObjectSpec, scopes: ScopeKey[]): StoredObject {
  const list: Attribute[] = spec.names.map((n) => attr("Name", n));
  if (spec.algorithm !== undefined) list.push(attr("Cryptographic Algorithm", spec.algorithm));
  if (spec.group !== undefined) list.push(attr("Object Group", spec.group));
  if (spec.mask !== undefined) list.push(attr("Cryptographic Usage Mask", spec.mask));
  if (spec.activation !== undefined) list.push(attr("Activation Date", spec.activation));
  for (const l of spec.links) list.push(attr("Link", l));
  if (spec.fresh !== undefined) list.push(attr("Fresh", spec.fresh));
  if (spec.custom !== undefined) list.push(attr("x-ID", spec.custom));
  const { objectType, state, archived, second } = spec;
  return makeObject(scopes[spec.scope]!, list, { objectType, state, archived, second });
}

export function resolveUids(q: LocateQuery, objects: StoredObject[]): LocateQuery {
  const attributes = q.attributes?.map((x) =>
    x.name === "Unique Identifier" ? attr(x.name, objects[x.value as number]?.uid ?? "missing") : x,
  );
  return { ...q, attributes };
}

export function naiveLocate(objects: StoredObject[], scope: ScopeKey, q: LocateQuery): LocateResult {
  const mask = q.storageStatusMask ?? 1;
  const member = q.objectGroupMember;
  const hits = objects
    .map((o, i) => ({ o, i, fresh: isFresh(o) ? 1 : 0, at: o.createdAt.getTime() }))
    .filter(
      ({ o, fresh }) =>
        isDeepStrictEqual(o.scope, scope) && (mask & storageBit(o)) !== 0 && (member !== 1 || fresh),
    )
    .filter(({ o }) => matchesAll(o, q.attributes ?? []));
  if (member === undefined) hits.sort((x, y) => y.at - x.at || y.i - x.i);
  else hits.sort((x, y) => (member === 2 ? y.fresh - x.fresh : 0) || x.at - y.at || x.i - y.i);
  const uids = hits.map((h) => h.o.uid).slice(0, member === 2 ? 1 : undefined);
  const offset = q.offsetItems ?? 0;
  return {
    uids: uids.slice(offset, q.maxItems === undefined ? undefined : offset + q.maxItems),
    total: uids.length,
  };
}

const isFresh = (o: StoredObject) => o.attributes.some((x) => x.name === "Fresh" && x.value === true);
const storageBit = (o: StoredObject) =>
  o.state === State.Destroyed || o.state === State.DestroyedCompromised ? 4 : o.archived ? 2 : 1;

function matchesAll(o: StoredObject, query: readonly Attribute[]): boolean {
  const names = new Set(query.map((x) => x.name));
  return [...names].every((name) => {
    const wanted = query.filter((x) => x.name === name).map((x) => x.value);
    if (name === "Unique Identifier") return wanted.every((v) => v === o.uid);
    if (name === "Object Type") return wanted.every((v) => v === o.objectType);
    if (name === "State") return wanted.every((v) => v === o.state);
    const have = o.attributes.filter((x) => x.name === name).map((x) => x.value);
    if (name === "Activation Date") {
      const [lo, hi] = (wanted as bigint[]).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      return have.some((h) => (h as bigint) >= lo! && (h as bigint) <= (hi ?? lo!));
    }
    if (name === "Cryptographic Usage Mask") {
      return wanted.every((v) => have.some((h) => ((h as number) & (v as number)) === v));
    }
    return wanted.every((v) => have.some((h) => sameValue(name, h, v)));
  });
}

function sameValue(name: string, have: unknown, want: unknown): boolean {
  if (name.startsWith("x-")) {
    const [h, w] = [have as { type: number; value: unknown }, want as { type: number; value: unknown }];
    return h.type === w.type && isDeepStrictEqual(h.value, w.value);
  }
  if (typeof want === "object" && want !== null) {
    return Object.entries(want).every(([k, v]) => isDeepStrictEqual((have as Record<string, unknown>)[k], v));
  }
  return have === want;
}
