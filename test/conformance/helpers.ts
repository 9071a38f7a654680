/**
 * Small hand-made exchanges for the comparison rules: a request and the response it expects, in
 * the KMIP XML of the OASIS files, read the way the runner reads them.
 */
import { Bindings } from "../../src/conformance/bindings.js";
import { type CompareContext, compareResponse, type Difference } from "../../src/conformance/compare.js";
import { readExchanges, recordLiterals } from "../../src/conformance/run-file.js";
import type { Exchange } from "../../src/conformance/types.js";
import { kmipDictionary } from "../../src/kmip/dictionary.js";
import type { TtlvItem } from "../../src/ttlv/types.js";
import { parseKmipXml } from "../../src/ttlv/xml.js";

export const NOW = 1_700_000_000n;

export function header(kind: "Request" | "Response", version = "1.4", extra = ""): string {
  const [major, minor] = version.split(".");
  const stamp = kind === "Response" ? '<TimeStamp type="DateTime" value="$NOW"/>' : "";
  return `<${kind}Header><ProtocolVersion><ProtocolVersionMajor type="Integer" value="${major}"/>
    <ProtocolVersionMinor type="Integer" value="${minor}"/></ProtocolVersion>${stamp}${extra}
    <BatchCount type="Integer" value="1"/></${kind}Header>`;
}

/** A one-item Request Message. */
export function request(operation: string, payload: string, version = "1.4"): string {
  return `<RequestMessage>${header("Request", version)}<BatchItem>
    <Operation type="Enumeration" value="${operation}"/><RequestPayload>${payload}</RequestPayload>
    </BatchItem></RequestMessage>`;
}

/** A one-item successful Response Message (or `result` for a failure). */
export function response(operation: string, payload: string, version = "1.4", result = ""): string {
  const status = result === "" ? '<ResultStatus type="Enumeration" value="Success"/>' : result;
  const body = result === "" ? `<ResponsePayload>${payload}</ResponsePayload>` : "";
  return `<ResponseMessage>${header("Response", version)}<BatchItem>
    <Operation type="Enumeration" value="${operation}"/>${status}${body}</BatchItem></ResponseMessage>`;
}

export function failure(reason: string, message = ""): string {
  const text = message === "" ? "" : `<ResultMessage type="TextString" value="${message}"/>`;
  return `<ResultStatus type="Enumeration" value="OperationFailed"/>
    <ResultReason type="Enumeration" value="${reason}"/>${text}`;
}

/** The exchanges of a document of alternating requests and expected responses. */
export function file(bindings: Bindings, ...messages: string[]): Exchange[] {
  return readExchanges(`<KMIP>${messages.join("\n")}</KMIP>`, bindings);
}

/** An actual message (what the server sent), as a tree; no placeholders. */
export function actual(xml: string): TtlvItem {
  return parseKmipXml(xml, kmipDictionary, {
    resolvePlaceholder: (token, type) => (type === "DateTime" && token === "$NOW" ? NOW + 1n : undefined),
  });
}

/**
 * A file being replayed by hand: `compare(i, actualXml)` checks the i-th expected response
 * against an actual one with the runner's context (sent literals, bindings).
 */
export class Replay {
  readonly bindings = new Bindings(NOW);
  readonly exchanges: Exchange[];
  private readonly sent = new Set<string>();
  readonly destroyed = new Set<string>();
  readonly issued = new Set<string>();

  constructor(...messages: string[]) {
    this.exchanges = file(this.bindings, ...messages);
  }

  /** The i-th request as the runner would send it. */
  send(i: number): TtlvItem {
    const exchange = this.exchanges[i]!;
    recordLiterals(exchange.request, this.bindings, this.sent);
    return this.bindings.substitute(exchange.request);
  }

  compare(i: number, actualXml: string): Difference | undefined {
    const request = this.send(i);
    const ctx: CompareContext = {
      bindings: this.bindings,
      sent: this.sent,
      request,
      requestTokens: this.bindings.tokensIn(this.exchanges[i]!.request),
      version: 14,
      destroyed: this.destroyed,
      issued: this.issued,
    };
    const got = actual(actualXml);
    this.bindings.observe(got);
    return compareResponse(this.exchanges[i]!.response, got, ctx);
  }
}
