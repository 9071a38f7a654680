/**
 * The attributes a new object starts with: the client's (already checked by `checkTemplate`)
 * plus those the server sets "When implicitly set: Create, Register, …" (1.4 §3, 2.1 §4). The
 * list holds every attribute of the newest version; `attributesForVersion` trims it per client.
 */
import type { Attribute } from "../kmip/attributes.js";
import { HashingAlgorithm, ObjectType, RNGAlgorithm, State } from "../kmip/generated/enums.js";
import { ProtectionStorageMask } from "../kmip/generated/masks.js";
import type { KmipVersion } from "../kmip/version.js";
import { firstValue, hasAttribute, kmipDate } from "./attribute-list.js";
import { initialState } from "./lifecycle-dates.js";
import { objectTypes, SECRET_KEY_VALUES, TEMPLATES } from "./object-types.js";
import type { CreationOperation } from "./reasons.js";
import { invalidValue } from "./reasons.js";
import { defaultUsageMask } from "./usage-mask.js";

export interface NewObjectInput {
  readonly uid: string;
  readonly objectType: number;
  readonly op: CreationOperation;
  /** The client's attributes (template references already resolved). */
  readonly template: readonly Attribute[];
  readonly now: Date;
  readonly version: KmipVersion;
  /** Set by the server from the request or the object (Create: `createAlgorithmAndLength`; Register: the Key Block). */
  readonly cryptographicAlgorithm?: number | undefined;
  readonly cryptographicLength?: number | undefined;
  /** SHA-256 of the Key Material, Certificate Value or Opaque Data Value, if the server holds it (1.4 §3.17). */
  readonly digest?: Uint8Array | undefined;
  /** Format of the stored material: Raw for a created symmetric key, the registered format on Register. */
  readonly keyFormatType?: number | undefined;
  /** 2.1 §4.56: "SHOULD be generated as a SHA-256 hash of the Unique Identifier". */
  readonly shortUniqueIdentifier?: Uint8Array | undefined;
  /** RNG Parameters of the generator used for a generated object (1.4 §3.44); default: Unspecified. */
  readonly randomNumberGenerator?: { readonly rngAlgorithm: number } | undefined;
  /** Register of a Key Block without Key Value (1.4 §3.41). */
  readonly keyValueAbsent?: boolean | undefined;
  /** The request's Protection Storage Mask selection that was used (2.1 §7.33); default: the server's. */
  readonly protectionStorageMask?: number | undefined;
}

/**
 * The protection storage this server gives every object: material sealed in software (2.1 §12.2
 * Software). Recorded as the Protection Storage Mask of each new object, which 2.1 §4.44 says
 * "SHALL always have a value", "Initially set by: Server", "When implicitly set: When object is
 * stored"; `attributesForVersion` hides it from KMIP 1.x clients, which do not know it.
 */
export const SERVER_PROTECTION_STORAGE: number = ProtectionStorageMask.Software;

/**
 * The longest lease this server gives (Obtain Lease serves it, OASIS TC-95: one hour). 2.1 §4.30
 * (1.4 §3.20): "A server SHALL store in this attribute the maximum Lease Time it is able to
 * serve"; "When implicitly set: Create, Create Key Pair, Register, Derive Key, Certify,
 * Re-certify, Re-key, Re-key Key Pair" (`LEASED`). The OASIS reference server shows it too
 * (TC-IMPEXP-3-20, TC-IMPEXP-4-20: Lease Time 3600 on a registered object).
 */
export const SERVER_LEASE_SECONDS = 3600;

const LEASED: ReadonlySet<CreationOperation> = new Set([
  "Create",
  "Create Key Pair",
  "Register",
  "Derive Key",
  "Certify",
  "Re-certify",
  "Re-key",
  "Re-key Key Pair",
]);

export interface NewObject {
  readonly state: number;
  readonly attributes: Attribute[];
}

const GENERATED: ReadonlySet<CreationOperation> = new Set([
  "Create",
  "Create Key Pair",
  "Derive Key",
  "Re-key",
  "Re-key Key Pair",
  "Certify",
  "Re-certify",
  "Create Split Key",
  "Join Split Key",
]);
const DIGEST_KEY_FORMAT = new Set(objectTypes(SECRET_KEY_VALUES, [ObjectType.PublicKey, ObjectType.PGPKey]));

/**
 * Digest (1.4 §3.17): "a mandatory attribute instance computed with the SHA-256 hashing
 * algorithm"; for a registered object over the registered Key Format Type, otherwise any format
 * the server can serve (Raw for created keys). Key Format Type is in it for keys and secret data.
 */
export function digestAttribute(
  objectType: number,
  digestValue: Uint8Array,
  keyFormatType?: number,
): Attribute {
  const value: { hashingAlgorithm: number; digestValue: Uint8Array; keyFormatType?: number } = {
    hashingAlgorithm: HashingAlgorithm.SHA_256,
    digestValue,
  };
  if (keyFormatType !== undefined && DIGEST_KEY_FORMAT.has(objectType)) value.keyFormatType = keyFormatType;
  return { name: "Digest", value };
}

/** 1.4 §3.21: "The server SHALL ignore the Usage Limits Count value if the attribute is specified in an operation that creates a new object". */
function normalized(a: Attribute): Attribute {
  if (a.name !== "Usage Limits") return a;
  const limits = a.value as { usageLimitsTotal: bigint; usageLimitsUnit: number };
  return { name: a.name, value: Object.assign({}, limits, { usageLimitsCount: limits.usageLimitsTotal }) };
}

/** 1.4 §3.44: a generator named in a Create template must be the one the server uses, or the request fails. */
function checkRequestedRng(input: NewObjectInput, used: { rngAlgorithm: number }): void {
  const asked = firstValue(input.template, "Random Number Generator") as
    | { rngAlgorithm?: number }
    | undefined;
  if (asked === undefined || !GENERATED.has(input.op)) return;
  if (asked.rngAlgorithm !== RNGAlgorithm.Unspecified && asked.rngAlgorithm !== used.rngAlgorithm)
    throw invalidValue(input.version, "the server cannot use the requested Random Number Generator");
}

function clientEntries(input: NewObjectInput): Attribute[] {
  const generated = GENERATED.has(input.op);
  return input.template
    .filter((a) => a.templateReference !== true && a.name !== "Object Type")
    .filter((a) => !(generated && a.name === "Random Number Generator"))
    .map(normalized);
}

/** Server attributes the client did not give: each only if absent from `list`. */
function serverDefaults(input: NewObjectInput, list: readonly Attribute[]): Attribute[] {
  const { objectType, now } = input;
  const generated = GENERATED.has(input.op);
  const out: Attribute[] = [];
  const add = (name: string, value: unknown) => {
    if (value !== undefined && !hasAttribute(list, name)) out.push({ name, value });
  };
  add("Cryptographic Algorithm", input.cryptographicAlgorithm);
  add("Cryptographic Length", input.cryptographicLength);
  add(
    "Cryptographic Usage Mask",
    defaultUsageMask(
      objectType,
      input.cryptographicAlgorithm ?? (firstValue(list, "Cryptographic Algorithm") as number | undefined),
    ),
  );
  add("Initial Date", kmipDate(now)); // 1.4 §3.23
  add("Last Change Date", kmipDate(now)); // 1.4 §3.38
  if (generated) add("Original Creation Date", kmipDate(now)); // 1.4 §3.43: "the same as the Initial Date"
  if (objectType !== ObjectType.Template) add("Fresh", true); // 1.1 §3.34: "set to True when a new object is created"
  if (objectType !== ObjectType.Template && LEASED.has(input.op)) add("Lease Time", SERVER_LEASE_SECONDS); // 2.1 §4.30
  if (input.digest !== undefined) out.push(digestAttribute(objectType, input.digest, input.keyFormatType));
  add("Key Format Type", input.keyFormatType); // 2.1 §4.26
  add("Short Unique Identifier", input.shortUniqueIdentifier); // 2.1 §4.56
  if (generated && objectType !== ObjectType.Template)
    add("Random Number Generator", input.randomNumberGenerator ?? { rngAlgorithm: RNGAlgorithm.Unspecified });
  if (input.keyValueAbsent === true) add("Key Value Present", false); // 1.4 §3.41
  add("Protection Storage Mask", input.protectionStorageMask ?? SERVER_PROTECTION_STORAGE); // 2.1 §4.44
  return out;
}

/**
 * Sensitive defaults to False and Extractable to True when the client gives none (1.4 §3.48,
 * §3.50); Always Sensitive starts as Sensitive and Never Extractable as not Extractable (§3.49, §3.51).
 */
function sensitivity(list: readonly Attribute[]): Attribute[] {
  const sensitive = (firstValue(list, "Sensitive") as boolean | undefined) ?? false;
  const extractable = (firstValue(list, "Extractable") as boolean | undefined) ?? true;
  const out: Attribute[] = [];
  if (!hasAttribute(list, "Sensitive")) out.push({ name: "Sensitive", value: sensitive });
  out.push({ name: "Always Sensitive", value: sensitive });
  if (!hasAttribute(list, "Extractable")) out.push({ name: "Extractable", value: extractable });
  out.push({ name: "Never Extractable", value: !extractable });
  return out;
}

/**
 * The state and attributes of a new object: Unique Identifier and Object Type first, then the
 * client's attributes, then the server's. State is Pre-Active, or Active when the template's
 * Activation Date has already occurred (1.4 §3.22 transition 1). Templates have no State (§3.22
 * applies to Cryptographic Objects; TC-312-12): their row keeps Pre-Active, their list none.
 */
export function newObjectAttributes(input: NewObjectInput): NewObject {
  const head: Attribute[] = [
    { name: "Unique Identifier", value: input.uid },
    { name: "Object Type", value: input.objectType },
  ];
  const client = clientEntries(input);
  const rng = input.randomNumberGenerator ?? { rngAlgorithm: RNGAlgorithm.Unspecified };
  checkRequestedRng(input, rng);
  let list = [...head, ...client];
  list = [...list, ...serverDefaults(input, list)];
  if (!TEMPLATES.includes(input.objectType)) list = [...list, ...sensitivity(list)];
  const state = TEMPLATES.includes(input.objectType)
    ? State.PreActive
    : initialState(input.objectType, list, input.now);
  if (!TEMPLATES.includes(input.objectType)) list.splice(2, 0, { name: "State", value: state });
  return { state, attributes: list };
}
