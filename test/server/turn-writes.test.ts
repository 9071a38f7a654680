import { describe, expect, it } from "vitest";
import { TurnWrites } from "../../src/server/turn-writes.js";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("TurnWrites", () => {
  it("holds the writes of a turn until its end, then runs them in order", async () => {
    const writes = new TurnWrites();
    const done: string[] = [];
    writes.defer(() => done.push("a"));
    await Promise.resolve(); // the microtasks of the turn: still held
    writes.defer(() => done.push("b"));
    expect(done).toEqual([]);
    await nextTurn();
    expect(done).toEqual(["a", "b"]);
  });

  it("schedules a new burst for writes deferred while one is written", async () => {
    const writes = new TurnWrites();
    const done: string[] = [];
    writes.defer(() => {
      done.push("first");
      writes.defer(() => done.push("later"));
    });
    await nextTurn();
    expect(done).toEqual(["first"]);
    await nextTurn();
    expect(done).toEqual(["first", "later"]);
  });
});
