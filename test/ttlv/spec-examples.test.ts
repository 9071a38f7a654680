/**
 * The ten byte-level examples of KMIP 1.4 §9.1.2 (identical in 1.1), both directions: the spec's
 * hex decodes to the stated value, and that value encodes to exactly the spec's bytes. The hex is
 * parsed from `spec_hex_as_printed` (the spec's own layout with `|` separators) and checked
 * against the flat `hex` field too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { fromHex, toHex } from "../../src/ttlv/hex.js";
import { ItemType, type ItemTypeName, type TtlvItem } from "../../src/ttlv/types.js";
import { vectorsDir } from "../helpers/vectors.js";

interface Example {
  type: ItemTypeName;
  spec_text: string;
  tag: string;
  value: Record<string, unknown>;
  spec_hex_as_printed: string;
  hex: string;
}

const file = join(vectorsDir(), "spec-examples/ttlv-encoding-examples-kmip-1.4-sec-9.1.2.json");
const examples = (JSON.parse(readFileSync(file, "utf8")) as { examples: Example[] }).examples;

/** The item an example describes, built from its JSON value (one key per type). */
function expectedItem(ex: Example): TtlvItem {
  const tag = Number(ex.tag);
  const v = ex.value;
  switch (ex.type) {
    case "Integer":
      return { tag, type: ItemType.Integer, value: v.int as number };
    case "LongInteger":
      return { tag, type: ItemType.LongInteger, value: BigInt(v.long as string) };
    case "BigInteger":
      // 12 significant bytes, sign-extended with 4 zero bytes to 16: the minimal form, so the
      // decoded item carries no byteLength.
      return { tag, type: ItemType.BigInteger, value: BigInt(v.bigint as string) };
    case "Enumeration":
      return { tag, type: ItemType.Enumeration, value: v.enum as number };
    case "Boolean":
      return { tag, type: ItemType.Boolean, value: v.bool as boolean };
    case "TextString":
      return { tag, type: ItemType.TextString, value: v.text as string };
    case "ByteString":
      return { tag, type: ItemType.ByteString, value: fromHex(v.bytes_hex as string) };
    case "DateTime":
      expect(Date.parse(v.datetime as string) / 1000).toBe(v.epoch_seconds);
      return { tag, type: ItemType.DateTime, value: BigInt(v.epoch_seconds as number) };
    case "Interval":
      return { tag, type: ItemType.Interval, value: v.interval_seconds as number };
    case "Structure":
      return { tag, type: ItemType.Structure, value: (v.structure as StructureChild[]).map(child) };
    default:
      throw new Error(`example of unexpected type ${ex.type}`);
  }
}

interface StructureChild {
  tag: string;
  type: "Enumeration" | "Integer";
  value: number;
}

function child(c: StructureChild): TtlvItem {
  return { tag: Number(c.tag), type: ItemType[c.type], value: c.value };
}

describe("KMIP 1.4 §9.1.2 TTLV examples", () => {
  it("has all ten examples, one per type", () => {
    expect(examples.map((e) => e.type).sort()).toEqual(
      ["BigInteger", "Boolean", "ByteString", "DateTime", "Enumeration", "Integer", "Interval"]
        .concat(["LongInteger", "Structure", "TextString"])
        .sort(),
    );
  });

  describe.each(examples.map((e) => [e.type, e] as const))("%s", (_type, ex) => {
    const wire = fromHex(ex.spec_hex_as_printed);

    it("the printed hex matches the flat hex", () => {
      expect(toHex(wire)).toBe(ex.hex.toLowerCase());
    });

    it("decodes to the stated value", () => {
      expect(decodeTtlv(wire)).toEqual(expectedItem(ex));
    });

    it("encodes to the spec's bytes", () => {
      expect(toHex(encodeTtlv(expectedItem(ex)))).toBe(ex.hex.toLowerCase());
    });
  });

  it("the Big Integer example is in minimal form (no byteLength kept)", () => {
    const ex = examples.find((e) => e.type === "BigInteger")!;
    expect(decodeTtlv(fromHex(ex.hex))).not.toHaveProperty("byteLength");
  });
});
