/**
 * Issuing client credentials (contract §2.8, §3): the key type, bits and TTL come from the role,
 * else from the config defaults; the issuer is the role's named CA, else the legacy CA. The
 * certificate is made outside the writer lock (key generation is slow), then committed under it
 * only if the scope and role still carry the ids the certificate names.
 */
import {
  type ClientCredential,
  type IssuingCa,
  issueClientCertificate,
  signClientCsr,
} from "../../pki/index.js";
import { issuingCa } from "./ca-records.js";
import { configDefaults } from "./config-values.js";
import type { KmipContext } from "./context.js";
import { badRequest, pkiInput } from "./errors.js";
import { type CredentialRecord, legacyCaName, type RoleRecord, type ScopeRecord } from "./records.js";
import { keys, putOp } from "./store.js";

export interface RoleTarget {
  readonly scopeName: string;
  readonly roleName: string;
  readonly scope: ScopeRecord;
  readonly role: RoleRecord;
}

/** The scope and role a credential request names; a missing one is a 400 for writes. */
export async function loadTarget(ctx: KmipContext, scopeName: string, roleName: string): Promise<RoleTarget> {
  const scope = await ctx.store.scope(scopeName);
  if (!scope) throw badRequest(`scope "${scopeName}" does not exist`);
  const role = await ctx.store.role(scopeName, roleName);
  if (!role) throw badRequest(`role "${roleName}" does not exist in scope "${scopeName}"`);
  return { scopeName, roleName, scope, role };
}

interface Issuer {
  readonly caName: string;
  readonly issuerSerial: string;
  readonly ca: IssuingCa;
}

async function issuerFor(ctx: KmipContext, role: RoleRecord): Promise<Issuer> {
  if (role.ca !== undefined) {
    const named = await ctx.store.namedCa(role.ca);
    if (named?.kind !== "generated") throw badRequest(`the role's CA "${role.ca}" cannot issue certificates`);
    return { caName: role.ca, issuerSerial: named.intermediate.serialNumber, ca: issuingCa(named) };
  }
  const legacy = (await ctx.store.config()) ? await ctx.store.legacyCa() : undefined;
  if (!legacy) throw badRequest("the KMIP engine is not configured: write kmip/config first");
  return { caName: legacyCaName, issuerSerial: legacy.intermediate.serialNumber, ca: issuingCa(legacy) };
}

async function issueRequest(ctx: KmipContext, target: RoleTarget) {
  const config = (await ctx.store.config()) ?? configDefaults;
  const { role } = target;
  const issuer = await issuerFor(ctx, role);
  return {
    issuer,
    request: {
      ca: issuer.ca,
      scopeId: target.scope.id,
      roleId: role.id,
      keyType: role.tlsClientKeyType ?? config.defaultTlsClientKeyType,
      keyBits: role.tlsClientKeyBits ?? config.defaultTlsClientKeyBits,
      ttlSeconds: role.tlsClientTtl ?? config.defaultTlsClientTtl,
      now: ctx.now(),
    },
  };
}

/** `credential/generate` (with no CSR) or `credential/sign` (with one), stored on success. */
export async function issueCredential(
  ctx: KmipContext,
  target: RoleTarget,
  csrPem?: string,
): Promise<ClientCredential> {
  const { issuer, request } = await issueRequest(ctx, target);
  const issued = await pkiInput(() =>
    csrPem === undefined ? issueClientCertificate(request) : signClientCsr({ ...request, csrPem }),
  );
  await storeCredential(ctx, target, issuer, issued);
  return issued;
}

async function storeCredential(
  ctx: KmipContext,
  target: RoleTarget,
  issuer: Issuer,
  issued: ClientCredential,
): Promise<void> {
  const { caName, issuerSerial } = issuer;
  const { scopeName, roleName, scope, role } = target;
  await ctx.exclusive(async () => {
    const current = await loadTarget(ctx, scopeName, roleName);
    if (current.scope.id !== scope.id || current.role.id !== role.id) {
      throw badRequest(`role "${roleName}" was deleted while its credential was being issued`);
    }
    const serial = issued.serialNumber;
    const record: CredentialRecord = {
      serialNumber: serial,
      certificatePem: issued.certificatePem,
      caChain: issued.caChain,
      caName,
      issuerSerial,
      scopeName,
      roleName,
      notAfter: issued.notAfter.toISOString(),
    };
    const index = { scopeName, scopeId: scope.id, roleName, roleId: role.id, caName, issuerSerial };
    await ctx.commit(
      [putOp(keys.credential(scope.id, role.id, serial), record), putOp(keys.serialIndex(serial), index)],
      { kind: "credential", scope: scopeName, role: roleName },
    );
  });
}
