/**
 * `kmip/ca` and named CAs (contract §2.3, §2.4): GET `ca` returns the legacy chain as `ca_pem`
 * (intermediate then root; 400 until `kmip/config` is written), LIST `ca` the named CAs, and
 * `ca/:name[/generate|/import]` manage them. Deleting a CA that a listener (as `ca` or in
 * `additional_client_cas`) or a role (as `ca`) uses is refused with a 400.
 */
import type { LogicalRequest, PathDef } from "../../api/framework/types.js";
import { generateNamedCa, importNamedCa, namedCaTtlDefault, readNamedCa, updateNamedCa } from "./ca-named.js";
import { caPemOf } from "./ca-records.js";
import type { KmipContext } from "./context.js";
import { badRequest } from "./errors.js";
import { keyBitsHelp, keyTypeField, param } from "./fields.js";
import { subjectFields } from "./records.js";
import { deleteOp, keys } from "./store.js";

const mappingFields = {
  scope_name: { type: "string", description: "The scope every client of this CA maps to." },
  scope_field: {
    type: "string",
    allowed: subjectFields,
    description: "The subject field (CN, O, OU, UID) that names the scope.",
  },
  role_name: { type: "string", description: "The role every client of this CA maps to." },
  role_field: {
    type: "string",
    allowed: subjectFields,
    description: "The subject field (CN, O, OU, UID) that names the role.",
  },
} as const satisfies PathDef["fields"];

async function readLegacy(ctx: KmipContext) {
  const legacy = (await ctx.store.config()) ? await ctx.store.legacyCa() : undefined;
  if (!legacy) throw badRequest("the KMIP engine is not configured: write kmip/config first");
  return { data: { ca_pem: caPemOf(legacy) } };
}

/** Why `name` cannot be deleted, or undefined when nothing uses it. */
async function usedBy(ctx: KmipContext, name: string): Promise<string | undefined> {
  for (const listener of await ctx.store.listenerNames()) {
    const record = await ctx.store.listener(listener);
    if (record && (record.ca === name || record.additionalClientCas.includes(name))) {
      return `listener "${listener}"`;
    }
  }
  for (const scope of await ctx.store.scopeNames()) {
    for (const role of await ctx.store.roleNames(scope)) {
      if ((await ctx.store.role(scope, role))?.ca === name) return `role "${role}" of scope "${scope}"`;
    }
  }
  return undefined;
}

async function deleteNamedCa(ctx: KmipContext, req: LogicalRequest) {
  const name = param(req, "name");
  return ctx.exclusive(async () => {
    if (!(await ctx.store.namedCa(name))) return undefined; // Vault deletes are idempotent
    const user = await usedBy(ctx, name);
    if (user) throw badRequest(`CA "${name}" cannot be deleted: it is in use by ${user}`);
    await ctx.commit([deleteOp(keys.namedCa(name))], { kind: "ca", name });
    return undefined;
  });
}

export function caPaths(ctx: KmipContext): PathDef[] {
  return [
    {
      pattern: "ca",
      summary: "Read the legacy CA chain, or list named CAs",
      operations: {
        read: () => readLegacy(ctx),
        list: async () => ({ data: { keys: await ctx.store.namedCaNames() } }),
      },
    },
    {
      pattern: "ca/:name/generate",
      summary: "Generate a named CA",
      fields: {
        key_type: { ...keyTypeField("Key type, rsa or ec."), required: true },
        key_bits: { type: "int", required: true, description: `Key bits. ${keyBitsHelp}` },
        ttl: { type: "duration", default: namedCaTtlDefault, description: "CA validity (default 365d)." },
      },
      operations: { create: (req) => generateNamedCa(ctx, req), update: (req) => generateNamedCa(ctx, req) },
    },
    {
      pattern: "ca/:name/import",
      summary: "Import an external CA that verifies client certificates",
      fields: {
        ca_pem: { type: "string", required: true, description: "The CA certificate(s), PEM." },
        ...mappingFields,
      },
      operations: { create: (req) => importNamedCa(ctx, req), update: (req) => importNamedCa(ctx, req) },
    },
    {
      pattern: "ca/:name",
      summary: "Read, update (imported CAs only) or delete a named CA",
      fields: mappingFields,
      exists: async (req) => (await ctx.store.namedCa(param(req, "name"))) !== undefined,
      operations: {
        read: (req) => readNamedCa(ctx, req),
        create: (req) => updateNamedCa(ctx, req),
        update: (req) => updateNamedCa(ctx, req),
        delete: (req) => deleteNamedCa(ctx, req),
      },
    },
  ];
}
