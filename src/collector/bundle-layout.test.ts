/**
 * A bundle laid out exactly as collectors/Collect-TlsEvidence.ps1 writes one (fields read from the
 * script itself) is opened as zip and folder alike, loaded and analyzed cleanly.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { catalog } from '../artifacts/catalog.js';
import { loadBundle } from '../artifacts/load.js';
import { parseManifest } from '../bundle/manifest.js';
import { openInputs } from '../bundle/open.js';
import {
  SCRIPT_ENTRY_KEYS,
  buildCollectorBundle,
  zipBundle,
} from '../test-support/collector-bundle.js';

const root = new URL('../../', import.meta.url);
const scriptText = readFileSync(new URL('collectors/Collect-TlsEvidence.ps1', root), 'utf8');

describe('bundle written as the collector writes it', () => {
  let dir: string;
  let zipPath: string;
  let files: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tls-doctor-collector-'));
    buildCollectorBundle(join(dir, 'bundle'), { withCapture: true });
    files = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const full = join(d, n);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(relative(join(dir, 'bundle'), full).split(sep).join('/'));
      }
    };
    walk(join(dir, 'bundle'));
    zipPath = join(dir, 'tls-evidence-WEB01-20261120-091402.zip');
    zipBundle(join(dir, 'bundle'), zipPath, files);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses only the manifest entry fields the script writes', () => {
    // Keys the script sets on an entry: Add-Entry's [ordered]@{…} and $e.<key> = … assignments.
    const keys = new Set<string>(['id', 'path', 'status']);
    for (const m of scriptText.matchAll(/\$e\.([A-Za-z0-9_]+) = /g)) keys.add(m[1]!);
    keys.delete('_files');
    expect([...keys].sort()).toEqual([...SCRIPT_ENTRY_KEYS].sort());
  });

  it('uses the manifest and host fields the script writes', () => {
    const built = buildCollectorBundle(join(dir, 'again')) as Record<string, unknown>;
    const save = /function Save-Manifest \{[\s\S]*?\$m = \[ordered\]@\{([\s\S]*?)\n {4}\}/.exec(
      scriptText,
    );
    expect(save).not.toBeNull();
    const top = [...save![1]!.matchAll(/^\s{8}([a-zA-Z]+)\s+=/gm)].map((m) => m[1]!);
    expect(top.sort()).toEqual(Object.keys(built).sort());
    const hostFn = /function Get-HostInfo \{([\s\S]*?)\n\}/.exec(scriptText);
    const hostKeys = new Set(
      [...hostFn![1]!.matchAll(/\$info\.([a-zA-Z]+) = /g)].map((m) => m[1]!),
    );
    expect([...hostKeys].sort()).toEqual(Object.keys(built['host'] as object).sort());
  });

  it('opens as zip and as folder with the same paths, nothing skipped', () => {
    const z = openInputs([zipPath]);
    const f = openInputs([join(dir, 'bundle')]);
    expect(z.skipped).toEqual([]);
    expect(f.skipped).toEqual([]);
    expect(z.files.map((x) => x.path).sort()).toEqual(f.files.map((x) => x.path).sort());
    expect(z.files.every((x) => !x.path.includes('\\'))).toBe(true);
  });

  it('has a manifest the analyzer reads without issues, one entry per catalog id', () => {
    const z = openInputs([zipPath]);
    const m = z.files.find((x) => x.path === 'manifest.json')!;
    const { manifest, issues } = parseManifest(m.read().toString('utf8'));
    expect(issues).toEqual([]);
    expect(manifest!.artifacts.map((a) => a.id).sort()).toEqual(
      catalog()
        .map((c) => c.id)
        .sort(),
    );
    expect(manifest!.host).toMatchObject({ name: 'WEB01', osBuild: 20348, elevated: true });
  });

  it('loads with every file recognised and every collected artifact parsed', () => {
    const parsed = loadBundle(openInputs([zipPath]));
    expect(parsed.manifestIssues).toEqual([]);
    expect(parsed.unrecognized).toEqual([]);
    const bad = parsed.artifacts
      .filter((a) => a.manifest?.status === 'collected')
      .filter((a) => a.status !== 'parsed')
      // an artifact the analyzer has no parser for yet is kept as evidence only
      .filter((a) => !a.files.every((f) => f.issues.some((i) => i.code === 'no-parser')))
      .map((a) => ({
        id: a.id,
        status: a.status,
        reason: a.reason,
        errors: a.files.flatMap((f) => f.issues.filter((i) => i.severity === 'error')),
      }));
    expect(bad).toEqual([]);
  });

  it('analyzes cleanly: every rule requirement the bundle meets is evaluated', async () => {
    const result = await analyze([zipPath]);
    expect(result.parsed.unrecognized).toEqual([]);
    expect(result.facts.host).toMatchObject({ name: 'WEB01' });
    // A complete bundle meets every rule's requirements: nothing is NOT EVALUATED for missing
    // evidence. A rule may still be undecided for an entity its evidence cannot settle (e.g. a
    // CAPI2 chain error on a certificate that is not bound): it is listed, never passed.
    const ne = result.evaluation.notEvaluated;
    expect(ne.filter((n) => n.missing.length > 0)).toEqual([]);
    expect(ne.every((n) => (n.unknownFor ?? []).length > 0)).toBe(true);
    const undecided = ne.filter((n) => !result.evaluation.evaluated.includes(n.ruleId));
    expect(result.evaluation.evaluated.length + undecided.length).toBe(result.rules.length);
  });
});
