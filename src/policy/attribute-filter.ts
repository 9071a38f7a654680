/**
 * The output filter: what a client of a given version may be sent. Objects are stored with the
 * attributes of the newest version (Fresh, Original Creation Date, Sensitive, Key Format Type …);
 * Get Attributes, Get Attribute List and Locate-related responses pass them through here so that
 * "the server must never send a 1.0 client a 1.4 attribute" — strict 1.x clients reject tags
 * their version lacks (Percona Server for MongoDB failed on Fresh, Cosmian KMS #687).
 *
 * Each attribute's versions are those of its section in each specification (1.0–1.4 §3,
 * 2.0–2.1 §4; `since`/`until` in src/kmip/objects/attribute-table.ts): e.g. Fresh 1.1 (§3.34),
 * Original Creation Date 1.2 (§3.43), Random Number Generator 1.3 (§3.44), Sensitive 1.4
 * (§3.48), Key Format Type and Short Unique Identifier 2.0 (2.0 §4), Rotate * 2.1 (§4.48–4.54);
 * Operation Policy Name and the 1.0 Certificate Identifier/Subject/Issuer end with 1.4.
 */
import { type Attribute, attributeInVersion } from "../kmip/attributes.js";
import { maskBitsInVersion, maskByName } from "../kmip/tables.js";
import type { KmipVersion } from "../kmip/version.js";

/**
 * A bit-mask attribute without the bits that only other versions define: a Cryptographic Usage
 * Mask set by a 1.x client with Export (1.4 §9.1.3.3.1) reads, for a 2.x client, without it
 * (2.1 §12.1 lists 0x40 as Reserved); the value stored is unchanged. Bits no version defines
 * (the extensions, 2.1 §12.1 "XXX00000") pass.
 */
function maskedForVersion(a: Attribute, version: KmipVersion): Attribute {
  const mask = typeof a.value === "number" ? maskByName(a.name) : undefined;
  if (mask === undefined) return a;
  let known = 0;
  for (const v of mask.values) known |= v.value;
  const foreign = known & ~maskBitsInVersion(mask, version);
  const value = a.value as number;
  return (value & foreign) === 0 ? a : Object.assign({}, a, { value: (value & ~foreign) >>> 0 });
}

/** The entries of `list` that `version` can carry; custom attributes pass in every version. */
export function attributesForVersion(list: readonly Attribute[], version: KmipVersion): Attribute[] {
  return list.filter((a) => attributeInVersion(a.name, version)).map((a) => maskedForVersion(a, version));
}

/** The distinct names of `list` that `version` can carry, in first-seen order (Get Attribute List). */
export function attributeNamesForVersion(list: readonly Attribute[], version: KmipVersion): string[] {
  const names = new Set<string>();
  for (const a of list)
    if (a.templateReference !== true && attributeInVersion(a.name, version)) names.add(a.name);
  return [...names];
}

/** Whether `version` can carry the attribute at all (e.g. to ignore a Get Attributes name it lacks). */
export function attributeVisibleIn(name: string, version: KmipVersion): boolean {
  return attributeInVersion(name, version);
}
