/**
 * Nothing lost (issue 9): when one artifact is unreadable — removed, replaced by garbage, cut in
 * half — its problem is listed in the report's collection log, every other artifact is parsed
 * exactly as before, and every finding that does not rest on the damaged artifact survives.
 * Run over the richest samples, one artifact file at a time, in memory (the bundle's files are
 * swapped, nothing is written).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableArtifacts, loadBundle, type ParsedBundle } from './artifacts/load.js';
import { openInputs, type Bundle, type BundleFile } from './bundle/open.js';
import { evaluate } from './engine/evaluate.js';
import { loadRules } from './engine/load-rules.js';
import type { Finding } from './engine/rule.js';
import { buildFacts } from './facts/index.js';
import { buildReportModel } from './report/model.js';
import { renderHtml } from './report/render-html.js';

const root = new URL('..', import.meta.url).pathname;
/** The samples with the most artifacts and findings (14 and 12 artifacts, 2 and 3 findings). */
const SAMPLES = ['s2-machinekeys-permissions', 's4-iplisten'];
const rules = loadRules();

function withFile(bundle: Bundle, path: string, bytes: Buffer | null): Bundle {
  const files: BundleFile[] = [];
  for (const f of bundle.files) {
    if (f.path !== path) files.push(f);
    else if (bytes !== null)
      files.push({
        path,
        size: bytes.length,
        read: () => bytes,
        *chunks(n = 1 << 20) {
          for (let i = 0; i < bytes.length; i += n) yield bytes.subarray(i, i + n);
        },
      });
  }
  return { ...bundle, files };
}

async function run(bundle: Bundle) {
  const parsed = loadBundle(bundle);
  const facts = buildFacts(parsed);
  const evaluation = await evaluate(rules, facts, availableArtifacts(parsed));
  return { parsed, facts, evaluation };
}

/** What each artifact parsed to, keyed by id (values as JSON so they compare deeply). */
function parsedView(p: ParsedBundle, except: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of p.artifacts)
    if (a.id !== except)
      m.set(
        a.id,
        JSON.stringify(
          {
            status: a.status,
            files: a.files.map((f) => ({ path: f.path, value: f.value, issues: f.issues })),
          },
          (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
        ),
      );
  return m;
}

const escape = (t: string) =>
  t
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/`/g, '&#x60;')
    .replace(/=/g, '&#x3D;');
const key = (f: Finding) => `${f.ruleId}|${f.entityKey}`;

/** A finding rests on an artifact when its rule requires it or its evidence comes from it. */
function restsOn(f: Finding, artifactId: string, pathOf: (id: string) => string[]): boolean {
  const rule = rules.find((r) => r.id === f.ruleId)!;
  if (rule.requires.flat().includes(artifactId)) return true;
  const paths = pathOf(artifactId);
  return f.evidence.some((e) => e.artifactId === artifactId || paths.includes(e.path));
}

describe.each(SAMPLES)('nothing lost: %s', (sample) => {
  it('keeps every other artifact and finding when one artifact is removed, garbage or cut in half', async () => {
    const bundle = openInputs([join(root, 'samples', sample)]);
    const base = await run(bundle);
    expect(base.evaluation.findings.length).toBeGreaterThan(0);
    const idOf = (path: string) =>
      base.parsed.artifacts.find((a) => a.files.some((f) => f.path === path))?.id ?? null;
    const pathOf = (id: string) =>
      base.parsed.artifacts.find((a) => a.id === id)?.files.map((f) => f.path) ?? [];
    const damages: [string, (b: Buffer) => Buffer | null][] = [
      ['removed', () => null],
      ['garbage', (b) => Buffer.from(b.map((_x, i) => (i * 7919 + 13) & 0xff))],
      ['cut in half', (b) => b.subarray(0, Math.floor(b.length / 2))],
    ];
    let checked = 0;
    for (const file of bundle.files) {
      const id = idOf(file.path);
      if (id === null) continue; // manifest.json, expected-findings.json
      for (const [how, damage] of damages) {
        const what = `${file.path} ${how}`;
        const hurt = await run(withFile(bundle, file.path, damage(file.read())));
        // Every other artifact parsed exactly as before.
        const before = parsedView(base.parsed, id);
        const after = parsedView(hurt.parsed, id);
        for (const [other, view] of before)
          expect(after.get(other), `${what}: ${other}`).toBe(view);
        // Findings that do not rest on the damaged artifact survive.
        const survivors = new Set(hurt.evaluation.findings.map(key));
        for (const f of base.evaluation.findings)
          if (!restsOn(f, id, pathOf))
            expect(survivors.has(key(f)), `${what}: lost ${key(f)}`).toBe(true);
        // The damaged artifact is accounted for in the collection log.
        const model = buildReportModel(hurt, {
          lang: 'en',
          now: new Date(0),
          toolVersion: 'test',
        });
        const entry = model.artifacts.find((a) => a.id === id)!;
        if (how === 'removed') {
          if (pathOf(id).length === 1) {
            // The manifest lists it: the log says it is missing.
            expect(entry.status, what).toBe('failed');
            expect(entry.reason, what).toContain(file.path);
            // ... in the HTML report's collection log too.
            expect(renderHtml(model), what).toContain(`<small>${escape(entry.reason!)}</small>`);
          } else {
            // One file of a folder artifact (certificates/My/*.cer): the others are still read.
            expect(entry.files.map((f) => f.path).sort(), what).toEqual(
              pathOf(id)
                .filter((p) => p !== file.path)
                .sort(),
            );
          }
        } else {
          const damaged = entry.files.find((f) => f.path === file.path)!;
          const same =
            JSON.stringify(
              hurt.parsed.artifacts.find((a) => a.id === id)!.files.map((f) => f.value),
              (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
            ) ===
            JSON.stringify(
              base.parsed.artifacts.find((a) => a.id === id)!.files.map((f) => f.value),
              (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
            );
          // Garbage is either harmless or in the log. (Half a text dump is often a shorter but
          // valid dump, so a cut file is only required to leave the rest intact.)
          if (!same && how === 'garbage')
            expect(
              entry.status === 'failed' || damaged.issues.length > 0,
              `${what}: status ${entry.status}, no issue in the collection log`,
            ).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3 * 10);
  }, 120_000);
});
