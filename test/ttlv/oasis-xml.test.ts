/**
 * Every OASIS KMIP test-case XML file in the shared vectors (KMIP 1.1 to 2.1, about 550 files):
 * each parses, and each of its messages encodes to binary TTLV, decodes back to the same tree
 * (compared as re-rendered XML), and goes through XML and JSON again losslessly. No file is left
 * out. Placeholders ($NOW-3600, $IV_COUNTER_NONCE, ...) are bound deterministically; the one
 * malformed upstream file is checked to fail as malformed, then checked with the defect removed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kmipDictionary as dict } from "../../src/kmip/dictionary.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { fromHex } from "../../src/ttlv/hex.js";
import { parseKmipJson, toKmipJson } from "../../src/ttlv/json.js";
import type { TtlvItem } from "../../src/ttlv/types.js";
import { parseKmipXml, parseKmipXmlDocument, toKmipXml } from "../../src/ttlv/xml.js";
import { listFiles, vectorsDir } from "../helpers/vectors.js";
import { bindPlaceholder, expectTtlvError } from "./text-encoding-helpers.js";

/** Upstream defect (vectors README): the file ends with a second `</KMIP>`. */
const MALFORMED = "kmip-1.4/testcases/TC-ECDSA-SIGN-1-14.xml";

const dir = vectorsDir();
const files = listFiles(dir, ".xml");
const totals = { files: 0, messages: 0 };

/** Messages the file holds, counted on the raw text, to check that none is skipped. */
function countMessages(text: string): number {
  const withoutComments = text.replace(/<!--[\s\S]*?-->/g, "");
  return (withoutComments.match(/<(?:Request|Response)Message[\s>]/g) ?? []).length;
}

/** One message: binary, XML and JSON round trips, all compared through their bytes and XML. */
function roundTrip(message: TtlvItem, where: string): void {
  const xml = toKmipXml(message, dict);
  const bytes = encodeTtlv(message);
  const decoded = decodeTtlv(bytes);
  expect(toKmipXml(decoded, dict), `${where}: binary round trip`).toBe(xml);
  const fromXml = parseKmipXml(xml, dict);
  expect(encodeTtlv(fromXml).equals(bytes), `${where}: XML round trip`).toBe(true);
  const json = toKmipJson(decoded, dict);
  const fromJson = parseKmipJson(json, dict);
  expect(encodeTtlv(fromJson).equals(bytes), `${where}: JSON round trip`).toBe(true);
  expect(toKmipJson(fromJson, dict), `${where}: JSON rewritten`).toBe(json);
}

function checkFile(name: string, text: string): void {
  const messages = parseKmipXmlDocument(text, dict, { resolvePlaceholder: bindPlaceholder });
  expect(messages.length, `${name}: messages`).toBe(countMessages(text));
  expect(messages.length).toBeGreaterThan(0);
  messages.forEach((m, i) => {
    roundTrip(m, `${name} message ${i}`);
  });
  totals.files += 1;
  totals.messages += messages.length;
}

describe("OASIS XML test cases", () => {
  it("finds the whole set", () => {
    expect(files.length).toBeGreaterThanOrEqual(547);
    expect(files).toContain(MALFORMED);
  });

  for (const name of files) {
    it(name, () => {
      const text = readFileSync(join(dir, name), "utf8");
      if (name !== MALFORMED) {
        checkFile(name, text);
        return;
      }
      const e = expectTtlvError(
        () => parseKmipXmlDocument(text, dict, { resolvePlaceholder: bindPlaceholder }),
        "syntax",
        /closing tag after the end of the root element \(line \d+, column 1\)/,
      );
      expect(e.path).toBeUndefined();
      // With the duplicated </KMIP> removed, its messages are fine.
      const trimmed = text.replace(/<\/KMIP>\s*<\/KMIP>\s*$/, "</KMIP>\n");
      expect(trimmed).not.toBe(text);
      checkFile(`${name} (trimmed)`, trimmed);
    });
  }

  afterAll(() => {
    // Every file, the malformed one included once trimmed (6,900+ messages in the shared set).
    if (totals.files === files.length) expect(totals.messages).toBeGreaterThan(6900);
    console.info(`OASIS XML: ${totals.files} files, ${totals.messages} messages round-tripped`);
  });
});

/** Hex strings of every request and response recorded from real clients (PyKMIP, libmongocrypt, libkmip). */
function wireMessages(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of listFiles(dir, ".json").filter((f) => f.includes("-wire/"))) {
    const data = JSON.parse(readFileSync(join(dir, name), "utf8")) as {
      exchanges: Record<string, unknown>[];
    };
    data.exchanges.forEach((ex, i) => {
      for (const [key, value] of Object.entries(ex)) {
        if (key.includes("hex") && typeof value === "string") out.push([`${name} #${i} ${key}`, value]);
      }
    });
  }
  return out;
}

describe("captured client traffic", () => {
  it("every recorded message round-trips through XML and JSON", () => {
    const messages = wireMessages();
    expect(messages.length).toBeGreaterThan(200);
    for (const [where, hex] of messages) roundTrip(decodeTtlv(fromHex(hex)), where);
  });
});
