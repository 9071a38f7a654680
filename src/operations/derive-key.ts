/**
 * Derive Key — KMIP 1.0 §4.6; 1.4 §4.6 Tables 180–183 (errors §11.7); 2.1 §6.1.14 Tables 205–207
 * and §7.12 (Derivation Parameters).
 *
 * "This request is used to derive a Symmetric Key or Secret Data object from keys or Secret Data
 * objects that are already known to the key management system … The server SHALL perform the
 * derivation function, and then register the derived object as a new Managed Object … [and] copy
 * the Unique Identifier returned by this operation into the ID Placeholder variable."
 *
 * - Methods (`src/crypto/derive.ts`): PBKDF2 (Salt, Iteration Count; HMAC-SHA-1 unless a Hashing
 *   Algorithm is named), HASH, HMAC, ENCRYPT (Cryptographic Parameters; "empty IV is assumed if
 *   not provided"), HKDF (2.x), Asymmetric Key (ECDH or DH agreement of a Private Key and the
 *   peer's Public Key, `crypto-derive-inputs.ts`); the NIST SP 800-108 methods and AWS Signature
 *   Version 4 are Unsupported Cryptographic Parameters (1.x Feature Not Supported).
 * - Cryptographic Parameters: the Derivation Parameters', else the key's first (lowest Attribute
 *   Index). The spec asks the server to check them against the key's instances; OASIS
 *   TC-DERIVEKEY-1…5 derive with parameters from keys that have none, so they are not checked.
 * - "the length and algorithm SHALL always be specified for the creation of a symmetric key";
 *   Secret Data needs the length. Missing, or a length the algorithm does not take → Invalid
 *   Field. "If the specified length exceeds the output of the derivation method, then the server
 *   SHALL return an error" → Cryptographic Failure.
 * - Links: the new object gets a Derivation Base Object Link to each object derived from, and each
 *   of those a Derived Key Link to it. If linking fails, the new object is removed again.
 * - Derived Secret Data has Secret Data Type Seed and Key Format Type Opaque; a derived key is Raw.
 *   KMIP 1.x asks for the length of derived Secret Data in Cryptographic Length, an attribute 1.x
 *   does not let Secret Data have (1.4 §3.5): there it is read as the request's length only and
 *   not stored. 2.x Secret Data has the attribute (2.1 §4.15) and keeps it.
 */
import { deriveKey as derive } from "../crypto/index.js";
import type { Attribute } from "../kmip/attributes.js";
import { KeyFormatType, LinkType, ObjectType, SecretDataType } from "../kmip/generated/enums.js";
import type { DeriveKeyRequest, DeriveKeyResponse } from "../kmip/payloads/create.js";
import { checkTemplate, firstValue, invalidField, invalidObjectType } from "../policy/index.js";
import { zeroize } from "../seal/barrier.js";
import type { StoredObject } from "../storage/objects.js";
import { addInstance, stampLastChange } from "./attribute-instances.js";
import { type DeriveInputs, deriveInputs } from "./crypto-derive-inputs.js";
import { parametersFor } from "./crypto-params.js";
import { withVersionReasons } from "./crypto-reasons.js";
import { secretDataBytes, symmetricKeyBytes } from "./generate.js";
import { insertNewObject, type NewObjectRequest } from "./insert.js";
import { updateObject } from "./objects.js";
import { expandTemplates } from "./templates.js";
import type { OperationContext, OperationDef } from "./types.js";

interface Target {
  readonly objectType: number;
  readonly algorithm: number | undefined;
  readonly lengthBits: number;
  /** Bytes to derive (a two-key Triple DES key of 112 bits is 16 bytes). */
  readonly size: number;
}

function checkObjectType(objectType: number, ctx: OperationContext): void {
  if (objectType === ObjectType.SymmetricKey || objectType === ObjectType.SecretData) return;
  const message = "Derive Key makes Symmetric Keys and Secret Data only";
  throw ctx.version >= 20 ? invalidObjectType(ctx.version, message) : invalidField(message);
}

function target(objectType: number, template: readonly Attribute[], ctx: OperationContext): Target {
  const algorithm = firstValue(template, "Cryptographic Algorithm") as number | undefined;
  const lengthBits = firstValue(template, "Cryptographic Length") as number | undefined;
  if (lengthBits === undefined) throw invalidField("Derive Key requires the Cryptographic Length");
  if (objectType === ObjectType.SecretData)
    return { objectType, algorithm, lengthBits, size: secretDataBytes(lengthBits, ctx.version) };
  if (algorithm === undefined) throw invalidField("a derived key requires its Cryptographic Algorithm");
  try {
    return { objectType, algorithm, lengthBits, size: symmetricKeyBytes(algorithm, lengthBits, ctx.version) };
  } catch (e) {
    throw invalidField(`the derived key's algorithm and length do not fit: ${(e as Error).message}`);
  }
}

function deriveRequest(request: DeriveKeyRequest, inputs: DeriveInputs, t: Target) {
  const p = request.derivationParameters;
  const params = parametersFor(p.cryptographicParameters, inputs.key.obj);
  return {
    method: request.derivationMethod,
    key: inputs.key.key,
    keyAlgorithm: inputs.key.algorithm,
    peerKey: inputs.peer?.key,
    data: inputs.data,
    parameters: {
      algorithm: params.cryptographicAlgorithm,
      hashing: params.hashingAlgorithm,
      mode: params.blockCipherMode,
      padding: params.paddingMethod,
      tagLength: params.tagLength,
    },
    iv: p.initializationVector,
    salt: p.salt,
    iterationCount: p.iterationCount,
    lengthBits: t.size * 8,
  };
}

function derivedObject(
  t: Target,
  template: Attribute[],
  material: Uint8Array,
  uids: readonly string[],
): NewObjectRequest {
  const links = uids.map((uid) => ({
    name: "Link",
    value: { linkType: LinkType.DerivationBaseObjectLink, linkedObjectIdentifier: uid },
  }));
  const secret = t.objectType === ObjectType.SecretData;
  const format = secret ? KeyFormatType.Opaque : KeyFormatType.Raw;
  const keyBlock = secret
    ? { keyFormatType: format, keyValue: { keyMaterial: material } }
    : {
        keyFormatType: format,
        keyValue: { keyMaterial: material },
        cryptographicAlgorithm: t.algorithm,
        cryptographicLength: t.lengthBits,
      };
  const object = secret
    ? { type: "secretData" as const, value: { secretDataType: SecretDataType.Seed, keyBlock } }
    : { type: "symmetricKey" as const, value: { keyBlock } };
  return {
    objectType: t.objectType,
    op: "Derive Key",
    template: [...template, ...links],
    object,
    cryptographicAlgorithm: t.algorithm,
    cryptographicLength: secret ? undefined : t.lengthBits,
    keyFormatType: format,
  };
}

/** Each base object links to the derived one; if that fails, the derived object goes. */
async function linkBases(ctx: OperationContext, uids: readonly string[], derived: StoredObject) {
  const link = {
    name: "Link",
    value: { linkType: LinkType.DerivedKeyLink, linkedObjectIdentifier: derived.uid },
  };
  try {
    for (const uid of uids)
      await updateObject(ctx, uid, (obj) => ({
        attributes: stampLastChange(addInstance(obj.attributes, link, true).list, ctx.now()),
      }));
  } catch (e) {
    await ctx.objects.delete(ctx.scope, derived.uid);
    throw e;
  }
}

/** The template to store: 1.x Secret Data has no Cryptographic Length (see the header). */
function storedTemplate(template: Attribute[], objectType: number, ctx: OperationContext): Attribute[] {
  if (objectType !== ObjectType.SecretData || ctx.version >= 20) return template;
  return template.filter((a) => a.name !== "Cryptographic Length");
}

async function deriveKey(request: DeriveKeyRequest, ctx: OperationContext): Promise<DeriveKeyResponse> {
  checkObjectType(request.objectType, ctx);
  const requested = await expandTemplates(request.attributes, request.objectType, ctx);
  const template = storedTemplate(requested, request.objectType, ctx);
  checkTemplate(template, request.objectType, ctx.version, "Derive Key");
  const t = target(request.objectType, requested, ctx);
  const inputs = await deriveInputs(request, ctx);
  const material = await derive(deriveRequest(request, inputs, t));
  const placeholder = ctx.batch.idPlaceholder;
  try {
    const derived = await insertNewObject(ctx, derivedObject(t, template, material, inputs.uids));
    await linkBases(ctx, inputs.uids, derived).catch((e: unknown) => {
      ctx.batch.idPlaceholder = placeholder;
      throw e;
    });
    return { uniqueIdentifier: derived.uid };
  } finally {
    zeroize(material);
  }
}

export const DeriveKey: OperationDef<DeriveKeyRequest, DeriveKeyResponse> = {
  name: "Derive Key",
  handler: (request, ctx) => withVersionReasons(ctx.version, () => deriveKey(request, ctx)),
};
