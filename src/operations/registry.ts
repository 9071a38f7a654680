/**
 * The operation registry: Operation enumeration value → its handler. Built once at start from
 * the handler arrays (`CORE_OPERATIONS`, `ATTRIBUTE_OPERATIONS` …). Every name is resolved
 * through the Operation enumeration (KMIP 1.4 §9.1.3.2.27, KMIP 2.1 §11.36) and must have a
 * payload schema (`src/kmip/payloads/registry.ts`), so a misspelt or schema-less operation fails
 * at load, never on a client's request. Query and Discover Versions answer from this registry,
 * so what the server advertises is exactly what it does.
 */
import { PAYLOADS } from "../kmip/payloads/registry.js";
import { enumByName, enumValueByName, enumValueByNumber } from "../kmip/tables.js";
import type { OperationDef } from "./types.js";

const OPERATION = enumByName("Operation");

/** The Operation enumeration value of a spec name ("Get Attribute List"); throws when unknown. */
export function operationCode(name: string): number {
  const value = OPERATION === undefined ? undefined : enumValueByName(OPERATION, name);
  if (value === undefined || (value.name !== name && value.aliases?.includes(name) !== true)) {
    const hint = value === undefined ? "" : ` (did you mean "${value.name}"?)`;
    throw new Error(`operation registry: "${name}" is not a KMIP Operation${hint}`);
  }
  return value.value;
}

/** The spec name of an Operation value ("Create Key Pair" for 2), or undefined. */
export function operationName(code: number): string | undefined {
  return OPERATION === undefined ? undefined : enumValueByNumber(OPERATION, code)?.name;
}

/**
 * Map Operation code → definition. Throws on a name that is not an Operation, an operation
 * without a payload schema, or the same operation given twice.
 */
export function buildOperationRegistry(defs: readonly OperationDef[]): Map<number, OperationDef> {
  const registry = new Map<number, OperationDef>();
  for (const def of defs) {
    const code = operationCode(def.name);
    if (!PAYLOADS.has(code)) {
      throw new Error(`operation registry: "${def.name}" has no payload schema in src/kmip/payloads`);
    }
    if (registry.has(code)) throw new Error(`operation registry: "${def.name}" is registered twice`);
    if (typeof def.handler !== "function") {
      throw new Error(`operation registry: "${def.name}" has no handler`);
    }
    registry.set(code, def);
  }
  return registry;
}
