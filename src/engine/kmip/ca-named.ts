/**
 * Named CAs (Vault 2.0, contract §2.4): generate a root → intermediate pair that issues client
 * and listener certificates, or import an external chain that only verifies clients and maps a
 * subject field or a fixed name to the scope and role. A name is used once: generating or
 * importing over an existing CA is a 400 (delete it first), so a CA that listeners and roles
 * rely on cannot be swapped underneath them.
 */
import type { LogicalRequest } from "../../api/framework/types.js";
import { importCa, type KeyType } from "../../pki/index.js";
import { caChainOf, caPemOf, generateCaRecord, namedCaPrefix } from "./ca-records.js";
import type { KmipContext } from "./context.js";
import { badRequest, checkGenericName, notFound, pkiInput } from "./errors.js";
import { param, sent } from "./fields.js";
import type { ImportedCaRecord, NamedCaRecord, SubjectField } from "./records.js";
import { keys, putOp } from "./store.js";

export const namedCaTtlDefault = 365 * 24 * 60 * 60; // "365d" (contract §2.4)

export function namedCaResponse(record: NamedCaRecord): Record<string, unknown> {
  const chain = caChainOf(record);
  const common = { ca_chain: chain, certificate: chain[0] ?? "", ca_pem: caPemOf(record) };
  if (record.kind === "generated") {
    // contract §2.4: docs and the TF provider disagree, so both field sets are returned.
    return {
      ...common,
      serial_number: record.intermediate.serialNumber,
      key_type: record.keyType,
      key_bits: record.keyBits,
      ttl: record.ttl,
      imported: false,
    };
  }
  return {
    ...common,
    serial_number: record.serialNumber,
    imported: true,
    ...(record.scopeName === undefined ? {} : { scope_name: record.scopeName }),
    ...(record.scopeField === undefined ? {} : { scope_field: record.scopeField }),
    ...(record.roleName === undefined ? {} : { role_name: record.roleName }),
    ...(record.roleField === undefined ? {} : { role_field: record.roleField }),
  };
}

async function checkFree(ctx: KmipContext, name: string): Promise<void> {
  if (await ctx.store.namedCa(name)) {
    throw badRequest(`CA "${name}" already exists; delete it first to replace it`);
  }
}

export async function generateNamedCa(ctx: KmipContext, req: LogicalRequest) {
  const name = checkGenericName("CA", param(req, "name"));
  const keyType = req.get<KeyType>("key_type");
  const keyBits = req.get<number>("key_bits");
  const ttl = req.get<number>("ttl");
  if (ttl <= 0) throw badRequest("ttl must be positive");
  return ctx.exclusive(async () => {
    await checkFree(ctx, name);
    const record = await generateCaRecord({
      keyType,
      keyBits,
      ttlSeconds: ttl,
      commonNamePrefix: namedCaPrefix(name),
      now: ctx.now(),
    });
    await ctx.commit([putOp(keys.namedCa(name), record)], { kind: "ca", name });
    return { data: namedCaResponse(record) };
  });
}

type Mapping = Pick<ImportedCaRecord, "scopeName" | "scopeField" | "roleName" | "roleField">;

/** One side (scope or role) of the mapping: a fixed name or a subject field, never both. */
function side(req: LogicalRequest, what: "scope" | "role", current?: Mapping) {
  const name = nonEmpty(sent<string>(req, `${what}_name`));
  const field = nonEmpty(sent<SubjectField>(req, `${what}_field`));
  if (name !== undefined && field !== undefined) {
    throw badRequest(`only one of ${what}_name and ${what}_field may be set`);
  }
  if (name !== undefined) return { name };
  if (field !== undefined) return { field };
  const kept = current && (what === "scope" ? current.scopeName : current.roleName);
  const keptField = current && (what === "scope" ? current.scopeField : current.roleField);
  if (kept !== undefined) return { name: kept };
  if (keptField !== undefined) return { field: keptField };
  throw badRequest(`exactly one of ${what}_name and ${what}_field is required`);
}

function nonEmpty<T extends string>(value: T | undefined): T | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function mapping(req: LogicalRequest, current?: Mapping): Mapping {
  const scope = side(req, "scope", current);
  const role = side(req, "role", current);
  return {
    ...("name" in scope ? { scopeName: scope.name } : { scopeField: scope.field }),
    ...("name" in role ? { roleName: role.name } : { roleField: role.field }),
  };
}

export async function importNamedCa(ctx: KmipContext, req: LogicalRequest) {
  const name = checkGenericName("CA", param(req, "name"));
  const map = mapping(req);
  const imported = await pkiInput(() => importCa(req.get<string>("ca_pem")));
  const first = imported.certificates[0];
  if (!first) throw badRequest("ca_pem holds no certificate");
  return ctx.exclusive(async () => {
    await checkFree(ctx, name);
    const record: ImportedCaRecord = {
      kind: "imported",
      caChain: imported.caChain,
      serialNumber: first.serialNumber,
      ...map,
      createdAt: ctx.now().toISOString(),
    };
    await ctx.commit([putOp(keys.namedCa(name), record)], { kind: "ca", name });
    return { data: namedCaResponse(record) };
  });
}

/** `POST kmip/ca/:name`: "Generated CAs cannot be updated" (contract §2.4). */
export async function updateNamedCa(ctx: KmipContext, req: LogicalRequest) {
  const name = param(req, "name");
  return ctx.exclusive(async () => {
    const record = await ctx.store.namedCa(name);
    if (!record) throw badRequest(`CA "${name}" does not exist`);
    if (record.kind === "generated")
      throw badRequest(`CA "${name}" is generated; generated CAs cannot be updated`);
    const { scopeName, scopeField, roleName, roleField, ...rest } = record;
    const next: ImportedCaRecord = {
      ...rest,
      ...mapping(req, { scopeName, scopeField, roleName, roleField }),
    };
    await ctx.commit([putOp(keys.namedCa(name), next)], { kind: "ca", name });
    return { data: namedCaResponse(next) };
  });
}

export async function readNamedCa(ctx: KmipContext, req: LogicalRequest) {
  const record = await ctx.store.namedCa(param(req, "name"));
  if (!record) throw notFound();
  return { data: namedCaResponse(record) };
}
