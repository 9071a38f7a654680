/**
 * Join Split Key — KMIP 1.2+; 1.4 §4.39 Tables 249–250; 2.1 §6.1.27 Tables 244–246.
 *
 * "Requests the server to combine a list of Split Keys into a single Managed Cryptographic
 * Object. The number of Unique Identifiers in the request SHALL be at least the value of the
 * Split Key Threshold defined in the Split Keys" — fewer is Cryptographic Failure (OASIS
 * TC-SJ-1-12, TC-SJ-3-12, TC-SJ-4-12). "If the Object Type formed is Secret Data, the client MAY
 * include the Secret Data Type" (default Password, as Create makes). "The server SHALL copy the
 * Unique Identifier returned by this operation into the ID Placeholder variable."
 *
 * The joined key takes the Key Format Type of the parts, and its Cryptographic Algorithm and
 * Length from the template, else from the parts' Key Block (TC-SJ-3-12 registers parts without
 * them and names AES-128 in the Join template; TC-SJ-4-12 joins with no template). A Symmetric Key
 * or Private Key must end up with an algorithm (Missing Data otherwise); a stated length must be
 * the joined key's; a Private Key must parse in its format (Cryptographic Failure otherwise).
 */

import { cryptographicFailure } from "../crypto/errors.js";
import { joinSecret } from "../crypto/split-key.js";
import type { Attribute } from "../kmip/attributes.js";
import { ObjectType, SecretDataType } from "../kmip/generated/enums.js";
import type { JoinSplitKeyRequest, JoinSplitKeyResponse } from "../kmip/payloads/split-key.js";
import { checkTemplate, firstValue, invalidField, invalidObjectType, missingData } from "../policy/index.js";
import { zeroize } from "../seal/barrier.js";
import { keyObjectOf } from "./crypto-key.js";
import { insertNewObject, type NewObjectRequest } from "./insert.js";
import { checkProtectionStorage } from "./protection.js";
import { type LoadedParts, loadParts } from "./split-key-parts.js";
import { SPLITTABLE_TYPES } from "./split-key-source.js";
import { expandTemplates } from "./templates.js";
import type { OperationContext, OperationDef } from "./types.js";

interface Joined {
  readonly keyFormatType: number;
  readonly algorithm: number | undefined;
  readonly length: number | undefined;
}

function checkRequest(request: JoinSplitKeyRequest, ctx: OperationContext): void {
  if (!SPLITTABLE_TYPES.includes(request.objectType)) {
    const message = "Join Split Key forms a Symmetric Key, Secret Data or Private Key";
    throw ctx.version >= 20 ? invalidObjectType(ctx.version, message) : invalidField(message);
  }
  if (request.secretDataType !== undefined && request.objectType !== ObjectType.SecretData)
    throw invalidField("Secret Data Type applies only when the joined object is Secret Data");
}

function describe(template: readonly Attribute[], parts: LoadedParts): Joined {
  const number = (v: unknown) => (typeof v === "number" ? v : undefined);
  return {
    keyFormatType: parts.first.keyFormatType,
    algorithm: number(firstValue(template, "Cryptographic Algorithm")) ?? parts.first.cryptographicAlgorithm,
    length: number(firstValue(template, "Cryptographic Length")) ?? parts.first.cryptographicLength,
  };
}

function checkJoined(objectType: number, joined: Joined, key: Uint8Array): void {
  if (objectType !== ObjectType.SecretData && joined.algorithm === undefined)
    throw missingData("Join Split Key needs the key's Cryptographic Algorithm (template or parts)");
  if (
    objectType === ObjectType.SymmetricKey &&
    joined.length !== undefined &&
    joined.length !== key.length * 8
  )
    throw cryptographicFailure("the joined key does not have the stated Cryptographic Length");
  if (objectType === ObjectType.PrivateKey) {
    const block = { keyFormatType: joined.keyFormatType, keyValue: { keyMaterial: key } };
    keyObjectOf(block, objectType, joined.algorithm);
  }
}

function newObject(
  request: JoinSplitKeyRequest,
  template: Attribute[],
  joined: Joined,
  key: Uint8Array,
): NewObjectRequest {
  const keyBlock = {
    keyFormatType: joined.keyFormatType,
    keyValue: { keyMaterial: key },
    cryptographicAlgorithm: request.objectType === ObjectType.SecretData ? undefined : joined.algorithm,
    cryptographicLength: request.objectType === ObjectType.SecretData ? undefined : joined.length,
  };
  const object =
    request.objectType === ObjectType.SymmetricKey
      ? { type: "symmetricKey" as const, value: { keyBlock } }
      : request.objectType === ObjectType.PrivateKey
        ? { type: "privateKey" as const, value: { keyBlock } }
        : {
            type: "secretData" as const,
            value: { secretDataType: request.secretDataType ?? SecretDataType.Password, keyBlock },
          };
  return {
    objectType: request.objectType,
    op: "Join Split Key",
    template,
    object,
    cryptographicAlgorithm: keyBlock.cryptographicAlgorithm,
    cryptographicLength: keyBlock.cryptographicLength,
    keyFormatType: joined.keyFormatType,
  };
}

export const JoinSplitKey: OperationDef<JoinSplitKeyRequest, JoinSplitKeyResponse> = {
  name: "Join Split Key",
  handler: async (request, ctx) => {
    checkRequest(request, ctx);
    checkProtectionStorage(request.protectionStorageMasks, ctx.version);
    const template = await expandTemplates(request.attributes ?? [], request.objectType, ctx);
    checkTemplate(template, request.objectType, ctx.version, "Join Split Key");
    const parts = await loadParts(ctx, request.uniqueIdentifier);
    const joined = describe(template, parts);
    const secretBytes = joined.length === undefined ? undefined : Math.ceil(joined.length / 8);
    const key = joinSecret(parts.shares, parts.parameters, secretBytes);
    try {
      checkJoined(request.objectType, joined, key);
      const obj = await insertNewObject(ctx, newObject(request, template, joined, key));
      return { uniqueIdentifier: obj.uid };
    } finally {
      zeroize(key);
      for (const share of parts.shares) zeroize(share.material);
    }
  },
};
