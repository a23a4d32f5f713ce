/**
 * The whole pipeline under fuzzing (issue 9): a real sample bundle with one or more artifact
 * files mutated (the same mutations as the parser fuzzing) goes through load → facts → rules →
 * report model → HTML and Markdown without an exception. The parser contract alone does not
 * prove this: facts builders and fix templates meet values no sample has.
 * FUZZ_PIPELINE_RUNS=n for more cases.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableArtifacts, loadBundle } from './artifacts/load.js';
import { openInputs, type Bundle, type BundleFile } from './bundle/open.js';
import { evaluate } from './engine/evaluate.js';
import { loadRules } from './engine/load-rules.js';
import { buildFacts } from './facts/index.js';
import { buildReportModel } from './report/model.js';
import { renderHtml } from './report/render-html.js';
import { renderMarkdown } from './report/render-md.js';
import { allSeeds, mutate, reencode } from './test-support/fuzz.js';

const RUNS = Number(process.env['FUZZ_PIPELINE_RUNS'] ?? 25);
const root = new URL('..', import.meta.url).pathname;
const samples = readdirSync(join(root, 'samples')).sort();
const bundles = new Map<string, Bundle>();
const bundleOf = (name: string): Bundle => {
  let b = bundles.get(name);
  if (!b) bundles.set(name, (b = openInputs([join(root, 'samples', name)])));
  return b;
};
const rules = loadRules();
const cross = allSeeds();

function replaced(file: BundleFile, bytes: Buffer): BundleFile {
  return {
    path: file.path,
    size: bytes.length,
    read: () => bytes,
    *chunks(n = 1 << 20) {
      for (let i = 0; i < bytes.length; i += n) yield bytes.subarray(i, i + n);
    },
  };
}

describe('pipeline under fuzzing', () => {
  it('analyzes and renders mutated sample bundles without an exception', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: samples.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 6 }), fc.nat()), {
          minLength: 1,
          maxLength: 4,
        }),
        async (s, edits) => {
          const base = bundleOf(samples[s]!);
          const files = [...base.files];
          for (const [which, seed, count, how] of edits) {
            const k = which % files.length;
            const f = files[k]!;
            let bytes = mutate(f.read(), cross[seed % cross.length]!.bytes, seed, count);
            if (how % 5 === 0) bytes = reencode(bytes, how);
            files[k] = replaced(f, bytes);
          }
          const parsed = loadBundle({ ...base, files });
          const facts = buildFacts(parsed);
          const evaluation = await evaluate(rules, facts, availableArtifacts(parsed));
          const model = buildReportModel(
            { parsed, facts, evaluation },
            { lang: 'zh-CN', now: new Date(0), toolVersion: 'fuzz' },
          );
          expect(renderHtml(model)).toContain('</html>');
          expect(typeof renderMarkdown(model)).toBe('string');
          JSON.stringify(model);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});
