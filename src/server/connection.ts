/**
 * One client connection after its TLS handshake: split the stream into messages, answer them one
 * at a time and in order (several may arrive in one read, one may span many), write each answer
 * before reading on. Reads pause while `pipelineMax` messages wait, and while a write drains.
 *
 * Closing is always for a reason, logged: a framing error (after its Invalid Message answer), an
 * identity that no longer resolves (after its Permission Denied answer), the idle timeout, a
 * message begun and not finished within `messageTimeoutMs`, a sealed core, or the service
 * stopping. Closing reads nothing more but still answers the messages already received whole
 * (a drain), then ends the socket; `closeGraceMs` bounds the whole.
 */
import type { TLSSocket } from "node:tls";
import type { Logger } from "../core/logger.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { ClientIdentity } from "../operations/types.js";
import { StorageError } from "../storage/types.js";
import { logInternal } from "./batch-item.js";
import type { ConnectionIdentity } from "./identity.js";
import { answerMessage, failure, type MessageDeps, versionOfBroken } from "./message.js";
import { MessageStream, type PushResult } from "./message-stream.js";
import type { ServiceLimits } from "./options.js";
import { referenceId } from "./responses.js";
import { turnWrites } from "./turn-writes.js";

export interface ConnectionDeps {
  readonly mountUuid: string;
  readonly limits: ServiceLimits;
  readonly message: MessageDeps;
  readonly identity: ConnectionIdentity;
  readonly sealed: () => boolean;
  readonly logger: Logger;
  readonly logFields: Readonly<Record<string, unknown>>;
  /** The client's request budget (`requestsPerSecondMax`); absent when unlimited. */
  readonly rate?: RequestRate;
}

export interface RequestRate {
  readonly perSecond: number;
  /** Spends one request; false when the budget is empty. */
  take(): boolean;
}

type Queued = { kind: "message"; bytes: Uint8Array } | { kind: "broken"; push: PushResult };

/** How long a burst of change events is gathered before an idle connection re-checks itself. */
const recheckDelayMs = 50;

export class KmipConnection {
  private readonly stream: MessageStream;
  private readonly queue: Queued[] = [];
  private pumping = false;
  private closing = false;
  private broken = false;
  private recheckTimer: NodeJS.Timeout | undefined;
  private messageTimer: NodeJS.Timeout | undefined;
  /** Resolves once the socket has closed. */
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: TLSSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.stream = new MessageStream(deps.limits.ttlv);
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
  }

  start(): void {
    const { socket, deps } = this;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, deps.limits.keepAliveMs);
    socket.setTimeout(deps.limits.idleTimeoutMs);
    socket.on("timeout", () => this.close("idle timeout"));
    socket.on("error", (error) =>
      deps.logger.info(Object.assign({}, deps.logFields, { error: error.message }), "KMIP connection error"),
    );
    socket.on("close", () => this.onClosed());
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
  }

  /** A change on the mount: drop the cached identity; an idle connection re-checks it soon. */
  invalidate(): void {
    this.deps.identity.invalidate();
    if (this.recheckTimer !== undefined || this.closing) return;
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = undefined;
      void this.recheckIdle();
    }, recheckDelayMs);
    this.recheckTimer.unref();
  }

  /**
   * Ends the connection once the messages already received are answered (pending writes flush);
   * destroys it if that or the peer's close takes longer than `closeGraceMs`.
   */
  close(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.stopMessageTimer();
    this.deps.logger.info(Object.assign({}, this.deps.logFields, { reason }), "KMIP connection closing");
    if (!this.pumping) this.end();
    const timer = setTimeout(() => this.socket.destroy(), this.deps.limits.closeGraceMs);
    timer.unref();
    this.socket.once("close", () => clearTimeout(timer));
  }

  /** Flowing again so the peer's FIN is seen (data is dropped while closing), then our FIN. */
  private end(): void {
    this.socket.resume();
    this.socket.end();
  }

  private onData(chunk: Uint8Array): void {
    if (this.closing || this.broken) return;
    let push: PushResult;
    try {
      push = this.stream.push(chunk);
    } catch (error) {
      this.fail(error);
      return;
    }
    for (const bytes of push.messages) this.queue.push({ kind: "message", bytes });
    this.timeMessage(push.messages.length > 0);
    if (push.error !== undefined) {
      this.broken = true;
      this.queue.push({ kind: "broken", push });
      this.socket.pause();
    } else if (this.queue.length >= this.deps.limits.pipelineMax) {
      this.socket.pause();
    }
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const next = this.queue.shift()!;
        const keepGoing =
          next.kind === "message" ? await this.serve(next.bytes) : await this.refuseBroken(next.push);
        if (!keepGoing) {
          this.queue.length = 0;
          break;
        }
        const room = this.queue.length < this.deps.limits.pipelineMax;
        if (!this.closing && !this.broken && room) this.socket.resume();
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.pumping = false;
      if (this.closing) this.end();
    }
  }

  /**
   * The message clock: started at a message's first byte, stopped when no message is partial,
   * restarted when one completes and the next has begun in the same read.
   */
  private timeMessage(completed: boolean): void {
    if (completed || this.stream.partialBytes === 0) this.stopMessageTimer();
    if (this.stream.partialBytes === 0 || this.messageTimer !== undefined || this.closing) return;
    this.messageTimer = setTimeout(() => this.onMessageTimeout(), this.deps.limits.messageTimeoutMs);
    this.messageTimer.unref();
  }

  private onMessageTimeout(): void {
    this.messageTimer = undefined;
    // Paused by us (answers pending): the rest may sit unread in our own buffers; not its fault.
    if (this.socket.isPaused()) {
      this.timeMessage(false);
      return;
    }
    const partialBytes = this.stream.partialBytes;
    this.deps.logger.info(
      Object.assign({}, this.deps.logFields, { partialBytes }),
      "KMIP message not whole in time",
    );
    this.close("message timeout");
  }

  private stopMessageTimer(): void {
    if (this.messageTimer !== undefined) clearTimeout(this.messageTimer);
    this.messageTimer = undefined;
  }

  /** Answers one message; false when the connection must close after it. */
  private async serve(bytes: Uint8Array): Promise<boolean> {
    const { deps } = this;
    if (deps.sealed()) {
      await this.refuseWhole(bytes, "the server is sealed", ResultReason.GeneralFailure);
      this.close("core sealed");
      return false;
    }
    if (deps.rate !== undefined && !deps.rate.take()) return this.refuseRate(bytes, deps.rate);
    let identity: ClientIdentity | undefined;
    try {
      identity = await deps.identity.current();
    } catch (error) {
      // The role lookup needs storage: during an outage the message is refused whole with General
      // Failure in the words the operations use (batch-item.ts), and the connection is kept so
      // the client can retry once storage is back; the cause goes to the log only.
      const reference = referenceId();
      logInternal(deps.logger, error, Object.assign({}, deps.logFields, { reference }));
      const what = isStorageUnavailable(error)
        ? "storage unavailable, try again later"
        : "cannot verify the client now";
      await this.refuseWhole(bytes, `${what} (reference ${reference})`, ResultReason.GeneralFailure);
      return true;
    }
    const session = { mountUuid: deps.mountUuid, identity, logFields: deps.logFields };
    await this.write(await answerMessage(bytes, deps.message, session));
    if (identity !== undefined) return true;
    this.close("client certificate no longer authorized");
    return false;
  }

  /**
   * Over the client's request rate: refused whole, the connection kept (the client may retry).
   * Server Limit Exceeded in 2.0+ (KMIP 2.1 §11.46); 1.x has no such reason, so General Failure.
   */
  private async refuseRate(bytes: Uint8Array, rate: RequestRate): Promise<boolean> {
    const { deps } = this;
    const version = versionOfBroken(bytes, deps.message);
    const reason = version >= 20 ? ResultReason.ServerLimitExceeded : ResultReason.GeneralFailure;
    const message = `request rate over ${rate.perSecond} per second; retry later`;
    await this.write(failure(version, message, deps.message, deps, reason));
    return true;
  }

  /** "Message cannot be parsed" (KMIP 1.4 §11.1): answer Invalid Message, then close. */
  private async refuseBroken(push: PushResult): Promise<boolean> {
    const detail = push.error?.message ?? "malformed stream";
    await this.refuseWhole(
      push.brokenHead,
      `message cannot be parsed: ${detail}`,
      ResultReason.InvalidMessage,
    );
    this.close("framing error");
    return false;
  }

  /** A whole-message failure, in the version of `bytes` when it can be read (else 1.0). */
  private refuseWhole(bytes: Uint8Array | undefined, message: string, reason: number): Promise<void> {
    const { deps } = this;
    return this.write(failure(versionOfBroken(bytes, deps.message), message, deps.message, deps, reason));
  }

  /** Writes at the end of this event-loop turn, with the turn's other answers (`turn-writes.ts`). */
  private write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve) => turnWrites.defer(() => this.writeNow(bytes, resolve)));
  }

  private writeNow(bytes: Uint8Array, resolve: () => void): void {
    if (this.socket.destroyed || this.socket.writableEnded || this.socket.write(bytes)) {
      resolve();
      return;
    }
    const done = () => {
      this.socket.off("drain", done);
      this.socket.off("close", done);
      resolve();
    };
    this.socket.on("drain", done);
    this.socket.on("close", done);
  }

  private async recheckIdle(): Promise<void> {
    if (this.closing || this.pumping || this.queue.length > 0) return;
    try {
      const identity = await this.deps.identity.current();
      if (identity === undefined && !this.pumping && this.queue.length === 0) {
        this.close("client certificate no longer authorized");
      }
    } catch {
      // Storage unreadable for now: the next request re-checks and answers General Failure.
    }
  }

  /** A bug of ours, never the client's: log it with a reference and drop the connection. */
  private fail(error: unknown): void {
    logInternal(
      this.deps.logger,
      error,
      Object.assign({}, this.deps.logFields, { reference: referenceId() }),
    );
    this.broken = true;
    this.socket.destroy();
  }

  private onClosed(): void {
    this.closing = true;
    this.stopMessageTimer();
    this.queue.length = 0;
    if (this.recheckTimer !== undefined) clearTimeout(this.recheckTimer);
  }
}

/** The database cannot be reached (StorageError "unavailable"): the client may retry. */
function isStorageUnavailable(error: unknown): boolean {
  return error instanceof StorageError && error.kind === "unavailable";
}
