/**
 * The structures that `compare.ts` RULES compare by a rule of their own: "self-description"
 * (Query, Discover Versions, Random Number Generator) and "attribute-lists" (Get Attributes,
 * Get Attribute List, Attributes). Everything else takes the ordered walk ("default").
 */
import { Operation } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import { tagByName, tagByNumber } from "../kmip/tables.js";
import { attributeRule } from "../policy/attribute-rules.js";
import { ItemType, type StructureItem, type TtlvItem } from "../ttlv/types.js";
import type { CompareContext } from "./compare.js";
import { compareSubsequence, compareUnordered, type UnorderedRule } from "./compare-unordered.js";
import { type Difference, differenceAt, type Recurse, type Where } from "./compare-walk.js";
import { child, children, operationOf, requestItemFor, textValue } from "./message-parts.js";
import { tagKey, valueKey } from "./values.js";

/** The items of a list of attributes: 1.x Attribute / Attribute Name, 2.x Attribute Reference. */
const LISTED = new Set<number>([Tag.Attribute, Tag.AttributeName, Tag.AttributeReference]);

export function structureRule(
  e: StructureItem,
  a: StructureItem,
  where: Where,
  recurse: Recurse,
  ctx: CompareContext,
): Difference | undefined | "default" {
  const parent = where.ancestors.at(-1);
  if (isRandomNumberGenerator(e, parent)) return undefined;
  if (e.tag === Tag.Attributes) return attributesRule(e, a, where, recurse, ctx);
  if (e.tag !== Tag.ResponsePayload || parent?.tag !== Tag.BatchItem) return "default";
  const operation = operationOf(parent);
  if (operation === Operation.Query) return undefined;
  const payload = requestPayload(parent, where, ctx);
  if (operation === Operation.DiscoverVersions && child(payload, Tag.ProtocolVersion) === undefined) {
    return compareSubsequence(e, e.value, a.value, where, recurse);
  }
  if (operation === Operation.GetAttributes || operation === Operation.GetAttributeList) {
    const all = operation === Operation.GetAttributeList || !children(payload).some((c) => LISTED.has(c.tag));
    return attributePayload(e, a, where, recurse, listRule(ctx, all));
  }
  return "default";
}

/** The Request Payload of the request batch item that `responseItem` answers. */
function requestPayload(responseItem: TtlvItem, where: Where, ctx: CompareContext): TtlvItem | undefined {
  const message = where.ancestors[0];
  if (message === undefined) return undefined;
  return child(requestItemFor(ctx.request, message, responseItem), Tag.RequestPayload);
}

function isRandomNumberGenerator(e: TtlvItem, parent: TtlvItem | undefined): boolean {
  if (e.tag === Tag.RandomNumberGenerator) return true;
  return (
    e.tag === Tag.AttributeValue && textValue(child(parent, Tag.AttributeName)) === "Random Number Generator"
  );
}

/** Get Attributes / Get Attribute List payload: the listed attributes unordered, the rest in order. */
function attributePayload(
  e: StructureItem,
  a: StructureItem,
  where: Where,
  recurse: Recurse,
  rule: UnorderedRule,
): Difference | undefined {
  const others = (list: readonly TtlvItem[]) => list.filter((c) => !LISTED.has(c.tag));
  const listed = (list: readonly TtlvItem[]) => list.filter((c) => LISTED.has(c.tag));
  const eo = others(e.value);
  const ao = others(a.value);
  for (let i = 0; i < Math.max(eo.length, ao.length); i++) {
    const [ei, ai] = [eo[i], ao[i]];
    const path = `${where.path}/${ei === undefined ? "" : tagName(ei)}`;
    if (ei === undefined || ai === undefined)
      return differenceAt(`${where.path}/${tagName((ei ?? ai)!)}`, ei, ai);
    const d = recurse(ei, ai, { path, ancestors: [...where.ancestors, e] });
    if (d !== undefined) return d;
  }
  return compareUnordered(e, a, listed(e.value), listed(a.value), where, recurse, rule);
}

/** 2.x Attributes: its children are attributes, one tag each (Vendor Attribute keyed by name). */
function attributesRule(
  e: StructureItem,
  a: StructureItem,
  where: Where,
  recurse: Recurse,
  ctx: CompareContext,
): Difference | undefined {
  const item = where.ancestors.find((x) => x.tag === Tag.BatchItem);
  // Export returns "All of the object's Attributes" (2.1 §6.1.18), as Get Attributes naming none.
  const all =
    item !== undefined &&
    (operationOf(item) === Operation.Export ||
      (operationOf(item) === Operation.GetAttributes &&
        !children(requestPayload(item, where, ctx)).some((c) => LISTED.has(c.tag))));
  return compareUnordered(e, a, e.value, a.value, where, recurse, listRule(ctx, all));
}

/** Rule "attribute-lists": matched by name; when all were asked for, see `serverMayLack`. */
function listRule(ctx: CompareContext, all: boolean): UnorderedRule {
  return {
    key: attributeKey,
    mayLack: (item) => all && serverMayLack(item, ctx),
    mayAdd: () => all,
    trial: (compare) => {
      const before = ctx.bindings.snapshot();
      const result = compare();
      if (result === undefined) ctx.bindings.restore(before);
      return result;
    },
  };
}

/**
 * An attribute the reference server held that kmipd may lack: one no request of the file
 * supplied, that the server may set on its own ("Initially set by" Server or either side) and
 * that need not always have a value (e.g. Lease Time, a default Object Group).
 */
function serverMayLack(item: TtlvItem, ctx: CompareContext): boolean {
  const name = attributeName(item);
  const rule = name === undefined ? undefined : attributeRule(name, ctx.version);
  if (rule === undefined || rule.alwaysHasValue !== false || rule.initiallySetBy === "client") return false;
  const tag = name === undefined ? undefined : tagByName(name)?.tag;
  const sentByClient =
    ctx.sent.has(valueKey({ tag: Tag.AttributeName, type: ItemType.TextString, value: name ?? "" })) ||
    (tag !== undefined && ctx.sent.has(tagKey(tag)));
  return !sentByClient;
}

/** The attribute an item is or names, as a key. */
function attributeKey(item: TtlvItem): string {
  const vendor = textValue(child(item, Tag.VendorIdentification));
  if (vendor !== undefined) return `vendor:${vendor}:${textValue(child(item, Tag.AttributeName))}`;
  return attributeName(item) ?? valueKey(item);
}

/** The spec name of the attribute an item is or names ("Lease Time"), when it has one. */
function attributeName(item: TtlvItem): string | undefined {
  if (item.tag === Tag.Attribute) return textValue(child(item, Tag.AttributeName));
  if (item.tag === Tag.AttributeName) return textValue(item);
  if (item.tag === Tag.AttributeReference) {
    return item.type === ItemType.Enumeration ? tagByNumber(item.value)?.name : undefined;
  }
  return tagByNumber(item.tag)?.name;
}

function tagName(item: TtlvItem): string {
  return tagByNumber(item.tag)?.xmlName ?? `0x${item.tag.toString(16)}`;
}
