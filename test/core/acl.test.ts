/** Policy parsing and ACL priority rules (Vault docs "Policies" > "Priority matching"). */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/api/framework/types.js";
import { Acl, comparePriority } from "../../src/core/policy/acl.js";
import { parsePolicy } from "../../src/core/policy/parse.js";

const acl = (...texts: string[]) => Acl.fromPolicies(texts.map((t, i) => parsePolicy(`p${i}`, t)));
const caps = (a: Acl, path: string) => [...a.capabilities(path)].sort();

describe("parsePolicy", () => {
  it("reads HCL and JSON to the same rules", () => {
    const hcl = parsePolicy(
      "x",
      'path "kmip/*" { capabilities = ["read", "list"] }\npath "sys/seal" { policy = "sudo" }',
    );
    const json = parsePolicy(
      "x",
      JSON.stringify({
        path: { "kmip/*": { capabilities: ["read", "list"] }, "sys/seal": { policy: "sudo" } },
      }),
    );
    const shape = (p: typeof hcl) => p.rules.map((r) => [r.pattern, [...r.capabilities].sort()]);
    expect(shape(hcl)).toEqual(shape(json));
    expect(shape(hcl)[1]![1]).toContain("sudo");
  });

  it("merges a path written twice", () => {
    const p = parsePolicy("x", 'path "a" { capabilities = ["read"] }\npath "a" { capabilities = ["list"] }');
    expect([...p.rules[0]!.capabilities].sort()).toEqual(["list", "read"]);
  });

  it("refuses what it cannot honour with a 400", () => {
    for (const text of [
      'path "a" { capabilities = ["fly"] }',
      'path "a" { capabilities = "read" }',
      'path "a" { capabilities = ["read"] allowed_parameters = { "x" = [] } }',
      'path "a" { colour = "red" }',
      'paths "a" { capabilities = ["read"] }',
      'path "a/*/b" { capabilities = ["read"] }',
      'path "secret/{{identity.entity.id}}" { capabilities = ["read"] }',
      'path "a" { capabilities = ["read"]',
      '{"path": ',
    ]) {
      expect(() => parsePolicy("x", text), text).toThrow(ApiError);
    }
  });
});

describe("ACL priority (the docs' five rules)", () => {
  it("rule 1: the later first wildcard wins", () => {
    expect(comparePriority("secret/+/x", "secret/a/+")).toBeLessThan(0);
    const a = acl(
      'path "secret/+/x" { capabilities = ["read"] }',
      'path "secret/a/+" { capabilities = ["list"] }',
    );
    expect(caps(a, "secret/a/x")).toEqual(["list"]);
  });

  it("rule 2: a glob loses to a pattern without one", () => {
    expect(comparePriority("secret/a*", "secret/a+")).toBeLessThan(0);
    const a = acl(
      'path "secret/*" { capabilities = ["read"] }',
      'path "secret/+" { capabilities = ["list"] }',
    );
    expect(caps(a, "secret/x")).toEqual(["list"]);
    expect(caps(a, "secret/x/y")).toEqual(["read"]);
  });

  it("rule 3: more + segments lose (the docs' example)", () => {
    expect(comparePriority("secret/+/+/foo/*", "secret/*")).toBeLessThan(0);
    const a = acl(
      'path "secret/*" { capabilities = ["read"] }',
      'path "secret/+/+/foo/*" { capabilities = ["list"] }',
    );
    expect(caps(a, "secret/a/b/foo/c")).toEqual(["read"]);
  });

  it("rule 4: the shorter loses; rule 5: the lexicographically smaller loses", () => {
    expect(comparePriority("secret/*", "secret/apps/*")).toBeLessThan(0);
    const a = acl(
      'path "secret/*" { capabilities = ["read"] }',
      'path "secret/apps/*" { capabilities = ["list"] }',
    );
    expect(caps(a, "secret/apps/x")).toEqual(["list"]);
    expect(comparePriority("a/b*", "a/c*")).toBeLessThan(0);
  });

  it("an exact path beats every glob and the deny in it takes precedence", () => {
    const a = acl(
      'path "secret/*" { capabilities = ["create", "read", "update", "delete", "list"] }',
      'path "secret/super-secret" { capabilities = ["deny"] }',
    );
    expect(caps(a, "secret/super-secret")).toEqual([]);
    expect(caps(a, "secret/other")).toContain("read");
  });

  it("unions the same pattern across policies, and deny wins in the union", () => {
    const a = acl('path "k/*" { capabilities = ["read"] }', 'path "k/*" { capabilities = ["list"] }');
    expect(caps(a, "k/x")).toEqual(["list", "read"]);
    const d = acl('path "k/*" { capabilities = ["read", "sudo"] }', 'path "k/*" { capabilities = ["deny"] }');
    expect(d.allows("k/x", "read")).toBe(false);
  });

  it("matches as the docs' examples say", () => {
    const a = acl(
      'path "secret/foo" { capabilities = ["read"] }',
      'path "secret/bar/*" { capabilities = ["read"] }',
      'path "secret/zip-*" { capabilities = ["read"] }',
      'path "secret/+/teamb" { capabilities = ["read"] }',
    );
    for (const p of [
      "secret/foo",
      "secret/bar/zip",
      "secret/bar/zip/zap",
      "secret/zip-zap",
      "secret/zip-zap/zong",
      "secret/x/teamb",
    ]) {
      expect(a.allows(p, "read"), p).toBe(true);
    }
    for (const p of [
      "secret/food",
      "secret/foo/bar",
      "secret/bars/zip",
      "secret/zip/zap",
      "secret/x/y/teamb",
      "secret/bar",
    ]) {
      expect(a.allows(p, "read"), p).toBe(false);
    }
  });

  it("denies by default and needs sudo where asked", () => {
    const a = acl('path "sys/seal" { capabilities = ["update"] }');
    expect(a.allows("sys/mounts", "read")).toBe(false);
    expect(a.allows("sys/seal", "update")).toBe(true);
    expect(a.allows("sys/seal", "update", true)).toBe(false);
    const root = Acl.fromPolicies([{ name: "root", raw: "", rules: [] }]);
    expect(root.allows("anything/at/all", "delete", true)).toBe(true);
  });
});
