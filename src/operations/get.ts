/**
 * Get — KMIP 1.0 §4.10; 1.4 §4.11 Tables 194–195 (adds Key Wrap Type); 2.1 §6.1.19 Tables 220–222.
 *
 * "Requests that the server returns the Managed Object specified by its Unique Identifier."
 * - The state does not gate Get (policy `checkGet`): a Pre-Active object is returned (OpenStack
 *   Barbican never activates); a destroyed one is refused (1.x per 1.4 §11.12, 2.x Object
 *   Destroyed); Sensitive and non-Extractable objects as the policy says.
 * - Key Format Type: the stored format by default; conversions per `key-formats.ts`; otherwise
 *   Key Format Type Not Supported.
 * - Key Wrapping Specification: wrapping on Get is not offered yet → Feature Not Supported ("The
 *   operation is supported, but not a specific feature specified in the request", 2.1 §11.46).
 * - Fresh: "The server SHALL change the attribute value to False as soon as the object has been
 *   served to a client" (1.4 §3.34).
 * - The response must encode in the request's version: an object its version cannot carry (a
 *   PGP Key to 1.1, a 2.x-only Key Format Type to 1.x) is refused, not sent malformed.
 */
import { KmipError } from "../kmip/errors.js";
import { KeyFormatType, ObjectType, Operation, ResultReason } from "../kmip/generated/enums.js";
import type { GetRequest, GetResponse } from "../kmip/payloads/get.js";
import { encodeResponsePayload } from "../kmip/payloads/registry.js";
import { KmipEncodeError } from "../kmip/schema/index.js";
import {
  checkGet,
  invalidObjectType,
  objectTypeInVersion,
  servedChanges,
  withChanges,
} from "../policy/index.js";
import type { StoredObject } from "../storage/objects.js";
import { keyBlockFor } from "./key-formats.js";
import { type ManagedObjectValue, openMaterial } from "./material.js";
import { loadObject, resolveUid, updateObject } from "./objects.js";
import { featureNotSupported, generalFailure } from "./reasons.js";
import type { OperationContext, OperationDef } from "./types.js";

type KeyBlockValue = Extract<ManagedObjectValue, { type: "symmetricKey" }>["value"]["keyBlock"];

/** The format a keyless object is in: X.509 for a certificate, Opaque for an Opaque Object. */
const NATURAL_FORMAT: Partial<Record<ManagedObjectValue["type"], number>> = {
  certificate: KeyFormatType.X_509,
  opaqueObject: KeyFormatType.Opaque,
};

function isWrapped(block: KeyBlockValue | undefined): boolean {
  return block !== undefined && (block.keyWrappingData !== undefined || block.keyValue instanceof Uint8Array);
}

function keyBlockOf(value: ManagedObjectValue): KeyBlockValue | undefined {
  return (value.value as { keyBlock?: KeyBlockValue }).keyBlock;
}

/** The object in the format asked for. */
function formatted(obj: StoredObject, value: ManagedObjectValue, request: GetRequest, ctx: OperationContext) {
  const block = keyBlockOf(value);
  if (block !== undefined) {
    const keyBlock = keyBlockFor(obj.objectType, block, request, ctx.version);
    return { ...value, value: { ...value.value, keyBlock } } as ManagedObjectValue;
  }
  const asked = request.keyFormatType;
  if (asked !== undefined && asked !== NATURAL_FORMAT[value.type])
    throw new KmipError(ResultReason.KeyFormatTypeNotSupported, "this object has no key in that format");
  if (request.keyCompressionType !== undefined)
    throw new KmipError(ResultReason.KeyCompressionTypeNotSupported, "this object has no key to compress");
  return value;
}

/** The response, or the reason it cannot be sent in this version. */
function checkEncodable(response: GetResponse, ctx: OperationContext): void {
  try {
    encodeResponsePayload(Operation.Get, response, ctx.version);
  } catch (e) {
    if (!(e instanceof KmipEncodeError)) throw e;
    if (!objectTypeInVersion(response.objectType, ctx.version))
      throw invalidObjectType(ctx.version, "this protocol version cannot carry the object");
    throw new KmipError(
      ResultReason.KeyFormatTypeNotSupported,
      "the object cannot be sent in this protocol version's formats",
      { cause: e },
    );
  }
}

/** Fresh becomes False once the object has been served (a concurrent writer only delays it). */
async function markServed(ctx: OperationContext, obj: StoredObject): Promise<void> {
  if (servedChanges(obj.attributes).length === 0) return;
  await updateObject(ctx, obj.uid, (current) => ({
    attributes: withChanges(current.attributes, servedChanges(current.attributes)),
  }));
}

export const Get: OperationDef<GetRequest, GetResponse> = {
  name: "Get",
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid);
    if (request.keyWrappingSpecification !== undefined) {
      if (obj.objectType === ObjectType.Template)
        throw new KmipError(ResultReason.InvalidField, "a Template cannot be wrapped");
      throw featureNotSupported("key wrapping on Get is not supported");
    }
    if (obj.material === undefined) {
      checkGet(obj, ctx.version, false); // destroyed: the version's reason
      throw generalFailure("the object's material is missing");
    }
    const stored = openMaterial(ctx, uid, obj.material);
    checkGet(obj, ctx.version, isWrapped(keyBlockOf(stored)));
    const response: GetResponse = {
      objectType: obj.objectType,
      uniqueIdentifier: uid,
      object: formatted(obj, stored, request, ctx),
    };
    checkEncodable(response, ctx);
    await markServed(ctx, obj);
    return response;
  },
};
