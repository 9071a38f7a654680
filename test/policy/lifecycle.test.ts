/**
 * The state machine of KMIP 1.4 §3.22 / 2.1 §4.57: every (state, operation) pair, allowed or
 * refused, with the dates each transition sets and the Result Reason per version; then a
 * property: no sequence of operations and clock ticks leaves the diagram, and dates never go back.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KmipError } from "../../src/kmip/errors.js";
import { ObjectType, ResultReason, RevocationReasonCode, State } from "../../src/kmip/generated/enums.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import {
  activate,
  applyDates,
  destroy,
  initialState,
  kmipDate,
  type LifecycleResult,
  nextState,
  revoke,
  STATE_TRANSITIONS,
  withChanges,
} from "../../src/policy/index.js";
import { applied, at, attr, key, reasonOf, T0, type TestObject } from "./helpers.js";

const { PreActive, Active, Deactivated, Compromised, Destroyed, DestroyedCompromised } = State;
const STATES = [PreActive, Active, Deactivated, Compromised, Destroyed, DestroyedCompromised];
type Op = "Activate" | "Revoke(compromise)" | "Revoke(other)" | "Destroy";
const OPS: Op[] = ["Activate", "Revoke(compromise)", "Revoke(other)", "Destroy"];

/** 1.4 §3.22 transitions 2–10, transcribed here independently of the implementation's table. */
const SPEC: Record<string, number> = {
  [`${PreActive}:Destroy`]: Destroyed, // 2
  [`${PreActive}:Revoke(compromise)`]: Compromised, // 3
  [`${PreActive}:Activate`]: Active, // 4
  [`${Active}:Revoke(compromise)`]: Compromised, // 5
  [`${Active}:Revoke(other)`]: Deactivated, // 6
  [`${Deactivated}:Destroy`]: Destroyed, // 7
  [`${Deactivated}:Revoke(compromise)`]: Compromised, // 8
  [`${Compromised}:Destroy`]: DestroyedCompromised, // 9
  [`${Destroyed}:Revoke(compromise)`]: DestroyedCompromised, // 10
};

const NOW = at(100);

function run(op: Op, obj: TestObject, version: KmipVersion, now = NOW): LifecycleResult {
  switch (op) {
    case "Activate":
      return activate(obj, now, version);
    case "Revoke(compromise)":
      return revoke(
        obj,
        { revocationReasonCode: RevocationReasonCode.KeyCompromise },
        undefined,
        now,
        version,
      );
    case "Revoke(other)":
      return revoke(
        obj,
        { revocationReasonCode: RevocationReasonCode.CessationOfOperation },
        undefined,
        now,
        version,
      );
    case "Destroy":
      return destroy(obj, now, version);
  }
}

/** The reason a refused pair carries (1.4 §11.20–11.22; 2.1 §6.1.1.1, §6.1.15.1, §6.1.44.1). */
function expectedReason(state: number, op: Op, version: KmipVersion): number {
  const destroyed = state === Destroyed || state === DestroyedCompromised;
  if (op === "Destroy" && destroyed)
    return version >= 20 ? ResultReason.ObjectDestroyed : ResultReason.PermissionDenied;
  return version >= 21 ? ResultReason.WrongKeyLifecycleState : ResultReason.PermissionDenied;
}

describe("state machine table (1.4 §3.22, 2.1 §4.57)", () => {
  const cases = STATES.flatMap((state) => OPS.map((op) => ({ state, op, to: SPEC[`${state}:${op}`] })));

  it("the implementation's transition list is the spec's, plus the two date triggers", () => {
    const implemented = STATE_TRANSITIONS.filter((t) => !t.trigger.endsWith("Date")).length;
    expect(implemented).toBe(Object.keys(SPEC).length);
    expect(nextState(PreActive, "Activation Date")).toBe(Active);
    expect(nextState(Active, "Deactivation Date")).toBe(Deactivated);
    expect(nextState(Deactivated, "Activation Date")).toBeUndefined();
  });

  for (const version of [10, 14, 20, 21] as const) {
    for (const { state, op, to } of cases) {
      const label = `${version}: ${op} on state ${state} → ${to ?? "refused"}`;
      it(label, () => {
        const obj = key(state);
        if (to === undefined) {
          expect(reasonOf(() => run(op, obj, version))).toBe(expectedReason(state, op, version));
          return;
        }
        const result = run(op, obj, version);
        expect(result.state).toBe(to);
        expect(attr(applied(obj, result), "State")).toBe(to);
        expect(attr(applied(obj, result), "Last Change Date")).toBe(kmipDate(NOW));
      });
    }
  }
});

describe("dates each transition sets", () => {
  it("Activate sets Activation Date to now (1.4 §4.19)", () => {
    const after = applied(key(), activate(key(), NOW, 14));
    expect(attr(after, "Activation Date")).toBe(kmipDate(NOW));
  });

  it("Revoke(compromise) sets Compromise Date, Revocation Reason and Compromise Occurrence Date (1.4 §4.20)", () => {
    const reason = {
      revocationReasonCode: RevocationReasonCode.KeyCompromise,
      revocationMessage: "laptop stolen",
    };
    const after = applied(key(Active), revoke(key(Active), reason, 6n, NOW, 14));
    expect(attr(after, "Compromise Date")).toBe(kmipDate(NOW));
    expect(attr(after, "Compromise Occurrence Date")).toBe(6n);
    expect(attr(after, "Revocation Reason")).toEqual(reason);
  });

  it("without a Compromise Occurrence Date, it is the Initial Date (1.4 §4.20 SHOULD)", () => {
    const reason = { revocationReasonCode: RevocationReasonCode.CACompromise };
    const after = applied(key(Active), revoke(key(Active), reason, undefined, NOW, 21));
    expect(attr(after, "Compromise Occurrence Date")).toBe(kmipDate(T0));
  });

  it("Revoke for another reason sets Deactivation Date to now (1.4 §4.20)", () => {
    const late = key(Active, [{ name: "Deactivation Date", value: kmipDate(at(9999)) }]);
    const after = applied(
      late,
      revoke(late, { revocationReasonCode: RevocationReasonCode.Superseded }, undefined, NOW, 14),
    );
    expect(after.state).toBe(Deactivated);
    expect(attr(after, "Deactivation Date")).toBe(kmipDate(NOW));
  });

  it("Destroy sets Destroy Date (1.4 §3.28)", () => {
    const after = applied(key(), destroy(key(), NOW, 14));
    expect(attr(after, "Destroy Date")).toBe(kmipDate(NOW));
  });

  it("a Compromise Occurrence Date with a non-compromise reason is Invalid Field (1.4 §4.20)", () => {
    const reason = { revocationReasonCode: RevocationReasonCode.Unspecified };
    expect(reasonOf(() => revoke(key(Active), reason, 5n, NOW, 14))).toBe(ResultReason.InvalidField);
    expect(reasonOf(() => revoke(key(Active), { revocationReasonCode: 99 }, undefined, NOW, 21))).toBe(
      ResultReason.InvalidField,
    );
  });
});

describe("object types", () => {
  it("a Template cannot be activated or revoked, and Destroy removes it whole (1.4 §4.19–4.21)", () => {
    const template = key(PreActive, [], ObjectType.Template);
    expect(reasonOf(() => activate(template, NOW, 14))).toBe(ResultReason.IllegalOperation);
    expect(reasonOf(() => run("Revoke(other)", template, 14))).toBe(ResultReason.IllegalOperation);
    expect(destroy(template, NOW, 14).removeObject).toBe(true);
  });

  it("1.x activates Cryptographic Objects only; 2.x any object (2.1 §6.1.1)", () => {
    const opaque = key(PreActive, [], ObjectType.OpaqueObject);
    expect(reasonOf(() => activate(opaque, NOW, 12))).toBe(ResultReason.IllegalOperation);
    expect(activate(opaque, NOW, 20).state).toBe(Active);
    expect(activate(key(PreActive, [], ObjectType.SecretData), NOW, 10).state).toBe(Active); // libmongocrypt
  });
});

describe("date-driven transitions, evaluated lazily", () => {
  it("transition 1: an Activation Date already reached creates the object Active", () => {
    const attrs = [{ name: "Activation Date", value: kmipDate(at(-3600)) }];
    expect(initialState(ObjectType.SymmetricKey, attrs, NOW)).toBe(Active);
    expect(
      initialState(ObjectType.SymmetricKey, [{ name: "Activation Date", value: kmipDate(at(3600)) }], NOW),
    ).toBe(PreActive);
    expect(initialState(ObjectType.SymmetricKey, [], NOW)).toBe(PreActive);
  });

  it("a Pre-Active object whose Activation Date has passed is Active when read, Last Change Date at that date", () => {
    const obj = key(PreActive, [{ name: "Activation Date", value: kmipDate(at(50)) }]);
    const view = applyDates(obj, NOW);
    expect(view.state).toBe(Active);
    expect(attr(applied(obj, view), "Last Change Date")).toBe(kmipDate(at(50)));
    expect(applyDates(obj, at(49)).changes).toEqual([]);
  });

  it("the Deactivation Date deactivates an Active object; a Pre-Active one needs its Activation Date first", () => {
    const deactivating = [{ name: "Deactivation Date", value: kmipDate(at(60)) }];
    expect(applyDates(key(Active, deactivating), NOW).state).toBe(Deactivated);
    expect(applyDates(key(PreActive, deactivating), NOW).state).toBe(PreActive);
    const both = [...deactivating, { name: "Activation Date", value: kmipDate(at(10)) }];
    expect(applyDates(key(PreActive, both), NOW).state).toBe(Deactivated);
  });

  it("Destroy of an Active object whose Deactivation Date has passed is allowed (dates first)", () => {
    const obj = key(Active, [{ name: "Deactivation Date", value: kmipDate(at(60)) }]);
    const result = destroy(obj, NOW, 21);
    expect(result.state).toBe(Destroyed);
    expect(result.changes.find((c) => c.name === "State")?.value).toBe(Destroyed);
  });

  it("Templates keep their dates as values for new objects, not as their own state", () => {
    const template = key(
      PreActive,
      [{ name: "Activation Date", value: kmipDate(at(1)) }],
      ObjectType.Template,
    );
    expect(applyDates(template, NOW).state).toBe(PreActive);
  });
});

type Step =
  | { kind: "op"; op: Op }
  | { kind: "tick"; seconds: number }
  | { kind: "modify"; name: "Activation Date" | "Deactivation Date"; offset: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom(...OPS).map((op) => ({ kind: "op" as const, op })),
  fc.integer({ min: 0, max: 500 }).map((seconds) => ({ kind: "tick" as const, seconds })),
  fc.record({
    kind: fc.constant("modify" as const),
    name: fc.constantFrom("Activation Date" as const, "Deactivation Date" as const),
    offset: fc.integer({ min: -300, max: 300 }),
  }),
);

/** Every (from, to) pair the diagram draws, date triggers included. */
const ARROWS = new Set(STATE_TRANSITIONS.map((t) => `${t.from}>${t.to}`));

describe("property: sequences stay on the diagram", () => {
  it("never reaches a state by an arrow the diagram lacks; Last Change Date never goes back", () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 30 }),
        fc.constantFrom<KmipVersion>(10, 14, 20, 21),
        (steps, version) => {
          let obj = key(PreActive);
          let now = T0;
          let lastChange = attr(obj, "Last Change Date") as bigint;
          const observe = (next: TestObject, path: readonly number[]) => {
            let from = obj.state;
            for (const to of path) {
              expect(ARROWS.has(`${from}>${to}`)).toBe(true);
              from = to;
            }
            expect(from).toBe(next.state);
            const lc = attr(next, "Last Change Date") as bigint;
            expect(lc >= lastChange).toBe(true);
            expect(lc <= kmipDate(now)).toBe(true);
            lastChange = lc;
            obj = next;
          };
          for (const s of steps) {
            if (s.kind === "tick") now = new Date(now.getTime() + s.seconds * 1000);
            else if (s.kind === "modify") {
              // Modify Attribute of a lifecycle date, only while the rules allow it (1.4 §3.24, §3.27).
              const allowed = s.name === "Activation Date" ? obj.state === PreActive : obj.state <= Active;
              if (!allowed) continue;
              const date = kmipDate(new Date(now.getTime() + s.offset * 1000));
              const moved = {
                ...obj,
                attributes: withChanges(obj.attributes, [{ name: s.name, value: date }]),
              };
              const dated = applyDates(moved, now);
              observe(applied(moved, dated), dated.path);
              continue;
            }
            if (s.kind !== "op") continue;
            const dated = applyDates(obj, now);
            observe(applied(obj, dated), dated.path);
            const before = obj.state;
            try {
              const result = run(s.op, obj, version, now);
              expect(result.path).toEqual([SPEC[`${before}:${s.op}`]]);
              observe(applied(obj, result), result.path);
              expect(SPEC[`${before}:${s.op}`]).toBe(obj.state);
            } catch (e) {
              expect(e).toBeInstanceOf(KmipError);
              expect(SPEC[`${before}:${s.op}`]).toBeUndefined();
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
