/**
 * May the object be used for a cryptographic operation now? The states of 1.4 §3.22 (2.1 §4.57):
 *  - Pre-Active: "SHALL NOT be used for any cryptographic purpose";
 *  - Active: every purpose its Cryptographic Usage Mask allows;
 *  - Deactivated: "SHALL NOT be used for applying cryptographic protection (e.g., encryption,
 *    signing, wrapping, MACing, deriving)"; "SHOULD only be used to process cryptographically-
 *    protected information (e.g., decryption, signature verification, unwrapping, MAC
 *    verification) under extraordinary circumstances and when special permission is granted";
 *  - Compromised: the same, "in a client that is trusted to use managed objects that have been
 *    compromised";
 *  - Destroyed, Destroyed Compromised: no purpose at all.
 * Processing with a Deactivated or Compromised object is allowed here: the client's role already
 * grants the operation, which is the permission the spec asks for.
 * Dates (1.4 §3.25–3.26): before the Process Start Date the object SHALL NOT process protected
 * data; once the Protect Stop Date has occurred it SHALL NOT apply protection.
 */
import { State } from "../kmip/generated/enums.js";
import { CryptographicUsageMask as M } from "../kmip/generated/masks.js";
import type { KmipVersion } from "../kmip/version.js";
import { dateValue, isReached } from "./attribute-list.js";
import { stateName } from "./lifecycle.js";
import { applyDates, type LifecycleObject } from "./lifecycle-dates.js";
import { wrongState } from "./reasons.js";

/** The operations that use key material, named as the operations (and usage bits, 2.1 §12.1) are. */
export type CryptoPurpose =
  | "Encrypt"
  | "Decrypt"
  | "Sign"
  | "Signature Verify"
  | "MAC"
  | "MAC Verify"
  | "Wrap Key"
  | "Unwrap Key"
  | "Derive Key"
  | "Key Agreement"
  | "Certificate Sign"
  | "CRL Sign";

export interface PurposeRule {
  /** Applies protection (encrypt, sign, wrap, MAC, derive), rather than processing protected data. */
  readonly protects: boolean;
  /** The Cryptographic Usage Mask bit it needs (2.1 §12.1 Table 495). */
  readonly usage: number;
}

export const PURPOSES: Readonly<Record<CryptoPurpose, PurposeRule>> = {
  Encrypt: { protects: true, usage: M.Encrypt },
  Decrypt: { protects: false, usage: M.Decrypt },
  Sign: { protects: true, usage: M.Sign },
  "Signature Verify": { protects: false, usage: M.Verify },
  MAC: { protects: true, usage: M.MACGenerate },
  "MAC Verify": { protects: false, usage: M.MACVerify },
  "Wrap Key": { protects: true, usage: M.WrapKey },
  "Unwrap Key": { protects: false, usage: M.UnwrapKey },
  "Derive Key": { protects: true, usage: M.DeriveKey },
  "Key Agreement": { protects: true, usage: M.KeyAgreement },
  "Certificate Sign": { protects: true, usage: M.CertificateSign },
  "CRL Sign": { protects: true, usage: M.CRLSign },
};

function datesAllow(obj: LifecycleObject, protects: boolean, now: Date): boolean {
  if (protects) return !isReached(dateValue(obj.attributes, "Protect Stop Date"), now);
  const start = dateValue(obj.attributes, "Process Start Date");
  return start === undefined || isReached(start, now);
}

/** Whether the object's state and dates allow `purpose` at `now` (the usage mask is `requireUsage`'s). */
export function canUseFor(obj: LifecycleObject, purpose: CryptoPurpose, now: Date): boolean {
  const { protects } = PURPOSES[purpose];
  const state = applyDates(obj, now).state;
  if (state === State.Active) return datesAllow(obj, protects, now);
  if (state === State.Deactivated || state === State.Compromised)
    return !protects && datesAllow(obj, false, now);
  return false;
}

/**
 * `canUseFor` or throw: 1.4 §11.30–11.35 "Object specified is not able to be used for …" →
 * Permission Denied (CS-BC-M-14-14); 2.1 Wrong Key Lifecycle State (CS-BC-M-14-21, CS-AC-M-8-21).
 */
export function requireUsableFor(
  obj: LifecycleObject,
  purpose: CryptoPurpose,
  now: Date,
  version: KmipVersion,
): void {
  if (canUseFor(obj, purpose, now)) return;
  const state = stateName(applyDates(obj, now).state);
  throw wrongState(version, `the object cannot be used for ${purpose} now (state ${state})`);
}
