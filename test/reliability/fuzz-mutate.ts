/**
 * A seeded PRNG (a run is replayable from its seed), and mutations of real messages that keep
 * enough structure to get past the framer and into the decoder, the message model and the
 * operations: bit flips, byte inserts and deletes, a corrupted length field, truncation, splicing
 * two messages at item boundaries, swapped tags.
 */
export interface Random {
  /** In [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast and good enough to pick mutations; not for anything secret. */
export function prng(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]! };
}

export const MUTATIONS = [
  "bit-flip",
  "insert",
  "delete",
  "length",
  "truncate",
  "splice",
  "tag-swap",
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Offsets of the item headers a lenient walk finds (the message may already be damaged). */
export function headerOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const walk = (start: number, end: number, depth: number): void => {
    let at = start;
    while (at + 8 <= end && out.length < 10_000 && depth < 64) {
      out.push(at);
      const length = view.getUint32(at + 4);
      const structure = bytes[at + 3] === 0x01;
      const next = at + 8 + (structure ? length : Math.ceil(length / 8) * 8);
      if (next > end) return;
      if (structure) walk(at + 8, next, depth + 1);
      at = next;
    }
  };
  walk(0, bytes.length, 0);
  return out;
}

type Mutator = (input: Uint8Array, donors: readonly Uint8Array[], r: Random) => Uint8Array;

const lengthValues = (old: number, r: Random): number =>
  r.pick([0, 1, 7, 8, old + 8, old - 8, old + 1, old * 2, 0x7fffffff, 0xffffffff, r.int(0x100000000)]) >>> 0;

const MUTATORS: Record<Mutation, Mutator> = {
  "bit-flip": (input, _donors, r) => {
    const out = input.slice();
    for (let i = 1 + r.int(4); i > 0 && out.length > 0; i--) out[r.int(out.length)]! ^= 1 << r.int(8);
    return out;
  },
  insert: (input, _donors, r) => {
    const at = r.int(input.length + 1);
    const extra = Uint8Array.from({ length: 1 + r.int(16) }, () => r.int(256));
    return concat(input.subarray(0, at), extra, input.subarray(at));
  },
  delete: (input, _donors, r) => {
    const at = r.int(input.length + 1);
    return concat(input.subarray(0, at), input.subarray(at + 1 + r.int(16)));
  },
  length: (input, _donors, r) => {
    const heads = headerOffsets(input);
    if (heads.length === 0) return input;
    const out = input.slice();
    const view = new DataView(out.buffer);
    const at = r.pick(heads);
    view.setUint32(at + 4, lengthValues(view.getUint32(at + 4), r));
    return out;
  },
  truncate: (input, _donors, r) => input.slice(0, r.int(input.length)),
  splice: (input, donors, r) => {
    const donor = r.pick(donors);
    const cut = r.pick([...headerOffsets(input), input.length]);
    const from = r.pick([...headerOffsets(donor), 0]);
    return concat(input.subarray(0, cut), donor.subarray(from));
  },
  "tag-swap": (input, _donors, r) => {
    const heads = headerOffsets(input);
    if (heads.length < 2) return input;
    const out = input.slice();
    const [a, b] = [r.pick(heads), r.pick(heads)];
    const tagA = out.slice(a, a + 3);
    out.copyWithin(a, b, b + 3);
    out.set(tagA, b);
    return out;
  },
};

/** `input` with one to three mutations applied; the names say which. */
export function mutate(
  input: Uint8Array,
  donors: readonly Uint8Array[],
  r: Random,
): { bytes: Uint8Array; mutations: Mutation[] } {
  let bytes = input;
  const mutations: Mutation[] = [];
  for (let n = 1 + r.int(3); n > 0; n--) {
    const m = r.pick(MUTATIONS);
    bytes = MUTATORS[m](bytes, donors, r);
    mutations.push(m);
  }
  return { bytes, mutations };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
