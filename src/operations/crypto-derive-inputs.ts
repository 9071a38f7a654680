/**
 * The inputs of a Derive Key (KMIP 1.4 §4.6 Tables 180–183, errors §11.7; 2.1 §6.1.14, §7.12):
 * the objects to derive from and the Derivation Data.
 *
 * - "Unique Identifier | Yes. MAY be repeated … the current value of the ID Placeholder SHALL NOT
 *   be used in place of a Unique Identifier in this operation": identifiers are text; a 2.x
 *   reference is Invalid Field. The first names the derivation key (a Symmetric Key, or Secret
 *   Data — the password of PBKDF2); a second, if any, must be Secret Data, whose value is the
 *   Derivation Data ("implicitly provided by providing the Unique Identifier of a Secret Data
 *   object"). More objects (the NIST SP 800-108 methods' extra inputs) are not supported.
 * - Asymmetric Key (key agreement, 2.1 §11 Derivation Method): exactly two objects, a Private Key
 *   (ours) and a Public Key (the peer's), in either order (OASIS TC-DERIVEKEY-6 names the private
 *   key first); both need the Derive Key bit.
 * - "If both are provided, then an error SHALL be returned": 1.4 §11.7 Ambiguous derivation data
 *   → Invalid Message.
 * - Each object needs the Derive Key bit and a state that allows deriving (Active): "The request
 *   SHALL only apply to Managed Cryptographic Objects that have the Derive Key bit set". 1.4 §11.7
 *   calls every such refusal Invalid Field ("not of the correct type", "not able to be used to
 *   derive"); 2.x Invalid Object Type, Incompatible Cryptographic Usage Mask, Wrong Key Lifecycle
 *   State.
 */
import { KmipError } from "../kmip/errors.js";
import { DerivationMethod, ObjectType, ResultReason } from "../kmip/generated/enums.js";
import type { DeriveKeyRequest } from "../kmip/payloads/create.js";
import { checkUsable, keyBlockOf, openKey, plainMaterial, type UsableKey } from "./crypto-key.js";
import { invalidRequestField, missingRequestField } from "./crypto-reasons.js";
import { openMaterial } from "./material.js";
import { loadObject } from "./objects.js";
import type { OperationContext } from "./types.js";

const BASE_TYPES: readonly number[] = [ObjectType.SymmetricKey, ObjectType.SecretData];
const AGREEMENT_TYPES: readonly number[] = [ObjectType.PrivateKey, ObjectType.PublicKey];
const OBJECTS_MAX = 2;

export interface DeriveInputs {
  /** The derivation key (Asymmetric Key: the private key). */
  readonly key: UsableKey;
  /** Asymmetric Key: the peer's public key. */
  readonly peer?: UsableKey;
  readonly uids: readonly string[];
  /** Derivation Data, given or from the Secret Data named second. */
  readonly data: Uint8Array | undefined;
}

function textUids(request: DeriveKeyRequest): string[] {
  const uids = request.uniqueIdentifier;
  if (uids.some((u) => typeof u !== "string"))
    throw invalidRequestField("Derive Key takes Unique Identifiers, not the ID Placeholder or references");
  if (uids.length > OBJECTS_MAX)
    throw invalidRequestField("Derive Key takes a derivation key and at most one Secret Data");
  return uids as string[];
}

/** Checks one base object; 1.x reports every refusal as Invalid Field (§11.7). */
async function usableBase(ctx: OperationContext, uid: string, types = BASE_TYPES): Promise<UsableKey> {
  const obj = await loadObject(ctx, uid);
  try {
    checkUsable(obj, "Derive Key", types, ctx);
  } catch (e) {
    if (!(e instanceof KmipError) || ctx.version >= 20) throw e;
    throw new KmipError(ResultReason.InvalidField, e.publicMessage);
  }
  return openKey(obj, ctx);
}

/** The value of the Secret Data named second. */
async function secretDataValue(ctx: OperationContext, uid: string): Promise<Uint8Array> {
  const base = await usableBase(ctx, uid);
  if (base.obj.objectType !== ObjectType.SecretData)
    throw invalidRequestField("a second derivation object must be Secret Data (the Derivation Data)");
  const block = keyBlockOf(openMaterial(ctx, uid, base.obj.material!));
  const material = block === undefined ? undefined : plainMaterial(block);
  if (!(material instanceof Uint8Array)) throw invalidRequestField("the Secret Data holds no byte string");
  return material;
}

/** The private and public key of a key agreement, named in either order. */
async function agreementInputs(ctx: OperationContext, uids: readonly string[]): Promise<DeriveInputs> {
  if (uids.length !== 2)
    throw invalidRequestField("Asymmetric Key derivation takes a Private Key and a Public Key");
  const [a, b] = [
    await usableBase(ctx, uids[0]!, AGREEMENT_TYPES),
    await usableBase(ctx, uids[1]!, AGREEMENT_TYPES),
  ];
  const key = a.obj.objectType === ObjectType.PrivateKey ? a : b;
  const peer = key === a ? b : a;
  if (key.obj.objectType !== ObjectType.PrivateKey || peer.obj.objectType !== ObjectType.PublicKey)
    throw invalidRequestField("Asymmetric Key derivation takes one Private Key and one Public Key");
  return { key, peer, uids, data: undefined };
}

export async function deriveInputs(request: DeriveKeyRequest, ctx: OperationContext): Promise<DeriveInputs> {
  const uids = textUids(request);
  const [first, second] = uids;
  if (first === undefined) throw missingRequestField("Derive Key needs a Unique Identifier");
  if (request.derivationMethod === DerivationMethod.AsymmetricKey) {
    const inputs = await agreementInputs(ctx, uids);
    return Object.assign({}, inputs, { data: request.derivationParameters.derivationData });
  }
  const key = await usableBase(ctx, first);
  const given = request.derivationParameters.derivationData;
  if (second === undefined) return { key, uids, data: given };
  if (given !== undefined)
    throw new KmipError(
      ResultReason.InvalidMessage,
      "Derivation Data given both in the request and as Secret Data",
    );
  return { key, uids, data: await secretDataValue(ctx, second) };
}
