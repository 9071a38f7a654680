/**
 * The short-lived cache of opened material (src/operations/opened-material.ts): it answers only
 * for the same record and the same sealed bytes, within its time, hands out copies, and stays
 * within its bound.
 */
import { describe, expect, it } from "vitest";
import { OpenedMaterial } from "../../src/operations/opened-material.js";

const bytes = (...b: number[]) => new Uint8Array(b);

function counting(plain: Uint8Array) {
  let opened = 0;
  return {
    open: () => {
      opened++;
      return Uint8Array.from(plain);
    },
    count: () => opened,
  };
}

describe("opened material", () => {
  it("opens once per record and sealed value, and hands out copies", () => {
    const cache = new OpenedMaterial(1000, 8, () => 0);
    const opener = counting(bytes(1, 2, 3));
    const first = cache.open("m/a", bytes(9, 9), opener.open);
    first.fill(0); // the caller zero-fills its own copy
    const second = cache.open("m/a", bytes(9, 9), opener.open);
    expect(second).toEqual(bytes(1, 2, 3));
    expect(opener.count()).toBe(1);
  });

  it("opens again for other sealed bytes, another record, or once the time is up", () => {
    let now = 0;
    const cache = new OpenedMaterial(1000, 8, () => now);
    const opener = counting(bytes(7));
    cache.open("m/a", bytes(1), opener.open);
    cache.open("m/a", bytes(2), opener.open); // rewritten (re-sealed, or another value)
    cache.open("m/b", bytes(2), opener.open); // same bytes, another object
    expect(opener.count()).toBe(3);
    now = 1000;
    cache.open("m/b", bytes(2), opener.open);
    expect(opener.count()).toBe(4);
  });

  it("holds at most entriesMax, the oldest leaving first", () => {
    const cache = new OpenedMaterial(1000, 2, () => 0);
    const opener = counting(bytes(5, 5));
    for (const id of ["a", "b", "c"]) cache.open(`m/${id}`, bytes(1), opener.open);
    expect(cache.size).toBe(2);
    cache.open("m/a", bytes(1), opener.open); // "a" had left: opened again
    expect(opener.count()).toBe(4);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
