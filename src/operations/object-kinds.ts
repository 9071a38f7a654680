/**
 * Object Type enumeration values (KMIP 1.4 §9.1.3.2.12, 2.1 §11.34) and the managed-object
 * structure each names (1.4 §2.2, 2.1 §2): which of them this server stores, per version.
 */
import { ObjectType } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { objectTypeInVersion } from "../policy/index.js";
import type { ManagedObjectKind } from "./material.js";

/** Every managed object Register stores as given, by Object Type. */
const KIND_BY_TYPE = new Map<number, ManagedObjectKind>([
  [ObjectType.Certificate, "certificate"],
  [ObjectType.SymmetricKey, "symmetricKey"],
  [ObjectType.PublicKey, "publicKey"],
  [ObjectType.PrivateKey, "privateKey"],
  [ObjectType.SplitKey, "splitKey"],
  [ObjectType.Template, "template"],
  [ObjectType.SecretData, "secretData"],
  [ObjectType.OpaqueObject, "opaqueObject"],
  [ObjectType.PGPKey, "pgpKey"],
  [ObjectType.CertificateRequest, "certificateRequest"],
]);

const TYPE_BY_KIND = new Map<ManagedObjectKind, number>([...KIND_BY_TYPE].map(([t, k]) => [k, t]));

/** The managed-object structure of an Object Type; undefined for one we do not know. */
export function kindOfType(objectType: number): ManagedObjectKind | undefined {
  return KIND_BY_TYPE.get(objectType);
}

export function typeOfKind(kind: ManagedObjectKind): number {
  return TYPE_BY_KIND.get(kind)!;
}

/** The object types this server stores (Register) that `version` can name, in enumeration order. */
export function storedObjectTypes(version: KmipVersion): number[] {
  return [...KIND_BY_TYPE.keys()].sort((a, b) => a - b).filter((t) => objectTypeInVersion(t, version));
}

/** Objects with a Key Block (KMIP 1.4 §2.2, 2.1 §2): keys, split keys, secret data, PGP keys. */
export function hasKeyBlock(kind: ManagedObjectKind): boolean {
  return (
    kind === "symmetricKey" ||
    kind === "publicKey" ||
    kind === "privateKey" ||
    kind === "splitKey" ||
    kind === "secretData" ||
    kind === "pgpKey"
  );
}
