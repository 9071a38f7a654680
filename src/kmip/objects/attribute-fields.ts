/**
 * Payload fields built on the attribute codecs: each is one canonical list (or one attribute,
 * or attribute names) under one key, with a KMIP 1.x form and a KMIP 2.x form.
 * KMIP 1.4 §2.1.1, §2.1.8; KMIP 2.1 §5.1–5.7.
 */
import { type FieldDef, form, optForms, reqForms, text } from "../schema/index.js";
import {
  attribute1x,
  attributeReference2x,
  attributes2x,
  singleAttribute2x,
  templateAttribute1x,
} from "./attribute-codecs.js";
import type { Attribute } from "./attribute-table.js";

/** "" | "Common " | "Private Key " | "Public Key ": the four Template-Attribute / Attributes variants. */
export type AttributesPrefix = "" | "Common " | "Private Key " | "Public Key ";

/** Template-Attribute (1.x) ⇄ Attributes (2.x), REQUIRED in both. */
export function reqTemplateAttributes(prefix: AttributesPrefix = ""): FieldDef<Attribute[], false> {
  return reqForms<Attribute[]>(
    form(`${prefix}Template-Attribute`, templateAttribute1x, { until: 20 }),
    form(`${prefix}Attributes`, attributes2x, { since: 20 }),
  );
}

/** Template-Attribute (1.x) ⇄ Attributes (2.x), optional; `only1x` for response fields 2.x dropped. */
export function optTemplateAttributes(
  prefix: AttributesPrefix = "",
  only1x = false,
): FieldDef<Attribute[], true> {
  const old = form(`${prefix}Template-Attribute`, templateAttribute1x, { until: 20 });
  return only1x
    ? optForms<Attribute[]>(old)
    : optForms<Attribute[]>(old, form(`${prefix}Attributes`, attributes2x, { since: 20 }));
}

/** `Attribute`, MAY be repeated (1.x) ⇄ one `Attributes` structure (2.x); `required2x` when 2.x says Yes. */
export function attributeList(required2x = false): FieldDef<Attribute[], true> {
  return optForms<Attribute[]>(
    form("Attribute", attribute1x, { until: 20, collect: true }),
    form("Attributes", attributes2x, { since: 20, required: required2x }),
  );
}

/** The attribute to add or set: `Attribute` (1.x) ⇄ `New Attribute` (2.x). */
export function newAttribute(): FieldDef<Attribute, false> {
  return reqForms<Attribute>(
    form("Attribute", attribute1x, { until: 20 }),
    form("New Attribute", singleAttribute2x, { since: 20 }),
  );
}

/** Attribute names: `Attribute Name` text (1.x) ⇄ `Attribute Reference` (2.x), MAY be repeated. */
export function attributeReferences(required = false): FieldDef<string[], true> {
  return optForms<string[]>(
    form("Attribute Name", text, { until: 20, collect: true, required }),
    form("Attribute Reference", attributeReference2x, { since: 20, collect: true, required }),
  );
}
