/**
 * Storing a new object, shared by Create and Register (and later Create Key Pair, Derive Key …):
 * a fresh Unique Identifier (1.4 §3.1), the attributes the policy gives a new object (client
 * template plus the server's: State, Initial Date, Digest (and `otherFormatDigests`), Fresh …), the
 * scope's Constraints checked (`constraints.ts`), the sealed material, and the
 * ID Placeholder: "The server SHALL copy the Unique Identifier returned by this operation into
 * the ID Placeholder variable" (1.4 §4.1, §4.3; 2.1 §6.1.8, §6.1.43).
 */
import { createHash } from "node:crypto";
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import { KeyMaterial } from "../kmip/objects/key-block.js";
import { newEncodeContext, resolveTag } from "../kmip/schema/index.js";
import { type CreationOperation, newObjectAttributes } from "../policy/index.js";
import { quantumSafeRefusal } from "../policy/quantum-safe.js";
import { ObjectStoreError, type StoredObject } from "../storage/objects.js";
import { newUniqueIdentifier } from "../storage/uid.js";
import { encodeTtlv } from "../ttlv/encode.js";
import { enforceConstraints } from "./constraints.js";
import { otherFormatDigests } from "./digest-formats.js";
import { type ManagedObjectValue, sealMaterial } from "./material.js";
import type { OperationContext } from "./types.js";

export interface NewObjectRequest {
  readonly objectType: number;
  readonly op: CreationOperation;
  /** The client's attributes, checked by the policy's `checkTemplate`. */
  readonly template: readonly Attribute[];
  /** The value to store (absent for a metadata-only object). */
  readonly object?: ManagedObjectValue | undefined;
  readonly cryptographicAlgorithm?: number | undefined;
  readonly cryptographicLength?: number | undefined;
  readonly keyFormatType?: number | undefined;
  readonly keyValueAbsent?: boolean | undefined;
  /** The Protection Storage Mask selection used (`selectProtectionStorage`); default: the server's. */
  readonly protectionStorageMask?: number | undefined;
}

const KEY_MATERIAL_TAG = resolveTag("Key Material").tag;

/** A Unique Identifier collision (one in 2^190) gets one more draw. */
const INSERT_ATTEMPTS = 2;

export async function insertNewObject(
  ctx: OperationContext,
  request: NewObjectRequest,
): Promise<StoredObject> {
  const unsafe = quantumSafeRefusal(
    request.template,
    request.cryptographicAlgorithm,
    request.cryptographicLength,
  );
  if (unsafe !== undefined) throw new KmipError(ResultReason.GeneralFailure, unsafe); // 2.1 §4.45, OASIS QS-M-2
  for (let attempt = 1; ; attempt++) {
    const obj = buildObject(ctx, request, newUniqueIdentifier());
    // The scope's Constraints (2.1 §7.6) judge the object as it would be stored.
    if (attempt === 1) await enforceConstraints(ctx, obj);
    try {
      await ctx.objects.insert(obj);
      ctx.batch.idPlaceholder = obj.uid;
      return obj;
    } catch (e) {
      const taken = e instanceof ObjectStoreError && e.code === "exists";
      if (!taken || attempt >= INSERT_ATTEMPTS) throw e;
    }
  }
}

function buildObject(ctx: OperationContext, request: NewObjectRequest, uid: string): StoredObject {
  const now = ctx.now();
  const { state, attributes } = newObjectAttributes({
    uid,
    objectType: request.objectType,
    op: request.op,
    template: request.template,
    now,
    version: ctx.version,
    cryptographicAlgorithm: request.cryptographicAlgorithm,
    cryptographicLength: request.cryptographicLength,
    keyFormatType: request.keyFormatType,
    digest: request.object === undefined ? undefined : digestOf(request.object),
    shortUniqueIdentifier: sha256(new TextEncoder().encode(uid)),
    keyValueAbsent: request.keyValueAbsent,
    protectionStorageMask: request.protectionStorageMask,
  });
  const obj: StoredObject = {
    uid,
    scope: ctx.scope,
    objectType: request.objectType,
    state,
    attributes: [...attributes, ...otherFormatDigests(request.objectType, request.object, ctx.version)],
    revision: 1,
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
  if (request.object !== undefined) obj.material = sealMaterial(ctx, uid, request.object);
  return obj;
}

function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(bytes).digest());
}

/**
 * The SHA-256 Digest Value (1.4 §3.17): over the Key Material when it is a Byte String, over its
 * TTLV encoding when it is a structure; over the Certificate Value or the Opaque Data Value.
 * None when the server does not hold the material in the clear (a wrapped or absent Key Value).
 */
export function digestOf(object: ManagedObjectValue): Uint8Array | undefined {
  switch (object.type) {
    case "certificate":
      return sha256(object.value.certificateValue);
    case "opaqueObject":
      return sha256(object.value.opaqueDataValue);
    case "symmetricKey":
    case "privateKey":
    case "publicKey":
    case "secretData":
    case "splitKey":
    case "pgpKey":
      return keyMaterialDigest(object.value.keyBlock);
    default:
      return undefined;
  }
}

type KeyBlockValue = Extract<ManagedObjectValue, { type: "symmetricKey" }>["value"]["keyBlock"];

function keyMaterialDigest(block: KeyBlockValue): Uint8Array | undefined {
  const value = block.keyValue;
  if (value === undefined || value instanceof Uint8Array || block.keyWrappingData !== undefined)
    return undefined;
  const material = value.keyMaterial;
  if (material instanceof Uint8Array) return sha256(material);
  const ctx = newEncodeContext(21);
  ctx.vars.keyFormatType = block.keyFormatType;
  const encoded = encodeTtlv(KeyMaterial.encode(KEY_MATERIAL_TAG, material, ctx));
  return sha256(encoded);
}
