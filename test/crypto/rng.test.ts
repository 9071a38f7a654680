/** RNG Retrieve and RNG Seed. */
import { describe, expect, it } from "vitest";
import { RNG_RETRIEVE_BYTES_MAX, rngRetrieve, rngSeed } from "../../src/crypto/rng.js";
import { ResultReason as R } from "../../src/kmip/generated/enums.js";
import { hex, reasonOf } from "./helpers.js";

describe("RNG Retrieve", () => {
  it("returns the Data Length asked for, different each time", () => {
    for (const n of [1, 16, 1000, RNG_RETRIEVE_BYTES_MAX]) expect(rngRetrieve(n).length).toBe(n);
    expect(hex(rngRetrieve(32))).not.toBe(hex(rngRetrieve(32)));
  });

  it("refuses a length outside 1 … the bound with Invalid Field", () => {
    for (const n of [0, -1, 1.5, Number.NaN, RNG_RETRIEVE_BYTES_MAX + 1]) {
      expect(reasonOf(() => rngRetrieve(n))).toBe(R.InvalidField);
    }
    expect(reasonOf(() => rngRetrieve(11, 10))).toBe(R.InvalidField);
  });
});

describe("RNG Seed", () => {
  it("uses none of the seed (1.4 §4.36: the server MAY ignore it and answer 0)", () => {
    expect(rngSeed(new Uint8Array(64))).toEqual({ amountUsed: 0 });
  });
});
