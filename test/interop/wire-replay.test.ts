/**
 * Every request captured from a real client (`vectors/{pykmip,mongocrypt,libkmip}-wire/`:
 * PyKMIP 0.10 for KMIP 1.1/1.2/1.4/2.0, libmongocrypt 1.7.2, Percona's libkmip) replayed in order
 * against a live kmipd over mutual TLS, each capture in a scope of its own, one TLS connection per
 * captured connection. The Unique Identifiers the original server returned are mapped to the
 * ones kmipd returns, so later requests name kmipd's objects. Each batch item must end with the
 * Result Status the original server gave (read from its recorded response).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Tag } from "../../src/kmip/generated/tags.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { TtlvFramer } from "../../src/ttlv/framer.js";
import { fromHex } from "../../src/ttlv/hex.js";
import { ItemType, type TtlvItem } from "../../src/ttlv/types.js";
import { type Kmipd, startKmipd } from "../helpers/kmipd.js";
import { listFiles, vectorsDir } from "../helpers/vectors.js";

/** PyKMIP and libkmip captures name the connection and operations; libmongocrypt's only a step. */
interface Exchange {
  conn?: number;
  operations?: string[];
  step?: string;
  request_hex: string;
  response_hex?: string;
  response_hex_from_pykmip_server?: string;
}

/**
 * Exchanges where the original server (PyKMIP 0.10) failed for a limit of its own and kmipd, as
 * the issue requires, succeeds. Keyed by capture and exchange index; each with the reason.
 */
const KMIPD_DOES_MORE: Record<string, string> = {
  "pykmip-wire/pykmip-0.10.0-client-server-kmip-1.1.json #11":
    "Create of an HMAC-SHA256 key: PyKMIP answers Invalid Field ('not a supported symmetric key algorithm'); kmipd creates HMAC keys",
  "pykmip-wire/pykmip-0.10.0-client-server-kmip-1.2.json #12": "the same HMAC-SHA256 Create",
  "pykmip-wire/pykmip-0.10.0-client-server-kmip-1.4.json #12": "the same HMAC-SHA256 Create",
  "pykmip-wire/pykmip-0.10.0-client-server-kmip-2.0.json #12": "the same HMAC-SHA256 Create",
};

const STATUS: Record<number, string> = {
  0: "SUCCESS",
  1: "OPERATION_FAILED",
  2: "OPERATION_PENDING",
  3: "OPERATION_UNDONE",
};
let kmipd: Kmipd;
let port: number;

beforeAll(async () => {
  kmipd = await startKmipd();
  port = await kmipd.kmipListener();
}, 60_000);
afterAll(async () => {
  await kmipd?.close();
});

/** One mutual-TLS connection that sends whole messages and reads whole responses. */
async function openConnection(files: { ca: string; cert: string; key: string }) {
  const socket: TLSSocket = connect({
    host: "127.0.0.1",
    port,
    servername: "localhost",
    ca: readFileSync(files.ca),
    cert: readFileSync(files.cert),
    key: readFileSync(files.key),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("secureConnect", () => resolve());
    socket.once("error", reject);
  });
  const framer = new TtlvFramer();
  const queue: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  socket.on("data", (chunk: Buffer) => {
    queue.push(...framer.push(chunk));
    wake?.();
  });
  return {
    async roundTrip(bytes: Uint8Array): Promise<TtlvItem> {
      socket.write(bytes);
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      return decodeTtlv(queue.shift()!);
    },
    close: () => socket.destroy(),
  };
}

/**
 * Values the server chooses and the client sends back later: identifiers (of a key, or of each
 * key of a pair), and the ciphertext, IV and signature of an earlier Encrypt or Sign that a later
 * Decrypt or Signature Verify presents.
 */
const CHOSEN = new Set<number>([
  Tag.UniqueIdentifier,
  Tag.PrivateKeyUniqueIdentifier,
  Tag.PublicKeyUniqueIdentifier,
  Tag.Data,
  Tag.IVCounterNonce,
  Tag.SignatureData,
]);

type Chosen = { tag: number; key: string; item: TtlvItem };

/** Every server-chosen value in a tree, in document order. */
function chosen(item: TtlvItem, out: Chosen[] = []): Chosen[] {
  if (item.type === ItemType.Structure) for (const child of item.value) chosen(child, out);
  else if (CHOSEN.has(item.tag)) out.push({ tag: item.tag, key: valueKey(item), item });
  return out;
}

function valueKey(item: TtlvItem): string {
  const v = item.value;
  return `${item.tag}:${v instanceof Uint8Array ? Buffer.from(v).toString("hex") : String(v)}`;
}

/** The request with every value the original server chose replaced by kmipd's choice. */
function substitute(item: TtlvItem, map: Map<string, TtlvItem>): TtlvItem {
  if (item.type === ItemType.Structure) return { ...item, value: item.value.map((c) => substitute(c, map)) };
  const ours = CHOSEN.has(item.tag) ? map.get(valueKey(item)) : undefined;
  if (ours === undefined) return item;
  // A Unique Identifier may come back under another tag (a key pair's private key, say).
  return { ...item, value: ours.value } as TtlvItem;
}

/** Pairs the original server's chosen values with kmipd's, tag by tag, in order. */
function learn(original: TtlvItem, response: TtlvItem, map: Map<string, TtlvItem>): void {
  const ours = chosen(response);
  const byTag = new Map<number, Chosen[]>();
  for (const c of ours) byTag.set(c.tag, [...(byTag.get(c.tag) ?? []), c]);
  const seen = new Map<number, number>();
  for (const c of chosen(original)) {
    const n = seen.get(c.tag) ?? 0;
    seen.set(c.tag, n + 1);
    const mine = byTag.get(c.tag)?.[n];
    if (mine === undefined || map.has(c.key)) continue;
    map.set(c.key, mine.item);
    // Identifiers are text wherever they appear: also map them under the plain tag.
    if (c.tag !== Tag.UniqueIdentifier && mine.item.type === ItemType.TextString) {
      map.set(`${Tag.UniqueIdentifier}:${String(c.item.value)}`, mine.item);
    }
  }
}

function statuses(response: TtlvItem): string[] {
  if (response.type !== ItemType.Structure) return [];
  return response.value
    .filter((i) => i.tag === Tag.BatchItem && i.type === ItemType.Structure)
    .map((bi) => {
      const s = (bi.value as TtlvItem[]).find((i) => i.tag === Tag.ResultStatus);
      return STATUS[s?.value as number] ?? "?";
    });
}

const captures = ["pykmip-wire", "mongocrypt-wire", "libkmip-wire"].flatMap((folder) =>
  listFiles(join(vectorsDir(), folder), ".json").map((f) => `${folder}/${f}`),
);

describe("captured real-client requests replayed against kmipd", () => {
  captures.forEach((capture, n) => {
    it(capture, async () => {
      const doc = JSON.parse(readFileSync(join(vectorsDir(), capture), "utf8")) as { exchanges: Exchange[] };
      const files = await kmipd.credentialFiles(await kmipd.credential(`replay${n}`, "client"));
      const connections = new Map<number, Awaited<ReturnType<typeof openConnection>>>();
      const map = new Map<string, TtlvItem>();
      const outcomes: string[] = [];
      try {
        for (const [i, x] of doc.exchanges.entries()) {
          let conn = connections.get(x.conn ?? 0);
          if (!conn) {
            conn = await openConnection(files);
            connections.set(x.conn ?? 0, conn);
          }
          const request = substitute(decodeTtlv(fromHex(x.request_hex)), map);
          const response = await conn.roundTrip(encodeTtlv(request));
          const original = decodeTtlv(fromHex(x.response_hex ?? x.response_hex_from_pykmip_server!));
          learn(original, response, map);
          const got = statuses(response).join(",");
          const better = KMIPD_DOES_MORE[`${capture} #${i}`] !== undefined;
          const want = better ? "SUCCESS" : statuses(original).join(",");
          const what = x.operations?.join("+") ?? x.step;
          if (got !== want) outcomes.push(`#${i} ${what}: ${want} -> ${got}`);
        }
        expect(outcomes).toEqual([]);
      } finally {
        for (const c of connections.values()) c.close();
      }
    }, 60_000);
  });
});
