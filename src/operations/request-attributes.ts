/**
 * Attributes and attribute names a request carries to Create, Register, Locate and Get
 * Attributes, made canonical the way the attribute operations make theirs (`attribute-input.ts`):
 * "be strict on output, lenient and well-logged on input" (peers.md §5.4).
 * - A standard name misspelt in case, spacing or punctuation is taken as the standard one, and
 *   the spelling is logged (ScyllaDB, scylladb #23970).
 * - The value of a standard attribute of a later 1.x version than the message's (1.4 §11.1: a
 *   different minor version is processed, not refused), which the decoder left raw, is decoded
 *   with the attribute's codec; a value of the wrong type is the version's invalid-value reason.
 * - Attribute Index values are dropped: creating requests get indices from the server, and
 *   Locate "SHALL" ignore them (1.4 §4.9).
 */
import { type Attribute, attributeDef } from "../kmip/attributes.js";
import { KmipDecodeError, newDecodeContext } from "../kmip/schema/index.js";
import { isInVersion } from "../kmip/version.js";
import { invalidMessage, invalidValue } from "../policy/index.js";
import type { TtlvItem } from "../ttlv/types.js";
import { standardName } from "./attribute-input.js";
import type { OperationContext } from "./types.js";

export function canonicalEntry(given: Attribute, ctx: OperationContext): Attribute {
  const name = standardName(given.name, ctx);
  const def = attributeDef(name);
  let value = given.value;
  if (def !== undefined && !isInVersion(def, ctx.version) && isRawItem(value)) {
    try {
      value = def.codec.decode(value, newDecodeContext(def.since));
    } catch (e) {
      if (e instanceof KmipDecodeError) throw invalidValue(ctx.version, `${name}: ${e.message}`);
      throw e;
    }
  }
  return { name, value };
}

/**
 * The Attribute Names (1.x) or References (2.x) of a Get Attributes request, canonical. 1.4
 * §4.12: "The same attribute name SHALL NOT be present more than once in a request"; 2.1
 * §6.1.20 likewise for Attribute Reference. A repeat (after canonical spelling) fails with
 * Invalid Message (1.4 §11.13 Table 339; 2.1 Table 225 lists it; OASIS TC-171-11/12).
 */
export function distinctNames(given: readonly string[], ctx: OperationContext): string[] {
  const names = given.map((n) => standardName(n, ctx));
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw invalidMessage(`Attribute Name specified more than once: ${repeated}`);
  return names;
}

/** Attribute names (Key Wrapping Specification), canonical and each once; a repeat is tolerated and logged. */
export function canonicalNames(given: readonly string[], ctx: OperationContext): string[] {
  const names = given.map((n) => standardName(n, ctx));
  const unique = [...new Set(names)];
  // No rule forbids a repeat here (1.4 §2.1.6 Table 12 Attribute Name "MAY be repeated").
  if (unique.length !== names.length)
    ctx.logger.warn({ names: given }, "attribute name requested twice; answered once");
  return unique;
}

function isRawItem(v: unknown): v is TtlvItem {
  return typeof v === "object" && v !== null && "tag" in v && "type" in v && "value" in v;
}
