// docs/bundle-format.md is the contract a collector (ours or a customer's script) writes to: one
// section per catalog artifact, naming its path and the parser that reads it (or saying none does).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from './catalog.js';
import { parsersOf } from './parsers.js';

const root = new URL('../../', import.meta.url);
const doc = readFileSync(new URL('docs/bundle-format.md', root), 'utf8');

/** `## <title>` → the text up to the next `## `. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^## /m).slice(1);
  for (const p of parts) {
    const nl = p.indexOf('\n');
    out.set(p.slice(0, nl).trim(), p.slice(nl + 1));
  }
  return out;
}

const bySection = sections(doc);

describe('docs/bundle-format.md', () => {
  it('has one section per catalog artifact and no section for an id the catalog lacks', () => {
    const ids = catalog().map((c) => c.id);
    const missing = ids.filter((id) => !bySection.has(id));
    expect(missing, 'catalog ids without a `## <id>` section').toEqual([]);
    const extra = [...bySection.keys()].filter((h) => h !== 'manifest.json' && !ids.includes(h));
    expect(extra, 'sections naming no catalog id').toEqual([]);
  });

  it("names each artifact's catalog path and its parser, or says that no parser reads it", () => {
    for (const entry of catalog()) {
      const text = bySection.get(entry.id) ?? '';
      expect(text, `${entry.id}: path`).toContain(`\`${entry.path}`);
      // The parsers are loaded for every test (src/test-support/vitest-setup.ts).
      if (parsersOf(entry.id).length > 0)
        expect(text, `${entry.id}: parser`).toMatch(/Parsers?:\s+`src\/parsers\/[\w./-]+\.ts`/);
      else expect(text, `${entry.id}: no parser`).toMatch(/no\s+parser\s+reads/);
    }
  });

  it('names only source files that exist', () => {
    const named = [...doc.matchAll(/`(src\/[\w./-]+\.ts)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((p) => !existsSync(new URL(p, root)))).toEqual([]);
  });
});
