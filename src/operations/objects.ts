/**
 * What every operation on an existing object does first and last: find the object the request
 * names, load it within the caller's scope, bring its state up to date, and save changes
 * conditionally on the revision that was read.
 *
 * - Unique Identifier or ID Placeholder — KMIP 1.4 §4 (introduction), 2.1 §6.1: "If omitted, then
 *   the ID Placeholder value is used by the server as the Unique Identifier". KMIP 2.x may name
 *   the placeholder with a Unique Identifier Enumeration (2.1 §4.58 Table 145, §11.58). With no
 *   placeholder the operation fails like a missing object (OASIS TC-152/TC-314: a Get batched
 *   after a Locate that found nothing gets Item Not Found).
 * - Scope — an object of another scope or mount does not exist for the caller (Item Not Found /
 *   Object Not Found, never Permission Denied, so identifiers of others cannot be probed).
 * - Archived objects — 1.4 §4: "any archived object SHALL first be made available by a Recover".
 * - Dates — 1.4 §3.22 transitions 4 and 6 ("The Activation Date is reached", "The object's
 *   Deactivation Date is reached") happen when the object is next read (`policy`).
 */

import type { Attribute } from "../kmip/attributes.js";
import { UniqueIdentifier } from "../kmip/generated/enums.js";
import type { ItemReference } from "../kmip/schema/index.js";
import { applyDates, attributesForVersion, withChanges } from "../policy/index.js";
import { type ObjectChanges, ObjectStoreError, type StoredObject } from "../storage/objects.js";
import { archived, featureNotSupported, generalFailure, notFound } from "./reasons.js";
import type { OperationContext } from "./types.js";

/** A request's Unique Identifier field: text, or (2.x) a reference. */
export type UidField = string | ItemReference | undefined;

/** The Unique Identifier a request names, or the ID Placeholder when it names none. */
export function resolveUid(field: UidField, ctx: OperationContext): string {
  if (typeof field === "string") return field;
  if (field === undefined) return placeholder(ctx.batch.idPlaceholder, ctx);
  if ("enumeration" in field) {
    switch (field.enumeration) {
      case UniqueIdentifier.IDPlaceholder:
        return placeholder(ctx.batch.idPlaceholder, ctx);
      case UniqueIdentifier.CreateKeyPairPrivateKey:
      case UniqueIdentifier.ReKeyKeyPairPrivateKey:
        return placeholder(ctx.batch.privateKeyIdPlaceholder ?? ctx.batch.idPlaceholder, ctx);
    }
  }
  // Per-operation and nth-result references need the batch layer to keep every identifier.
  throw featureNotSupported("this Unique Identifier reference is not supported; use the ID Placeholder");
}

function placeholder(value: string | undefined, ctx: OperationContext): string {
  if (value === undefined || value === "") {
    throw notFound(ctx.version, "no Unique Identifier given and the ID Placeholder is empty");
  }
  return value;
}

/** The object in the caller's scope, dates applied; Item/Object Not Found or Object Archived otherwise. */
export async function loadObject(
  ctx: OperationContext,
  uid: string,
  options: { allowArchived?: boolean } = {},
): Promise<StoredObject> {
  const obj = await readObject(ctx, uid);
  if (obj.archived && options.allowArchived !== true) throw archived();
  return applyDueTransition(ctx, obj);
}

async function readObject(ctx: OperationContext, uid: string): Promise<StoredObject> {
  let obj: StoredObject | undefined;
  try {
    obj = await ctx.objects.get(ctx.scope, uid);
  } catch (e) {
    // An identifier the store cannot hold (empty, too long) names no object.
    if (!hasCode(e, "invalid")) throw e;
  }
  if (obj === undefined) throw notFound(ctx.version);
  return obj;
}

/**
 * Persist a date-driven transition found on reading. A concurrent writer may have done the same
 * (or more): then the object is read again and its own state is the truth.
 */
async function applyDueTransition(ctx: OperationContext, obj: StoredObject): Promise<StoredObject> {
  const dated = applyDates(obj, ctx.now());
  if (dated.changes.length === 0) return obj;
  const changes = { state: dated.state, attributes: withChanges(obj.attributes, dated.changes) };
  try {
    return await ctx.objects.update(
      ctx.scope,
      obj.uid,
      obj.revision,
      Object.assign({}, changes, { updatedAt: ctx.now() }),
    );
  } catch (e) {
    if (!hasCode(e, "stale")) throw e;
    return readObject(ctx, obj.uid);
  }
}

function hasCode(e: unknown, code: ObjectStoreError["code"]): boolean {
  return e instanceof ObjectStoreError && e.code === code;
}

/**
 * Read, decide, write: `decide` gets the current object and returns the changes (or throws a
 * KmipError). The write is conditional on the revision read; if another writer got there first,
 * the object is read and decided once more; a second conflict is General Failure.
 */
export async function updateObject(
  ctx: OperationContext,
  uid: string,
  decide: (obj: StoredObject) => ObjectChanges | Promise<ObjectChanges>,
  write: "update" | "destroyMaterial" = "update",
): Promise<StoredObject> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const obj = await loadObject(ctx, uid);
    const changes = Object.assign({}, await decide(obj), { updatedAt: ctx.now() });
    try {
      if (write === "destroyMaterial") {
        const { material: _ignored, ...rest } = changes;
        return await ctx.objects.destroyMaterial(ctx.scope, uid, obj.revision, rest);
      }
      return await ctx.objects.update(ctx.scope, uid, obj.revision, changes);
    } catch (e) {
      // Deleted meanwhile (a Template's Destroy): gone for this request too.
      if (hasCode(e, "not-found")) throw notFound(ctx.version);
      if (!hasCode(e, "stale")) throw e;
      ctx.logger.warn({ uid }, "object changed by another writer; reading it again");
    }
  }
  throw generalFailure("the object is being changed by another request; try again");
}

/**
 * The object's attributes as a client of the request's version may see them: only attributes
 * its version has (policy `attributesForVersion`), each 1.x instance with its Attribute Index
 * (1.4 §2.1.1: an entry without one has the index of its position among its name's instances;
 * index 0 is left out, as "MAY be omitted"). KMIP 2.x has no indices; its encoder drops them.
 */
export function attributeView(obj: StoredObject, ctx: OperationContext): Attribute[] {
  const seen = new Map<string, number>();
  const out: Attribute[] = [];
  for (const a of obj.attributes) {
    if (a.templateReference === true) continue;
    const position = seen.get(a.name) ?? 0;
    seen.set(a.name, position + 1);
    const index = a.index ?? position;
    out.push(index === 0 ? { name: a.name, value: a.value } : { name: a.name, index, value: a.value });
  }
  return attributesForVersion(out, ctx.version);
}
