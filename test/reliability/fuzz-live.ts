/**
 * The live oracle: fuzzed bytes go to a server over mutual TLS, and what comes back must be what
 * a correct server does. The server's own framing rules (`MessageStream`, with its limits) say
 * how the bytes split: every whole message gets exactly one answer that decodes as a Response
 * Message, payloads included; a stream that cannot be framed gets one Invalid Message answer more
 * and a close; a message left incomplete is abandoned by us (the server would wait for the rest).
 * No answer and no close within the timeout is a hang. Most incomplete messages are completed
 * with zero bytes instead ("padded"): the damage inside them still reaches the decoder, and the
 * connection, whose handshake costs more than the message, is kept.
 */
import type { TLSSocket } from "node:tls";
import { KmipError } from "../../src/kmip/errors.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { decodeResponseMessage, decodeResponsePayload, messageVersion } from "../../src/kmip/messages.js";
import { MessageStream } from "../../src/server/message-stream.js";
import { decodeTtlv } from "../../src/ttlv/decode.js";
import { resolveLimits, type TtlvLimits } from "../../src/ttlv/limits.js";
import type { Credential } from "./live-server.js";
import { collect, nextMessage, tlsOver } from "./raw.js";

export type LiveOutcome = "answered" | "padded" | "refused-closed" | "incomplete" | "empty";

export interface LiveTarget {
  readonly port: number;
  /** The server's TTLV limits (its framing decisions depend on them). */
  readonly limits?: Partial<TtlvLimits>;
  /** A fresh client credential per sender. */
  credential(): Promise<Credential>;
}

/** A contract breach by the server, with what provoked it. */
export class LiveFailure extends Error {
  override readonly name = "LiveFailure";
}

const CLIENT_LIMITS = {
  messageBytesMax: 64 * 1024 * 1024,
  byteStringBytesMax: 64 * 1024 * 1024,
  itemsMax: 2_000_000,
};

export class LiveSender {
  private socket: TLSSocket | undefined;
  private cred: Credential | undefined;
  private readonly limits: TtlvLimits;
  private incomplete = 0;

  constructor(
    private readonly target: LiveTarget,
    private readonly timeoutMs = 15_000,
  ) {
    this.limits = resolveLimits(target.limits ?? {});
  }

  async send(input: Uint8Array): Promise<LiveOutcome> {
    if (input.length === 0) return "empty";
    const bytes = this.completed(input);
    const plan = new MessageStream(this.limits);
    const split = plan.push(bytes);
    const expected = split.messages.length + (split.error === undefined ? 0 : 1);
    const socket = await this.connection();
    socket.write(bytes);
    for (let i = 0; i < expected; i++) {
      const answer = await this.next(socket, `answer ${i + 1} of ${expected}`);
      if (answer === undefined) throw new LiveFailure(`closed after ${i} of ${expected} answers`);
      checkResponse(answer);
    }
    if (split.error !== undefined) {
      if ((await this.next(socket, "close after a framing error")) !== undefined)
        throw new LiveFailure("answered more than once after a framing error");
      this.socket = undefined;
      return "refused-closed";
    }
    if (plan.partialBytes > 0) {
      this.drop();
      return "incomplete";
    }
    return bytes === input ? "answered" : "padded";
  }

  /** `input` with its last message completed by zero bytes, except one time in ten. */
  private completed(input: Uint8Array): Uint8Array {
    const plan = new MessageStream(this.limits);
    if (plan.push(input).error !== undefined || plan.partialBytes < 8) return input;
    if (++this.incomplete % 10 === 0) return input;
    const start = input.length - plan.partialBytes;
    const declared = 8 + new DataView(input.buffer, input.byteOffset).getUint32(start + 4);
    const out = new Uint8Array(start + declared);
    out.set(input);
    return out;
  }

  close(): void {
    this.drop();
  }

  private async connection(): Promise<TLSSocket> {
    if (this.socket !== undefined && !this.socket.destroyed) return this.socket;
    this.cred ??= await this.target.credential();
    const { socket } = await tlsOver(this.target.port, this.cred);
    collect(socket);
    this.socket = socket;
    return socket;
  }

  private async next(socket: TLSSocket, what: string): Promise<Uint8Array | undefined> {
    try {
      return await nextMessage(socket, this.timeoutMs);
    } catch (error) {
      this.drop();
      throw new LiveFailure(`${what}: ${(error as Error).message}`);
    }
  }

  private drop(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}

/** A Response Message our client model reads whole, payloads included. */
export function checkResponse(bytes: Uint8Array): void {
  try {
    const tree = decodeTtlv(bytes, CLIENT_LIMITS);
    if (tree.tag !== Tag.ResponseMessage) throw new LiveFailure("the answer is not a Response Message");
    const version = messageVersion(tree);
    for (const item of decodeResponseMessage(tree, version).batchItem) {
      if (item.operation !== undefined && item.responsePayload !== undefined)
        decodeResponsePayload(item.operation, item.responsePayload, version);
    }
  } catch (error) {
    if (error instanceof LiveFailure) throw error;
    const why = error instanceof KmipError ? error.publicMessage : (error as Error).message;
    throw new LiveFailure(
      `the answer does not decode: ${why} (${Buffer.from(bytes).toString("hex").slice(0, 400)})`,
    );
  }
}
