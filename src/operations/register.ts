/**
 * Register — KMIP 1.0 §4.3; 1.4 §4.3 Tables 169–171; 2.1 §6.1.43 Tables 291–294.
 *
 * "Requests the server to register a Managed Object that was created by the client or obtained by
 * the client through some other means." The object is stored as given (sealed; key formats are
 * not converted here), its attributes are the client's plus the server's, and "The server SHALL
 * copy the Unique Identifier returned by this operation into the ID Placeholder variable. The
 * Initial Date attribute of the object SHALL be set to the current time."
 *
 * - Object Type must name the object sent: 1.4 §11.4 "Object Type does not match type of
 *   cryptographic object provided" → Invalid Field (2.x: Invalid Object Type).
 * - 1.4 §11.4: "Trying to register a new Template object containing a Name attribute with the
 *   Template structure" → Invalid Field.
 * - Cryptographic Algorithm and Length "MAY be omitted only if this information is encapsulated
 *   in the Key Block" (policy `checkRegisterAttributes`); when both say it, they must agree.
 * - 2.1 §6.1.43: "If the Managed Object being registered is wrapped, the server SHALL create a
 *   Link attribute of Link Type Wrapping Key Link pointing to the Managed Object with which the
 *   Managed Object being registered is wrapped."
 * - The Cryptographic Usage Mask may be absent or 0 (MongoDB's Secret Data): the policy defaults it.
 * - A certificate gets the attributes the server extracts from it (`certificate-attributes.ts`);
 *   one the client also gave must agree with the certificate.
 * - A Private Key in Key Format Type PKCS#12 is opened and stored as its key and certificate
 *   chain (`register-pkcs12.ts`).
 */
import type { Attribute } from "../kmip/attributes.js";
import { KeyFormatType, LinkType } from "../kmip/generated/enums.js";
import type { RegisterRequest, RegisterResponse } from "../kmip/payloads/create.js";
import {
  checkRegisterAttributes,
  checkRegistrable,
  checkTemplate,
  firstValue,
  hasAttribute,
  invalidField,
  invalidObjectType,
  invalidValue,
} from "../policy/index.js";
import { certificateAttributes } from "./certificate-attributes.js";
import { insertNewObject } from "./insert.js";
import type { ManagedObjectValue } from "./material.js";
import { kindOfType } from "./object-kinds.js";
import { selectProtectionStorage } from "./protection.js";
import { registerPkcs12 } from "./register-pkcs12.js";
import { expandTemplates } from "./templates.js";
import type { OperationContext, OperationDef } from "./types.js";

type KeyBlockValue = Extract<ManagedObjectValue, { type: "symmetricKey" }>["value"]["keyBlock"];

function keyBlockOf(object: ManagedObjectValue): KeyBlockValue | undefined {
  const value = object.value as { keyBlock?: KeyBlockValue };
  return value.keyBlock;
}

function checkObjectType(objectType: number, object: ManagedObjectValue, ctx: OperationContext): void {
  if (kindOfType(objectType) === object.type) return;
  const message = "the Object Type does not match the object sent";
  throw ctx.version >= 20 ? invalidObjectType(ctx.version, message) : invalidField(message);
}

function checkTemplateObject(object: ManagedObjectValue): void {
  if (object.type === "template" && object.value.attribute.some((a) => a.name === "Name"))
    throw invalidField("a Template object may not contain a Name attribute");
}

/** The template and the Key Block must not disagree on what the key is. */
function checkAgreement(
  template: readonly Attribute[],
  block: KeyBlockValue | undefined,
  ctx: OperationContext,
): void {
  if (block === undefined) return;
  const pairs: [string, number | undefined][] = [
    ["Cryptographic Algorithm", block.cryptographicAlgorithm],
    ["Cryptographic Length", block.cryptographicLength],
  ];
  for (const [name, inBlock] of pairs) {
    const given = firstValue(template, name);
    if (given !== undefined && inBlock !== undefined && given !== inBlock)
      throw invalidValue(ctx.version, `${name} differs from the Key Block's`);
  }
}

/**
 * The attributes the server extracts from a certificate (1.4 §3.8–3.16; 2.1 §4.6–4.8): those the
 * client gave too (Certificate Type, Cryptographic Algorithm …, which a request may carry) must
 * say the same as the certificate, and are kept as given.
 */
function extracted(
  template: readonly Attribute[],
  object: ManagedObjectValue,
  ctx: OperationContext,
): Attribute[] {
  if (object.type !== "certificate") return [];
  const derived = certificateAttributes(object.value);
  for (const a of derived) {
    const given = firstValue(template, a.name);
    if (given !== undefined && typeof given !== "object" && given !== a.value)
      throw invalidValue(ctx.version, `${a.name} differs from the certificate's`);
  }
  return derived.filter((a) => !hasAttribute(template, a.name));
}

/**
 * The Key Format Type of an object without a Key Block: "a required attribute of a Cryptographic
 * Object … set by the server" (2.1 §4.26), whose Table 81 gives Certificate X.509, Certificate
 * Request PKCS#10 and Opaque Object Opaque. (A 2.x attribute: 1.x clients do not see it.)
 */
function blocklessKeyFormat(object: ManagedObjectValue): number | undefined {
  if (object.type === "certificate") return KeyFormatType.X_509;
  if (object.type === "certificateRequest") return KeyFormatType.PKCS_10;
  if (object.type === "opaqueObject") return KeyFormatType.Opaque;
  return undefined;
}

/** 2.x: the Wrapping Key Link of a wrapped object. */
function wrappingLink(block: KeyBlockValue | undefined, ctx: OperationContext): Attribute[] {
  const target = block?.keyWrappingData?.encryptionKeyInformation?.uniqueIdentifier;
  if (ctx.version < 20 || typeof target !== "string") return [];
  return [{ name: "Link", value: { linkType: LinkType.WrappingKeyLink, linkedObjectIdentifier: target } }];
}

export const Register: OperationDef<RegisterRequest, RegisterResponse> = {
  name: "Register",
  handler: async (request, ctx) => {
    const { objectType, object } = request;
    checkRegistrable(objectType, ctx.version);
    checkObjectType(objectType, object, ctx);
    checkTemplateObject(object);
    const protectionStorageMask = selectProtectionStorage(request.protectionStorageMasks, ctx.version);
    const template = await expandTemplates(request.attributes, objectType, ctx);
    checkTemplate(template, objectType, ctx.version, "Register");
    const block = keyBlockOf(object);
    if (block?.keyFormatType === KeyFormatType.PKCS_12) {
      const pkcs12 = { objectType, template, block, protectionStorageMask };
      return { uniqueIdentifier: await registerPkcs12(ctx, pkcs12) };
    }
    checkRegisterAttributes(template, objectType, block ?? {});
    checkAgreement(template, block, ctx);
    const obj = await insertNewObject(ctx, {
      objectType,
      op: "Register",
      template: [...template, ...wrappingLink(block, ctx), ...extracted(template, object, ctx)],
      object,
      cryptographicAlgorithm: block?.cryptographicAlgorithm,
      cryptographicLength: block?.cryptographicLength,
      keyFormatType: block?.keyFormatType ?? blocklessKeyFormat(object),
      keyValueAbsent: block !== undefined && block.keyValue === undefined,
      protectionStorageMask,
    });
    return { uniqueIdentifier: obj.uid };
  },
};
