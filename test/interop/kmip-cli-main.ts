/**
 * `kmipd kmip` as a process, for the spawned CLI tests (run with tsx). By default a program
 * holding only the `kmip` command, built as `src/cli/program.ts` builds the real one (same name,
 * settings and flag normalisation), because loading the whole program costs each spawn about
 * a second of CPU. With KMIPD_TEST_FULL_PROGRAM=1 it is the real program, `kmip` included
 * (registered here as well while program.ts does not register it itself).
 */
import { Command } from "commander";
import { normalizeVaultFlags } from "../../src/cli/flags.js";
import { registerKmipCommand } from "../../src/cli/kmip.js";

async function program(): Promise<Command> {
  if (process.env.KMIPD_TEST_FULL_PROGRAM !== "1") {
    const light = new Command("kmipd").showHelpAfterError().enablePositionalOptions();
    registerKmipCommand(light);
    return light;
  }
  const { buildProgram } = await import("../../src/cli/program.js");
  const full = buildProgram();
  if (!full.commands.some((c) => c.name() === "kmip")) registerKmipCommand(full);
  return full;
}

await (await program()).parseAsync(normalizeVaultFlags(process.argv.slice(2)), { from: "user" });
