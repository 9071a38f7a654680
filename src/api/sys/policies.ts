/**
 * sys/policies/acl (API docs "/sys/policies/"): LIST names; sys/policies/acl/:name reads
 * `{name, policy}`, writes `{policy}` (HCL or JSON, optionally base64-encoded: "This can be
 * base64-encoded to avoid string escaping"), deletes. `root` cannot be written or deleted, and
 * `default` cannot be deleted (docs "Policies" > "Built-in policies").
 */
import { policyName } from "../../core/policy/store.js";
import { ApiError } from "../framework/types.js";
import type { SysContext, SysPathDef } from "./context.js";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Vault decodes a policy that is valid base64; HCL or JSON text never is (quotes, braces). */
export function decodePolicyText(text: string): string {
  const t = text.trim();
  if (!BASE64.test(t)) return text;
  const decoded = Buffer.from(t, "base64").toString("utf8");
  return decoded.includes("\uFFFD") ? text : decoded;
}

export function policyPaths(ctx: SysContext): SysPathDef[] {
  return [
    {
      pattern: "policies/acl",
      summary: "List the ACL policies.",
      operations: { list: async () => ({ data: { keys: await ctx.policies().list() } }) },
    },
    {
      pattern: "policies/acl/:name",
      summary: "Read, write or delete an ACL policy.",
      fields: {
        name: { type: "string", description: "The policy name (lowercased)." },
        policy: { type: "string", description: "The policy document, HCL or JSON, optionally base64." },
      },
      operations: {
        read: async (req) => {
          const name = policyName(req.get<string>("name"));
          const policy = await ctx.policies().get(name);
          return policy ? { data: { name, policy: policy.raw } } : undefined;
        },
        update: async (req) => {
          if (!req.has("policy")) throw new ApiError(400, "'policy' parameter not supplied or empty");
          await ctx.policies().put(req.get<string>("name"), decodePolicyText(req.get<string>("policy")));
          return undefined;
        },
        delete: async (req) => {
          await ctx.policies().delete(req.get<string>("name"));
          return undefined;
        },
      },
    },
  ];
}
