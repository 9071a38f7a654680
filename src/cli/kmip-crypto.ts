/**
 * `kmipd kmip` verbs for the cryptographic operations: encrypt, decrypt, sign, verify, mac,
 * hash, rng, create-key-pair. Data goes in and out as hex:
 *
 *   kmipd kmip encrypt UID --data-hex 00112233 --mode CBC --padding PKCS5 --random-iv
 *   kmipd kmip decrypt UID --data-hex … --mode CBC --padding PKCS5 --iv-hex …
 *   kmipd kmip sign UID --data-hex … --hashing SHA-256 [--padding PSS]
 *   kmipd kmip verify UID --data-hex … --signature-hex … --hashing SHA-256
 *   kmipd kmip create-key-pair --algorithm RSA --length 2048 | --algorithm EC --curve P-256
 *   kmipd kmip rng --length 32
 *
 * Each verb parses its flags first (a mistake is a usage error, exit 1, nothing sent) and returns
 * what to do with the connected client (`kmip.ts` runs it and prints the record; `--format raw`
 * prints the one output value as hex). Registered into `kmipd kmip` by
 * `registerKmipCryptoCommands(add)`, where `add` is the verb adder of `registerKmipCommand`.
 */
import type { Command } from "commander";
import {
  type CipherOptions,
  type CryptoParameterOptions,
  createKeyPair,
  decrypt,
  encrypt,
  hash,
  mac,
  rngRetrieve,
  sign,
  verify,
} from "../client/crypto.js";
import type { Json } from "../client/display.js";
import { fromHex, toHex } from "../ttlv/hex.js";
import { KmipUsageError } from "./kmip-connect.js";
import { integerOption, type Prepared, usage } from "./kmip-objects.js";
import { type KmipOutput, record } from "./kmip-output.js";

type Opts = Record<string, unknown>;
export type CryptoPrepare = (args: string[], opts: Opts) => Prepared;
/** The verb adder of `registerKmipCommand` (kmip.ts): adds a verb with the connection options. */
export type AddVerb = (spec: string, summary: string, prepare: CryptoPrepare, formats?: string[]) => Command;

const FORMATS = ["table", "json", "raw"];

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function hexOption(value: unknown, flag: string, required = false): Uint8Array | undefined {
  const text = str(value);
  if (text === undefined) {
    if (required) throw new KmipUsageError(`${flag} is required`);
    return undefined;
  }
  return usage(flag, () => fromHex(text));
}

function parameters(o: Opts): CryptoParameterOptions {
  return {
    algorithm: str(o.cryptographicAlgorithm),
    mode: str(o.mode),
    padding: str(o.padding),
    hashing: str(o.hashing),
    randomIv: o.randomIv === true ? true : undefined,
    tagLength: integerOption(o.tagLength, "--tag-length"),
  };
}

function cipherOptions(o: Opts): CipherOptions {
  return { ...parameters(o), iv: hexOption(o.ivHex, "--iv-hex"), aad: hexOption(o.aadHex, "--aad-hex") };
}

/** A record of hex fields (absent ones left out); `--format raw` prints `main` alone. */
function output(o: Opts, main: string, fields: Record<string, Uint8Array | string | undefined>): KmipOutput {
  const data: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(fields))
    if (v !== undefined) data[k] = typeof v === "string" ? v : toHex(v);
  if (o.format === "raw") return { kind: "raw", text: String(data[main] ?? "") };
  return record(data);
}

export function encryptVerb(uid: string, o: Opts): Prepared {
  const data = hexOption(o.dataHex, "--data-hex", true)!;
  const options = cipherOptions(o);
  return async (client) => {
    const r = await encrypt(client, uid, data, options);
    const fields = { "Unique Identifier": r.uniqueIdentifier, Data: r.data, "IV/Counter/Nonce": r.iv };
    return output(o, "Data", { ...fields, "Authenticated Encryption Tag": r.tag });
  };
}

export function decryptVerb(uid: string, o: Opts): Prepared {
  const data = hexOption(o.dataHex, "--data-hex", true)!;
  const options = { ...cipherOptions(o), tag: hexOption(o.tagHex, "--tag-hex") };
  return async (client) =>
    output(o, "Data", { "Unique Identifier": uid, Data: await decrypt(client, uid, data, options) });
}

export function signVerb(uid: string, o: Opts): Prepared {
  const data = hexOption(o.dataHex, "--data-hex", true)!;
  const options = { ...parameters(o), digested: o.digested === true };
  return async (client) =>
    output(o, "Signature Data", {
      "Unique Identifier": uid,
      "Signature Data": await sign(client, uid, data, options),
    });
}

export function verifyVerb(uid: string, o: Opts): Prepared {
  const data = hexOption(o.dataHex, "--data-hex", true)!;
  const signature = hexOption(o.signatureHex, "--signature-hex", true)!;
  const options = parameters(o);
  return async (client) => {
    const valid = await verify(client, uid, data, signature, options);
    return output(o, "Validity Indicator", {
      "Unique Identifier": uid,
      "Validity Indicator": valid ? "Valid" : "Invalid",
    });
  };
}

export function macVerb(uid: string, o: Opts): Prepared {
  const data = hexOption(o.dataHex, "--data-hex", true)!;
  const options = parameters(o);
  return async (client) =>
    output(o, "MAC Data", { "Unique Identifier": uid, "MAC Data": await mac(client, uid, data, options) });
}

export function hashVerb(o: Opts): Prepared {
  const data = hexOption(o.dataHex, "--data-hex", true)!;
  const hashing = str(o.hashing) ?? "SHA-256";
  return async (client) => output(o, "Data", { Data: await hash(client, data, hashing) });
}

export function rngVerb(o: Opts): Prepared {
  const length = integerOption(o.length, "--length");
  if (length === undefined || length === 0)
    throw new KmipUsageError("--length (bytes, at least 1) is required");
  return async (client) => output(o, "Data", { Data: await rngRetrieve(client, length) });
}

export function createKeyPairVerb(o: Opts): Prepared {
  const algorithm = str(o.algorithm) ?? (o.curve === undefined ? "RSA" : "EC");
  const options = {
    algorithm,
    length: integerOption(o.length, "--length"),
    curve: str(o.curve),
    name: str(o.name),
    privateUsageMask: str(o.privateUsageMask),
    publicUsageMask: str(o.publicUsageMask),
  };
  return async (client) => {
    const r = await createKeyPair(client, options);
    return record({
      "Private Key Unique Identifier": r.privateKey,
      "Public Key Unique Identifier": r.publicKey,
    });
  };
}

function cipherFlags(cmd: Command): Command {
  return cmd
    .option("--data-hex <hex>", "the data, in hex")
    .option("--mode <name>", "Block Cipher Mode: ECB, CBC, CFB, OFB, CTR, GCM, XTS …")
    .option("--padding <name>", "Padding Method: None, PKCS5, OAEP, PKCS1 v1.5")
    .option("--hashing <name>", "Hashing Algorithm (RSA OAEP), e.g. SHA-256")
    .option("--cryptographic-algorithm <name>", "Cryptographic Algorithm, when not the key's")
    .option("--iv-hex <hex>", "IV/Counter/Nonce, in hex")
    .option("--random-iv", "let the server generate the IV (it is printed)")
    .option("--tag-length <bytes>", "Tag Length of GCM / ChaCha20-Poly1305")
    .option("--aad-hex <hex>", "Authenticated Encryption Additional Data, in hex");
}

function signatureFlags(cmd: Command): Command {
  return cmd
    .option("--data-hex <hex>", "the data, in hex")
    .option("--hashing <name>", "Hashing Algorithm, e.g. SHA-256")
    .option("--padding <name>", "Padding Method for RSA: PSS or PKCS1 v1.5")
    .option("--cryptographic-algorithm <name>", "Cryptographic Algorithm, when not the key's");
}

/** Adds the cryptographic verbs through `add` (kmip.ts: `registerKmipCryptoCommands(add)`). */
export function registerKmipCryptoCommands(add: AddVerb): void {
  cipherFlags(
    add("encrypt <uid>", "Encrypt data with a key", ([uid = ""], o) => encryptVerb(uid, o), FORMATS),
  );
  cipherFlags(
    add("decrypt <uid>", "Decrypt data with a key", ([uid = ""], o) => decryptVerb(uid, o), FORMATS),
  ).option("--tag-hex <hex>", "Authenticated Encryption Tag, in hex");
  signatureFlags(
    add("sign <uid>", "Sign data with a private key", ([uid = ""], o) => signVerb(uid, o), FORMATS),
  ).option("--digested", "the data is a digest (Digested Data)");
  signatureFlags(
    add("verify <uid>", "Verify a signature", ([uid = ""], o) => verifyVerb(uid, o), FORMATS),
  ).option("--signature-hex <hex>", "the signature, in hex");
  add("mac <uid>", "MAC data with a key", ([uid = ""], o) => macVerb(uid, o), FORMATS)
    .option("--data-hex <hex>", "the data, in hex")
    .option("--cryptographic-algorithm <name>", "the MAC algorithm when not the key's, e.g. HMAC-SHA256");
  add("hash", "Hash data on the server", (_a, o) => hashVerb(o), FORMATS)
    .option("--data-hex <hex>", "the data, in hex")
    .option("--hashing <name>", "Hashing Algorithm (default SHA-256)");
  add("rng", "Random bytes from the server's generator", (_a, o) => rngVerb(o), FORMATS).option(
    "--length <bytes>",
    "how many bytes",
  );
  add("create-key-pair", "Create a public/private key pair", (_a, o) => createKeyPairVerb(o))
    .option("--algorithm <name>", "RSA (default), EC, ECDSA, Ed25519")
    .option(
      "--length <bits>",
      "RSA modulus bits (a multiple of 8 from 1024 to 4096; 2048+ recommended) or EC curve bits",
    )
    .option("--curve <name>", "Recommended Curve: P-256, P-384, P-521")
    .option("--name <name>", "Name of the private key (the public key gets NAME-public)")
    .option("--private-usage-mask <names>", 'private key mask (default "Sign")')
    .option("--public-usage-mask <names>", 'public key mask (default "Verify")');
}
