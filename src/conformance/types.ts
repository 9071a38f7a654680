/** What the runner reports for each file (docs/conformance.md and `--json`). */
import type { TtlvItem } from "../ttlv/types.js";
import type { Difference } from "./compare-walk.js";

export type Outcome = "PASS" | "FAIL" | "SKIP";

export interface FileResult {
  /** Path relative to the vectors folder. */
  readonly name: string;
  /** The folder, e.g. `kmip-1.4/profiles/mandatory`. */
  readonly set: string;
  readonly profile: string;
  readonly outcome: Outcome;
  /** SKIP: the id of the rule in `skips.ts`. */
  readonly skip?: string;
  /** SKIP: why (from `skips.ts`); FAIL without a difference: what went wrong. */
  readonly reason?: string;
  /** FAIL: the index (from 0) of the request/response pair that failed. */
  readonly message?: number;
  /** FAIL: the first difference in that response. */
  readonly difference?: Difference;
  readonly ms: number;
}

/** One Request Message of a file and the Response Message it expects. */
export interface Exchange {
  readonly request: TtlvItem;
  readonly response: TtlvItem;
}
