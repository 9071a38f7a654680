/**
 * The `kmipd` command tree: Vault's verbs and flags for the management plane (`server`, `read`,
 * `write`, `list`, `delete`, `secrets`, `operator`, `token`, `policy`), plus `ttlv` (the codec
 * tool) and `kmip` (a KMIP client). Each verb lives in its own file and registers itself here.
 */
import { Command } from "commander";
import { registerAuditCommand } from "./audit.js";
import { normalizeVaultFlags } from "./flags.js";
import { registerKmipCommand } from "./kmip.js";
import { registerServerCommand } from "./server.js";
import { registerTtlvCommand } from "./ttlv.js";
import { registerVaultCommands } from "./vault-commands.js";

export function buildProgram(): Command {
  const program = new Command("kmipd")
    .description("kmipd: a KMIP key server with a Vault-compatible management API")
    .showHelpAfterError()
    .enablePositionalOptions();
  registerServerCommand(program);
  registerVaultCommands(program);
  registerTtlvCommand(program);
  registerKmipCommand(program);
  registerAuditCommand(program);
  return program;
}

/** Runs the command line (without the node and script arguments). */
export async function run(args: readonly string[]): Promise<void> {
  await buildProgram().parseAsync(normalizeVaultFlags(args), { from: "user" });
}
