/**
 * `tsx bench/profile-top.ts FILE.cpuprofile [N]`: the top costs of a V8 CPU profile (from
 * `npm run bench -- --profile DIR`), by self time per function and by total time per source
 * file, so a run's bottleneck can be named without opening DevTools.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  const i = url.indexOf("/src/");
  if (i >= 0) return url.slice(i + 1);
  const n = url.lastIndexOf("node_modules/");
  if (n >= 0) return url.slice(n + "node_modules/".length);
  return url.replace(/^file:\/\//, "").replace(/^node:/, "node:") || "(native)";
}

/** Self microseconds per node id. */
function selfTimes(p: Profile): Map<number, number> {
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  return self;
}

function top(map: Map<string, number>, total: number, n: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
}

function main(file: string, n: number): void {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const self = selfTimes(p);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of p.nodes) {
    const us = self.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = shortUrl(url);
    const fn = `${functionName || "(anonymous)"}  ${where}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(where, (byFile.get(where) ?? 0) + us);
  }
  console.log(`${(total / 1e6).toFixed(1)} s sampled\n\nself time by function:`);
  console.log(top(byFunction, total, n).join("\n"));
  console.log("\nself time by file:");
  console.log(top(byFile, total, n).join("\n"));
}

const [file, count] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: tsx bench/profile-top.ts FILE.cpuprofile [N]");
  process.exit(1);
}
main(file, Number(count ?? 25));
