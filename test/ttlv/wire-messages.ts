/**
 * Every TTLV message captured from real clients in the shared vectors (PyKMIP, libmongocrypt,
 * Percona libkmip), read at test time. Each exchange has `request_hex` and a response under
 * `response_hex` (or `response_hex_from_pykmip_server` in the libmongocrypt capture).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fromHex } from "../../src/ttlv/hex.js";
import { listFiles, vectorsDir } from "../helpers/vectors.js";

export interface WireMessage {
  /** e.g. "pykmip-wire/pykmip-0.10.0-client-server-kmip-1.4.json #3 request" */
  readonly name: string;
  readonly hex: string;
  readonly bytes: Uint8Array;
}

const FOLDERS = ["pykmip-wire", "mongocrypt-wire", "libkmip-wire"];
const RESPONSE_KEYS = ["response_hex", "response_hex_from_pykmip_server"];

export function wireMessages(): WireMessage[] {
  const out: WireMessage[] = [];
  for (const folder of FOLDERS) {
    const dir = join(vectorsDir(), folder);
    for (const file of listFiles(dir, ".json")) {
      const doc = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
        exchanges: Record<string, unknown>[];
      };
      doc.exchanges.forEach((exchange, i) => {
        const request = exchange.request_hex;
        const responseKey = RESPONSE_KEYS.find((k) => typeof exchange[k] === "string");
        if (typeof request !== "string" || responseKey === undefined) {
          throw new Error(`${folder}/${file} exchange ${i} lacks request or response hex`);
        }
        const response = exchange[responseKey] as string;
        out.push(message(`${folder}/${file} #${i} request`, request));
        out.push(message(`${folder}/${file} #${i} response`, response));
      });
    }
  }
  return out;
}

function message(name: string, hex: string): WireMessage {
  return { name, hex: hex.toLowerCase(), bytes: fromHex(hex) };
}
