/**
 * Seeds for the fuzzer: every TTLV message captured from real clients (PyKMIP, libmongocrypt,
 * Percona libkmip), and messages built from the OASIS KMIP test-case XML (placeholders bound as
 * the CLI binds them), read from the shared vectors at run time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kmipDictionary } from "../../src/kmip/dictionary.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { conversionPlaceholders } from "../../src/kmip/placeholders.js";
import { encodeTtlv } from "../../src/ttlv/encode.js";
import { parseKmipXmlDocument } from "../../src/ttlv/xml.js";
import { listFiles, vectorsDir } from "../helpers/vectors.js";
import { wireMessages } from "../ttlv/wire-messages.js";

export interface Corpus {
  /** Request Messages: what the live server is fed, mutated. */
  readonly requests: readonly Uint8Array[];
  /** Every message (responses too): what the decoder and model are fed. */
  readonly all: readonly Uint8Array[];
  readonly counts: { readonly wire: number; readonly oasisFiles: number; readonly oasis: number };
}

/** `$NOW` in the OASIS files: a fixed instant, so a run is replayable. */
const NOW = 1_700_000_000n;

/** The corpus; `oasisEvery` takes every n-th XML file (1: all of them). */
export function loadCorpus(oasisEvery = 1): Corpus {
  const wire = wireMessages().map((m) => m.bytes);
  const files = listFiles(vectorsDir(), ".xml").filter((_, i) => i % oasisEvery === 0);
  const oasis = files.flatMap(oasisMessages);
  const all = [...wire, ...oasis];
  return {
    requests: all.filter(isRequest),
    all,
    counts: { wire: wire.length, oasisFiles: files.length, oasis: oasis.length },
  };
}

function oasisMessages(file: string): Uint8Array[] {
  const text = readFileSync(join(vectorsDir(), file), "utf8");
  const resolvePlaceholder = conversionPlaceholders(NOW);
  try {
    return parseKmipXmlDocument(text, kmipDictionary, { resolvePlaceholder }).map((m) => encodeTtlv(m));
  } catch {
    return []; // the one upstream file with a duplicated </KMIP> (vectors README)
  }
}

/** The top-level tag is Request Message (0x420078). */
function isRequest(bytes: Uint8Array): boolean {
  return ((bytes[0]! << 16) | (bytes[1]! << 8) | bytes[2]!) === Tag.RequestMessage;
}
