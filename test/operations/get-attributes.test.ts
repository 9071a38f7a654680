import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ResultReason, State } from "../../src/kmip/generated/enums.js";
import { Create } from "../../src/operations/create.js";
import { GetAttributeList } from "../../src/operations/get-attribute-list.js";
import { GetAttributes } from "../../src/operations/get-attributes.js";
import {
  createAes,
  type Harness,
  harness,
  nameAttribute,
  reasonOf,
  run,
  tagNames,
  textValues,
} from "./harness.js";

describe("Get Attributes (1.4 §4.12, 2.1 §6.1.20)", () => {
  let h: Harness;
  let uid: string;
  beforeEach(async () => {
    h = harness();
    const created = await run(Create, createAes(256, [nameAttribute("k1"), nameAttribute("k2")]), h.ctx(21));
    uid = created.response.uniqueIdentifier as string;
  });
  afterEach(async () => h.close());

  it("sends a 1.0 client only 1.0 attributes (no Fresh, no Original Creation Date)", async () => {
    const v10 = await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(10));
    const names10 = textValues(v10.encoded, "Attribute Name");
    expect(names10).toContain("State");
    expect(names10).toContain("Initial Date");
    expect(names10).not.toContain("Fresh");
    expect(names10).not.toContain("Original Creation Date");
    expect(names10).not.toContain("Sensitive");

    const v11 = await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(11));
    expect(textValues(v11.encoded, "Attribute Name")).toContain("Fresh");
    expect(textValues(v11.encoded, "Attribute Name")).not.toContain("Original Creation Date");

    const v14 = await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(14));
    const names14 = textValues(v14.encoded, "Attribute Name");
    expect(names14).toContain("Original Creation Date");
    expect(names14).toContain("Sensitive");
    expect(names14).not.toContain("Key Format Type");
  });

  it("2.x: Attributes structure with each attribute under its own tag", async () => {
    const { encoded } = await run(GetAttributes, { uniqueIdentifier: uid }, h.ctx(21));
    const tags = tagNames(encoded);
    expect(tags).toContain("Attributes");
    expect(tags).toContain("Fresh");
    expect(tags).toContain("Key Format Type");
    expect(tags).toContain("Short Unique Identifier");
    expect(tags).not.toContain("Attribute Name");
    expect(tags).not.toContain("Attribute Index");
  });

  it("answers a State poll (MongoDB, vSphere) with exactly the State", async () => {
    const { response, encoded } = await run(
      GetAttributes,
      { uniqueIdentifier: uid, attributeReference: ["State"] },
      h.ctx(12),
    );
    expect(response.attributes).toEqual([{ name: "State", value: State.PreActive }]);
    expect(textValues(encoded, "Attribute Name")).toEqual(["State"]);
  });

  it("returns every instance of a multi-instance attribute, with its 1.x Attribute Index", async () => {
    const { response, encoded } = await run(
      GetAttributes,
      { uniqueIdentifier: uid, attributeReference: ["Name"] },
      h.ctx(14),
    );
    expect(response.attributes).toEqual([
      { name: "Name", value: { nameValue: "k1", nameType: 1 } },
      { name: "Name", index: 1, value: { nameValue: "k2", nameType: 1 } },
    ]);
    expect(tagNames(encoded).filter((t) => t === "Attribute Index")).toHaveLength(1);
  });

  it("leaves out names the object does not have, or the version does not know", async () => {
    const { response } = await run(
      GetAttributes,
      { uniqueIdentifier: uid, attributeReference: ["Contact Information", "Fresh", "x-nothing"] },
      h.ctx(10),
    );
    expect(response.attributes).toEqual([]);
  });

  it("tolerates a misspelt name, and logs it", async () => {
    const { response } = await run(
      GetAttributes,
      { uniqueIdentifier: uid, attributeReference: ["state"] },
      h.ctx(14),
    );
    expect(response.attributes).toEqual([{ name: "State", value: State.PreActive }]);
    expect(h.logs.filter((l) => l.level === "warn")).toHaveLength(1);
  });

  it("refuses a name asked twice, in any spelling: Invalid Message (1.4 §11.13)", async () => {
    for (const [version, names] of [
      [11, ["Object Type", "Object Type"]],
      [14, ["state", "State"]],
      [21, ["Name", "Fresh", "Name"]],
    ] as const) {
      const asked = GetAttributes.handler(
        { uniqueIdentifier: uid, attributeReference: [...names] },
        h.ctx(version),
      );
      expect(await reasonOf(asked)).toBe(ResultReason.InvalidMessage);
    }
  });

  it("Get Attribute List: each name once, gated by version", async () => {
    const v10 = await run(GetAttributeList, { uniqueIdentifier: uid }, h.ctx(10));
    const list10 = v10.response.attributeReference ?? [];
    expect(list10).toContain("Name");
    expect(list10.filter((n) => n === "Name")).toHaveLength(1);
    expect(list10).not.toContain("Fresh");
    expect(textValues(v10.encoded, "Attribute Name")).toEqual(list10);

    const v21 = await run(GetAttributeList, { uniqueIdentifier: uid }, h.ctx(21));
    expect(v21.response.attributeReference).toContain("Fresh");
    expect(tagNames(v21.encoded)).toContain("Attribute Reference");
  });

  it("an unknown identifier: Item Not Found / Object Not Found", async () => {
    expect(await reasonOf(GetAttributes.handler({ uniqueIdentifier: "nope" }, h.ctx(13)))).toBe(
      ResultReason.ItemNotFound,
    );
    expect(await reasonOf(GetAttributeList.handler({ uniqueIdentifier: "nope" }, h.ctx(20)))).toBe(
      ResultReason.ObjectNotFound,
    );
  });
});
