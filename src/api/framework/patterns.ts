/**
 * PathDef patterns compiled to matchers. A pattern is relative to its mount and made of
 * segments: a literal, ":name" (one segment), or, last, "*name" (the rest of the path, slashes
 * included). When several patterns match, the one with the most literal segments wins, then the
 * one declared first, so "scope/:scope/role" beats "scope/:scope/:anything".
 */
import type { PathDef } from "./types.js";

export interface CompiledPath {
  readonly def: PathDef;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly literals: number;
  readonly index: number;
}

export interface PathMatch {
  readonly def: PathDef;
  readonly params: Record<string, string>;
}

export function compilePaths(defs: readonly PathDef[]): CompiledPath[] {
  return defs.map((def, index) => compilePattern(def, index));
}

function compilePattern(def: PathDef, index: number): CompiledPath {
  const segments = def.pattern === "" ? [] : def.pattern.split("/");
  const names: string[] = [];
  let literals = 0;
  const parts = segments.map((seg, i) => {
    if (seg.startsWith(":")) {
      names.push(seg.slice(1));
      return "([^/]+)";
    }
    if (seg.startsWith("*")) {
      if (i !== segments.length - 1) throw new Error(`"*" must be the last segment of ${def.pattern}`);
      names.push(seg.slice(1));
      return "(.+)";
    }
    literals++;
    return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  return { def, regex: new RegExp(`^${parts.join("/")}$`), names, literals, index };
}

/** The best match of `rel` (a path relative to the mount, without a trailing slash). */
export function matchPaths(paths: readonly CompiledPath[], rel: string): PathMatch | undefined {
  let best: { path: CompiledPath; m: RegExpExecArray } | undefined;
  for (const path of paths) {
    const m = path.regex.exec(rel);
    if (!m) continue;
    if (!best || path.literals > best.path.literals) best = { path, m };
  }
  if (!best) return undefined;
  const params: Record<string, string> = {};
  best.path.names.forEach((name, i) => {
    params[name] = best.m[i + 1] ?? "";
  });
  return { def: best.path.def, params };
}
