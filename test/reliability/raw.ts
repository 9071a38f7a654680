/**
 * Clients that misbehave on purpose, all to 127.0.0.1: a TCP connection that never sends a
 * ClientHello (half-open handshake), a TLS handshake begun late, a message dribbled a byte at a
 * time (slow-loris), and a stopwatch on when the server closes a socket.
 */
import { type Socket, connect as tcpConnect } from "node:net";
import { createSecureContext, type SecureContext, type TLSSocket, connect as tlsConnect } from "node:tls";
import { TtlvFramer } from "../../src/ttlv/framer.js";
import type { Credential } from "./live-server.js";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP connection, open; `closedAfterMs` resolves with its life in ms once the server closes it. */
export interface Watched<S extends Socket> {
  readonly socket: S;
  readonly closedAfterMs: Promise<number>;
}

function watch<S extends Socket>(socket: S): Watched<S> {
  const started = Date.now();
  socket.on("error", () => undefined);
  const closedAfterMs = new Promise<number>((resolve) =>
    socket.once("close", () => resolve(Date.now() - started)),
  );
  return { socket, closedAfterMs };
}

/** TCP connected, nothing sent: a half-open TLS handshake. */
export function halfOpen(port: number): Promise<Watched<Socket>> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: "127.0.0.1", port });
    const watched = watch(socket);
    socket.once("connect", () => resolve(watched));
    socket.once("error", reject);
  });
}

/** One TLS context per credential: parsing its PEM again for every connection costs more than the handshake. */
const contexts = new WeakMap<Credential, SecureContext>();

function contextOf(cred: Credential): SecureContext {
  const known = contexts.get(cred);
  if (known !== undefined) return known;
  const made = createSecureContext({ ca: [...cred.ca], cert: cred.cert, key: cred.key });
  contexts.set(cred, made);
  return made;
}

/** Mutual TLS over an existing TCP socket (or a new one); resolves once the handshake is done. */
export function tlsOver(port: number, cred: Credential, socket?: Socket): Promise<Watched<TLSSocket>> {
  return new Promise((resolve, reject) => {
    const tls = tlsConnect({
      ...(socket === undefined ? { host: "127.0.0.1", port } : { socket }),
      secureContext: contextOf(cred),
      servername: "localhost",
    });
    const watched = watch(tls);
    tls.once("secureConnect", () => resolve(watched));
    tls.once("error", reject);
    tls.once("close", () => reject(new Error("closed during the handshake")));
  });
}

/** Messages received on a socket and not yet taken, and who waits for the next one. */
interface Inbox {
  readonly ready: Uint8Array[];
  readonly waiters: ((message: Uint8Array | undefined) => void)[];
  closed: boolean;
  /** The server sent bytes that do not frame as TTLV messages. */
  broken?: Error;
}

const inboxes = new WeakMap<Socket, Inbox>();

/** Starts collecting the socket's messages (once per socket; bytes arriving before are lost). */
function inboxOf(socket: Socket): Inbox {
  const existing = inboxes.get(socket);
  if (existing !== undefined) return existing;
  const inbox: Inbox = { ready: [], waiters: [], closed: socket.destroyed };
  const framer = new TtlvFramer({ messageBytesMax: 64 * 1024 * 1024, byteStringBytesMax: 64 * 1024 * 1024 });
  socket.on("data", (chunk: Buffer) => {
    let messages: Uint8Array[];
    try {
      messages = framer.push(chunk);
    } catch (error) {
      inbox.broken = error as Error;
      socket.destroy();
      return;
    }
    for (const message of messages) {
      const waiter = inbox.waiters.shift();
      if (waiter) waiter(message);
      else inbox.ready.push(message);
    }
  });
  socket.once("close", () => {
    inbox.closed = true;
    for (const waiter of inbox.waiters.splice(0)) waiter(undefined);
  });
  inboxes.set(socket, inbox);
  return inbox;
}

/** Collects the socket's messages from now on (before writing, if answers may come fast). */
export function collect(socket: Socket): void {
  inboxOf(socket);
}

/** The next whole message the server sends, or undefined when it closes first. */
export function nextMessage(socket: Socket, timeoutMs = 5000): Promise<Uint8Array | undefined> {
  const inbox = inboxOf(socket);
  if (inbox.broken !== undefined) return Promise.reject(inbox.broken);
  const ready = inbox.ready.shift();
  if (ready !== undefined || inbox.closed) return Promise.resolve(ready);
  return new Promise((resolve, reject) => {
    const waiter = (message: Uint8Array | undefined) => {
      clearTimeout(timer);
      if (inbox.broken !== undefined) reject(inbox.broken);
      else resolve(message);
    };
    const timer = setTimeout(() => {
      inbox.waiters.splice(inbox.waiters.indexOf(waiter), 1);
      reject(new Error("no message and no close in time"));
    }, timeoutMs);
    inbox.waiters.push(waiter);
  });
}

/** Writes `bytes` one at a time, `gapMs` apart, until done or the socket closes. */
export async function dribble(socket: Socket, bytes: Uint8Array, gapMs: number): Promise<number> {
  let sent = 0;
  for (const byte of bytes) {
    if (socket.destroyed || socket.writableEnded) break;
    socket.write(Uint8Array.of(byte));
    sent++;
    await sleep(gapMs);
  }
  return sent;
}
