/**
 * LISTEN/NOTIFY for cross-node cache invalidation: one node changes a role, every node drops its
 * cached copy. LISTEN is a property of a session, so the subscriptions live on one dedicated
 * client outside the pool. When that client's connection is lost (the server restarted, failed
 * over, a proxy cut it), it reconnects with backoff and LISTENs again on every channel, then
 * tells each subscriber through `onReconnect`: whatever was sent meanwhile is lost, and a cache
 * that must never outlive the truth should be emptied.
 */
import pg from "pg";
import { StorageError } from "../types.js";

export interface ListenOptions {
  /** Called after the listening connection came back from a loss; notifications in the gap were missed. */
  onReconnect?: () => void;
}

/** Stops this subscription (the channel is UNLISTENed when its last subscriber goes). */
export type Unlisten = () => Promise<void>;

interface Subscriber {
  readonly fn: (payload: string) => void;
  readonly onReconnect: (() => void) | undefined;
}

/** PostgreSQL's limits: a channel is an identifier (63 bytes), a payload under 8000 bytes. */
const CHANNEL_BYTES_MAX = 63;
export const PAYLOAD_BYTES_MAX = 7999;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

export class Notifier {
  private readonly channels = new Map<string, Set<Subscriber>>();
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private lost = false;
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly errorOf: (err: unknown) => unknown,
  ) {}

  /** Resolves once the server LISTENs for this connection (a NOTIFY sent after that is delivered). */
  async listen(
    channel: string,
    fn: (payload: string) => void,
    options: ListenOptions = {},
  ): Promise<Unlisten> {
    checkChannel(channel);
    if (typeof fn !== "function") throw new StorageError("a listener is a function", "invalid");
    const client = await this.connected();
    const sub: Subscriber = { fn, onReconnect: options.onReconnect };
    const subs = this.channels.get(channel) ?? new Set<Subscriber>();
    this.channels.set(channel, subs);
    subs.add(sub);
    try {
      // LISTEN twice is harmless, so a channel some subscriber already has is simply asked again.
      await client.query(`LISTEN ${quoteChannel(channel)}`);
    } catch (err) {
      this.drop(channel, sub);
      // A lost connection reconnects on its own; this caller is told the subscription failed.
      throw this.errorOf(err);
    }
    return () => this.unlisten(channel, sub);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.channels.clear();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async unlisten(channel: string, sub: Subscriber): Promise<void> {
    if (!this.drop(channel, sub)) return;
    await this.client?.query(`UNLISTEN ${quoteChannel(channel)}`).catch(() => {});
  }

  /** Removes a subscriber; true when it was the channel's last. */
  private drop(channel: string, sub: Subscriber): boolean {
    const subs = this.channels.get(channel);
    if (subs === undefined || !subs.delete(sub) || subs.size > 0) return false;
    this.channels.delete(channel);
    return true;
  }

  private connected(): Promise<pg.Client> {
    if (this.closed)
      return Promise.reject(new StorageError("the PostgreSQL storage is closed", "unavailable"));
    if (this.client !== undefined) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client(this.config);
    // Handlers before connect: an 'error' event without one would end the process.
    client.on("error", () => this.onLost(client));
    client.on("end", () => this.onLost(client));
    client.on("notification", (m) => this.deliver(m.channel, m.payload ?? ""));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${quoteChannel(channel)}`);
    } catch (err) {
      client.end().catch(() => {});
      throw this.errorOf(err);
    }
    if (this.closed) {
      await client.end().catch(() => {});
      throw new StorageError("the PostgreSQL storage is closed", "unavailable");
    }
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
    if (this.lost) this.resubscribed();
    return client;
  }

  private deliver(channel: string, payload: string): void {
    for (const sub of this.channels.get(channel) ?? []) {
      try {
        sub.fn(payload);
      } catch {
        // A subscriber's failure is its own: the others still hear, and the connection lives on.
      }
    }
  }

  private onLost(client: pg.Client): void {
    if (client !== this.client) return;
    this.client = undefined;
    this.lost = true;
    client.end().catch(() => {});
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.closed || this.timer !== undefined || this.channels.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connected().catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
        this.reconnectLater();
      });
    }, this.retryMs);
    // A pending reconnect alone does not keep the process alive.
    this.timer.unref();
  }

  private resubscribed(): void {
    this.lost = false;
    for (const subs of this.channels.values()) {
      for (const sub of subs) {
        try {
          sub.onReconnect?.();
        } catch {
          // As in deliver.
        }
      }
    }
  }
}

export function checkChannel(channel: string): void {
  const bytes = typeof channel === "string" ? Buffer.byteLength(channel) : 0;
  if (bytes === 0 || bytes > CHANNEL_BYTES_MAX || channel.includes("\u0000"))
    throw new StorageError(`a channel name is 1 to ${CHANNEL_BYTES_MAX} bytes of text`, "invalid");
}

/** A channel as a quoted identifier: LISTEN takes no parameters, and quoting keeps its case. */
function quoteChannel(channel: string): string {
  return `"${channel.replaceAll('"', '""')}"`;
}
