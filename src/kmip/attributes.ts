/**
 * Attributes, in one place: both wire forms map to one canonical list, so operations never see
 * the version difference.
 *
 * - KMIP 1.x (1.4 §2.1.1, §2.1.8): `Attribute { Attribute Name, Attribute Index?, Attribute Value }`,
 *   gathered in a Template-Attribute with optional `Name` references to Template objects, or
 *   repeated directly in a payload (Get Attributes response, Key Value, Locate request).
 * - KMIP 2.x (2.1 §5): an `Attributes` structure whose items are the attributes themselves,
 *   tagged with their own tags; custom attributes are `Attribute { Vendor Identification,
 *   Attribute Name, Attribute Value }` (2.1 §4.60); `Current Attribute` / `New Attribute` hold one
 *   attribute; `Attribute Reference` names one by tag or by vendor and name (2.1 §5.5).
 *
 * Canonical entry: `{ name, index?, value }`. `name` is the spec name ("Cryptographic
 * Algorithm"); a custom attribute is "<vendor>-<name>", which for the vendors "x" (client) and
 * "y" (server) is exactly the KMIP 1.x custom attribute name ("x-ID" ⇄ vendor "x", name "ID",
 * as 2.1 §4.60 reserves them). `value` is the typed value of a standard attribute
 * (`AttributeValueTypes`) and the raw Attribute Value item of a custom one. `index` exists only
 * in 1.x; 2.x has none and encoding drops it. A 1.x Template-Attribute `Name` reference is an
 * entry `{ name: "Name", value, templateReference: true }`; 2.x has no templates, so encoding one
 * for 2.x is an error.
 */
import type { TtlvItem } from "../ttlv/types.js";
import {
  type Attribute,
  type AttributeValueTypes,
  attributeDef,
  isCustomAttribute,
  type StandardAttributeName,
} from "./objects/attribute-table.js";
import { isInVersion, type KmipVersion } from "./version.js";

export * from "./objects/attribute-codecs.js";
export * from "./objects/attribute-fields.js";
export {
  ATTRIBUTES,
  type Attribute,
  type AttributeDef,
  type AttributeValueTypes,
  attributeDef,
  attributeDefByTag,
  isCustomAttribute,
  type StandardAttributeName,
  splitCustomName,
} from "./objects/attribute-table.js";

/** Whether `version` can carry the attribute (custom attributes: every version). */
export function attributeInVersion(name: string, version: KmipVersion): boolean {
  const def = attributeDef(name);
  return def === undefined ? isCustomAttribute(name) : isInVersion(def, version);
}

/** The value of the first instance of a standard attribute. */
export function getAttribute<K extends StandardAttributeName>(
  list: readonly Attribute[],
  name: K,
): AttributeValueTypes[K] | undefined {
  for (const a of list)
    if (a.name === name && a.templateReference !== true) return a.value as AttributeValueTypes[K];
  return undefined;
}

/** The values of every instance of a standard attribute, in list order. */
export function getAttributes<K extends StandardAttributeName>(
  list: readonly Attribute[],
  name: K,
): AttributeValueTypes[K][] {
  const out: AttributeValueTypes[K][] = [];
  for (const a of list) {
    if (a.name === name && a.templateReference !== true) out.push(a.value as AttributeValueTypes[K]);
  }
  return out;
}

/** The raw Attribute Value of a custom attribute ("x-ID"). */
export function getCustomAttribute(list: readonly Attribute[], name: string): TtlvItem | undefined {
  for (const a of list) if (a.name === name) return a.value as TtlvItem;
  return undefined;
}
