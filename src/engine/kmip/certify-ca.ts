/**
 * The mount's Certify CA, as KMIP operations see it (`CertificateAuthority`, for Certify and
 * Re-certify, KMIP 1.4 §4.7–4.8): a root and an intermediate of their own (`kmipd certify root`
 * → `kmipd certify intermediate`), not the legacy CA of `kmip/ca`.
 *
 * Why a CA of its own: the legacy CA (and every named CA) is a TLS trust anchor of the mount's
 * listeners; a KMIP client chooses the subject of what Certify issues (its certificate request,
 * or its key's Name), so a certificate from a trust anchor could be presented back to a
 * listener as a client credential for any scope and role. No listener ever trusts the Certify
 * CA, so what it signs can never authenticate to kmipd, whatever its subject.
 *
 * It is generated on the first Certify of a configured mount (key type and size of
 * `tls_ca_key_type`/`tls_ca_key_bits`; ten years), stored under `ca/certify` in the mount's
 * storage, which the core seals like the other CA keys, and read back per request; its key never
 * leaves this module. Concurrent first uses in one process share one generation; two nodes of a
 * cluster generating at the same moment both re-read what was stored last and use that, so they
 * converge on one CA (a certificate issued in that instant by the overwritten one keeps a valid
 * signature, but its issuer is no longer published at `certify/ca`).
 */
import type { CertificateAuthority, CertificateIssue } from "../../operations/types.js";
import { issueCertifiedKey } from "../../pki/certify-profile.js";
import { generateCaRecord, issuingCa } from "./ca-records.js";
import type { GeneratedCaRecord } from "./records.js";
import { type KmipStore, putOp, readJson } from "./store.js";

export const certifyCaKey = "ca/certify";
const certifyCaPrefix = "kmipd certify";

export class NoCertificateAuthorityError extends Error {
  constructor() {
    super("the KMIP engine has no CA yet: write kmip/config first");
  }
}

/** The stored Certify CA, if one was generated. */
export function storedCertifyCa(store: KmipStore): Promise<GeneratedCaRecord | undefined> {
  return readJson<GeneratedCaRecord>(store.storage, certifyCaKey);
}

/** Generations in flight, per mount storage: one per process at a time. */
const generating = new WeakMap<KmipStore["storage"], Promise<GeneratedCaRecord>>();

async function generateCertifyCa(store: KmipStore, now: Date): Promise<GeneratedCaRecord> {
  const config = await store.config();
  if (config === undefined) throw new NoCertificateAuthorityError();
  const record = await generateCaRecord({
    keyType: config.tlsCaKeyType,
    keyBits: config.tlsCaKeyBits,
    commonNamePrefix: certifyCaPrefix,
    now,
  });
  // Not a management change: no generation bump, no change event (no listener trusts it).
  await store.storage.batch([putOp(certifyCaKey, record)]);
  return (await storedCertifyCa(store)) ?? record;
}

/** The mount's Certify CA, generated on first use. */
export async function certifyCa(store: KmipStore, now: Date): Promise<GeneratedCaRecord> {
  if ((await store.config()) === undefined) throw new NoCertificateAuthorityError();
  const stored = await storedCertifyCa(store);
  if (stored !== undefined) return stored;
  let pending = generating.get(store.storage);
  if (pending === undefined) {
    pending = generateCertifyCa(store, now).finally(() => generating.delete(store.storage));
    generating.set(store.storage, pending);
  }
  return pending;
}

export function mountCertificateAuthority(store: KmipStore): CertificateAuthority {
  return {
    async issue(request: CertificateIssue): Promise<Uint8Array> {
      const ca = await certifyCa(store, request.now);
      return issueCertifiedKey({ issuer: issuingCa(ca), ...request });
    },
  };
}
