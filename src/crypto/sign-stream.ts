/**
 * Multi-part Sign and Signature Verify (1.4 §4.31–4.32 with Init/Final Indicator and Correlation
 * Value). Hash-based schemes stream through OpenSSL (createSign / createVerify); EdDSA hashes the
 * message twice (RFC 8032 §5.1.6), so Node signs it only whole: its parts are buffered up to
 * `bufferLimitBytes`. Digested Data is a single value and has no multi-part form.
 */
import { createSign, createVerify, type Sign, type Verify } from "node:crypto";
import { buf, bytes, concat } from "./bytes.js";
import { STREAM_BUFFER_BYTES_MAX, type StreamOptions } from "./cipher-stream.js";
import { cryptographicFailure, guard, limitExceeded, streamEnded } from "./errors.js";
import { nodeSignOptions, type SignRequest, sign, verify } from "./sign.js";
import { checkSigningKey, signatureScheme } from "./sign-spec.js";

export type SignStreamRequest = Omit<SignRequest, "data" | "digest">;

export interface SignStream {
  update(chunk: Uint8Array): void;
  final(): Uint8Array;
}

export interface VerifyStream {
  update(chunk: Uint8Array): void;
  final(signature: Uint8Array): boolean;
}

/** The parts so far, as one message, or the OpenSSL hash state. */
type Sink =
  | { kind: "hash"; state: Sign | Verify }
  | { kind: "buffer"; parts: Uint8Array[]; size: number; limit: number };

function openSink(
  req: SignStreamRequest,
  needPrivate: boolean,
  options: StreamOptions,
  forVerify: boolean,
): Sink {
  const scheme = signatureScheme(req);
  checkSigningKey(scheme, req.key, needPrivate);
  const { digest } = nodeSignOptions(scheme, req.key, forVerify);
  if (digest === null) {
    return { kind: "buffer", parts: [], size: 0, limit: options.bufferLimitBytes ?? STREAM_BUFFER_BYTES_MAX };
  }
  return { kind: "hash", state: forVerify ? createVerify(digest) : createSign(digest) };
}

function feed(sink: Sink, chunk: Uint8Array): void {
  if (sink.kind === "hash") {
    guard("hashing failed", () => sink.state.update(buf(chunk)));
    return;
  }
  sink.size += chunk.length;
  if (sink.size > sink.limit)
    throw limitExceeded(`a buffered multi-part operation holds at most ${sink.limit} bytes`);
  sink.parts.push(bytes(chunk));
}

/** Starts a multi-part signature. */
export function createSignStream(req: SignStreamRequest, options: StreamOptions = {}): SignStream {
  const sink = openSink(req, true, options, false);
  let done = false;
  return {
    update(chunk) {
      if (done) throw streamEnded();
      feed(sink, chunk);
    },
    final() {
      if (done) throw streamEnded();
      done = true;
      if (sink.kind === "buffer") return sign(Object.assign({}, req, { data: concat(...sink.parts) }));
      const { options: o } = nodeSignOptions(signatureScheme(req), req.key, false);
      try {
        return bytes((sink.state as Sign).sign(o));
      } catch (e) {
        throw cryptographicFailure("signing failed", e);
      }
    },
  };
}

/** Starts a multi-part signature verification; the signature comes with the last part. */
export function createVerifyStream(req: SignStreamRequest, options: StreamOptions = {}): VerifyStream {
  const sink = openSink(req, false, options, true);
  let done = false;
  return {
    update(chunk) {
      if (done) throw streamEnded();
      feed(sink, chunk);
    },
    final(signature) {
      if (done) throw streamEnded();
      done = true;
      if (sink.kind === "buffer")
        return verify(Object.assign({}, req, { data: concat(...sink.parts), signature }));
      const { options: o } = nodeSignOptions(signatureScheme(req), req.key, true);
      try {
        return (sink.state as Verify).verify(o, buf(signature));
      } catch (e) {
        throw cryptographicFailure("signature verification failed", e);
      }
    },
  };
}
