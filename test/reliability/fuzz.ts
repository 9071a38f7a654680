/**
 * Fuzzing helpers, in one import: mutations of real messages and a seeded PRNG (fuzz-mutate),
 * the corpus of captured wire messages and OASIS XML test cases (fuzz-corpus), generated TTLV
 * trees (fuzz-trees), the decoder and message-model oracle (fuzz-model), a live mutual-TLS
 * sender with its oracle (fuzz-live), and the runner the CI test and `npm run fuzz` share
 * (fuzz-run).
 */
export * from "./fuzz-corpus.js";
export * from "./fuzz-live.js";
export * from "./fuzz-model.js";
export * from "./fuzz-mutate.js";
export * from "./fuzz-run.js";
export * from "./fuzz-trees.js";
