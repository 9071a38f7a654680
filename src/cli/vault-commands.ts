/**
 * Registers Vault's verbs on the `kmipd` command tree: `read`, `write`, `list`, `delete`,
 * `status`, `secrets enable|list|disable`, `operator init|unseal|seal`,
 * `token create|lookup|revoke|renew` and `policy write|read|list|delete`.
 *
 * Commander only routes: each verb takes its arguments raw (unknown options allowed, in order)
 * and parses them itself as Vault does (see kv-args.ts), so `-f`, `-format=json`,
 * `--format json` and `-renewable=false` all work. The verb's exit code becomes the process's.
 */
import type { Command } from "commander";
import { DELETE } from "./delete.js";
import { type CliIo, processIo, type Verb } from "./io.js";
import { flagHelp } from "./kv-args.js";
import { LIST } from "./list.js";
import { OPERATOR } from "./operator.js";
import { POLICY } from "./policy.js";
import { READ } from "./read.js";
import { SECRETS } from "./secrets.js";
import { STATUS } from "./status.js";
import { TOKEN } from "./token.js";
import { WRITE } from "./write.js";

const TOP: Readonly<Record<string, Verb>> = {
  read: READ,
  write: WRITE,
  list: LIST,
  delete: DELETE,
  status: STATUS,
};

const GROUPS: Readonly<Record<string, { summary: string; verbs: Readonly<Record<string, Verb>> }>> = {
  secrets: { summary: "Interact with secrets engines", verbs: SECRETS },
  operator: { summary: "Perform operator-specific tasks", verbs: OPERATOR },
  token: { summary: "Interact with tokens", verbs: TOKEN },
  policy: { summary: "Interact with policies", verbs: POLICY },
};

function addVerb(parent: Command, name: string, verb: Verb, io: () => CliIo): void {
  parent
    .command(name)
    .description(verb.summary)
    .usage(verb.usage)
    .argument("[args...]")
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText("after", `\nOptions (one dash or two):\n${flagHelp(verb.flags)}`)
    .action(async (args: string[]) => {
      process.exitCode = await verb.run(args, io());
    });
}

/** Adds the Vault-compatible verbs to `program`; `io` is the process's unless a test gives one. */
export function registerVaultCommands(program: Command, io: () => CliIo = processIo): void {
  for (const [name, verb] of Object.entries(TOP)) addVerb(program, name, verb, io);
  for (const [group, { summary, verbs }] of Object.entries(GROUPS)) {
    const parent = program.command(group).description(summary);
    for (const [name, verb] of Object.entries(verbs)) addVerb(parent, name, verb, io);
  }
}
