/**
 * `kmipd kmip <verb>`: a KMIP client on the command line, over mutual TLS to any KMIP server.
 *
 *   kmipd kmip create --server 127.0.0.1:5696 --ca ca.pem --cert client.pem --key client.key \
 *     --algorithm AES --length 256 --name backup-key --format json
 *
 * Connection flags and their environment defaults are in kmip-connect.ts. Output goes to
 * standard output (table or JSON). Exit status, as for the other kmipd verbs (Vault's CLI
 * convention): 0 success; 1 a usage error (bad flags or arguments, unreadable files, a request
 * the chosen KMIP version cannot carry), nothing sent; 2 the server refused (printed as
 * `Result Reason: … (Result Message)`) or the connection failed.
 */
import type { Command } from "commander";
import { KmipTransportError } from "../client/errors.js";
import { type CliIo, processIo } from "./io.js";
import { addConnectionOptions, type ConnectionFlags, connectFromFlags } from "./kmip-connect.js";
import { registerKmipCryptoCommands } from "./kmip-crypto.js";
import {
  activateVerb,
  addAttributeVerb,
  deleteAttributeVerb,
  destroyVerb,
  discoverVersionsVerb,
  modifyAttributeVerb,
  queryVerb,
  revokeVerb,
} from "./kmip-manage.js";
import {
  createVerb,
  getAttributeListVerb,
  getAttributesVerb,
  getVerb,
  locateVerb,
  type Prepared,
  registerVerb,
  rekeyVerb,
} from "./kmip-objects.js";
import { isResultError, printOutput, resultErrorText } from "./kmip-output.js";

type Opts = ConnectionFlags & Record<string, unknown>;
/** Parses a verb's arguments (throwing usage errors) into what to do once connected. */
type Prepare = (args: string[], opts: Opts) => Prepared;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Exit status for an error (see the header comment). */
function failure(io: CliIo, e: unknown): number {
  if (isResultError(e)) {
    io.err(`${resultErrorText(e)}\n`);
    return 2;
  }
  io.err(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
  // KmipUsageError, KmipRequestError and bad input in general: nothing reached the server.
  return e instanceof KmipTransportError ? 2 : 1;
}

async function execute(io: CliIo, prepare: Prepare, args: string[], opts: Opts): Promise<number> {
  let client: Awaited<ReturnType<typeof connectFromFlags>> | undefined;
  try {
    const run = prepare(args, opts);
    client = await connectFromFlags(opts);
    printOutput(io, await run(client), opts.format);
    return 0;
  } catch (e) {
    return failure(io, e);
  } finally {
    await client?.close();
  }
}

/** Where a verb's exit status goes: the process's unless a test captures it. */
export interface KmipCommandContext {
  readonly io: () => CliIo;
  readonly exit: (status: number) => void;
}

const PROCESS: KmipCommandContext = {
  io: processIo,
  exit: (status) => {
    process.exitCode = status;
  },
};

function verb(
  parent: Command,
  ctx: KmipCommandContext,
  spec: string,
  summary: string,
  prepare: Prepare,
): Command {
  const cmd = parent.command(spec).description(summary);
  cmd.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    const args = self.processedArgs.filter((a): a is string => typeof a === "string");
    ctx.exit(await execute(ctx.io(), prepare, args, self.opts<Opts>()));
  });
  return cmd;
}

/** Adds `kmipd kmip` and its verbs to the command tree. */
export function registerKmipCommand(program: Command, ctx: KmipCommandContext = PROCESS): void {
  const kmip = program.command("kmip").description("Talk to a KMIP server (mutual TLS)");
  const add = (spec: string, summary: string, prepare: Prepare, formats?: string[]) =>
    addConnectionOptions(verb(kmip, ctx, spec, summary, prepare), formats);

  add("discover-versions", "Discover Versions: the protocol versions the server speaks", () =>
    discoverVersionsVerb(),
  );
  add("query", "Query the server's operations, object types and identity", (_a, o) => queryVerb(o)).option(
    "--function <name>",
    'Query Function (repeatable), e.g. "Query Operations"',
    collect,
  );
  add("create", "Create a symmetric key", (_a, o) => createVerb(o))
    .option("--algorithm <name>", "Cryptographic Algorithm, e.g. AES", "AES")
    .option("--length <bits>", "Cryptographic Length in bits")
    .option("--usage-mask <names>", 'Cryptographic Usage Mask, e.g. "Encrypt Decrypt"')
    .option("--name <name>", "Name attribute")
    .option("--attribute <name=value>", "another attribute, e.g. x-Owner=alice (repeatable)", collect);
  add("register", "Register a symmetric key or secret data", (_a, o) => registerVerb(o))
    .option("--type <type>", "symmetric or secret-data")
    .option("--key-hex <hex>", "the key material or secret, in hex")
    .option("--algorithm <name>", "Cryptographic Algorithm of a symmetric key (default AES)")
    .option("--length <bits>", "Cryptographic Length (default: 8 × the key's bytes)")
    .option("--secret-type <type>", "Secret Data Type: Password (default) or Seed")
    .option("--usage-mask <names>", "Cryptographic Usage Mask")
    .option("--name <name>", "Name attribute")
    .option("--attribute <name=value>", "another attribute (repeatable)", collect);
  add("get <uid>", "Get an object; prints its key material in hex", ([uid = ""], o) => getVerb(uid, o), [
    "table",
    "json",
    "raw",
  ]).option("--key-format-type <name>", "Key Format Type to return, e.g. Raw");
  add("get-attributes <uid>", "Get an object's attributes", ([uid = ""], o) =>
    getAttributesVerb(uid, o),
  ).option("--attribute <name>", "only this attribute (repeatable)", collect);
  add("get-attribute-list <uid>", "List the names of an object's attributes", ([uid = ""]) =>
    getAttributeListVerb(uid),
  );
  add("locate", "Locate objects by attributes", (_a, o) => locateVerb(o))
    .option("--name <name>", "Name")
    .option("--object-type <type>", 'Object Type, e.g. "Symmetric Key"')
    .option("--state <state>", "State, e.g. Active")
    .option("--attribute <name=value>", "any attribute (repeatable)", collect)
    .option("--max-items <n>", "Maximum Items")
    .option("--offset-items <n>", "Offset Items (KMIP 1.3+)");
  add("activate <uid>", "Activate an object", ([uid = ""]) => activateVerb(uid));
  add("revoke <uid>", "Revoke an object", ([uid = ""], o) => revokeVerb(uid, o))
    .option(
      "--reason <code>",
      "key-compromise, ca-compromise, affiliation-changed, superseded, cessation-of-operation, privilege-withdrawn, unspecified",
    )
    .option("--message <text>", "Revocation Message")
    .option("--compromise-date <iso>", "Compromise Occurrence Date");
  add("destroy <uid>", "Destroy an object", ([uid = ""]) => destroyVerb(uid));
  add("add-attribute <uid> <name=value>", "Add an attribute", ([uid = "", a = ""]) =>
    addAttributeVerb(uid, a),
  );
  add("modify-attribute <uid> <name=value>", "Modify an attribute", ([uid = "", a = ""], o) =>
    modifyAttributeVerb(uid, a, o),
  )
    .option("--current <value>", "the value to replace (KMIP 2.x)")
    .option("--index <n>", "Attribute Index (KMIP 1.x)");
  add("delete-attribute <uid> <name>", "Delete an attribute", ([uid = "", n = ""], o) =>
    deleteAttributeVerb(uid, n, o),
  )
    .option("--current <value>", "only the instance with this value (KMIP 2.x)")
    .option("--index <n>", "Attribute Index (KMIP 1.x)");
  add("rekey <uid>", "Re-key a symmetric key", ([uid = ""], o) => rekeyVerb(uid, o)).option(
    "--offset <seconds>",
    "Offset from the old key's dates",
  );
  registerKmipCryptoCommands(add);
}
