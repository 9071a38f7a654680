/**
 * Get with key formats and key wrapping — KMIP 1.0 §4.10; 1.4 §4.11 Tables 194–195 (errors
 * §11.12); 2.1 §6.1.19 Tables 220–222. A full Get handler: it replaces `get.ts`, which it extends.
 *
 * "Requests that the server returns the Managed Object specified by its Unique Identifier. Only a
 * single object is returned. The response contains the Unique Identifier of the object, along
 * with the object itself, which MAY be wrapped using a wrapping key as specified in the request."
 * - As `get.ts`: the state does not gate Get; a destroyed object is refused (1.x Illegal
 *   Operation, 2.x Object Destroyed); Sensitive objects only wrapped, non-Extractable ones never
 *   (policy `checkGet`); Fresh becomes False once served (1.4 §3.34); the response must encode in
 *   the request's version.
 * - Key Format Type: every conversion of `crypto-formats.ts` (asymmetric keys included), and
 *   PKCS#12 for a private key with its password and certificate chain (`get-pkcs12.ts`).
 * - Key Wrapping Specification: the key, in the format asked for, wrapped (`crypto-wrap.ts`). A
 *   Template cannot be wrapped (Invalid Field); an object without a Key Block (certificate, opaque
 *   object) has nothing to wrap (1.x Illegal Operation, 2.x Invalid Object Type); a key the server
 *   holds wrapped is returned as stored when the specification describes its wrapping, and is not
 *   wrapped again otherwise (Feature Not Supported).
 * - Key Wrap Type (1.4+) Not Wrapped on a key registered wrapped: the server unwraps it with the
 *   key its Key Wrapping Data names, if that key allows Unwrap Key (`crypto-wrap.ts`) — and wraps
 *   it again when a Key Wrapping Specification asks (OASIS TC-WRAP-3-20). As Registered returns
 *   it as stored.
 */
import { KmipError } from "../kmip/errors.js";
import { KeyFormatType, KeyWrapType, ObjectType, Operation, ResultReason } from "../kmip/generated/enums.js";
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
import { formattedBlock } from "./crypto-formats.js";
import { isWrappedBlock, type KeyBlockValue, keyBlockOf } from "./crypto-key.js";
import { withVersionReasons } from "./crypto-reasons.js";
import { isWrappedAs, type KeyWrappingSpecification, unwrapBlock, wrapBlock } from "./crypto-wrap.js";
import { pkcs12Block } from "./get-pkcs12.js";
import { type ManagedObjectValue, openMaterial } from "./material.js";
import { loadObject, resolveUid, updateObject } from "./objects.js";
import { featureNotSupported, generalFailure } from "./reasons.js";
import type { OperationContext, OperationDef } from "./types.js";

/** The format a keyless object is in: X.509 for a certificate, Opaque for an Opaque Object. */
const NATURAL_FORMAT: Partial<Record<ManagedObjectValue["type"], number>> = {
  certificate: KeyFormatType.X_509,
  opaqueObject: KeyFormatType.Opaque,
};

function checkWrappable(
  obj: StoredObject,
  block: KeyBlockValue | undefined,
  spec: KeyWrappingSpecification,
  unwrapping: boolean,
  ctx: OperationContext,
): void {
  if (obj.objectType === ObjectType.Template)
    throw new KmipError(ResultReason.InvalidField, "a Template cannot be wrapped");
  if (block === undefined) throw invalidObjectType(ctx.version, "this object has no key to wrap");
  if (isWrappedBlock(block) && !unwrapping && !isWrappedAs(block, spec))
    throw featureNotSupported("the key is held wrapped otherwise and is not wrapped again");
}

/** The object without a Key Block, if the request asks nothing it cannot give. */
function keyless(value: ManagedObjectValue, request: GetRequest): ManagedObjectValue {
  const asked = request.keyFormatType;
  if (asked !== undefined && asked !== NATURAL_FORMAT[value.type])
    throw new KmipError(
      ResultReason.KeyFormatTypeNotSupported,
      "this object has no key in that Key Format Type",
    );
  if (request.keyCompressionType !== undefined)
    throw new KmipError(ResultReason.KeyCompressionTypeNotSupported, "this object has no key to compress");
  return value;
}

async function keyBlockToReturn(
  obj: StoredObject,
  stored: KeyBlockValue,
  request: GetRequest,
  ctx: OperationContext,
): Promise<KeyBlockValue> {
  if (request.keyFormatType === KeyFormatType.PKCS_12) return pkcs12Block(ctx, obj, stored, request);
  const unwrap = request.keyWrapType === KeyWrapType.NotWrapped && isWrappedBlock(stored);
  const source = unwrap ? await unwrapBlock(ctx, stored) : stored;
  const wrapType = unwrap ? undefined : request.keyWrapType;
  const block = formattedBlock(
    obj.objectType,
    source,
    Object.assign({}, request, { keyWrapType: wrapType }),
    ctx.version,
  );
  const spec = request.keyWrappingSpecification;
  return spec === undefined || isWrappedBlock(block) ? block : wrapBlock(ctx, obj, block, spec);
}

/** The response, or the reason it cannot be sent in this version. */
function checkEncodable(response: GetResponse, ctx: OperationContext): void {
  try {
    encodeResponsePayload(Operation.Get, response, ctx.version);
  } catch (e) {
    if (!(e instanceof KmipEncodeError)) throw e;
    if (!objectTypeInVersion(response.objectType, ctx.version))
      throw invalidObjectType(ctx.version, "this protocol version cannot carry the object");
    const message = "the object cannot be sent in this protocol version's formats";
    throw new KmipError(ResultReason.KeyFormatTypeNotSupported, message, { cause: e });
  }
}

/** Fresh becomes False once the object has been served. */
async function markServed(ctx: OperationContext, obj: StoredObject): Promise<void> {
  if (servedChanges(obj.attributes).length === 0) return;
  await updateObject(ctx, obj.uid, (current) => ({
    attributes: withChanges(current.attributes, servedChanges(current.attributes)),
  }));
}

/** `served`: Get marks the object served (Fresh False, 2.1 §4.24); Export does not (only Get does). */
async function get(request: GetRequest, ctx: OperationContext, served = true): Promise<GetResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const obj = await loadObject(ctx, uid);
  if (obj.material === undefined) {
    checkGet(obj, ctx.version, false); // destroyed: the version's reason
    throw generalFailure("the object's material is missing");
  }
  const stored = openMaterial(ctx, uid, obj.material);
  const block = keyBlockOf(stored);
  const spec = request.keyWrappingSpecification;
  const unwrap = request.keyWrapType === KeyWrapType.NotWrapped;
  if (spec !== undefined) checkWrappable(obj, block, spec, unwrap, ctx);
  checkGet(obj, ctx.version, spec !== undefined || (block !== undefined && isWrappedBlock(block) && !unwrap));
  const object =
    block === undefined
      ? keyless(stored, request)
      : (Object.assign({}, stored, {
          value: Object.assign({}, stored.value, {
            keyBlock: await keyBlockToReturn(obj, block, request, ctx),
          }),
        }) as ManagedObjectValue);
  const response: GetResponse = { objectType: obj.objectType, uniqueIdentifier: uid, object };
  checkEncodable(response, ctx);
  if (served) await markServed(ctx, obj);
  return response;
}

/** Get's answer for Export: the same object and formats, and the object stays Fresh (2.1 §4.24). */
export function exportedObject(request: GetRequest, ctx: OperationContext): Promise<GetResponse> {
  return withVersionReasons(ctx.version, () => get(request, ctx, false));
}

export const Get: OperationDef<GetRequest, GetResponse> = {
  name: "Get",
  handler: (request, ctx) => withVersionReasons(ctx.version, () => get(request, ctx)),
};
