/**
 * `kmipd ttlv`: convert KMIP messages between binary TTLV, hex, the KMIP XML and JSON encodings
 * (KMIP Additional Message Encodings v1.0 §4, §6) and a readable text dump.
 *
 *   kmipd ttlv decode [--from bin|hex] [--to xml|json|text] [FILE]   (default: bin → xml)
 *   kmipd ttlv encode [--from xml|json] [--to bin|hex] [FILE]        (default: xml → bin)
 *
 * Input is FILE or standard input; output goes to standard output (binary written raw). A binary
 * stream of several messages decodes to all of them (XML: inside `<KMIP>`, JSON: an array); an
 * XML file of several messages (an OASIS test case) encodes to the messages concatenated.
 * OASIS test-case placeholders are bound on encode (see src/kmip/placeholders.ts; `--now` sets
 * the time for `$NOW`). Bad input: the reason and its offset or path on standard error, exit status 1. Usage errors:
 * exit status 2.
 */
import { readFile } from "node:fs/promises";
import { type Command, type CommanderError, Option } from "commander";
import { kmipDictionary } from "../kmip/dictionary.js";
import { conversionPlaceholders } from "../kmip/placeholders.js";
import { decodeTtlv } from "../ttlv/decode.js";
import { encodeTtlv } from "../ttlv/encode.js";
import { TtlvError } from "../ttlv/errors.js";
import { TtlvFramer } from "../ttlv/framer.js";
import { fromHex, toHex } from "../ttlv/hex.js";
import { parseKmipJsonDocument, toKmipJson, toKmipJsonDocument } from "../ttlv/json.js";
import type { TtlvLimits } from "../ttlv/limits.js";
import { toKmipText } from "../ttlv/text.js";
import type { TtlvItem } from "../ttlv/types.js";
import { parseKmipXmlDocument, toKmipXml, toKmipXmlDocument } from "../ttlv/xml.js";

/** A local tool reads files it was given, so allow far larger messages than a server would. */
const CLI_LIMITS: Partial<TtlvLimits> = {
  messageBytesMax: 256 * 1024 * 1024,
  byteStringBytesMax: 256 * 1024 * 1024,
  textBytesMax: 64 * 1024 * 1024,
};
const CLI_TEXT_LIMITS = { textCharsMax: 512 * 1024 * 1024 };

async function readInput(file: string | undefined): Promise<Buffer> {
  if (file !== undefined && file !== "-") return readFile(file);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Split a byte stream into messages and decode each; errors name the message's input offset. */
export function decodeStream(bytes: Uint8Array): TtlvItem[] {
  const framer = new TtlvFramer(CLI_LIMITS);
  const frames = framer.push(bytes);
  const items: TtlvItem[] = [];
  let start = 0;
  for (const frame of frames) {
    try {
      items.push(decodeTtlv(frame, CLI_LIMITS));
    } catch (err) {
      if (!(err instanceof TtlvError) || frames.length === 1) throw err;
      throw new TtlvError(err.code, `in message ${items.length + 1} (input offset ${start}): ${err.message}`);
    }
    start += frame.length;
  }
  if (framer.bufferedBytes > 0) {
    throw new TtlvError("truncated", `${framer.bufferedBytes} bytes after the last whole message`, start);
  }
  if (items.length === 0) throw new TtlvError("truncated", "no TTLV message in the input", 0);
  return items;
}

function render(items: TtlvItem[], to: string): string {
  const dict = kmipDictionary;
  if (to === "json")
    return items.length === 1 ? toKmipJson(items[0]!, dict) : toKmipJsonDocument(items, dict);
  if (to === "text") return items.map((i) => toKmipText(i, dict)).join("\n\n");
  return items.length === 1 ? toKmipXml(items[0]!, dict) : toKmipXmlDocument(items, dict);
}

async function decodeAction(file: string | undefined, opts: { from: string; to: string }): Promise<void> {
  const input = await readInput(file);
  const bytes = opts.from === "hex" ? fromHex(input.toString("utf8")) : input;
  process.stdout.write(`${render(decodeStream(bytes), opts.to)}\n`);
}

interface EncodeOptions {
  from: string;
  to: string;
  now?: string;
}

/** `--now`: POSIX seconds or an ISO 8601 time; the current time when absent. */
function parseNow(value: string | undefined): bigint {
  if (value === undefined) return BigInt(Math.floor(Date.now() / 1000));
  if (/^-?\d{1,12}$/.test(value)) return BigInt(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new TtlvError("bad-value", `--now must be POSIX seconds or an ISO 8601 time: ${value}`);
  return BigInt(Math.floor(ms / 1000));
}

async function encodeAction(file: string | undefined, opts: EncodeOptions): Promise<void> {
  const text = (await readInput(file)).toString("utf8");
  const parseOpts = {
    limits: CLI_TEXT_LIMITS,
    resolvePlaceholder: conversionPlaceholders(parseNow(opts.now)),
  };
  const items =
    opts.from === "json"
      ? parseKmipJsonDocument(text, kmipDictionary, parseOpts)
      : parseKmipXmlDocument(text, kmipDictionary, parseOpts);
  if (items.length === 0) throw new TtlvError("syntax", "no message in the input");
  const encoded = items.map((item) => encodeTtlv(item));
  if (opts.to === "hex") process.stdout.write(encoded.map((b) => `${toHex(b)}\n`).join(""));
  else process.stdout.write(Buffer.concat(encoded));
}

/** Run an action; bad input is reported on standard error with exit status 1. */
function guarded<O>(name: string, action: (file: string | undefined, opts: O) => Promise<void>) {
  return async (file: string | undefined, opts: O): Promise<void> => {
    try {
      await action(file, opts);
    } catch (err) {
      const reason = err instanceof TtlvError ? `${err.code}: ${err.message}` : (err as Error).message;
      process.stderr.write(`kmipd ttlv ${name}: ${reason}\n`);
      process.exitCode = 1;
    }
  };
}

/** Usage errors exit with status 2; help exits with 0. */
function usageExit(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : 2);
}

export function registerTtlvCommand(program: Command): void {
  const ttlv = program
    .command("ttlv")
    .description("convert KMIP messages between binary TTLV, hex, XML, JSON and text")
    .exitOverride(usageExit);
  ttlv
    .command("decode")
    .description("binary TTLV (or hex) to the KMIP XML or JSON encoding, or a text dump")
    .addOption(new Option("--from <format>", "input format").choices(["bin", "hex"]).default("bin"))
    .addOption(new Option("--to <format>", "output format").choices(["xml", "json", "text"]).default("xml"))
    .argument("[file]", "input file (standard input when absent or '-')")
    .action(guarded("decode", decodeAction));
  ttlv
    .command("encode")
    .description("the KMIP XML or JSON encoding to binary TTLV (or hex)")
    .addOption(new Option("--from <format>", "input format").choices(["xml", "json"]).default("xml"))
    .addOption(new Option("--to <format>", "output format").choices(["bin", "hex"]).default("bin"))
    .option("--now <time>", "time bound to OASIS $NOW placeholders (POSIX seconds or ISO 8601; default: now)")
    .argument("[file]", "input file (standard input when absent or '-')")
    .action(guarded("encode", encodeAction));
}
