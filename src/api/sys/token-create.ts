/**
 * auth/token/create and auth/token/create-orphan (API docs auth/token, "Create Token"). The rules
 * (policy subset, default policy, orphans, TTLs) are in core/token-rules.ts; this file reads the
 * fields and answers Vault's `auth` block, with a warning for each policy that does not exist.
 *
 * Not supported, and refused with a 400 when set: token roles (`role_name`), batch tokens,
 * `num_uses`, periodic tokens (`period`), entity aliases.
 */
import { authBlock } from "../../core/token-entry.js";
import { type CreateTokenInput, planToken } from "../../core/token-rules.js";
import { ApiError, type FieldDef, type LogicalRequest, type LogicalResponse } from "../framework/types.js";
import { callerOf, type SysContext, type SysPathDef } from "./context.js";

const FIELDS: Record<string, FieldDef> = {
  id: { type: "string", description: "The token id to use (root or sudo only); random when absent." },
  policies: { type: "comma-string-list", description: "Policies of the token; a subset of the caller's." },
  meta: { type: "map", description: "String metadata attached to the token." },
  no_parent: { type: "bool", description: "Create an orphan token (root or sudo only)." },
  no_default_policy: { type: "bool", description: "Leave out the default policy." },
  renewable: { type: "bool", description: "Whether the token can be renewed.", default: true },
  ttl: { type: "duration", description: "Time to live; 768h when absent (never for root tokens)." },
  lease: { type: "duration", description: "Deprecated form of ttl." },
  explicit_max_ttl: { type: "duration", description: "A hard limit on the token's life." },
  display_name: { type: "string", description: "A name shown as token-<name>." },
  type: { type: "string", description: "Token type; only service is supported." },
  role_name: { type: "string", description: "Token roles are not supported." },
  num_uses: { type: "int", description: "Use limits are not supported; must be 0." },
  period: { type: "duration", description: "Periodic tokens are not supported; must be 0." },
  entity_alias: { type: "string", description: "Entity aliases are not supported." },
};

function checkUnsupported(req: LogicalRequest): void {
  if (req.get<string>("role_name") !== "") throw new ApiError(400, "token roles are not supported");
  const type = req.get<string>("type");
  if (type !== "" && type !== "service" && type !== "default") {
    throw new ApiError(400, `token type "${type}" is not supported; only service tokens are`);
  }
  if (req.get<number>("num_uses") !== 0) throw new ApiError(400, "num_uses is not supported");
  if (req.get<number>("period") !== 0) throw new ApiError(400, "periodic tokens are not supported");
  if (req.get<string>("entity_alias") !== "") throw new ApiError(400, "entity aliases are not supported");
}

function input(req: LogicalRequest): CreateTokenInput {
  return {
    id: req.get<string>("id"),
    policies: req.get<string[]>("policies"),
    meta: req.get<Record<string, unknown>>("meta"),
    noParent: req.get<boolean>("no_parent"),
    noDefaultPolicy: req.get<boolean>("no_default_policy"),
    renewable: req.get<boolean>("renewable"),
    ttl: req.get<number>("ttl") || req.get<number>("lease"),
    explicitMaxTtl: req.get<number>("explicit_max_ttl"),
    displayName: req.get<string>("display_name"),
  };
}

async function create(ctx: SysContext, req: LogicalRequest, orphan: boolean): Promise<LogicalResponse> {
  checkUnsupported(req);
  const caller = callerOf(req);
  const acl = await ctx.acl(caller.entry.policies);
  const sudo = acl.allows("auth/token/create", "update", true);
  const path = orphan ? "auth/token/create-orphan" : "auth/token/create";
  const { plan, warnings } = planToken(input(req), { entry: caller.entry, sudo }, { path, orphan });
  for (const name of plan.policies) {
    if (name !== "root" && !(await ctx.policies().get(name)))
      warnings.push(`Policy "${name}" does not exist`);
  }
  const { token, entry } = await ctx.tokens().create(plan, caller.entry);
  return { auth: authBlock(entry, token, ctx.now().getTime()), warnings };
}

export function tokenCreatePaths(ctx: SysContext): SysPathDef[] {
  return [
    {
      pattern: "create",
      summary: "Create a token, a child of the calling token unless no_parent.",
      fields: FIELDS,
      operations: { update: async (req) => create(ctx, req, false) },
    },
    {
      pattern: "create-orphan",
      summary: "Create an orphan token.",
      fields: FIELDS,
      operations: { update: async (req) => create(ctx, req, true) },
    },
  ];
}
