/**
 * sys/init (API docs "/sys/init"): GET reads `{"initialized": bool}`; PUT initializes with
 * `secret_shares` and `secret_threshold` and answers `{keys, keys_base64, root_token}`. Both
 * answer without a token and while sealed, without the envelope.
 *
 * Decision: PGP encryption of the keys and the auto-unseal options (stored and recovery shares)
 * are not supported; giving them a non-empty value is a 400. Vault's Go client always sends them
 * empty or zero, which is accepted.
 */
import { ApiError, type LogicalRequest } from "../framework/types.js";
import type { SysContext, SysPathDef } from "./context.js";

export function initPaths(ctx: SysContext): SysPathDef[] {
  return [
    {
      pattern: "init",
      summary: "Read the initialization status, or initialize the server.",
      sealedOk: true,
      unauthenticated: true,
      fields: {
        secret_shares: { type: "int", description: "Number of unseal keys to split the root key into." },
        secret_threshold: {
          type: "int",
          description: "Number of unseal keys needed to rebuild the root key.",
        },
        pgp_keys: { type: "comma-string-list", description: "Not supported; must be empty." },
        root_token_pgp_key: { type: "string", description: "Not supported; must be empty." },
        stored_shares: { type: "int", description: "Auto-unseal only; must be 0." },
        recovery_shares: { type: "int", description: "Auto-unseal only; must be 0." },
        recovery_threshold: { type: "int", description: "Auto-unseal only; must be 0." },
        recovery_pgp_keys: { type: "comma-string-list", description: "Auto-unseal only; must be empty." },
      },
      operations: {
        read: async () => ({ raw: true, data: { initialized: (await ctx.sealStatus()).initialized } }),
        update: async (req) => initialize(ctx, req),
      },
    },
  ];
}

async function initialize(ctx: SysContext, req: LogicalRequest) {
  for (const name of ["pgp_keys", "recovery_pgp_keys"]) {
    if (req.get<string[]>(name).length > 0) throw new ApiError(400, `${name} is not supported`);
  }
  if (req.get<string>("root_token_pgp_key") !== "")
    throw new ApiError(400, "root_token_pgp_key is not supported");
  for (const name of ["stored_shares", "recovery_shares", "recovery_threshold"]) {
    if (req.get<number>(name) !== 0)
      throw new ApiError(400, `${name} is only for auto-unseal, which is not supported`);
  }
  if (!req.has("secret_shares") || !req.has("secret_threshold")) {
    throw new ApiError(400, "secret_shares and secret_threshold are required");
  }
  const result = await ctx.init({
    secretShares: req.get<number>("secret_shares"),
    secretThreshold: req.get<number>("secret_threshold"),
  });
  return {
    raw: true,
    data: { keys: result.keys, keys_base64: result.keysBase64, root_token: result.rootToken },
  };
}
