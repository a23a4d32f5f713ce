/**
 * No source file grows past 600 lines (issue 19): src/**, scripts/ and bench/ (TypeScript and
 * JavaScript) and the collector's PowerShell (collectors/**, its parts and Pester tests), tests
 * included. Generated tables are exempt by name, and each must say it is
 * generated. Files still over the limit are listed as known exceptions and printed on every
 * run; the list only shrinks: a file not in it that passes 600 lines fails, and a listed file
 * back under the limit fails until its entry is removed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 600;
const ROOT = new URL('../', import.meta.url).pathname;

/** Generated tables (their first line says so and names the generator). */
const GENERATED = [
  'src/parsers/capture/iana-names.ts',
  'src/shared/artifact-ids.ts',
  // joined from collectors/src/*.ps1 by `npm run collector:build` (script-parts.test.ts)
  'collectors/Collect-TlsEvidence.ps1',
];

/** Over the limit when the test was written: shrink this list as the splits land, never add. */
const KNOWN_OVER_LIMIT: string[] = [];

function sources(dir: string, ext: RegExp, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      // bench/out holds bundles and captures the benchmarks write (not committed)
      if (name !== 'node_modules' && relative(ROOT, full) !== join('bench', 'out'))
        sources(full, ext, out);
    } else if (ext.test(name)) out.push(relative(ROOT, full).split('\\').join('/'));
  }
  return out;
}

const lineCount = (file: string): number =>
  readFileSync(join(ROOT, file), 'utf8').replace(/\n$/, '').split('\n').length;

describe('source file size', () => {
  const files = [
    ...['src', 'scripts', 'bench'].flatMap((d) => sources(join(ROOT, d), /\.(ts|mts|js|mjs)$/)),
    ...sources(join(ROOT, 'collectors'), /\.ps1$/),
  ];
  const sizes = new Map(files.map((f) => [f, lineCount(f)]));

  it(`keeps every non-generated source file at ${MAX_LINES} lines or fewer`, () => {
    const over = files.filter(
      (f) => sizes.get(f)! > MAX_LINES && !GENERATED.includes(f) && !KNOWN_OVER_LIMIT.includes(f),
    );
    expect(
      over.map((f) => `${f}: ${sizes.get(f)} lines`),
      'split these along a real seam (the known-exception list only shrinks)',
    ).toEqual([]);
  });

  it('lists as known exceptions only files still over the limit (remove the others)', () => {
    const known = KNOWN_OVER_LIMIT.map((f) => `${f}: ${sizes.get(f) ?? 'missing'} lines`);
    process.stdout.write(
      `source files over ${MAX_LINES} lines (known exceptions, to shrink):\n  ${known.join('\n  ')}\n`,
    );
    const back = KNOWN_OVER_LIMIT.filter((f) => !((sizes.get(f) ?? 0) > MAX_LINES));
    expect(back, `remove from KNOWN_OVER_LIMIT in ${relative(ROOT, import.meta.filename)}`).toEqual(
      [],
    );
  });

  it('exempts only files that say they are generated', () => {
    for (const f of GENERATED) {
      const first = readFileSync(join(ROOT, f), 'utf8').split('\n')[0]!;
      expect(first, f).toMatch(/^(\/\/|#) generated\b.*\b(by|from)\b/i);
      expect(files, f).toContain(f);
    }
  });
});
