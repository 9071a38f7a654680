/**
 * Request payloads for the client's typed helpers, and the shaping of their answers. Pure
 * functions over the payload schemas of `src/kmip/payloads/*.ts`; the section each follows is
 * on the schema it fills.
 */
import type { Attribute } from "../kmip/attributes.js";
import { KeyFormatType, ObjectType, QueryFunction, SecretDataType } from "../kmip/generated/enums.js";
import type { CreateRequest, RegisterRequest } from "../kmip/payloads/create.js";
import type { GetResponse, LocateRequest } from "../kmip/payloads/get.js";
import type { RevokeRequest } from "../kmip/payloads/lifecycle.js";
import type { ItemReference } from "../kmip/schema/index.js";
import { algorithmAttribute, lengthAttribute, nameAttribute, usageMaskAttribute } from "./attributes.js";
import { KmipTransportError } from "./errors.js";
import { enumValue } from "./names.js";

/** What `create` makes: a symmetric key by default (Create, KMIP 1.4 §4.1; 2.1 §6.1.8). */
export interface CreateOptions {
  readonly objectType?: number | string;
  /** "AES", "3DES", … or the enumeration value. */
  readonly algorithm: number | string;
  readonly length: number;
  /** Bit names ("Encrypt Decrypt") or the mask value; default Encrypt | Decrypt. */
  readonly usageMask?: number | string | readonly string[];
  readonly name?: string;
  /** Any further canonical attributes (custom "x-…" ones included). */
  readonly attributes?: readonly Attribute[];
}

export function createPayload(o: CreateOptions): CreateRequest {
  const attributes = [
    algorithmAttribute(o.algorithm),
    lengthAttribute(o.length),
    usageMaskAttribute(o.usageMask ?? "Encrypt Decrypt"),
    ...(o.name === undefined ? [] : [nameAttribute(o.name)]),
    ...(o.attributes ?? []),
  ];
  return { objectType: enumValue("Object Type", o.objectType ?? ObjectType.SymmetricKey), attributes };
}

/** A Symmetric Key or Secret Data to register (Register, KMIP 1.4 §4.3; 2.1 §6.1.43). */
export type RegisterOptions =
  | {
      readonly type: "symmetric-key";
      readonly material: Uint8Array;
      readonly algorithm: number | string;
      /** Bits; default 8 × the material's length. */
      readonly length?: number;
      readonly usageMask?: number | string | readonly string[];
      readonly name?: string;
      readonly attributes?: readonly Attribute[];
    }
  | {
      readonly type: "secret-data";
      readonly material: Uint8Array;
      /** "Password" (default) or "Seed" (1.4 §9.1.3.2.9). */
      readonly secretDataType?: number | string;
      readonly usageMask?: number | string | readonly string[];
      readonly name?: string;
      readonly attributes?: readonly Attribute[];
    };

function commonAttributes(o: RegisterOptions, defaultMask?: string): Attribute[] {
  const mask = o.usageMask ?? defaultMask;
  return [
    ...(mask === undefined ? [] : [usageMaskAttribute(mask)]),
    ...(o.name === undefined ? [] : [nameAttribute(o.name)]),
    ...(o.attributes ?? []),
  ];
}

export function registerPayload(o: RegisterOptions): RegisterRequest {
  if (o.type === "secret-data") {
    // Its bytes go as Opaque Key Material, "an encoded key for which the encoding is unknown" (1.4 §2.1.3); PyKMIP does the same.
    const keyBlock = {
      keyFormatType: KeyFormatType.Opaque,
      keyValue: { keyMaterial: o.material },
    };
    const secretDataType = enumValue("Secret Data Type", o.secretDataType ?? SecretDataType.Password);
    return {
      objectType: ObjectType.SecretData,
      attributes: commonAttributes(o),
      object: { type: "secretData", value: { secretDataType, keyBlock } },
    } as RegisterRequest;
  }
  const algorithm = enumValue("Cryptographic Algorithm", o.algorithm);
  const length = o.length ?? o.material.length * 8;
  const keyBlock = {
    keyFormatType: KeyFormatType.Raw,
    keyValue: { keyMaterial: o.material },
    cryptographicAlgorithm: algorithm,
    cryptographicLength: length,
  };
  return {
    objectType: ObjectType.SymmetricKey,
    attributes: [
      algorithmAttribute(algorithm),
      lengthAttribute(length),
      ...commonAttributes(o, "Encrypt Decrypt"),
    ],
    object: { type: "symmetricKey", value: { keyBlock } },
  } as RegisterRequest;
}

/** Locate filters (Locate, KMIP 1.4 §4.9; 2.1 §6.1.28). */
export interface LocateOptions {
  readonly attributes?: readonly Attribute[];
  readonly maximumItems?: number;
  /** KMIP 1.3+. */
  readonly offsetItems?: number;
  readonly storageStatusMask?: number;
}

export function locatePayload(o: LocateOptions): LocateRequest {
  return {
    maximumItems: o.maximumItems,
    offsetItems: o.offsetItems,
    storageStatusMask: o.storageStatusMask,
    attributes: [...(o.attributes ?? [])],
  } as LocateRequest;
}

export interface RevokeOptions {
  readonly message?: string;
  /** Compromise Occurrence Date, for Key Compromise and CA Compromise (1.4 §4.20). */
  readonly compromiseOccurrenceDate?: Date;
}

export function revokePayload(uid: string, reason: number | string, o: RevokeOptions): RevokeRequest {
  const date = o.compromiseOccurrenceDate;
  return {
    uniqueIdentifier: uid,
    revocationReason: {
      revocationReasonCode: enumValue("Revocation Reason Code", reason),
      revocationMessage: o.message,
    },
    compromiseOccurrenceDate: date === undefined ? undefined : BigInt(Math.floor(date.getTime() / 1000)),
  } as RevokeRequest;
}

/** Query Operations, Objects and Server Information unless told otherwise (1.4 §4.25). */
export const DEFAULT_QUERY_FUNCTIONS = [
  QueryFunction.QueryOperations,
  QueryFunction.QueryObjects,
  QueryFunction.QueryServerInformation,
];

/** Servers answer with text identifiers; a 2.x reference in a response makes no sense. */
export function textId(v: string | ItemReference | undefined): string {
  if (typeof v === "string") return v;
  throw new KmipTransportError("protocol", "the server returned no Unique Identifier text");
}

/** The key material bytes of a Get answer, when the object is a key in a byte-string format. */
export function keyMaterialOf(response: Pick<GetResponse, "object">): Uint8Array | undefined {
  const value = response.object.value as { keyBlock?: { keyValue?: unknown } };
  const keyValue = value.keyBlock?.keyValue;
  if (keyValue instanceof Uint8Array) return keyValue; // wrapped: the whole Key Value is bytes
  const material = (keyValue as { keyMaterial?: unknown } | undefined)?.keyMaterial;
  if (material instanceof Uint8Array) return material;
  // Transparent Symmetric Key (1.4 §2.1.7.1): { Key }.
  const key = (material as { key?: unknown } | undefined)?.key;
  return key instanceof Uint8Array ? key : undefined;
}
