/**
 * The attributes of a Re-key's replacement key — KMIP 1.4 §4.4 Tables 172–173; KMIP 2.1 §6.1.46
 * Tables 303–304: "attributes of the replacement key are copied from the existing key", except:
 *
 *   Initial Date → the current time; Destroy Date, Compromise Occurrence Date, Compromise Date,
 *   Revocation Reason → not set; Unique Identifier → new; Usage Limits → "The Total value is
 *   copied … and the Count value … set to the Total value"; Name → "Set to the name(s) of the
 *   existing key"; State → from the dates; Digest → recomputed; Link → "Set to point to the
 *   existing key as the replaced key"; Last Change Date → now; Random Number Generator → the
 *   generator used, "Not copied".
 *
 * The attributes every new object gets from the server (Original Creation Date, Fresh, Key Format
 * Type, Short Unique Identifier, Always Sensitive, Never Extractable …; `newObjectAttributes`) are
 * not copied either, nor Archive Date and Key Value Present/Location, which describe the old key's
 * storage. 2.1 §4.50 Rotate Generation counts "ReKey … operations that have occurred in order to
 * create this Managed Object", so the replacement's is the existing key's plus one.
 *
 * Dates (Table 172): with no Offset, Activation, Process Start, Protect Stop and Deactivation Date
 * are copied. With an Offset, Initial Date IT2 > IT1, Activation Date AT2 = IT2 + Offset, and each
 * other date moves by AT2 − AT1. 1.4 §11.5: an Offset together with any of those four dates in
 * the request → Invalid Message; an Offset when the existing key has Process Start, Protect Stop or
 * Deactivation Date but no Activation Date → Illegal Operation (2.x, which dropped that reason:
 * Invalid Field).
 */
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { LinkType, ResultReason } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import {
  dateValue,
  firstValue,
  hasAttribute,
  type KmipDate,
  kmipDate,
  withChanges,
} from "../policy/index.js";
import { addInstance, removeAll, stampLastChange } from "./attribute-instances.js";

const NOT_COPIED = new Set([
  "Unique Identifier",
  "Object Type",
  "State",
  "Initial Date",
  "Destroy Date",
  "Compromise Occurrence Date",
  "Compromise Date",
  "Revocation Reason",
  "Digest",
  "Link",
  "Last Change Date",
  "Random Number Generator",
  "Original Creation Date",
  "Fresh",
  "Key Format Type",
  "Short Unique Identifier",
  "Always Sensitive",
  "Never Extractable",
  "Archive Date",
  "Key Value Present",
  "Key Value Location",
  "Rotate Date",
  "Rotate Generation",
  "Rotate Latest",
]);

/** The dates an Offset moves, after the Activation Date (1.4 Table 172). */
const FOLLOWING_DATES = ["Process Start Date", "Protect Stop Date", "Deactivation Date"] as const;
const OFFSET_DATES = ["Activation Date", ...FOLLOWING_DATES];

export interface ReplacementInput {
  readonly existingUid: string;
  readonly existing: readonly Attribute[];
  /** The request's attributes, checked by the policy and with templates expanded. */
  readonly requested: readonly Attribute[];
  readonly offset: number | undefined;
  /** Whether an attribute may have several instances on a symmetric key. */
  readonly isMulti: (name: string) => boolean;
  readonly now: Date;
  readonly version: KmipVersion;
}

/** The replacement key's attributes, for `newObjectAttributes` to complete. */
export function replacementAttributes(input: ReplacementInput): Attribute[] {
  const copied = input.existing
    .filter((a) => !NOT_COPIED.has(a.name) && a.templateReference !== true)
    .map(({ name, value }) => ({ name, value }));
  const initial = replacementInitialDate(input.existing, input.now);
  const withRequest = overlay(copied, input.requested, input.isMulti);
  const dated = withChanges(withRequest, [
    { name: "Initial Date", value: initial },
    ...offsetDates(input, initial),
  ]);
  const generation = (firstValue(input.existing, "Rotate Generation") as number | undefined) ?? 0;
  return [
    ...dated,
    { name: "Rotate Generation", value: generation + 1 },
    {
      name: "Link",
      value: { linkType: LinkType.ReplacedObjectLink, linkedObjectIdentifier: input.existingUid },
    },
  ];
}

/** The request's attributes over the copied ones: single-instance ones replace, multi-instance ones add. */
function overlay(
  copied: Attribute[],
  requested: readonly Attribute[],
  isMulti: (name: string) => boolean,
): Attribute[] {
  const replaced = new Set(requested.filter((a) => !isMulti(a.name)).map((a) => a.name));
  const kept = copied.filter((a) => !replaced.has(a.name));
  return [...kept, ...requested.map(({ name, value }) => ({ name, value }))];
}

/** "Initial Date (IT2) > IT1": now, or one second after the existing key's when that is not later. */
export function replacementInitialDate(existing: readonly Attribute[], now: Date): KmipDate {
  const it1 = dateValue(existing, "Initial Date");
  const it2 = kmipDate(now);
  return it1 !== undefined && it2 <= it1 ? it1 + 1n : it2;
}

function offsetDates(input: ReplacementInput, it2: KmipDate): Attribute[] {
  if (input.offset === undefined) return [];
  if (OFFSET_DATES.some((name) => hasAttribute(input.requested, name)))
    throw new KmipError(ResultReason.InvalidMessage, "an Offset excludes the dates it computes");
  const at2 = it2 + BigInt(input.offset);
  const at1 = dateValue(input.existing, "Activation Date");
  const following = FOLLOWING_DATES.filter((name) => hasAttribute(input.existing, name));
  if (at1 === undefined && following.length > 0) throw offsetWithoutActivation(input.version);
  const shift = at1 === undefined ? 0n : at2 - at1;
  return [
    { name: "Activation Date", value: at2 },
    ...following.map((name) => ({ name, value: (dateValue(input.existing, name) as KmipDate) + shift })),
  ];
}

function offsetWithoutActivation(version: KmipVersion): KmipError {
  return new KmipError(
    version >= 20 ? ResultReason.InvalidField : ResultReason.IllegalOperation,
    "an Offset cannot move the dates of a key that has no Activation Date",
  );
}

/** The existing key after the Re-key: "all name attributes are removed", and a Replacement Object Link added. */
export function replacedAttributes(
  existing: readonly Attribute[],
  replacementUid: string,
  now: Date,
): Attribute[] {
  const link: Attribute = {
    name: "Link",
    value: { linkType: LinkType.ReplacementObjectLink, linkedObjectIdentifier: replacementUid },
  };
  const { list } = addInstance(removeAll(existing, "Name"), link, true);
  return stampLastChange(list, now);
}
