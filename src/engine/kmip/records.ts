/**
 * The records the engine keeps in its mount storage (layout in `state.ts`). They are plain JSON:
 * field names are camelCase here and become the snake_case of the API in each resource's
 * `*Response` function, so the stored shape can evolve without changing the API.
 */
import type { KeyType } from "../../pki/index.js";

/** `kmip/config` (contract §2.2); absent until the first write. */
export interface ConfigRecord {
  readonly listenAddrs: readonly string[];
  /** Seconds; only kept and shown once written (contract §2.2 [INF]). */
  readonly connectionTimeout?: number;
  readonly serverHostnames: readonly string[];
  /** As written; an empty list reads back as the localhost pair. */
  readonly serverIps: readonly string[];
  readonly tlsCaKeyType: KeyType;
  readonly tlsCaKeyBits: number;
  readonly tlsMinVersion: string;
  readonly defaultTlsClientKeyType: KeyType;
  readonly defaultTlsClientKeyBits: number;
  readonly defaultTlsClientTtl: number;
}

/** One CA certificate with its (sealed-by-the-core) PKCS#8 key. */
export interface StoredCaCert {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly serialNumber: string;
}

/** A generated root → intermediate pair: the legacy CA and generated named CAs. */
export interface GeneratedCaRecord {
  readonly kind: "generated";
  readonly keyType: KeyType;
  readonly keyBits: number;
  readonly ttl: number;
  readonly root: StoredCaCert;
  readonly intermediate: StoredCaCert;
  readonly createdAt: string;
}

/** An imported chain (contract §2.4): verifies clients only, maps subjects to scope/role. */
export interface ImportedCaRecord {
  readonly kind: "imported";
  /** Every certificate of the imported PEM, in input order. */
  readonly caChain: readonly string[];
  readonly serialNumber: string;
  readonly scopeName?: string;
  readonly scopeField?: SubjectField;
  readonly roleName?: string;
  readonly roleField?: SubjectField;
  readonly createdAt: string;
}

export type NamedCaRecord = GeneratedCaRecord | ImportedCaRecord;

export type SubjectField = "CN" | "O" | "OU" | "UID";
export const subjectFields: readonly SubjectField[] = ["CN", "O", "OU", "UID"];

/** `kmip/listener/:name` (contract §2.5). */
export interface ListenerRecord {
  readonly ca: string;
  readonly address: string;
  readonly serverHostnames: readonly string[];
  readonly serverIps: readonly string[];
  readonly additionalClientCas: readonly string[];
  readonly alsoUseLegacyCa: boolean;
  readonly tlsMinVersion: string;
  readonly tlsMaxVersion: string;
  readonly tlsCipherSuites: string;
}

/** `kmip/scope/:scope` (contract §2.6, §3): the random id goes into client certificates as OU. */
export interface ScopeRecord {
  readonly id: string;
  readonly createdAt: string;
}

/** `kmip/scope/:scope/role/:role` (contract §2.7): the random id goes into certificates as CN. */
export interface RoleRecord {
  readonly id: string;
  /** Canonical flag names without the `operation_` prefix; "all"/"none" stand alone. */
  readonly operations: readonly string[];
  readonly tlsClientKeyType?: KeyType;
  readonly tlsClientKeyBits?: number;
  readonly tlsClientTtl?: number;
  /** A generated named CA; absent means the legacy CA. */
  readonly ca?: string;
  readonly createdAt: string;
}

/** An issued client certificate (contract §2.8); revoke deletes it. */
export interface CredentialRecord {
  readonly serialNumber: string;
  readonly certificatePem: string;
  readonly caChain: readonly string[];
  /** The issuing CA: a named CA or `legacyCaName`. */
  readonly caName: string;
  /** The issuing intermediate's serial: a regenerated CA of the same name no longer matches. */
  readonly issuerSerial: string;
  readonly scopeName: string;
  readonly roleName: string;
  readonly notAfter: string;
}

/** `index/serial/<serial>`: from a presented certificate's serial to its owner. */
export interface SerialIndexRecord {
  readonly scopeName: string;
  readonly scopeId: string;
  readonly roleName: string;
  readonly roleId: string;
  readonly caName: string;
  readonly issuerSerial: string;
}

/** `index/role-id/<id>`. */
export interface RoleIdIndexRecord {
  readonly scopeName: string;
  readonly roleName: string;
}

/** `server/...`: a server certificate cached until its inputs change or it nears expiry. */
export interface ServerCertRecord {
  readonly fingerprint: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly caChain: readonly string[];
  readonly notAfter: string;
}

/**
 * The name the legacy CA goes by wherever CAs are named (`trustedClientCas`, `resolveClient`,
 * credential records). Named CAs must match Vault's generic name pattern (`ca.ts`), which has
 * no `@`, so this name can never collide with one.
 */
export const legacyCaName = "@legacy";
