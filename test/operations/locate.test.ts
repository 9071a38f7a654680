import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Attribute } from "../../src/kmip/attributes.js";
import { ObjectGroupMember, ObjectType, ResultReason } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask as M } from "../../src/kmip/generated/masks.js";
import { Create } from "../../src/operations/create.js";
import { Destroy } from "../../src/operations/destroy.js";
import { Get } from "../../src/operations/get-crypto.js";
import { Locate } from "../../src/operations/locate.js";
import { ItemType } from "../../src/ttlv/types.js";
import {
  createAes,
  type Harness,
  harness,
  nameAttribute,
  reasonOf,
  run,
  SCOPE_B,
  T0,
  tagNames,
} from "./harness.js";

const objectType: Attribute = { name: "Object Type", value: ObjectType.SymmetricKey };
const raw = (type: number, value: unknown) => ({ tag: 0x42000b, type, value });

describe("Locate (1.4 §4.9, 2.1 §6.1.28)", () => {
  let h: Harness;
  let uids: string[];
  beforeEach(async () => {
    h = harness();
    uids = [];
    for (let i = 0; i < 5; i++) {
      h.clock.now = new Date(T0.getTime() + i * 1000);
      const group = { name: "Object Group", value: i % 2 === 0 ? "even" : "odd" };
      const created = await run(Create, createAes(256, [nameAttribute(`key-${i}`), group]), h.ctx(14));
      uids.push(created.response.uniqueIdentifier as string);
    }
  });
  afterEach(async () => h.close());

  it("finds by Object Type and Name (pg_tde, Percona), and sets the ID Placeholder", async () => {
    const batch = { idPlaceholder: undefined };
    const request = { maximumItems: 16, attributes: [objectType, nameAttribute("key-3")] };
    const { response } = await run(Locate, request, h.ctx(10, { batch }));
    expect(response.uniqueIdentifier).toEqual([uids[3]]);
    expect(batch.idPlaceholder).toBe(uids[3]);
    const { response: got } = await run(Get, {}, h.ctx(10, { batch }));
    expect(got.uniqueIdentifier).toBe(uids[3]);
  });

  it("returns newest first, and empties the ID Placeholder for several or no matches", async () => {
    const batch: { idPlaceholder: string | undefined } = { idPlaceholder: "earlier" };
    const { response } = await run(Locate, { attributes: [objectType] }, h.ctx(21, { batch }));
    expect(response.uniqueIdentifier).toEqual([...uids].reverse());
    expect(batch.idPlaceholder).toBeUndefined();
    batch.idPlaceholder = "earlier";
    await run(Locate, { attributes: [nameAttribute("none")] }, h.ctx(21, { batch }));
    expect(batch.idPlaceholder).toBeUndefined();
    expect(await reasonOf(Get.handler({}, h.ctx(21, { batch })))).toBe(ResultReason.ObjectNotFound);
  });

  it("pages with Maximum Items and Offset Items, even under a 1.0 header (Percona)", async () => {
    const newestFirst = [...uids].reverse();
    const seen: unknown[] = [];
    for (let offset = 0; offset < 5; offset += 2) {
      const request = { maximumItems: 2, offsetItems: offset, attributes: [objectType] };
      const { response } = await run(Locate, request, h.ctx(10));
      seen.push(...(response.uniqueIdentifier ?? []));
    }
    expect(seen).toEqual(newestFirst);
  });

  it("sends Located Items to 1.3+ only", async () => {
    const request = { maximumItems: 1, attributes: [objectType] };
    const v12 = await run(Locate, request, h.ctx(12));
    expect(v12.response.locatedItems).toBe(5);
    expect(tagNames(v12.encoded)).not.toContain("Located Items");
    const v13 = await run(Locate, request, h.ctx(13));
    expect(tagNames(v13.encoded)).toContain("Located Items");
    const v21 = await run(Locate, request, h.ctx(21));
    expect(tagNames(v21.encoded)).toContain("Located Items");
  });

  it("matches Object Group, usage mask bits and dates", async () => {
    const even = await run(Locate, { attributes: [{ name: "Object Group", value: "even" }] }, h.ctx(14));
    expect(even.response.uniqueIdentifier).toEqual([uids[4], uids[2], uids[0]]);
    const mask = await run(
      Locate,
      { attributes: [{ name: "Cryptographic Usage Mask", value: M.Encrypt }] },
      h.ctx(14),
    );
    expect(mask.response.uniqueIdentifier).toHaveLength(5);
    const sign = await run(
      Locate,
      { attributes: [{ name: "Cryptographic Usage Mask", value: M.Sign }] },
      h.ctx(14),
    );
    expect(sign.response.uniqueIdentifier).toEqual([]);
    const from = BigInt(T0.getTime() / 1000 + 1);
    const range = [
      { name: "Initial Date", value: from },
      { name: "Initial Date", value: from + 2n },
    ];
    const dated = await run(Locate, { attributes: range }, h.ctx(14));
    expect(dated.response.uniqueIdentifier).toEqual([uids[3], uids[2], uids[1]]);
  });

  it("finds by custom attributes of each type", async () => {
    const custom: Attribute[] = [
      { name: "x-ResourceID", value: raw(ItemType.TextString, "res-1") },
      { name: "x-SystemID", value: raw(ItemType.Integer, 42) },
      { name: "x-Flag", value: raw(ItemType.Boolean, true) },
      { name: "x-Blob", value: raw(ItemType.ByteString, new Uint8Array([9, 9])) },
      { name: "x-When", value: raw(ItemType.DateTime, 1_600_000_000n) },
      { name: "x-Big", value: raw(ItemType.BigInteger, 1n << 70n) },
    ];
    const created = await run(Create, createAes(256, custom), h.ctx(10));
    for (const c of custom) {
      const { response } = await run(Locate, { attributes: [c] }, h.ctx(10));
      expect(response.uniqueIdentifier).toEqual([created.response.uniqueIdentifier]);
    }
    // Same value, another item type: no match.
    const wrongType = { name: "x-SystemID", value: raw(ItemType.Enumeration, 42) };
    expect((await run(Locate, { attributes: [wrongType] }, h.ctx(10))).response.uniqueIdentifier).toEqual([]);
  });

  it("leaves destroyed objects out unless the Storage Status Mask asks for them (2.x)", async () => {
    await run(Destroy, { uniqueIdentifier: uids[0] }, h.ctx(21));
    const online = await run(Locate, { attributes: [nameAttribute("key-0")] }, h.ctx(21));
    expect(online.response.uniqueIdentifier).toEqual([]);
    const destroyed = await run(
      Locate,
      { storageStatusMask: 4, attributes: [nameAttribute("key-0")] },
      h.ctx(21),
    );
    expect(destroyed.response.uniqueIdentifier).toEqual([uids[0]]);
  });

  it("Group Member Fresh finds objects not yet served", async () => {
    await run(Get, { uniqueIdentifier: uids[0] }, h.ctx(14));
    const request = {
      maximumItems: 1,
      objectGroupMember: ObjectGroupMember.GroupMemberFresh,
      attributes: [{ name: "Object Group", value: "even" }],
    };
    const { response } = await run(Locate, request, h.ctx(14));
    expect(response.uniqueIdentifier).toEqual([uids[2]]);
  });

  it("sees only the caller's scope", async () => {
    const { response } = await run(Locate, { attributes: [] }, h.ctx(21, { scope: SCOPE_B }));
    expect(response.uniqueIdentifier).toEqual([]);
    expect(response.locatedItems).toBe(0);
  });

  it("refuses attributes it does not understand, and bad values; takes misspelt names", async () => {
    const unknown = { attributes: [{ name: "Colour", value: "blue" }] };
    expect(await reasonOf(Locate.handler(unknown, h.ctx(14)))).toBe(ResultReason.InvalidField);
    expect(await reasonOf(Locate.handler(unknown, h.ctx(21)))).toBe(ResultReason.InvalidAttribute);
    const badMask = { attributes: [{ name: "Cryptographic Usage Mask", value: "all" }] };
    expect(await reasonOf(Locate.handler(badMask, h.ctx(14)))).toBe(ResultReason.InvalidField);
    expect(await reasonOf(Locate.handler({ maximumItems: -1 }, h.ctx(14)))).toBe(ResultReason.InvalidField);
    const misspelt = { attributes: [{ name: "object group", value: "odd" }] };
    expect((await run(Locate, misspelt, h.ctx(14))).response.uniqueIdentifier).toEqual([uids[3], uids[1]]);
  });
});
