/**
 * Interop — KMIP 2.0+; 2.1 §6.1.26 Tables 241–243, Interop Function 2.1 §11.22 Table 455.
 *
 * "This operation informs the server about the status of interop tests. It SHALL NOT be available
 * in a production server." So it is registered only when the server runs as a test server
 * (`protocolOperations({ interop: true })`: dev mode and the conformance runner).
 *
 * Begin marks a test case as running for the caller's scope, End closes it (a test that was not
 * begun is an Invalid Field), and Reset "resets the server to the state it would be in at the
 * beginning of an interop session": every managed object of the caller's scope is removed, its
 * Constraints (Set Constraints) cleared, and the scope's running tests forgotten.
 */
import { KmipError } from "../kmip/errors.js";
import { InteropFunction, ResultReason } from "../kmip/generated/enums.js";
import type { InteropRequest, InteropResponse } from "../kmip/payloads/session.js";
import type { ScopeKey } from "../storage/objects.js";
import { clearConstraints } from "./constraints.js";
import type { OperationContext, OperationDef } from "./types.js";

/** Bounds on what clients can make a test server remember. */
export const INTEROP_LIMITS = { scopesMax: 1024, testsPerScopeMax: 256 } as const;

/** The interop tests begun and not yet ended, per mount and scope. */
export class InteropSessions {
  private readonly running = new Map<string, Set<string>>();

  begin(scope: ScopeKey, identifier: string): void {
    const key = scopeKey(scope);
    let tests = this.running.get(key);
    if (tests === undefined) {
      if (this.running.size >= INTEROP_LIMITS.scopesMax) this.evictOldest();
      tests = new Set();
      this.running.set(key, tests);
    }
    if (!tests.has(identifier) && tests.size >= INTEROP_LIMITS.testsPerScopeMax) {
      throw new KmipError(
        ResultReason.InvalidField,
        `at most ${INTEROP_LIMITS.testsPerScopeMax} interop tests may run at once; end or reset some`,
      );
    }
    tests.add(identifier);
  }

  /** False when the test was not running. */
  end(scope: ScopeKey, identifier: string): boolean {
    const key = scopeKey(scope);
    const tests = this.running.get(key);
    const ended = tests?.delete(identifier) === true;
    if (tests !== undefined && tests.size === 0) this.running.delete(key);
    return ended;
  }

  reset(scope: ScopeKey): void {
    this.running.delete(scopeKey(scope));
  }

  isRunning(scope: ScopeKey, identifier: string): boolean {
    return this.running.get(scopeKey(scope))?.has(identifier) === true;
  }

  private evictOldest(): void {
    const oldest = this.running.keys().next();
    if (oldest.done !== true) this.running.delete(oldest.value);
  }
}

function scopeKey(scope: ScopeKey): string {
  return `${scope.mountUuid}\u0000${scope.scopeId}`;
}

async function interop(
  sessions: InteropSessions,
  request: InteropRequest,
  ctx: OperationContext,
): Promise<InteropResponse> {
  const id = request.interopIdentifier;
  if (id.length === 0) throw new KmipError(ResultReason.InvalidField, "Interop Identifier is empty");
  switch (request.interopFunction) {
    case InteropFunction.Begin:
      sessions.begin(ctx.scope, id);
      ctx.logger.info({ scope: ctx.identity.scopeName, interopIdentifier: id }, "KMIP interop test begins");
      return {};
    case InteropFunction.End:
      if (!sessions.end(ctx.scope, id)) {
        throw new KmipError(ResultReason.InvalidField, `interop test "${id}" was not begun`);
      }
      ctx.logger.info({ scope: ctx.identity.scopeName, interopIdentifier: id }, "KMIP interop test ends");
      return {};
    case InteropFunction.Reset: {
      const removed = await ctx.objects.deleteScope(ctx.scope);
      await clearConstraints(ctx);
      sessions.reset(ctx.scope);
      ctx.logger.info(
        { scope: ctx.identity.scopeName, interopIdentifier: id, removed },
        "KMIP interop reset",
      );
      return {};
    }
    default:
      // 2.1 §6.1.26.1: an Interop Function we do not know is an Invalid Field (extensions included).
      throw new KmipError(ResultReason.InvalidField, `unknown Interop Function ${request.interopFunction}`);
  }
}

/** The Interop operation over its own sessions (one per server). */
export function interopOperation(
  sessions: InteropSessions = new InteropSessions(),
): OperationDef<InteropRequest, InteropResponse> {
  return { name: "Interop", handler: (request, ctx) => interop(sessions, request, ctx) };
}
