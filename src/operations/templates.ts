/**
 * KMIP 1.x Template references in a Template-Attribute (1.4 §2.1.8; the Template object is
 * deprecated in 1.3 and gone in 2.0). 1.4 §4: "If more than one template name is specified, and
 * there is a conflict between the single-instance attributes in the templates, then the value in
 * the last of the conflicting templates takes precedence. If there is a conflict between the
 * single-instance attributes in the request and the single-instance attributes in a specified
 * template, then the attribute values in the request take precedence. For multi-instance
 * attributes, the union of attribute values is used."
 * 1.4 §11.2: "Templates that do not exist are given in request" → Item Not Found; "Template
 * object is archived" → Object Archived.
 * Names and values are made canonical first (`request-attributes.ts`).
 */
import type { Attribute } from "../kmip/attributes.js";
import { ObjectType } from "../kmip/generated/enums.js";
import { allowsMany } from "./attribute-instances.js";
import { openMaterial } from "./material.js";
import { archived, notFound } from "./reasons.js";
import { canonicalEntry } from "./request-attributes.js";
import type { OperationContext } from "./types.js";

/**
 * The request's attributes, canonical, with every referenced Template's attributes merged in.
 * Attribute Index values of a creating request mean nothing (the server assigns them) and go.
 */
export async function expandTemplates(
  list: readonly Attribute[],
  objectType: number,
  ctx: OperationContext,
): Promise<Attribute[]> {
  const references = list.filter((a) => a.templateReference === true);
  const explicit = list.filter((a) => a.templateReference !== true).map((a) => canonicalEntry(a, ctx));
  if (references.length === 0) return explicit;
  let merged: Attribute[] = [];
  for (const ref of references)
    merged = overlay(merged, await templateAttributes(ref.value, ctx), objectType, ctx);
  return overlay(merged, explicit, objectType, ctx);
}

/** `top` over `base`: a single-instance attribute of `top` replaces base's; multi-instance ones add up. */
function overlay(
  base: readonly Attribute[],
  top: readonly Attribute[],
  objectType: number,
  ctx: OperationContext,
): Attribute[] {
  const replaced = new Set(
    top.filter((a) => !allowsMany(a.name, objectType, ctx.version)).map((a) => a.name),
  );
  return [...base.filter((a) => !replaced.has(a.name)), ...top];
}

async function templateAttributes(name: unknown, ctx: OperationContext): Promise<Attribute[]> {
  const nameValue = (name as { nameValue?: unknown } | undefined)?.nameValue;
  if (typeof nameValue !== "string") throw notFound(ctx.version, "a Template reference needs a Name Value");
  const found = await ctx.objects.locate(ctx.scope, {
    attributes: [
      { name: "Object Type", value: ObjectType.Template },
      { name: "Name", value: { nameValue } },
    ],
    storageStatusMask: 1 | 2,
    maxItems: 1,
  });
  const uid = found.uids[0];
  const template = uid === undefined ? undefined : await ctx.objects.get(ctx.scope, uid);
  if (template === undefined || template.material === undefined)
    throw notFound(ctx.version, "no Template with this Name");
  if (template.archived) throw archived();
  const value = openMaterial(ctx, template.uid, template.material);
  return value.type === "template" ? value.value.attribute.map((a) => canonicalEntry(a, ctx)) : [];
}
