/**
 * Every string a reader sees exists in English and Simplified Chinese: the report strings, the
 * keys the templates and renderers ask for, every rule's title / explanation / fix, and the
 * inventory tables. A missing or empty translation fails here, naming it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGS } from '../engine/rule.js';
import { INVENTORIES } from './inventories.js';
import { STRINGS } from './i18n.js';

const root = new URL('../..', import.meta.url).pathname;
const CJK = /[\u3400-\u9fff]/;

function files(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, keep, out);
    else if (keep(name)) out.push(full);
  }
  return out;
}

const ruleFiles = files(
  join(root, 'rules'),
  (n) => n.endsWith('.json') && !n.endsWith('.cases.json') && !n.endsWith('.schema.json'),
);

describe('translations', () => {
  it('has every report string in every language, non-empty', () => {
    const missing: string[] = [];
    for (const [key, v] of Object.entries(STRINGS))
      for (const lang of LANGS)
        if (!(v as Record<string, string>)[lang]?.trim()) missing.push(`${key} [${lang}]`);
    expect(missing).toEqual([]);
  });

  it('defines every key the templates and renderers ask for', () => {
    const used = new Set<string>();
    for (const f of files(join(root, 'src/report/templates'), (n) => n.endsWith('.hbs')))
      for (const m of readFileSync(f, 'utf8').matchAll(/\{\{t "([^"]+)"/g)) used.add(m[1]!);
    for (const f of files(join(root, 'src/report'), (n) => /^render-.*\.ts$/.test(n)))
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z.]+)'/g)) used.add(m[1]!);
    const known = new Set(Object.keys(STRINGS));
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
    // Keys built at run time.
    for (const prefix of ['severity.', 'status.', 'scenario.'])
      expect(
        Object.keys(STRINGS).some((k) => k.startsWith(prefix)),
        prefix,
      ).toBe(true);
    for (const s of ['critical', 'high', 'medium', 'low', 'info'])
      expect(known.has(`severity.${s}`)).toBe(true);
    for (const n of [1, 2, 3, 4, 5]) expect(known.has(`scenario.${n}`)).toBe(true);
  });

  it.each(ruleFiles.map((f) => [f.slice(root.length), f]))(
    '%s has title, explanation and fix in en and zh-CN',
    (_name, file) => {
      const rule = JSON.parse(readFileSync(file, 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
      for (const field of ['title', 'explanation'])
        for (const lang of LANGS)
          expect(rule[field]?.[lang]?.trim(), `${field} [${lang}]`).toBeTruthy();
      // The fix is one template file per language beside the rule, for its declared shell.
      const shell = (rule as unknown as { fixShell: string }).fixShell;
      for (const lang of LANGS)
        expect(
          readFileSync(file.replace(/\.json$/, `.fix.${shell}.${lang}.hbs`), 'utf8').trim(),
          `fix [${lang}]`,
        ).toBeTruthy();
      // A Chinese title and explanation are Chinese, not a copy of the English.
      expect(rule['title']!['zh-CN']).toMatch(CJK);
      expect(rule['explanation']!['zh-CN']).toMatch(CJK);
    },
  );

  it('has every inventory title and column header in every language', () => {
    for (const inv of INVENTORIES)
      for (const lang of LANGS) {
        expect(inv.title[lang]?.trim(), `${inv.id} [${lang}]`).toBeTruthy();
        for (const c of inv.columns)
          expect(c.header[lang]?.trim(), `${inv.id} column [${lang}]`).toBeTruthy();
      }
  });
});

describe('collection log', () => {
  /** Every issue code the parsers, the loader and the bundle reader can write, read from their source. */
  function issueCodes(): Map<string, string> {
    const codes = new Map<string, string>();
    const src = ['src/parsers', 'src/artifacts', 'src/shared', 'src/bundle/manifest.ts'];
    const sources = src.flatMap((d) =>
      d.endsWith('.ts')
        ? [join(root, d)]
        : files(join(root, d), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts')),
    );
    for (const f of sources) {
      const s = readFileSync(f, 'utf8');
      for (const m of s.matchAll(/type \w*IssueCode\w* =([^;]*);/g))
        for (const c of m[1]!.matchAll(/'([a-z0-9-]+)'/g)) codes.set(c[1]!, f);
      for (const m of s.matchAll(/\b(?:issue(?:<[^>]*>)?|note|new ParseError)\(\s*'([a-z0-9-]+)'/g))
        codes.set(m[1]!, f);
      for (const m of s.matchAll(/\bcode: '([a-z0-9-]+)'/g)) codes.set(m[1]!, f);
    }
    return codes;
  }

  it('words every issue code in every language (a new code needs its issue.<code> string in i18n/issues.ts)', () => {
    const codes = issueCodes();
    // The scan must see the codes it is meant to see (a scan that finds nothing passes nothing).
    expect(codes.has('unrecognized-line')).toBe(true);
    expect(codes.has('recognition-tie')).toBe(true);
    expect(codes.has('ambiguous-date')).toBe(true);
    // A file the loader could not place has its own words (unrecognized.<code>).
    const missing = [...codes.keys()].filter(
      (c) => !(`issue.${c}` in STRINGS) && !(`unrecognized.${c}` in STRINGS),
    );
    expect(missing).toEqual([]);
  });
});
