/**
 * Multi-part Encrypt and Decrypt (1.4 §4.29–4.30 with Init Indicator, Final Indicator and
 * Correlation Value, 1.4 §2.1.15–2.1.17). The operation layer keeps a CipherStream per
 * Correlation Value, feeds it each request's Data and calls `final` on the Final Indicator.
 * A stream's output, concatenated, equals the single-part result.
 *
 * Most modes stream through OpenSSL. Three cannot, and are buffered up to `bufferLimitBytes`
 * and processed at `final`:
 * - XTS: OpenSSL treats each update as a whole data unit (IEEE 1619 §5.1), so chunks would be
 *   tweaked as separate sectors;
 * - the key wraps (RFC 3394, RFC 5649): one message by construction;
 * - AEAD decryption: plaintext is released only after the tag verifies (SP 800-38D §7.2 step 8,
 *   RFC 8439 §2.8), so nothing unauthenticated reaches the client.
 * RSA has no multi-part form: Unsupported Cryptographic Parameters.
 */
import { CryptographicAlgorithm as A } from "../kmip/generated/enums.js";
import { buf, bytes, concat } from "./bytes.js";
import { type CipherRequest, decrypt, type EncryptResult, encrypt, withTag } from "./cipher.js";
import { type OpenedCipher, openSymmetric } from "./cipher-core.js";
import { guard, limitExceeded, streamEnded, unsupported } from "./errors.js";

/** The default bound on what a buffered stream holds. */
export const STREAM_BUFFER_BYTES_MAX = 16 * 1024 * 1024;

export interface StreamOptions {
  readonly bufferLimitBytes?: number;
}

export interface CipherStream {
  /** Processes the next part; returns the output available so far. */
  update(chunk: Uint8Array): Uint8Array;
  /** Ends the stream: the remaining output and, for AEAD encryption, the tag. */
  final(): EncryptResult;
}

export interface EncryptStreamStart {
  readonly stream: CipherStream;
  /** The IV/Counter/Nonce the server generated (Random IV). */
  readonly iv?: Uint8Array;
}

/** A stream straight through an OpenSSL cipher. */
class DirectStream implements CipherStream {
  #done = false;
  constructor(
    private readonly opened: OpenedCipher,
    private readonly message: string,
  ) {}

  update(chunk: Uint8Array): Uint8Array {
    if (this.#done) throw streamEnded();
    return guard(this.message, () => bytes(this.opened.cipher.update(buf(chunk))));
  }

  final(): EncryptResult {
    if (this.#done) throw streamEnded();
    this.#done = true;
    const data = guard(this.message, () => bytes(this.opened.cipher.final()));
    return withTag(data, this.opened);
  }
}

/** A stream that collects its parts and runs the single-part operation at the end. */
class BufferedStream implements CipherStream {
  #parts: Uint8Array[] = [];
  #size = 0;
  #done = false;
  constructor(
    private readonly run: (data: Uint8Array) => EncryptResult,
    private readonly limit: number,
  ) {}

  update(chunk: Uint8Array): Uint8Array {
    if (this.#done) throw streamEnded();
    this.#size += chunk.length;
    if (this.#size > this.limit)
      throw limitExceeded(`a buffered multi-part operation holds at most ${this.limit} bytes`);
    this.#parts.push(bytes(chunk));
    return new Uint8Array(0);
  }

  final(): EncryptResult {
    if (this.#done) throw streamEnded();
    this.#done = true;
    const data = concat(...this.#parts);
    this.#parts = [];
    return this.run(data);
  }
}

function checkStreamable(req: CipherRequest): void {
  if (req.algorithm === A.RSA) throw unsupported("RSA encryption is single-part only");
}

/** Starts a multi-part encryption. */
export function createEncryptStream(req: CipherRequest, options: StreamOptions = {}): EncryptStreamStart {
  checkStreamable(req);
  const opened = openSymmetric("encrypt", req);
  const start = opened.generatedIv === undefined ? {} : { iv: opened.generatedIv };
  if (!opened.spec.wholeMessage) return { stream: new DirectStream(opened, "encryption failed"), ...start };
  const iv = opened.generatedIv ?? req.iv;
  const run = (data: Uint8Array): EncryptResult => {
    const { iv: _generated, ...rest } = encrypt(Object.assign({}, req, { iv, randomIv: false, data }));
    return rest;
  };
  return { stream: new BufferedStream(run, options.bufferLimitBytes ?? STREAM_BUFFER_BYTES_MAX), ...start };
}

/** Starts a multi-part decryption; for AEAD modes the tag comes with the first part (1.4 Table 231). */
export function createDecryptStream(req: CipherRequest, options: StreamOptions = {}): CipherStream {
  checkStreamable(req);
  const opened = openSymmetric("decrypt", req);
  if (!opened.spec.wholeMessage && opened.spec.tagBytes === 0) {
    return new DirectStream(opened, "decryption failed (key, IV, padding or data)");
  }
  const run = (data: Uint8Array): EncryptResult => ({ data: decrypt(Object.assign({}, req, { data })) });
  return new BufferedStream(run, options.bufferLimitBytes ?? STREAM_BUFFER_BYTES_MAX);
}
