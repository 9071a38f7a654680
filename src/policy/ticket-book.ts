/**
 * The tickets of Login and Delegated Login (KMIP 2.1 §6.1.30, §6.1.12; Ticket §7.39): "allow
 * future requests to be authenticated using a ticket that is returned by this operation".
 *
 * - A ticket is bound to its holder (mount, scope, role and client certificate serial): over any
 *   other identity it is an Invalid Ticket, as an unknown one is (nothing about other holders'
 *   tickets can be learned).
 * - Lease Time is bounded: absent or 0 takes the default, more than the maximum is cut to it.
 * - Request Count counts request messages (one per message, whatever its batch holds); 0 or absent
 *   is no limit. One request past the count is Usage Limit Exceeded (2.1 §11.46 "The usage limits
 *   or request count has been exceeded").
 * - Only a SHA-256 of each ticket value is kept; values are 32 bytes from the CSPRNG.
 * - Bounded: a holder keeps at most `perHolderMax` live tickets and the book `totalMax`.
 *
 * State lives in this process: a ticket is good on the node that issued it (no cluster sharing).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { TicketRight } from "./ticket-rights.js";

/** Who a ticket belongs to: the identity its requests must arrive under. */
export interface TicketHolder {
  readonly mountUuid: string;
  readonly scopeId: string;
  readonly roleId: string;
  readonly certificateSerial: string;
}

export interface TicketLimits {
  readonly leaseDefaultMs: number;
  readonly leaseMaxMs: number;
  readonly perHolderMax: number;
  readonly totalMax: number;
}

export const TICKET_LIMITS: TicketLimits = {
  leaseDefaultMs: 3_600_000,
  leaseMaxMs: 86_400_000,
  perHolderMax: 64,
  totalMax: 10_000,
};

export interface TicketTerms {
  /** Lease Time in seconds; absent or 0: the default. */
  readonly leaseSeconds?: number | undefined;
  /** Request Count; absent or 0: no limit. */
  readonly requestCount?: number | undefined;
  /** Delegated Login's Rights; absent for a Login ticket (the holder's own rights). */
  readonly rights?: readonly TicketRight[] | undefined;
}

/** What a request carrying a good ticket may do. */
export interface TicketGrant {
  /** The ticket's digest: the handle Logout and the log use (never the value). */
  readonly id: string;
  readonly rights: readonly TicketRight[] | undefined;
}

export type Admission =
  | { readonly ok: true; readonly grant: TicketGrant }
  | { readonly ok: false; readonly why: "invalid" | "exhausted" };

export type IssueResult =
  | { readonly ok: true; readonly value: Uint8Array; readonly expiresAt: Date }
  | { readonly ok: false; readonly why: "holder-limit" | "server-limit" };

interface Entry {
  readonly holder: string;
  readonly expiresAt: number;
  readonly requestsMax: number | undefined;
  requestsUsed: number;
  readonly rights: readonly TicketRight[] | undefined;
}

const TICKET_BYTES = 32;

function holderKey(h: TicketHolder): string {
  return JSON.stringify([h.mountUuid, h.scopeId, h.roleId, h.certificateSerial]);
}

function digest(value: Uint8Array): string {
  return createHash("sha256").update(value).digest("hex");
}

/** The lease in milliseconds: the default for absent or 0, never above the maximum. */
export function boundedLeaseMs(seconds: number | undefined, limits: TicketLimits = TICKET_LIMITS): number {
  if (seconds === undefined || seconds <= 0) return limits.leaseDefaultMs;
  return Math.min(seconds * 1000, limits.leaseMaxMs);
}

export class TicketBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limits: TicketLimits = TICKET_LIMITS,
    private readonly random: (size: number) => Uint8Array = randomBytes,
  ) {}

  issue(holder: TicketHolder, terms: TicketTerms, now: Date): IssueResult {
    this.sweep(now.getTime());
    const key = holderKey(holder);
    if (this.entries.size >= this.limits.totalMax) return { ok: false, why: "server-limit" };
    let held = 0;
    for (const e of this.entries.values()) if (e.holder === key) held++;
    if (held >= this.limits.perHolderMax) return { ok: false, why: "holder-limit" };
    const value = new Uint8Array(this.random(TICKET_BYTES));
    const expiresAt = now.getTime() + boundedLeaseMs(terms.leaseSeconds, this.limits);
    const count = terms.requestCount;
    this.entries.set(digest(value), {
      holder: key,
      expiresAt,
      requestsMax: count === undefined || count === 0 ? undefined : count,
      requestsUsed: 0,
      rights: terms.rights,
    });
    return { ok: true, value, expiresAt: new Date(expiresAt) };
  }

  /** One request arrives carrying `value` over `holder`: counted if admitted. */
  admit(value: Uint8Array, holder: TicketHolder, now: Date): Admission {
    const id = digest(value);
    const entry = this.live(id, holder, now);
    if (entry === undefined) return { ok: false, why: "invalid" };
    if (entry.requestsMax !== undefined && entry.requestsUsed >= entry.requestsMax)
      return { ok: false, why: "exhausted" };
    entry.requestsUsed++;
    return { ok: true, grant: { id, rights: entry.rights } };
  }

  /** Logout: true when `value` was a live ticket of `holder` (and is no more). */
  revoke(value: Uint8Array, holder: TicketHolder, now: Date): boolean {
    const id = digest(value);
    if (this.live(id, holder, now) === undefined) return false;
    return this.entries.delete(id);
  }

  /** Live tickets in the book (tests, metrics). */
  size(now: Date): number {
    this.sweep(now.getTime());
    return this.entries.size;
  }

  private live(id: string, holder: TicketHolder, now: Date): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now.getTime()) {
      this.entries.delete(id);
      return undefined;
    }
    return sameText(entry.holder, holderKey(holder)) ? entry : undefined;
  }

  private sweep(nowMs: number): void {
    for (const [id, e] of this.entries) if (e.expiresAt <= nowMs) this.entries.delete(id);
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
