import { describe, expect, it } from "vitest";
import { TurnWrites } from "../../src/server/turn-writes.js";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("TurnWrites", () => {
  it("writes a turn's first answer at once and holds the others until its end, in order", async () => {
    const writes = new TurnWrites();
    const done: string[] = [];
    writes.defer(() => done.push("a"));
    expect(done).toEqual(["a"]);
    writes.defer(() => done.push("b"));
    await Promise.resolve(); // the microtasks of the turn: still held
    writes.defer(() => done.push("c"));
    expect(done).toEqual(["a"]);
    await nextTurn();
    expect(done).toEqual(["a", "b", "c"]);
  });

  it("starts afresh in the next turn", async () => {
    const writes = new TurnWrites();
    const done: string[] = [];
    writes.defer(() => done.push("first"));
    writes.defer(() => done.push("held"));
    await nextTurn();
    writes.defer(() => done.push("next turn"));
    expect(done).toEqual(["first", "held", "next turn"]);
  });
});
