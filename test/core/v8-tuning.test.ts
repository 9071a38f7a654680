/**
 * `applyV8Tuning` (src/core/v8-tuning.ts) turns V8's allocation-site pretenuring off in a running
 * process. Each case runs in a fresh Node process (--allow-natives-syntax in that child only) and
 * asks V8 whether a freshly allocated object carries the allocation memento that pretenuring
 * decisions are made from: by default it does (the control), after `applyV8Tuning` it does not.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const tuning = pathToFileURL(new URL("../../src/core/v8-tuning.ts", import.meta.url).pathname).href;

const workload = (tune: boolean) => `
import { applyV8Tuning } from ${JSON.stringify(tuning)};
if (${tune}) applyV8Tuning();
function make(i) { return { a: i, b: [i, i + 1] }; }
for (let i = 0; i < 10; i++) make(i);
console.log(String(%PretenureAllocationSite(make(1))));
`;

/**
 * Whether V8 tracks where a fresh object was allocated, which pretenuring needs: V8's test
 * function `%PretenureAllocationSite` finds the object's allocation memento (true) only then.
 */
function tracksAllocationSites(tune: boolean): boolean {
  const args = ["--allow-natives-syntax", "--import", tsx, "--input-type=module", "-e", workload(tune)];
  return execFileSync(process.execPath, args, { encoding: "utf8", timeout: 60_000 }).trim() === "true";
}

describe("V8 tuning (issue #8)", () => {
  it("V8 no longer tracks allocation sites for pretenuring once the tuning applies", () => {
    expect(tracksAllocationSites(false)).toBe(true); // the default: the control
    expect(tracksAllocationSites(true)).toBe(false);
  });
});
