/**
 * samples/pasted (issue 17): real-world fragments as engineers paste them — filtered, localized,
 * reflowed, quoted, indented, cut — each with the records it must yield. Every fragment must be
 * recognised as its kind by content alone (renamed to paste.txt) and by its name, and yield exactly
 * the records of its .expected.json. SOURCES.md says where each one comes from.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from './artifacts/load.js';
import { openInputs } from './bundle/open.js';
import { recordLines } from './test-support/records.js';

const dir = new URL('../samples/pasted/', import.meta.url).pathname;
const fragments = readdirSync(dir)
  .filter((n) => n.endsWith('.txt'))
  .sort();
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-pasted-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Expected {
  artifactId: string;
  records: string[];
}

function read(path: string) {
  const parsed = loadBundle(openInputs([path]));
  const files = parsed.artifacts.flatMap((a) => a.files);
  return { parsed, file: files[0] ?? null, count: files.length };
}

describe('samples/pasted', () => {
  it('holds at least 30 fragments, each with its expected records and its source', () => {
    expect(fragments.length).toBeGreaterThanOrEqual(30);
    const sources = readFileSync(join(dir, 'SOURCES.md'), 'utf8');
    for (const f of fragments) {
      expect(readdirSync(dir), f).toContain(f.replace(/\.txt$/, '.expected.json'));
      expect(sources, `${f} in SOURCES.md`).toContain(`\`${f}\``);
    }
  });

  describe.each(fragments)('%s', (name) => {
    const expected = JSON.parse(
      readFileSync(join(dir, name.replace(/\.txt$/, '.expected.json')), 'utf8'),
    ) as Expected;

    it('is recognised as its kind by content alone and yields its records', () => {
      const sub = mkdtempSync(join(tmp, 'c-'));
      const path = join(sub, 'paste.txt');
      copyFileSync(join(dir, name), path);
      const { parsed, file, count } = read(path);
      expect(parsed.unrecognized).toEqual([]);
      expect(count).toBe(1);
      expect(file).toMatchObject({ artifactId: expected.artifactId, matchedBy: 'content' });
      expect(recordLines(file!)).toEqual(expected.records);
      expect(expected.records.length).toBeGreaterThan(0);
    });

    it('is read the same under its own name', () => {
      const { file } = read(join(dir, name));
      expect(file?.artifactId).toBe(expected.artifactId);
      expect(recordLines(file!)).toEqual(expected.records);
    });
  });
});
