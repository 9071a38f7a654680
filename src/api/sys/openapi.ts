/**
 * sys/internal/specs/openapi (API docs "/sys/internal/specs/openapi"): the OpenAPI 3 document
 * of the API, generated from the path tables, answered as is (no envelope).
 *
 * Decision: Vault narrows the document to what the token may reach; kmipd asks for a valid token
 * with `read` on this path and then documents every mount, since path shapes are not secret.
 */
import type { SysContext, SysPathDef } from "./context.js";

export function openapiPaths(ctx: SysContext): SysPathDef[] {
  return [
    {
      pattern: "internal/specs/openapi",
      summary: "Read the OpenAPI document of this server's API.",
      operations: { read: async () => ({ raw: true, data: ctx.openapi() }) },
    },
  ];
}
