/**
 * sys/seal and sys/seal-status (API docs "/sys/seal", "/sys/seal-status").
 * - sys/seal seals the server; it is root-protected (docs "Policies": `sys/seal` needs sudo) and,
 *   like every authenticated path, answers 503 while already sealed.
 * - sys/seal-status is unauthenticated, answers while sealed, and has no envelope.
 */
import type { SysContext, SysPathDef } from "./context.js";

export function sealPaths(ctx: SysContext): SysPathDef[] {
  return [
    {
      pattern: "seal",
      summary: "Seal the server.",
      sudo: true,
      operations: {
        update: async () => {
          await ctx.seal();
          return undefined;
        },
      },
    },
    {
      pattern: "seal-status",
      summary: "Read the seal status.",
      sealedOk: true,
      unauthenticated: true,
      operations: {
        read: async () => ({ raw: true, data: { ...(await ctx.sealStatus()) } }),
      },
    },
  ];
}
