/**
 * Every parser of PARSERS under fuzzing (issue 9), short runs for `npm test`: the parser contract
 * of src/shared/parse.ts holds for hostile inputs, truncations of the parser's own samples and
 * random cases (random bytes and text, token soup, mutated / re-encoded / cross-fed samples).
 * New parsers and new samples are picked up from the list and the disk; nothing here names one.
 * Long campaigns: `npm run fuzz` (scripts/fuzz.ts, figures in docs/fuzzing.md).
 * FUZZ_RUNS=n raises the random cases per parser; FUZZ_SEED=n replays a run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HOSTILE,
  allSeeds,
  caseArbitrary,
  check,
  describeInput,
  fuzzTargets,
  truncationOffsets,
  type Bounds,
} from '../test-support/fuzz.js';
import { PARSERS } from './parsers.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 30);
const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : undefined;
/** Hostile inputs above this size run in the campaign only (a few seconds each on 19 parsers). */
const SMALL = 32 * 1024;
/** Generous: the CI machine is shared; a hang or a quadratic blow-up is far above it. */
const BOUNDS: Bounds = { maxMs: 3000, msPerMiB: 5000, outputFactor: 64, outputSlack: 4 << 20 };

const targets = fuzzTargets();
const cross = allSeeds();
const hostile = HOSTILE.map((h) => ({ name: h.name, input: h.input() })).filter(
  (h) => h.input.length <= SMALL,
);

/** Inputs that once took minutes, each with the artifact whose parser it hung (fixed since). */
const REGRESSIONS: [artifactId: string, hostile: string][] = [
  ['httpsys.sslcert', 'a 1 MiB line of spaces then a colon'],
  ['httpsys.registry', 'a registry value continued over 100,000 lines'],
  ['iis.config', '40,000 unclosed DOCTYPEs'],
  ['iis.config', '40,000 unclosed comments'],
  ['httpsys.sslcert', 'prototype keys as labels, names and tags'],
  ['cert.store', 'PowerShell dates out of range'],
  // Sniffs (issue 17): `^\s*` under /m and `\s*(…)?\s*<` backtracked over blank heads.
  ['events.schannel', '200,000 empty lines'],
  ['events.schannel', 'a 1 MiB line of spaces then a colon'],
  ['events.capi2', 'a 1 MiB line of spaces then a colon'],
  ['iis.appcmd-sites', '200,000 empty lines'],
];

describe('parsers under fuzzing', () => {
  it.each(REGRESSIONS)('%s: stays within bounds on "%s" (found by fuzzing)', (id, name) => {
    const h = HOSTILE.find((x) => x.name === name)!;
    const input = h.input();
    for (const t of targets.filter((x) => x.parser.artifactId === id))
      expect(check(t.parser, input, BOUNDS).failure).toBeUndefined();
  });

  it('covers every parser of PARSERS, each with seeds', () => {
    expect(targets.map((t) => t.parser)).toEqual([...PARSERS]);
    expect(new Set(targets.map((t) => t.name)).size).toBe(targets.length);
    for (const t of targets) expect(t.seeds.length, t.name).toBeGreaterThan(0);
  });

  it.each(targets.filter((t) => t.parser.input === 'binary').map((t) => [t.name, t] as const))(
    '%s: lying length fields and absurd snaplens allocate nothing near what they claim',
    (_name, t) => {
      const lying = HOSTILE.filter((h) =>
        /4 GiB|2 GiB|16 MiB|4 GB|2\^64|127-byte|snaplen/.test(h.name),
      );
      expect(lying.length).toBeGreaterThan(8);
      for (const h of lying) {
        const before = process.memoryUsage();
        const o = check(t.parser, h.input(), BOUNDS);
        const after = process.memoryUsage();
        expect(o.failure, h.name).toBeUndefined();
        // Anything that honoured a lying length would have touched hundreds of MiB at least.
        expect(after.rss - before.rss, `${h.name}: RSS growth`).toBeLessThan(128 << 20);
        expect(after.arrayBuffers - before.arrayBuffers, `${h.name}: buffers`).toBeLessThan(
          64 << 20,
        );
      }
    },
  );

  describe.each(targets.map((t) => [t.name, t] as const))('%s', (_name, t) => {
    it('returns { value, issues } or throws ParseError on hostile inputs', () => {
      const failures = hostile
        .map((h) => ({ h, o: check(t.parser, h.input, BOUNDS) }))
        .filter(({ o }) => !o.ok)
        .map(({ h, o }) => `${h.name}: ${o.failure}`);
      expect(failures).toEqual([]);
    });

    it('returns { value, issues } or throws ParseError on truncations of its samples', () => {
      const failures: string[] = [];
      for (const s of t.seeds.slice(0, 6))
        for (const at of truncationOffsets(s.bytes.length, 12)) {
          const o = check(t.parser, s.bytes.subarray(0, at), BOUNDS);
          if (!o.ok) failures.push(`${s.file} cut at ${at}: ${o.failure}`);
        }
      expect(failures).toEqual([]);
    });

    it('returns { value, issues } or throws ParseError on random and mutated inputs', () => {
      fc.assert(
        fc.property(caseArbitrary(t, cross), (c) => {
          const o = check(t.parser, c.input, BOUNDS, c.chunk);
          if (!o.ok) throw new Error(`${o.failure}\ninput: ${describeInput(c)}`);
        }),
        { numRuns: RUNS, ...(SEED !== undefined && { seed: SEED }) },
      );
    });
  });
});
