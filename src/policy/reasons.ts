/**
 * Which Result Reason a refusal carries, per protocol version. KMIP 1.x has a handful of
 * reasons and its error tables (1.4 §11) map most refusals to Permission Denied, Invalid Field,
 * Item Not Found or Illegal Operation; KMIP 2.0 (§6.1.x.1 tables) added precise reasons
 * (Attribute Read Only, Wrong Key Lifecycle State, Incompatible Cryptographic Usage Mask …) and
 * dropped Illegal Operation and Index Out of Bounds. Every policy function takes the request's
 * version and picks here, so a 1.0 client never sees a reason its version lacks.
 */

import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import { enumByName, enumValueInVersion } from "../kmip/tables.js";
import type { KmipVersion } from "../kmip/version.js";

/** Operations that change attributes of an existing object. */
export type AttributeOperation =
  | "Add Attribute"
  | "Modify Attribute"
  | "Delete Attribute"
  | "Set Attribute"
  | "Adjust Attribute";

/** Operations that make a new object from client-supplied attributes. */
export type CreationOperation =
  | "Create"
  | "Create Key Pair"
  | "Register"
  | "Derive Key"
  | "Re-key"
  | "Re-key Key Pair"
  | "Certify"
  | "Re-certify"
  | "Create Split Key"
  | "Join Split Key"
  | "Import";

export type PolicyOperation = AttributeOperation | CreationOperation;

const R = ResultReason;

function fail(reason: number, message: string): KmipError {
  return new KmipError(reason, message);
}

/**
 * A lifecycle state that forbids the operation. 1.4 §11.20 (Activate) and §11.22 (Destroy):
 * Permission Denied. KMIP 2.0 lists both Permission Denied and Wrong Key Lifecycle State; its
 * profile vectors (AKLC-M-2-20, CS-BC-M-14-20) expect Permission Denied, those of 2.1
 * (SKLC-M-2-21, CS-BC-M-14-21) Wrong Key Lifecycle State — so the reason changes at 2.1.
 */
export function wrongState(version: KmipVersion, message: string): KmipError {
  return fail(version >= 21 ? R.WrongKeyLifecycleState : R.PermissionDenied, message);
}

/**
 * A client tried to set, change or delete a read-only attribute. 1.4 §11.15–11.17: Permission
 * Denied. 2.1 §6.1.2.1 (Add), §6.1.3.1 (Adjust), §6.1.51.1 (Set) list "Read Only Attribute";
 * §6.1.8.1 (Create), §6.1.43.1 (Register), §6.1.34.1 (Modify), §6.1.13.1 (Delete) list
 * "Attribute Read Only" (BL-M-7-21: Modify of State).
 */
export function readOnly(version: KmipVersion, op: PolicyOperation, name: string): KmipError {
  const message = `${name} is read-only for clients`;
  if (version < 20) return fail(R.PermissionDenied, message);
  const addLike = op === "Add Attribute" || op === "Set Attribute" || op === "Adjust Attribute";
  return fail(addLike ? R.ReadOnlyAttribute : R.AttributeReadOnly, message);
}

/**
 * A second instance of a single-instance attribute. 1.4 §11.15: "The specified attribute already
 * exists" → Illegal Operation; on Create/Register 1.4 §11.2/§11.4 "Incorrect attribute value(s)"
 * → Invalid Field. 2.x: Attribute Single Valued (BL-M-5-21); Set/Adjust of an attribute with
 * several instances: Multi Valued Attribute (2.1 §6.1.51.1, TC-SETATTR-3-20).
 */
export function singleValued(version: KmipVersion, op: PolicyOperation, name: string): KmipError {
  const message = `${name} is a single-instance attribute`;
  if (version >= 20) {
    const multi = op === "Set Attribute" || op === "Adjust Attribute";
    return fail(multi ? R.MultiValuedAttribute : R.AttributeSingleValued, message);
  }
  return fail(op === "Add Attribute" ? R.IllegalOperation : R.InvalidField, message);
}

/** 1.4 §11.16: Modify of an attribute that "needs to first be added" → Invalid Field; §11.17 Delete → Item Not Found. 2.x: Attribute Not Found. */
export function attributeNotFound(version: KmipVersion, op: PolicyOperation, name: string): KmipError {
  const message = `the object has no ${name} attribute`;
  if (version >= 20) return fail(R.AttributeNotFound, message);
  return fail(op === "Modify Attribute" ? R.InvalidField : R.ItemNotFound, message);
}

/** 1.4 §11.16–11.17 "No matching attribute instance exists" → Item Not Found; 2.x: Attribute Instance Not Found. */
export function instanceNotFound(version: KmipVersion, name: string): KmipError {
  return fail(version >= 20 ? R.AttributeInstanceNotFound : R.ItemNotFound, `no such instance of ${name}`);
}

/**
 * A Name the object already has, added again. 1.4 §11.15 "The specified attribute already
 * exists" → Illegal Operation; 2.1 §6.1.2.1 Non Unique Name Attribute (OASIS BL-M-8-21).
 */
export function nameExists(version: KmipVersion): KmipError {
  const message = "the object already has this Name";
  return fail(version >= 20 ? R.NonUniqueNameAttribute : R.IllegalOperation, message);
}

/**
 * The attribute does not apply to the object type, or the version has no such attribute.
 * 1.4 §11.15: "not supported for this object" → Permission Denied (Add); §11.2/§11.4 → Invalid
 * Field (Create/Register). 2.x: Invalid Attribute ("An attribute is invalid for this object").
 */
export function notApplicable(version: KmipVersion, op: PolicyOperation, name: string): KmipError {
  const message = `${name} does not apply to this object`;
  if (version >= 20) return fail(R.InvalidAttribute, message);
  return fail(op === "Add Attribute" ? R.PermissionDenied : R.InvalidField, message);
}

/** An attribute value the rules refuse: 1.4 §11.2 "Incorrect attribute value(s)" → Invalid Field; 2.x Invalid Attribute Value. */
export function invalidValue(version: KmipVersion, message: string): KmipError {
  return fail(version >= 20 ? R.InvalidAttributeValue : R.InvalidField, message);
}

/** Too many instances: 1.4 §11.2/§11.15 → Index Out of Bounds; 2.x → Server Limit Exceeded. */
export function instanceLimit(version: KmipVersion, name: string): KmipError {
  return fail(version >= 20 ? R.ServerLimitExceeded : R.IndexOutOfBounds, `too many instances of ${name}`);
}

/** The usage mask lacks a bit: 1.4 §11.30–11.35 → Permission Denied; 2.x → Incompatible Cryptographic Usage Mask (BL-M-2-21). */
export function incompatibleUsage(version: KmipVersion, message: string): KmipError {
  return fail(version >= 20 ? R.IncompatibleCryptographicUsageMask : R.PermissionDenied, message);
}

/** The object type cannot take the operation: 1.4 §11.20–11.21 → Illegal Operation; 2.x → Invalid Object Type. */
export function invalidObjectType(version: KmipVersion, message: string): KmipError {
  return fail(version >= 20 ? R.InvalidObjectType : R.IllegalOperation, message);
}

/**
 * The object is already destroyed. Destroy: 1.4 §11.22 → Permission Denied; Get: 1.4 §11.12
 * "the server only has attributes for this object" → Illegal Operation. 2.x: Object Destroyed
 * (2.1 §6.1.15.1; BL-M-8-21 for Get).
 */
export function objectDestroyed(version: KmipVersion, op: "Destroy" | "Get"): KmipError {
  const message = "the object has been destroyed";
  if (version >= 20) return fail(R.ObjectDestroyed, message);
  return fail(op === "Destroy" ? R.PermissionDenied : R.IllegalOperation, message);
}

/**
 * A required attribute is absent. The error tables list no reason for it (1.4 §11.2/§11.4,
 * 2.1 §6.1.8.1/§6.1.43.1); Missing Data exists in every version and its 2.1 §11.46 definition,
 * "The operation REQUIRED additional information in the request, which was not present", is
 * this case exactly.
 */
export function missingData(message: string): KmipError {
  return fail(R.MissingData, message);
}

/**
 * A request the message rules forbid (1.4 §11.1 "The same field is contained in a header/batch
 * item/payload more than once"; §11.13 "The same Attribute Name is present more than once"):
 * Invalid Message in every version.
 */
export function invalidMessage(message: string): KmipError {
  return fail(R.InvalidMessage, message);
}

/** A request field (not an attribute value) with a value the rules refuse: Invalid Field in every version. */
export function invalidField(message: string): KmipError {
  return fail(R.InvalidField, message);
}

/**
 * Reasons of later versions mapped to the nearest reason an older version has (and back for the
 * two 1.x reasons that 2.0 dropped) — a last resort for the batch layer, which should otherwise
 * pass the reason through. The policy functions above already pick per version.
 */
const FALLBACK: Readonly<Record<number, number>> = {
  [R.WrongKeyLifecycleState]: R.PermissionDenied,
  [R.AttributeReadOnly]: R.PermissionDenied,
  [R.ReadOnlyAttribute]: R.PermissionDenied,
  [R.IncompatibleCryptographicUsageMask]: R.PermissionDenied,
  [R.ObjectDestroyed]: R.PermissionDenied,
  [R.NotAuthorised]: R.PermissionDenied,
  [R.AttributeNotFound]: R.ItemNotFound,
  [R.AttributeInstanceNotFound]: R.ItemNotFound,
  [R.ObjectNotFound]: R.ItemNotFound,
  [R.AttributeSingleValued]: R.IllegalOperation,
  [R.MultiValuedAttribute]: R.IllegalOperation,
  [R.NonUniqueNameAttribute]: R.IllegalOperation,
  [R.InvalidObjectType]: R.IllegalOperation,
  [R.IllegalObjectType]: R.IllegalOperation,
  [R.InvalidAttribute]: R.InvalidField,
  [R.BadCryptographicParameters]: R.InvalidField,
  [R.UnsupportedCryptographicParameters]: R.FeatureNotSupported,
  [R.InvalidAttributeValue]: R.InvalidField,
  [R.UnsupportedAttribute]: R.InvalidField,
  [R.InvalidDataType]: R.InvalidField,
  [R.UnknownEnumeration]: R.InvalidField,
  [R.ServerLimitExceeded]: R.IndexOutOfBounds,
  [R.UsageLimitExceeded]: R.PermissionDenied,
  [R.Sensitive]: R.PermissionDenied,
  [R.NotExtractable]: R.PermissionDenied,
  [R.KeyValueNotPresent]: R.IllegalOperation,
  [R.IllegalOperation]: R.PermissionDenied,
  [R.IndexOutOfBounds]: R.ServerLimitExceeded,
};

const RESULT_REASON = enumByName("Result Reason");

/** `reason` if `version` defines it, else its nearest equivalent, else General Failure. */
export function reasonForVersion(reason: number, version: KmipVersion): number {
  if (RESULT_REASON === undefined) return reason;
  let r: number | undefined = reason;
  for (let hops = 0; r !== undefined && hops < 3; hops++) {
    if (enumValueInVersion(RESULT_REASON, r, version)) return r;
    r = FALLBACK[r];
  }
  return R.GeneralFailure;
}
