/**
 * PostgreSQL text cannot hold U+0000, and the store's text can: an encoded structure in the
 * attribute index starts with NUL (`canonical` in `../objects.ts`), and a Unique Identifier, scope
 * or attribute name a client sends may carry one. Every text the object store binds goes through
 * `toPgText`, a prefix-free escape (NUL → U+0001 "0", U+0001 → U+0001 "1") that keeps equality and
 * byte order, so indexes and ranges work on the escaped form; text read back goes through
 * `fromPgText`. Text without either character (nearly all) is unchanged, and readable in psql.
 */
const NUL = "\u0000";
const ESC = "\u0001";

export function toPgText(s: string): string {
  if (!s.includes(NUL) && !s.includes(ESC)) return s;
  // ESC first, so the ESCs that the second step writes are not escaped again.
  return s.replaceAll(ESC, `${ESC}1`).replaceAll(NUL, `${ESC}0`);
}

export function fromPgText(s: string): string {
  if (!s.includes(ESC)) return s;
  const [head = "", ...escaped] = s.split(ESC);
  return head + escaped.map((part) => (part[0] === "0" ? NUL : ESC) + part.slice(1)).join("");
}

/** Escapes the strings of a parameter list (the Locate statement binds text only as strings). */
export function escapeParams(params: readonly unknown[]): unknown[] {
  return params.map((p) => (typeof p === "string" ? toPgText(p) : p));
}
