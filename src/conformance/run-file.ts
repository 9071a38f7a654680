/**
 * One test-case file against the live server. `prepareFile` reads it (with the generic repairs
 * of `repairs.ts`) and decides whether it is skipped (`skips.ts`); `replayFile` opens one
 * mutual-TLS connection with the file's credential and sends every Request Message in order —
 * placeholders bound (`bindings.ts`), encoded to binary TTLV — then decodes each answer and
 * compares it with the expected Response Message (`compare.ts`). The first difference ends the
 * file: later messages depend on the state the failed one should have left.
 */

import { readFileSync } from "node:fs";
import { KmipConnection } from "../client/connection.js";
import { kmipDictionary } from "../kmip/dictionary.js";
import { Operation, ResultStatus } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import { decodeTtlv } from "../ttlv/decode.js";
import { encodeTtlv } from "../ttlv/encode.js";
import { ItemType, type TtlvItem } from "../ttlv/types.js";
import { parseKmipXmlDocument } from "../ttlv/xml.js";
import { Bindings } from "./bindings.js";
import { Clock } from "./clock.js";
import { type CompareContext, compareResponse } from "./compare.js";
import { issuedBy } from "./compare-issued.js";
import type { ClientCredential } from "./live-server.js";
import { child, children, enumValue, messageVersion, operationOf, textValue } from "./message-parts.js";
import { repairGetIdentifier, repairMessage, repairResponseVersion, repairText } from "./repairs.js";
import { skipReason } from "./skips.js";
import type { Exchange, FileResult } from "./types.js";
import { tagKey, valueKey } from "./values.js";
import type { VectorFile } from "./vectors.js";

const REQUEST_TIMEOUT_MS = 30_000;

/** Sees every exchange as it happens (`--trace`): the request sent, the response expected and got. */
export type Tracer = (
  index: number,
  sent: TtlvItem,
  expected: TtlvItem,
  actual: TtlvItem | undefined,
) => void;

/** A file read and ready to replay, or skipped. */
export type Prepared =
  | { readonly kind: "skip"; readonly skip: string; readonly reason: string }
  | { readonly kind: "run"; readonly exchanges: readonly Exchange[]; readonly bindings: Bindings };

/** The outcome of a replay: PASS, or FAIL with where and why. */
export type Replayed = Pick<FileResult, "outcome" | "message" | "difference" | "reason">;

/** Reads a file into request/response pairs; throws on XML that does not parse. */
export function readExchanges(text: string, bindings: Bindings): Exchange[] {
  const options = { resolvePlaceholder: bindings.resolver() };
  const messages = parseKmipXmlDocument(repairText(text), kmipDictionary, options).map(repairMessage);
  const out: Exchange[] = [];
  for (let i = 0; i < messages.length; i += 2) {
    const request = messages[i]!;
    const response = messages[i + 1];
    if (request.tag !== Tag.RequestMessage || response?.tag !== Tag.ResponseMessage) {
      throw new Error(`messages ${i} and ${i + 1} are not a Request Message and the Response Message to it`);
    }
    out.push({ request, response: repairGetIdentifier(request, repairResponseVersion(request, response)) });
  }
  return out;
}

export function prepareFile(file: VectorFile, startedMs: number): Prepared {
  const bindings = new Bindings(BigInt(Math.floor(startedMs / 1000)));
  let exchanges: Exchange[];
  try {
    exchanges = readExchanges(readFileSync(file.path, "utf8"), bindings);
  } catch (err) {
    const skip = skipReason(undefined, err) ?? { id: "unreadable", reason: errorText(err) };
    return { kind: "skip", skip: skip.id, reason: skip.reason };
  }
  const skip = skipReason(exchanges, undefined);
  return skip === undefined
    ? { kind: "run", exchanges, bindings }
    : { kind: "skip", skip: skip.id, reason: skip.reason };
}

export interface ReplayOptions {
  readonly trace?: Tracer | undefined;
  /** How long the clock rule (`clock.ts`) may wait for a date to pass; 0: never. */
  readonly clockWaitMaxMs?: number | undefined;
}

export async function replayFile(
  credential: ClientCredential,
  prepared: Extract<Prepared, { kind: "run" }>,
  options: ReplayOptions = {},
): Promise<Replayed> {
  const connection = await KmipConnection.open({ ...credential, timeoutMs: REQUEST_TIMEOUT_MS });
  const file: FileState = {
    connection,
    bindings: prepared.bindings,
    sent: new Set<string>(),
    destroyed: new Set<string>(),
    issued: new Set<string>(),
    clock: new Clock(options.clockWaitMaxMs ?? 0),
    trace: options.trace,
  };
  try {
    for (const [index, exchange] of prepared.exchanges.entries()) {
      const failure = await replayExchange(file, index, exchange);
      if (failure !== undefined) return failure;
    }
    return { outcome: "PASS" };
  } finally {
    await connection.close();
  }
}

/** What one file's replay carries from message to message. */
interface FileState {
  readonly connection: KmipConnection;
  readonly bindings: Bindings;
  readonly sent: Set<string>;
  readonly destroyed: Set<string>;
  readonly issued: Set<string>;
  readonly clock: Clock;
  readonly trace: Tracer | undefined;
}

/** One request and its answer; asked again once if the clock rule says a date is about to pass. */
async function replayExchange(
  file: FileState,
  index: number,
  exchange: Exchange,
): Promise<Replayed | undefined> {
  const { bindings, clock } = file;
  recordLiterals(exchange.request, bindings, file.sent);
  const request = bindings.substitute(exchange.request);
  clock.record(request);
  const ctx = {
    bindings,
    sent: file.sent,
    request,
    requestTokens: bindings.tokensIn(exchange.request),
    version: messageVersion(request) ?? 14,
    destroyed: file.destroyed,
    issued: file.issued,
  };
  const ask = () => askOnce(file.connection, index, exchange.response, ctx, file.trace);
  const before = bindings.snapshot();
  const failure = await ask();
  const wait = failure?.difference === undefined ? undefined : clock.retryAfterMs(request);
  if (wait === undefined) return failure;
  bindings.restore(before);
  await new Promise((resolve) => setTimeout(resolve, wait));
  return ask();
}

/** Sends one request and compares the answer; undefined when it matches. */
async function askOnce(
  connection: KmipConnection,
  index: number,
  expected: TtlvItem,
  ctx: CompareContext & { destroyed: Set<string>; issued: Set<string> },
  trace: Tracer | undefined,
): Promise<Replayed | undefined> {
  const { request } = ctx;
  let actual: TtlvItem;
  try {
    actual = decodeTtlv(await connection.exchange(encodeTtlv(request)));
  } catch (err) {
    trace?.(index, request, expected, undefined);
    return { outcome: "FAIL", message: index, reason: `no answer: ${errorText(err)}` };
  }
  trace?.(index, request, expected, actual);
  ctx.bindings.observe(actual);
  for (const uid of destroyedBy(actual)) ctx.destroyed.add(uid);
  for (const uid of issuedBy(actual)) ctx.issued.add(uid);
  const difference = compareResponse(expected, actual, ctx);
  return difference === undefined ? undefined : { outcome: "FAIL", message: index, difference };
}

/** The objects a response says were destroyed (successful Destroy batch items). */
function destroyedBy(response: TtlvItem): string[] {
  return children(response)
    .filter((i) => i.tag === Tag.BatchItem && operationOf(i) === Operation.Destroy)
    .filter((i) => enumValue(child(i, Tag.ResultStatus)) === ResultStatus.Success)
    .flatMap((i) => textValue(child(child(i, Tag.ResponsePayload), Tag.UniqueIdentifier)) ?? []);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The literal scalars a request carries (not its placeholders): the values a response may echo. */
export function recordLiterals(item: TtlvItem, bindings: Bindings, sent: Set<string>): void {
  sent.add(tagKey(item.tag));
  if (item.type === ItemType.Structure) {
    for (const child of item.value) recordLiterals(child, bindings, sent);
  } else if (bindings.tokenOf(item) === undefined) {
    sent.add(valueKey(item));
  }
}
