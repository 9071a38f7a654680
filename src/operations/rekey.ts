/**
 * Re-key — KMIP 1.4 §4.4 (errors §11.5); KMIP 2.1 §6.1.46 (errors §6.1.46.1).
 *
 * "This request is used to generate a replacement key for an existing symmetric key. It is
 * analogous to the Create operation, except that attributes of the replacement key are copied from
 * the existing key … The server SHALL copy the Unique Identifier of the replacement key returned
 * by this operation into the ID Placeholder variable. For the existing key, the server SHALL
 * create a Link attribute of Link Type Replacement Object pointing to the replacement key. For the
 * replacement key, the server SHALL create a Link attribute of Link Type Replaced Key pointing to
 * the existing key." The replacement "takes over the name attribute of the existing key".
 *
 * - Fresh material of the existing key's Cryptographic Algorithm and Length, Raw, like Create's.
 *   The existing key's state does not matter (OASIS TC-92 re-keys a Deactivated key, TC-95 a
 *   Compromised one) but its material does: none (destroyed, or registered without a Key Value)
 *   → Key Value Not Present (1.2+; 1.0–1.1 Permission Denied).
 * - "Object specified is not able to be re-keyed" (not a symmetric key, or of an algorithm the
 *   server does not generate) → 1.x Permission Denied; 2.x Invalid Object Type.
 * - The request's attributes (1.x Template-Attribute, 2.x Attributes) go through the policy like
 *   Create's; a single-instance one replaces the copied value, a Name is added to the copied ones
 *   (OASIS TC-REKEY-1-14). A different Cryptographic Algorithm or Length is Invalid Field: the
 *   replacement is of the same kind.
 * - The new key is stored first, then the existing key loses its names and gains its Link; if that
 *   second write fails the new key is removed again, so a failed Re-key leaves nothing behind.
 */
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { KeyFormatType, ObjectType, ResultReason } from "../kmip/generated/enums.js";
import type { ReKeyRequest, ReKeyResponse } from "../kmip/payloads/create.js";
import type { KmipVersion } from "../kmip/version.js";
import { checkTemplate, firstValue, invalidField } from "../policy/index.js";
import { zeroize } from "../seal/barrier.js";
import type { StoredObject } from "../storage/objects.js";
import { allowsMany } from "./attribute-instances.js";
import { replacedAttributes, replacementAttributes } from "./attribute-rekey.js";
import { generateKeyBytes, symmetricKeyBytes } from "./generate.js";
import { insertNewObject, type NewObjectRequest } from "./insert.js";
import { loadObject, resolveUid, updateObject } from "./objects.js";
import { checkProtectionStorage } from "./protection.js";
import { expandTemplates } from "./templates.js";
import type { OperationContext, OperationDef } from "./types.js";

function notRekeyable(version: KmipVersion, message: string, cause?: unknown): KmipError {
  const reason = version >= 20 ? ResultReason.InvalidObjectType : ResultReason.PermissionDenied;
  return new KmipError(reason, message, { cause });
}

/** The existing key's algorithm, length and key size; refuses what cannot be re-keyed. */
function keyKind(
  obj: StoredObject,
  version: KmipVersion,
): { algorithm: number; length: number; size: number } {
  if (obj.objectType !== ObjectType.SymmetricKey)
    throw notRekeyable(version, "Re-key replaces symmetric keys only");
  if (obj.material === undefined) {
    const reason = version >= 12 ? ResultReason.KeyValueNotPresent : ResultReason.PermissionDenied;
    throw new KmipError(reason, "the server does not hold the key's value");
  }
  const algorithm = firstValue(obj.attributes, "Cryptographic Algorithm") as number | undefined;
  const length = firstValue(obj.attributes, "Cryptographic Length") as number | undefined;
  if (algorithm === undefined || length === undefined)
    throw notRekeyable(version, "the key's algorithm is unknown");
  try {
    return { algorithm, length, size: symmetricKeyBytes(algorithm, length, version) };
  } catch (e) {
    throw notRekeyable(version, "the server does not generate keys of this algorithm and length", e);
  }
}

/** The request's attributes, expanded and checked; the algorithm and length may only repeat the key's. */
async function requestedAttributes(
  request: ReKeyRequest,
  kind: { algorithm: number; length: number },
  ctx: OperationContext,
) {
  const template = await expandTemplates(request.attributes ?? [], ObjectType.SymmetricKey, ctx);
  checkTemplate(template, ObjectType.SymmetricKey, ctx.version, "Re-key");
  const algorithm = firstValue(template, "Cryptographic Algorithm");
  const length = firstValue(template, "Cryptographic Length");
  if (
    (algorithm !== undefined && algorithm !== kind.algorithm) ||
    (length !== undefined && length !== kind.length)
  )
    throw invalidField("the replacement key has the existing key's Cryptographic Algorithm and Length");
  return template;
}

function replacementKey(
  template: Attribute[],
  kind: { algorithm: number; length: number },
  key: Uint8Array,
): NewObjectRequest {
  return {
    objectType: ObjectType.SymmetricKey,
    op: "Re-key",
    template,
    object: {
      type: "symmetricKey",
      value: {
        keyBlock: {
          keyFormatType: KeyFormatType.Raw,
          keyValue: { keyMaterial: key },
          cryptographicAlgorithm: kind.algorithm,
          cryptographicLength: kind.length,
        },
      },
    },
    cryptographicAlgorithm: kind.algorithm,
    cryptographicLength: kind.length,
    keyFormatType: KeyFormatType.Raw,
  };
}

/** The existing key hands over its names and links to the replacement; on failure the replacement goes. */
async function handOver(
  ctx: OperationContext,
  existingUid: string,
  replacement: StoredObject,
  placeholder: string | undefined,
) {
  try {
    await updateObject(ctx, existingUid, (obj) => ({
      attributes: replacedAttributes(obj.attributes, replacement.uid, ctx.now()),
    }));
  } catch (e) {
    await ctx.objects.delete(ctx.scope, replacement.uid);
    ctx.batch.idPlaceholder = placeholder;
    throw e;
  }
}

export async function reKey(request: ReKeyRequest, ctx: OperationContext): Promise<ReKeyResponse> {
  const existingUid = resolveUid(request.uniqueIdentifier, ctx);
  checkProtectionStorage(request.protectionStorageMasks, ctx.version);
  const existing = await loadObject(ctx, existingUid);
  const kind = keyKind(existing, ctx.version);
  const requested = await requestedAttributes(request, kind, ctx);
  const attributes = replacementAttributes({
    existingUid,
    existing: existing.attributes,
    requested,
    offset: request.offset,
    isMulti: (name) => allowsMany(name, ObjectType.SymmetricKey, ctx.version),
    now: ctx.now(),
    version: ctx.version,
  });
  const placeholder = ctx.batch.idPlaceholder;
  const key = generateKeyBytes(kind.algorithm, kind.size);
  let replacement: StoredObject;
  try {
    replacement = await insertNewObject(ctx, replacementKey(attributes, kind, key));
  } finally {
    zeroize(key);
  }
  await handOver(ctx, existingUid, replacement, placeholder);
  return { uniqueIdentifier: replacement.uid };
}

export const ReKey: OperationDef<ReKeyRequest, ReKeyResponse> = {
  name: "Re-key",
  handler: reKey,
};
