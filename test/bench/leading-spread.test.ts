/**
 * The request path has no object literal that starts with a spread and adds anything after it
 * (`{ ...a, b }`, `{ ...a, ...b }`). On Node 20 (V8 11.3) such a literal builds a new hidden
 * class on every evaluation: ~0.7–2 µs each, a map allocated in the old generation per request,
 * and every later property read of the object megamorphic. Removing them from these folders cut
 * a Get's request path from ~42 to ~25 µs of CPU (`npm run bench:path`, issue #8). Write
 * `Object.assign({}, a, { b })` instead (same own-enumerable copy, shared hidden classes).
 *
 * The check parses every file with TypeScript's own parser, so comments and strings are no
 * trouble; the last test proves it finds the pattern.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** The folders a KMIP request runs through (storage and crypto included). */
const HOT = [
  "src/server",
  "src/operations",
  "src/policy",
  "src/storage",
  "src/kmip",
  "src/ttlv",
  "src/crypto",
  "src/seal",
  "src/metrics",
  "src/audit",
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.name.endsWith(".ts") ? [path] : [];
  });
}

/** `file:line` of every object literal that starts with a spread and has more after it. */
function leadingSpreads(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const [first, ...rest] = node.properties;
      if (first !== undefined && ts.isSpreadAssignment(first) && rest.length > 0) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${fileName}:${line + 1}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("object literals on the request path (issue #8)", () => {
  it("none starts with a spread and adds more after it", () => {
    const found = HOT.flatMap(tsFiles).flatMap((f) => leadingSpreads(f, readFileSync(f, "utf8")));
    expect(found).toEqual([]);
  });

  it("the check finds the pattern, and leaves the forms that share hidden classes", () => {
    const text = [
      "const a = { ...x, y: 1 };",
      "const b = { ...x, ...z };",
      "const c = Object.assign({}, x, { y: 1 });",
      "const d = { y: 1, ...x };",
      "const e = { ...x };",
      "// const f = { ...x, y };",
    ].join("\n");
    expect(leadingSpreads("t.ts", text)).toEqual(["t.ts:1", "t.ts:2"]);
  });
});
