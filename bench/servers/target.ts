/**
 * A server under test, whichever it is: where to connect, with which client identity, and the
 * process whose memory is measured.
 */
import type { ClientTls } from "../pki.js";

export interface Target {
  /** "kmipd (SQLite)", "PyKMIP", "ceiling" … as the report names it. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly tls: ClientTls;
  /** The server's own process (its RSS is the server's memory). */
  readonly pid: number;
  stop(): Promise<void>;
  /**
   * Connections the population is sent over (4 when absent). kmipd's group commit makes one sync
   * per turn for every connection's Create, so more connections mean fewer syncs per key; but
   * each holds a 100-item batch in flight, and 32 of them grew kmipd's heap by ~50 MB.
   */
  readonly populateConnections?: number;
  /** kmipd and the ceiling: start a CPU profile of the server (no file), or stop and write it. */
  profile?(file?: string): Promise<void>;
}
