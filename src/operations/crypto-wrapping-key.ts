/**
 * The key that wraps (or unwraps) a key on Get — KMIP 1.4 §2.1.5–2.1.6 and §11.12; 2.1 §3.3,
 * §7.18 and §6.1.19.1.
 *
 * Found by the Unique Identifier of the Encryption Key Information, in the caller's scope:
 * - absent → 1.x Item Not Found ("Wrapping key does not exist"), 2.x Wrapping Object Not Found;
 * - archived → 1.x Object Archived, 2.x Wrapping Object Archived;
 * - destroyed → 1.x Permission Denied ("not able to be used for wrapping"), 2.x Wrapping Object
 *   Destroyed;
 * - not a key → 1.x Illegal Operation ("exists, but it is not a key"), 2.x Invalid Object Type; a
 *   key of the wrong kind (wrapping takes a Symmetric Key or a Public Key, unwrapping a Symmetric
 *   Key or a Private Key) → 1.x Permission Denied, 2.x Invalid Object Type;
 * - its state and Usage Mask must allow Wrap Key / Unwrap Key (policy; 1.x Permission Denied,
 *   2.x Wrong Key Lifecycle State and Incompatible Cryptographic Usage Mask).
 *
 * Cryptographic Parameters (1.4 §2.1.6): "If Cryptographic Parameters are specified … the server
 * SHALL verify that they match one of the instances of the Cryptographic Parameters attribute of
 * the corresponding key. If Cryptographic Parameters are omitted, then the server SHALL use the
 * Cryptographic Parameters attribute with the lowest Attribute Index." No match → 1.4 §11.12 Item
 * Not Found, 2.x Bad Cryptographic Parameters. A key without the attribute takes what is given
 * (or the defaults: NIST Key Wrap for AES): the OASIS cases wrap with such keys.
 */
import { KmipError } from "../kmip/errors.js";
import { ObjectType, ResultReason, State } from "../kmip/generated/enums.js";
import type { StoredObject } from "../storage/objects.js";
import { sameValue } from "./attribute-instances.js";
import { checkUsable, openKey, type UsableKey } from "./crypto-key.js";
import { type CryptoParams, keyParameterInstances } from "./crypto-params.js";
import { invalidRequestField } from "./crypto-reasons.js";
import { loadObject } from "./objects.js";
import type { OperationContext } from "./types.js";

export type WrapPurpose = "Wrap Key" | "Unwrap Key";

const R = ResultReason;
const KEY_TYPES: readonly number[] = [ObjectType.SymmetricKey, ObjectType.PublicKey, ObjectType.PrivateKey];
const TYPES: Readonly<Record<WrapPurpose, readonly number[]>> = {
  "Wrap Key": [ObjectType.SymmetricKey, ObjectType.PublicKey],
  "Unwrap Key": [ObjectType.SymmetricKey, ObjectType.PrivateKey],
};

function byVersion(ctx: OperationContext, reason1x: number, reason2x: number, message: string): KmipError {
  return new KmipError(ctx.version >= 20 ? reason2x : reason1x, message);
}

async function findWrappingObject(ctx: OperationContext, uid: string): Promise<StoredObject> {
  try {
    return await loadObject(ctx, uid);
  } catch (e) {
    if (!(e instanceof KmipError)) throw e;
    if (e.reason === R.ItemNotFound || e.reason === R.ObjectNotFound)
      throw byVersion(ctx, R.ItemNotFound, R.WrappingObjectNotFound, "the wrapping key does not exist");
    if (e.reason === R.ObjectArchived)
      throw byVersion(ctx, R.ObjectArchived, R.WrappingObjectArchived, "the wrapping key is archived");
    throw e;
  }
}

/** The wrapping (or unwrapping) key `uid` names, checked and opened (see the header). */
export async function wrappingKey(
  ctx: OperationContext,
  uid: unknown,
  purpose: WrapPurpose,
): Promise<UsableKey> {
  if (typeof uid !== "string") throw invalidRequestField("the Encryption Key Information names no key");
  const obj = await findWrappingObject(ctx, uid);
  if (obj.state === State.Destroyed || obj.state === State.DestroyedCompromised)
    throw byVersion(ctx, R.PermissionDenied, R.WrappingObjectDestroyed, "the wrapping key is destroyed");
  if (!KEY_TYPES.includes(obj.objectType))
    throw byVersion(ctx, R.IllegalOperation, R.InvalidObjectType, "the wrapping object is not a key");
  checkUsable(obj, purpose, TYPES[purpose], ctx);
  return openKey(obj, ctx);
}

/** The parameters to wrap with: given ones must match one of the key's instances (see the header). */
export function wrappingParameters(
  given: CryptoParams | undefined,
  obj: StoredObject,
  ctx: OperationContext,
): CryptoParams {
  const instances = keyParameterInstances(obj);
  if (given === undefined) return instances[0] ?? {};
  if (instances.length > 0 && !instances.some((p) => sameValue(p, given)))
    throw byVersion(
      ctx,
      R.ItemNotFound,
      R.BadCryptographicParameters,
      "the Cryptographic Parameters match none of the wrapping key's",
    );
  return given;
}
