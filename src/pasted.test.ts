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

/** One output, or (`*-concatenated*`) several pasted into one file, each with its lines. */
type Expected =
  | { artifactId: string; records: string[] }
  | { segments: { artifactId: string; lines: [number, number]; records: string[] }[] };

function read(path: string) {
  const parsed = loadBundle(openInputs([path]));
  const files = parsed.artifacts.flatMap((a) => a.files);
  return { parsed, file: files[0] ?? null, count: files.length };
}

describe('samples/pasted', () => {
  it('holds at least 30 fragments, each with its expected records and its source', () => {
    expect(fragments.length).toBeGreaterThanOrEqual(30);
    // Issue 17's bar is 30 real-world fragments: `-synthetic` ones carry a mangling of ours.
    expect(fragments.filter((n) => !/-synthetic/.test(n)).length).toBeGreaterThanOrEqual(30);
    const sources = readFileSync(join(dir, 'SOURCES.md'), 'utf8');
    for (const f of fragments) {
      expect(readdirSync(dir), f).toContain(f.replace(/\.txt$/, '.expected.json'));
      expect(sources, `${f} in SOURCES.md`).toContain(`\`${f}\``);
    }
  });

  const expectedOf = (name: string) =>
    JSON.parse(
      readFileSync(join(dir, name.replace(/\.txt$/, '.expected.json')), 'utf8'),
    ) as Expected;

  describe.each(fragments.filter((n) => /-concatenated/.test(n)))('%s', (name) => {
    const expected = expectedOf(name);
    const outputs = (path: string) => {
      const { parsed } = read(path);
      expect(parsed.unrecognized).toEqual([]);
      return parsed.artifacts
        .flatMap((a) => a.files)
        .sort((a, b) => (a.segment?.start ?? 0) - (b.segment?.start ?? 0))
        .map((f) => ({
          artifactId: f.artifactId,
          lines: [f.segment?.start, f.segment?.end],
          records: recordLines(f),
        }));
    };

    it('is read as each of its outputs, by content alone, with its lines and records', () => {
      if (!('segments' in expected)) throw new Error(`${name}: expected segments`);
      expect(expected.segments.length).toBeGreaterThanOrEqual(2);
      const sub = mkdtempSync(join(tmp, 's-'));
      const path = join(sub, 'paste.txt');
      copyFileSync(join(dir, name), path);
      expect(outputs(path)).toEqual(expected.segments);
      expect(outputs(join(dir, name))).toEqual(expected.segments);
    });

    it('keeps line numbers and evidence pointing into the original file', () => {
      if (!('segments' in expected)) throw new Error(`${name}: expected segments`);
      const text = readFileSync(join(dir, name), 'utf8').split(/\r?\n/);
      const { parsed } = read(join(dir, name));
      for (const f of parsed.artifacts.flatMap((a) => a.files)) {
        const seg = f.segment!;
        for (const i of f.issues.filter((x) => x.line !== undefined))
          expect(i.line, `${f.artifactId} ${i.code}`).toBeGreaterThanOrEqual(seg.start);
        const value = f.value as Record<string, unknown>;
        const records = Object.values(value).filter(Array.isArray).flat() as {
          evidence?: { lines?: { start: number; end: number } };
        }[];
        for (const r of records) {
          const lines = r.evidence?.lines;
          if (!lines) continue;
          expect(lines.start).toBeGreaterThanOrEqual(seg.start);
          expect(lines.end).toBeLessThanOrEqual(seg.end);
          expect(text[lines.start - 1]!.trim()).not.toBe('');
        }
      }
    });
  });

  describe.each(fragments.filter((n) => !/-concatenated/.test(n)))('%s', (name) => {
    const expected = expectedOf(name);
    if ('segments' in expected) throw new Error(`${name}: segments only in *-concatenated*`);

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
