/**
 * The rule listing joins paths by hand (start-up, docs/benchmarks.md "Start-up", round 14): it
 * must give the very strings path.join and path.relative gave, for the shipped rules and for a
 * folder given in any spelling (--rules).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, fixTemplateFile, loadRules, ruleFiles } from './load-rules.js';

/** The listing as it was written with path.join (before round 14). */
function joinedListing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const names = readdirSync(d).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.json$/.test(name) && !/\.(cases|schema)\.json$/.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-load-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the rule listing', () => {
  it('lists the shipped rules as path.join did, with the areas path.relative gave', () => {
    const files = ruleFiles(BUILTIN_RULES_DIR);
    expect(files.length).toBeGreaterThan(100);
    expect(files).toEqual(joinedListing(BUILTIN_RULES_DIR));
    for (const r of loadRules())
      expect([r.id, r.area]).toEqual([
        r.id,
        relative(BUILTIN_RULES_DIR, r.file).split(sep).slice(0, -1).join('/') || 'general',
      ]);
  });

  it('lists a folder given with a trailing separator, doubled separators or as a relative path', () => {
    const dir = join(tmp, 'custom');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    for (const f of ['top.json', 'a/one.json', 'a/one.cases.json', 'a/b/two.json', 'a/b/x.hbs'])
      writeFileSync(join(dir, f), '{}');
    const expected = [
      join(dir, 'a', 'b', 'two.json'),
      join(dir, 'a', 'one.json'),
      join(dir, 'top.json'),
    ];
    expect(joinedListing(dir)).toEqual(expected);
    for (const spelling of [dir, `${dir}${sep}`, `${dir}${sep}${sep}`, `${dir}${sep}.${sep}`])
      expect([spelling, ruleFiles(spelling)]).toEqual([spelling, expected]);
    const rel = relative(process.cwd(), dir);
    expect(ruleFiles(rel)).toEqual(joinedListing(rel));
    expect(ruleFiles(`${rel}${sep}`)).toEqual(joinedListing(rel));
  });

  it('names the fix template beside the rule file', () => {
    const [file] = ruleFiles(BUILTIN_RULES_DIR);
    expect(fixTemplateFile(file!, 'cmd', 'en')).toBe(file!.replace(/\.json$/, '.fix.cmd.en.hbs'));
  });
});
