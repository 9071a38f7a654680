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

  it("keeps a derived value with the entry: made once, again for other bytes or once expired", () => {
    let now = 0;
    const cache = new OpenedMaterial(1000, 8, () => now);
    const opener = counting(bytes(5, 6));
    let made = 0;
    const seen: Uint8Array[] = [];
    const make = (plain: Uint8Array) => {
      made++;
      seen.push(plain);
      return { made, first: plain[0] };
    };
    const a = cache.derive("m/a", bytes(1), opener.open, "key", make);
    expect(cache.derive("m/a", bytes(1), opener.open, "key", make)).toBe(a);
    expect(a).toEqual({ made: 1, first: 5 });
    expect(seen[0]).toEqual(bytes(0, 0)); // the copy make got is zero-filled after
    cache.derive("m/a", bytes(2), opener.open, "key", make); // re-sealed: made again
    cache.derive("m/a", bytes(2), opener.open, "other", make); // another name
    now = 1500;
    cache.derive("m/a", bytes(2), opener.open, "key", make); // expired
    expect(made).toBe(4);
    expect(opener.count()).toBe(3);
  });

  it("does not keep what make threw", () => {
    const cache = new OpenedMaterial(1000, 8, () => 0);
    const opener = counting(bytes(1));
    let calls = 0;
    const failing = () => {
      calls++;
      throw new Error("no key here");
    };
    expect(() => cache.derive("m/a", bytes(1), opener.open, "key", failing)).toThrow("no key here");
    expect(() => cache.derive("m/a", bytes(1), opener.open, "key", failing)).toThrow("no key here");
    expect(calls).toBe(2);
  });
});
