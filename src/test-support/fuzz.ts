/**
 * Fuzzing harness shared by `src/artifacts/parsers.fuzz.test.ts` (short runs in `npm test`) and
 * `scripts/fuzz.ts` (long campaigns, `npm run fuzz`). It knows no parser by name: targets are
 * THE list `PARSERS`, and each parser's seed corpus is found on disk, so a parser added to the list
 * is fuzzed without touching this file.
 *
 * Seeds: `src/parsers/**` files named `*.sample.*` or lying in a `fixtures/` folder, plus every
 * artifact file of `samples/<bundle>/` (its manifest says which artifact it is). A seed belongs to
 * a parser when its manifest artifact id is the parser's (and the parser sniffs it, where several
 * parsers share the id), or when the parser's `sniff` accepts its head. A parser with no seed of
 * its own is seeded with the whole corpus.
 *
 * The property (the parser contract of src/shared/parse.ts): a parser returns `{ value, issues }`
 * (issues with a string code, a known severity and a message) or throws `ParseError`; it never
 * throws anything else, never takes more than a bounded time, and never produces a value out of
 * proportion to its input (entity expansion, lying length fields).
 */
export * from './fuzz/contract.js';
export * from './fuzz/hostile.js';
export * from './fuzz/inputs.js';
export * from './fuzz/paste.js';
export * from './fuzz/targets.js';
