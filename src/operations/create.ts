/**
 * Create — KMIP 1.0 §4.1; 1.4 §4.1 Tables 163–165; 2.1 §6.1.8 Tables 186–188.
 *
 * 1.x: "requests the server to generate a new symmetric key"; 2.x: "a new symmetric key or …
 * Secret Data". The attributes (1.x Template-Attribute with optional Template names, 2.x
 * Attributes) arrive as one canonical list; the policy decides which the client may set
 * (`checkTemplate`) and what the server adds (`newObjectAttributes`). "The server SHALL copy the
 * Unique Identifier returned by this operation into the ID Placeholder variable."
 *
 * Decisions where the spec leaves room:
 * - Name uniqueness across objects is not enforced: 1.4 §3.2 says names "SHALL be unique within
 *   a given key management domain", but OASIS TC-WRAP-3-14 registers two objects with one Name
 *   and expects both to succeed, and clients (pg_tde, Percona) re-register names;
 * - the 1.x response's optional Template-Attribute ("attributes … implicitly set by the server")
 *   is not sent: no OASIS test case shows one and strict clients trip on the unexpected
 *   (peers.md §5.2); Get Attributes returns them;
 * - 2.x Protection Storage Masks: the material is held in software, so a request whose every
 *   selection lacks the Software bit is refused (Protection Storage Unavailable). * - Secret Data in 1.x: 1.4 §4.1 names symmetric keys only, but the Object Type Secret Data
 *   exists since 1.0 and 2.x Create makes it; a 1.x request for it is served as 2.x serves it
 *   (OASIS TC-CREATE-SD-1-14 expects that) and logged as accepted outside the 1.x text. The
 *   policy's `checkCreatable` keeps the letter of each version; this handler is the leniency.
 */

import type { Attribute } from "../kmip/attributes.js";
import { KeyFormatType, ObjectType, SecretDataType } from "../kmip/generated/enums.js";
import type { CreateRequest, CreateResponse } from "../kmip/payloads/create.js";
import { checkCreatable, checkTemplate, createAlgorithmAndLength, singleValued } from "../policy/index.js";
import { zeroize } from "../seal/barrier.js";
import { generateKeyBytes, secretDataBytes, symmetricKeyBytes } from "./generate.js";
import { insertNewObject, type NewObjectRequest } from "./insert.js";
import { checkProtectionStorage } from "./protection.js";
import { expandTemplates } from "./templates.js";
import type { OperationContext, OperationDef } from "./types.js";

function symmetricKey(template: Attribute[], ctx: OperationContext): NewObjectRequest {
  const { algorithm, length } = createAlgorithmAndLength(template, ObjectType.SymmetricKey, ctx.version);
  const cryptographicAlgorithm = algorithm as number;
  const size = symmetricKeyBytes(cryptographicAlgorithm, length, ctx.version);
  const key = generateKeyBytes(cryptographicAlgorithm, size);
  return {
    objectType: ObjectType.SymmetricKey,
    op: "Create",
    template,
    object: {
      type: "symmetricKey",
      value: {
        keyBlock: {
          keyFormatType: KeyFormatType.Raw,
          keyValue: { keyMaterial: key },
          cryptographicAlgorithm,
          cryptographicLength: length,
        },
      },
    },
    cryptographicAlgorithm,
    cryptographicLength: length,
    keyFormatType: KeyFormatType.Raw,
  };
}

/** 2.1 §6.1.8; OASIS TC-CREATE-SD-1-20 returns it as a Password in Opaque format. */
function secretData(template: Attribute[], ctx: OperationContext): NewObjectRequest {
  const { length } = createAlgorithmAndLength(template, ObjectType.SecretData, ctx.version);
  const secret = generateKeyBytes(undefined, secretDataBytes(length, ctx.version));
  return {
    objectType: ObjectType.SecretData,
    op: "Create",
    template,
    object: {
      type: "secretData",
      value: {
        secretDataType: SecretDataType.Password,
        keyBlock: { keyFormatType: KeyFormatType.Opaque, keyValue: { keyMaterial: secret } },
      },
    },
    cryptographicLength: length,
    keyFormatType: KeyFormatType.Opaque,
  };
}

/** A 1.x Create of Secret Data: served as 2.x serves it (see the header). */
function isLenient(objectType: number, ctx: OperationContext): boolean {
  return objectType === ObjectType.SecretData && ctx.version < 20;
}

/** Which object types Create makes: the version's (`checkCreatable`), and Secret Data in 1.x too. */
function checkCreateType(objectType: number, ctx: OperationContext): void {
  if (!isLenient(objectType, ctx)) {
    checkCreatable(objectType, ctx.version);
    return;
  }
  ctx.logger.info(
    { scope: ctx.identity.scopeName, objectType: "Secret Data", version: ctx.version },
    "KMIP 1.x Create of Secret Data accepted outside the 1.x text (1.4 §4.1 names symmetric keys), as 2.x serves it",
  );
}

/**
 * The client's attributes under the version's rules; for a lenient 1.x Secret Data, Cryptographic
 * Length (the size of the secret to make) is taken as 2.x takes it (2.1 §4.15 applies it to
 * Secret Data; 1.4 §3.5 does not): once at most, its value judged by `secretDataBytes`.
 */
function checkCreateTemplate(template: Attribute[], objectType: number, ctx: OperationContext): void {
  if (!isLenient(objectType, ctx)) {
    checkTemplate(template, objectType, ctx.version, "Create");
    return;
  }
  const isLength = (a: Attribute) => a.name === "Cryptographic Length";
  checkTemplate(
    template.filter((a) => !isLength(a)),
    objectType,
    ctx.version,
    "Create",
  );
  if (template.filter(isLength).length > 1) throw singleValued(ctx.version, "Create", "Cryptographic Length");
}

function materialOf(request: NewObjectRequest): Uint8Array | undefined {
  const value = request.object?.value as { keyBlock?: { keyValue?: { keyMaterial?: unknown } } } | undefined;
  const material = value?.keyBlock?.keyValue?.keyMaterial;
  return material instanceof Uint8Array ? material : undefined;
}

export const Create: OperationDef<CreateRequest, CreateResponse> = {
  name: "Create",
  handler: async (request, ctx) => {
    const objectType = request.objectType;
    checkCreateType(objectType, ctx);
    checkProtectionStorage(request.protectionStorageMasks, ctx.version);
    const template = await expandTemplates(request.attributes, objectType, ctx);
    checkCreateTemplate(template, objectType, ctx);
    const made =
      objectType === ObjectType.SecretData ? secretData(template, ctx) : symmetricKey(template, ctx);
    try {
      const obj = await insertNewObject(ctx, made);
      return { objectType, uniqueIdentifier: obj.uid };
    } finally {
      zeroize(materialOf(made));
    }
  },
};
