/**
 * Generated CA records: the legacy CA (created by the first `kmip/config` write, contract §2.2,
 * §3) and generated named CAs (§2.4) are both a root and an intermediate; the intermediate
 * issues client and server certificates. Private keys are kept as PKCS#8 PEM in the mount
 * storage, which the core seals.
 */
import {
  caTtlSecondsDefault,
  commonNamePrefixDefault,
  generateCaHierarchy,
  type IssuingCa,
  type KeyType,
} from "../../pki/index.js";
import { pkiInput } from "./errors.js";
import type { GeneratedCaRecord, NamedCaRecord } from "./records.js";

export interface GenerateCaInput {
  readonly keyType: KeyType;
  readonly keyBits: number;
  readonly ttlSeconds?: number;
  /** Root CN `<prefix> root`, intermediate CN `<prefix> intermediate`. */
  readonly commonNamePrefix?: string;
  readonly now: Date;
}

/** The legacy CA's CNs: `kmipd kmip root` → `kmipd kmip intermediate`, 10 years. */
export async function generateCaRecord(input: GenerateCaInput): Promise<GeneratedCaRecord> {
  const ttl = input.ttlSeconds ?? caTtlSecondsDefault;
  const hierarchy = await pkiInput(() =>
    generateCaHierarchy({
      keyType: input.keyType,
      keyBits: input.keyBits,
      ttlSeconds: ttl,
      commonNamePrefix: input.commonNamePrefix ?? commonNamePrefixDefault,
      now: input.now,
    }),
  );
  const stored = (cert: typeof hierarchy.root) => ({
    certificatePem: cert.certificatePem,
    privateKeyPem: cert.privateKeyPem,
    serialNumber: cert.serialNumber,
  });
  return {
    kind: "generated",
    keyType: hierarchy.keySpec.type,
    keyBits: hierarchy.keySpec.bits,
    ttl,
    root: stored(hierarchy.root),
    intermediate: stored(hierarchy.intermediate),
    createdAt: input.now.toISOString(),
  };
}

/** A named CA's CN prefix: `kmipd <name>`, cut so `<prefix> intermediate` fits 64 characters. */
export function namedCaPrefix(name: string): string {
  return `kmipd ${name}`.slice(0, 64 - " intermediate".length);
}

export function issuingCa(record: GeneratedCaRecord): IssuingCa {
  return { intermediate: record.intermediate, root: record.root };
}

/** `ca_chain`: [intermediate, root] for generated CAs (contract §2.3), the input for imported. */
export function caChainOf(record: NamedCaRecord): readonly string[] {
  return record.kind === "generated"
    ? [record.intermediate.certificatePem, record.root.certificatePem]
    : record.caChain;
}

/** `ca_pem`: the chain as one PEM text, intermediate first (contract §2.3). */
export function caPemOf(record: NamedCaRecord): string {
  return caChainOf(record).join("\n");
}
