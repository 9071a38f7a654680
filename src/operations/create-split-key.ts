/**
 * Create Split Key — KMIP 1.2+; 1.4 §4.38 Tables 247–248; 2.1 §6.1.10 Tables 193–195.
 *
 * "Requests the server to generate a new split key and register all the splits as individual new
 * Managed Cryptographic Objects." The secret is an existing key (by Unique Identifier) or a new
 * symmetric key made from the template (`split-key-source.ts`); the Split Key Method splits it
 * (src/crypto/split-key.ts) into Split Key Parts objects, part i with Key Part Identifier i.
 * "The response contains the Unique Identifiers of all created objects. The ID Placeholder value
 * SHALL be set to the Unique Identifier of the split whose Key Part Identifier is 1."
 *
 * Each part is a Split Key object whose Key Block keeps the source's Key Format Type, Cryptographic
 * Algorithm and Length (OASIS TC-SJ-4-12 Gets them back: Raw, AES, 128), so Join Split Key can
 * rebuild the key as it was; the parts carry the template's attributes and the key's algorithm
 * and length ("the attributes of the key take precedence"). The spec defines no Link between the
 * parts and the key, so none is made.
 *
 * Decisions: Object Type must be Split Key (1.x Invalid Field, 2.x Invalid Object Type); at most
 * 255 parts (every part is an object of this request); the parts are written one by one, and a
 * failure part-way deletes the parts already written, so a failed request leaves no objects.
 */

import { splitSecret } from "../crypto/split-key.js";
import type { Attribute } from "../kmip/attributes.js";
import { ObjectType } from "../kmip/generated/enums.js";
import type { CreateSplitKeyRequest, CreateSplitKeyResponse } from "../kmip/payloads/split-key.js";
import { checkTemplate, invalidField, invalidObjectType } from "../policy/index.js";
import { zeroize } from "../seal/barrier.js";
import { insertNewObject } from "./insert.js";
import { checkProtectionStorage } from "./protection.js";
import { type SplitSource, splitSource } from "./split-key-source.js";
import { expandTemplates } from "./templates.js";
import type { OperationContext, OperationDef } from "./types.js";

const KEY_OWNED = new Set(["Cryptographic Algorithm", "Cryptographic Length"]);

function checkObjectType(objectType: number, ctx: OperationContext): void {
  if (objectType === ObjectType.SplitKey) return;
  const message = "Create Split Key makes Split Key objects only";
  throw ctx.version >= 20 ? invalidObjectType(ctx.version, message) : invalidField(message);
}

/** The template without what the key itself says (the key's attributes take precedence). */
function partTemplate(template: readonly Attribute[], source: SplitSource): Attribute[] {
  const owned = (name: string) =>
    KEY_OWNED.has(name) &&
    (name === "Cryptographic Algorithm" ? source.cryptographicAlgorithm : source.cryptographicLength) !==
      undefined;
  return template.filter((a) => !owned(a.name));
}

async function insertParts(
  ctx: OperationContext,
  request: CreateSplitKeyRequest,
  template: readonly Attribute[],
  source: SplitSource,
): Promise<string[]> {
  const split = splitSecret(source.material, {
    method: request.splitKeyMethod,
    parts: request.splitKeyParts,
    threshold: request.splitKeyThreshold,
    primeFieldSize: request.primeFieldSize,
  });
  const uids: string[] = [];
  try {
    for (const [index, share] of split.parts.entries()) {
      const obj = await insertNewObject(ctx, {
        objectType: ObjectType.SplitKey,
        op: "Create Split Key",
        template,
        object: {
          type: "splitKey",
          value: {
            splitKeyParts: request.splitKeyParts,
            keyPartIdentifier: index + 1,
            splitKeyThreshold: request.splitKeyThreshold,
            splitKeyMethod: request.splitKeyMethod,
            primeFieldSize: split.primeFieldSize,
            keyBlock: {
              keyFormatType: source.keyFormatType,
              keyValue: { keyMaterial: share },
              cryptographicAlgorithm: source.cryptographicAlgorithm,
              cryptographicLength: source.cryptographicLength,
            },
          },
        },
        cryptographicAlgorithm: source.cryptographicAlgorithm,
        cryptographicLength: source.cryptographicLength,
        keyFormatType: source.keyFormatType,
      });
      uids.push(obj.uid);
    }
  } catch (e) {
    await removeParts(ctx, uids);
    throw e;
  } finally {
    for (const share of split.parts) zeroize(share);
  }
  return uids;
}

/** Undo of a failed request: the parts written so far go (a failure to delete is logged, not thrown). */
async function removeParts(ctx: OperationContext, uids: readonly string[]): Promise<void> {
  for (const uid of uids) {
    try {
      await ctx.objects.delete(ctx.scope, uid);
    } catch (e) {
      ctx.logger.error({ uid, err: String(e) }, "a part of a failed Create Split Key could not be removed");
    }
  }
}

export const CreateSplitKey: OperationDef<CreateSplitKeyRequest, CreateSplitKeyResponse> = {
  name: "Create Split Key",
  handler: async (request, ctx) => {
    checkObjectType(request.objectType, ctx);
    checkProtectionStorage(request.protectionStorageMasks, ctx.version);
    const template = await expandTemplates(request.attributes, ObjectType.SplitKey, ctx);
    checkTemplate(template, ObjectType.SplitKey, ctx.version, "Create Split Key");
    const source = await splitSource(ctx, request.uniqueIdentifier, template);
    try {
      const uids = await insertParts(ctx, request, partTemplate(template, source), source);
      ctx.batch.idPlaceholder = uids[0];
      return { uniqueIdentifier: uids };
    } finally {
      zeroize(source.material);
    }
  },
};
