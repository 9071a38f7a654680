/**
 * Roles (contract §2.7). A role lives in an existing scope: a write to a missing scope is a 400
 * (the write cannot be satisfied), a read of a missing role or scope is Vault's bare 404, a
 * delete of either is a no-op 204. Creating a role draws its random id, the `CN` of its client
 * certificates (§3). Writes merge: only the fields sent change (flag rules in `role-flags.ts`);
 * `tls_client_key_bits` 0, `tls_client_key_type` "", `tls_client_ttl` 0 and `ca` "" unset a
 * value, so the config defaults and the legacy CA apply again.
 */
import type { LogicalRequest, PathDef } from "../../api/framework/types.js";
import { type KeyType, parseKeySpec } from "../../pki/index.js";
import { configDefaults } from "./config-values.js";
import type { KmipContext } from "./context.js";
import { badRequest, checkName, notFound, pkiInput } from "./errors.js";
import { keyBitsHelp, param } from "./fields.js";
import type { RoleRecord } from "./records.js";
import { removeRole } from "./removal.js";
import { flagsResponse, mergeOperations, operationFields } from "./role-flags.js";
import { freshId, keys, putOp } from "./store.js";

const fields = {
  ...operationFields(),
  tls_client_key_type: {
    type: "string",
    allowed: ["", "rsa", "ec"],
    description: "Client certificate key type, rsa or ec; unset uses the config default.",
  },
  tls_client_key_bits: {
    type: "int",
    description: `Client certificate key bits (${keyBitsHelp}); 0 uses the config default.`,
  },
  tls_client_ttl: {
    type: "duration",
    description: "Client certificate TTL, seconds or a duration; 0 uses the config default.",
  },
  ca: { type: "string", description: "The generated named CA that issues this role's certificates." },
} satisfies PathDef["fields"];

/**
 * The role response: only true flags, then the TLS settings with Go's zero values (§2.7). An unset
 * key type is "" (not null): Vault's CLI prints an empty cell as `n/a` (its columnize setting)
 * and a null as `<nil>`, and the contract's observed table shows `tls_client_key_type  n/a`.
 */
export function roleResponse(role: RoleRecord): Record<string, unknown> {
  return {
    ...flagsResponse(role.operations),
    tls_client_key_bits: role.tlsClientKeyBits ?? 0,
    tls_client_key_type: role.tlsClientKeyType ?? "",
    tls_client_ttl: role.tlsClientTtl ?? 0,
    ...(role.ca === undefined ? {} : { ca: role.ca }),
  };
}

/** A sent value replaces the stored one; the zero value removes it. */
function setting<T>(req: LogicalRequest, field: string, stored: T | undefined, zero: T): T | undefined {
  if (!req.has(field)) return stored;
  const value = req.get<T>(field);
  return value === zero ? undefined : value;
}

function mergeRole(req: LogicalRequest, base: RoleRecord): RoleRecord {
  const { tlsClientKeyType: _t, tlsClientKeyBits: _b, tlsClientTtl: _l, ca: _c, ...rest } = base;
  const keyType = setting<string>(req, "tls_client_key_type", base.tlsClientKeyType, "");
  const keyBits = setting(req, "tls_client_key_bits", base.tlsClientKeyBits, 0);
  const ttl = setting(req, "tls_client_ttl", base.tlsClientTtl, 0);
  const ca = setting(req, "ca", base.ca, "");
  if (keyBits !== undefined && keyBits < 0) throw badRequest("tls_client_key_bits must not be negative");
  return {
    ...rest,
    operations: mergeOperations(base.operations, req),
    ...(keyType === undefined ? {} : { tlsClientKeyType: keyType as KeyType }),
    ...(keyBits === undefined ? {} : { tlsClientKeyBits: keyBits }),
    ...(ttl === undefined ? {} : { tlsClientTtl: ttl }),
    ...(ca === undefined ? {} : { ca }),
  };
}

/** Key type and bits must make a valid pair once the config defaults fill the gaps. */
async function checkRole(ctx: KmipContext, role: RoleRecord): Promise<void> {
  const config = (await ctx.store.config()) ?? configDefaults;
  await pkiInput(() =>
    parseKeySpec(
      role.tlsClientKeyType ?? config.defaultTlsClientKeyType,
      role.tlsClientKeyBits ?? config.defaultTlsClientKeyBits,
    ),
  );
  if (role.ca === undefined) return;
  const ca = await ctx.store.namedCa(role.ca);
  if (!ca) throw badRequest(`CA "${role.ca}" does not exist`);
  if (ca.kind !== "generated")
    throw badRequest(`CA "${role.ca}" is imported; imported CAs cannot issue certificates`);
}

async function writeRole(ctx: KmipContext, req: LogicalRequest) {
  const scope = param(req, "scope");
  const name = checkName("role", param(req, "role"));
  return ctx.exclusive(async () => {
    if (!(await ctx.store.scope(scope))) throw badRequest(`scope "${scope}" does not exist`);
    const stored = await ctx.store.role(scope, name);
    const base: RoleRecord = stored ?? {
      id: await freshId((id) => ctx.store.roleIdIndex(id)),
      operations: [],
      createdAt: ctx.now().toISOString(),
    };
    const next = mergeRole(req, base);
    await checkRole(ctx, next);
    const ops = [putOp(keys.role(scope, name), next)];
    if (!stored) ops.push(putOp(keys.roleIdIndex(next.id), { scopeName: scope, roleName: name }));
    await ctx.commit(ops, { kind: "role", scope, role: name });
    return undefined;
  });
}

async function readRole(ctx: KmipContext, req: LogicalRequest) {
  const role = await ctx.store.role(param(req, "scope"), param(req, "role"));
  if (!role) throw notFound();
  return { data: roleResponse(role) };
}

export function rolePaths(ctx: KmipContext): PathDef[] {
  return [
    {
      pattern: "scope/:scope/role",
      summary: "List the roles of a scope",
      operations: {
        list: async (req) => ({ data: { keys: await ctx.store.roleNames(param(req, "scope")) } }),
      },
    },
    {
      pattern: "scope/:scope/role/:role",
      summary: "Create, update, read or delete a role",
      fields,
      exists: async (req) => (await ctx.store.role(param(req, "scope"), param(req, "role"))) !== undefined,
      operations: {
        read: (req) => readRole(ctx, req),
        create: (req) => writeRole(ctx, req),
        update: (req) => writeRole(ctx, req),
        delete: (req) => removeRole(ctx, param(req, "scope"), param(req, "role")),
      },
    },
  ];
}
