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
import type { KmipVersion } from "../kmip/version.js";

/** The entries of `list` that `version` can carry; custom attributes pass in every version. */
export function attributesForVersion(list: readonly Attribute[], version: KmipVersion): Attribute[] {
  return list.filter((a) => attributeInVersion(a.name, version));
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
