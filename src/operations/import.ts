/**
 * Import — KMIP 2.1 §6.1.25 Tables 238–240 (1.4 §4.41): "Import a Managed Object specified by its
 * Unique Identifier. The request specifies the object being imported and all the attributes to be
 * assigned to the object" (`import-object.ts` builds the stored form).
 *
 * - Replace Existing: "If specified and true then any existing object with the same Unique
 *   Identifier SHALL be replaced ... If absent or false and an object exists with the same Unique
 *   Identifier then an error SHALL be returned" (Object Already Exists). Replacing is one
 *   conditional write of the row read, so a concurrent change fails it cleanly; an object cannot
 *   change its Object Type by replacement (Invalid Object Type / Invalid Field).
 * - Scopes are walls: only an object of the caller's scope is "existing". Identifiers are unique
 *   across the server, so a new object keeps the identifier asked for only when that cannot tell
 *   the caller anything about other scopes: one of the server's own form (32 base62, `uid.ts`,
 *   which only the server hands out) is never taken as a new object's identifier, and one held in
 *   another scope is not either — in both cases the server assigns a fresh one, as the response
 *   allows ("The Unique Identifier provided in the request or assigned by the server").
 * - Key Wrap Type Not Wrapped: "the server SHALL unwrap the object before storing it, and return
 *   an error if the wrapping key is not available"; otherwise the object is stored as provided.
 * - "The server SHALL copy the Unique Identifier returned ... into the ID Placeholder variable."
 * - The scope's Constraints (2.1 §7.6, `constraints.ts`) judge the object as it would be stored,
 *   whether it is new or replaces one.
 */
import { KmipError } from "../kmip/errors.js";
import { KeyWrapType, ResultReason } from "../kmip/generated/enums.js";
import type { ImportRequest, ImportResponse } from "../kmip/payloads/get.js";
import { checkRegistrable, invalidField, invalidObjectType } from "../policy/index.js";
import { ObjectStoreError, type StoredObject } from "../storage/objects.js";
import { newUniqueIdentifier, UID_ALPHABET, UID_LENGTH } from "../storage/uid.js";
import { enforceConstraints } from "./constraints.js";
import { isWrappedBlock, keyBlockOf } from "./crypto-key.js";
import { unwrapBlock } from "./crypto-wrap.js";
import { checkSupplied, type ImportedObject, importedRow } from "./import-object.js";
import type { ManagedObjectValue } from "./material.js";
import { kindOfType, typeOfKind } from "./object-kinds.js";
import { generalFailure } from "./reasons.js";
import type { OperationContext, OperationDef } from "./types.js";

const SERVER_FORM = new RegExp(`^[${UID_ALPHABET}]{${UID_LENGTH}}$`);

function requestedUid(field: ImportRequest["uniqueIdentifier"]): string {
  if (typeof field !== "string" || field === "")
    throw invalidField("Import needs the Unique Identifier as text");
  return field;
}

function objectTypeOf(request: ImportRequest, ctx: OperationContext): number {
  const objectType = request.objectType ?? typeOfKind(request.object.type);
  checkRegistrable(objectType, ctx.version);
  if (kindOfType(objectType) !== request.object.type) {
    const message = "the Object Type does not match the object sent";
    throw ctx.version >= 20 ? invalidObjectType(ctx.version, message) : invalidField(message);
  }
  return objectType;
}

/** The object as it is to be stored: unwrapped when Key Wrap Type Not Wrapped asks. */
async function storedForm(request: ImportRequest, ctx: OperationContext): Promise<ManagedObjectValue> {
  const block = keyBlockOf(request.object);
  if (request.keyWrapType !== KeyWrapType.NotWrapped || block === undefined || !isWrappedBlock(block))
    return request.object;
  const keyBlock = await unwrapBlock(ctx, block);
  return Object.assign({}, request.object, {
    value: Object.assign({}, request.object.value, { keyBlock }),
  }) as ManagedObjectValue;
}

async function existingIn(ctx: OperationContext, uid: string): Promise<StoredObject | undefined> {
  try {
    return await ctx.objects.get(ctx.scope, uid);
  } catch (e) {
    if (e instanceof ObjectStoreError && e.code === "invalid")
      throw invalidField("the Unique Identifier cannot be stored");
    throw e;
  }
}

async function replace(
  ctx: OperationContext,
  current: StoredObject,
  imported: ImportedObject,
): Promise<void> {
  if (current.objectType !== imported.objectType) {
    const message = "Replace Existing cannot change the Object Type of an object";
    throw ctx.version >= 20 ? invalidObjectType(ctx.version, message) : invalidField(message);
  }
  const row = importedRow(imported, current.uid, ctx);
  await enforceConstraints(ctx, row);
  try {
    await ctx.objects.update(ctx.scope, current.uid, current.revision, {
      state: row.state,
      attributes: row.attributes,
      material: row.material ?? null,
      archived: false,
      updatedAt: row.updatedAt,
    });
  } catch (e) {
    if (e instanceof ObjectStoreError && (e.code === "stale" || e.code === "not-found"))
      throw generalFailure("the object changed while it was being replaced; try again", e);
    throw e;
  }
}

/** Stores a new object; returns the identifier it got (see the header on scopes). */
async function insert(ctx: OperationContext, uid: string, imported: ImportedObject): Promise<string> {
  if (!SERVER_FORM.test(uid)) {
    const row = importedRow(imported, uid, ctx);
    await enforceConstraints(ctx, row);
    try {
      await ctx.objects.insert(row);
      return uid;
    } catch (e) {
      if (!(e instanceof ObjectStoreError && e.code === "exists")) throw e;
    }
  }
  const fresh = newUniqueIdentifier();
  const row = importedRow(Object.assign({}, imported, { keepsRequestedUid: false }), fresh, ctx);
  if (SERVER_FORM.test(uid)) await enforceConstraints(ctx, row);
  await ctx.objects.insert(row);
  return fresh;
}

async function importObject(request: ImportRequest, ctx: OperationContext): Promise<ImportResponse> {
  const uid = requestedUid(request.uniqueIdentifier);
  const objectType = objectTypeOf(request, ctx);
  const imported: ImportedObject = {
    objectType,
    object: await storedForm(request, ctx),
    supplied: request.attributes ?? [],
    keepsRequestedUid: true,
  };
  checkSupplied(imported, uid, ctx);
  const current = await existingIn(ctx, uid);
  let stored = uid;
  if (current === undefined) stored = await insert(ctx, uid, imported);
  else if (request.replaceExisting === true) await replace(ctx, current, imported);
  else throw new KmipError(ResultReason.ObjectAlreadyExists, "an object with this Unique Identifier exists");
  ctx.batch.idPlaceholder = stored;
  return { uniqueIdentifier: stored };
}

export const Import: OperationDef<ImportRequest, ImportResponse> = {
  name: "Import",
  handler: importObject,
};
