/**
 * The collector (collectors/Collect-TlsEvidence.ps1) checked without PowerShell: its catalog
 * equals collectors/artifacts.json and it produces every id a rule requires, and the kit
 * `tls-doctor collector` exports. The static check of the script is ./check.test.ts, the bundle
 * it writes ./bundle-layout.test.ts, its redaction regexes ./redaction-patterns.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalog } from '../artifacts/catalog.js';
import { parseManifest } from '../bundle/manifest.js';
import {
  extractCatalogBlock,
  parseCatalogBlock,
  renderCatalogBlock,
  scriptVersion,
} from './catalog-block.js';
import { COLLECTOR_FILE_NAMES, collectorFiles } from './export.js';

const root = new URL('../../', import.meta.url);
const scriptText = readFileSync(new URL('collectors/Collect-TlsEvidence.ps1', root), 'utf8');
const artifactsJson = JSON.parse(
  readFileSync(new URL('collectors/artifacts.json', root), 'utf8'),
) as { artifacts: { id: string }[] };

/** Literal ids the script passes to Invoke-Step -Ids (the artifacts it produces). */
function producedIds(source: string): Set<string> {
  const ids = new Set<string>();
  for (const m of source.matchAll(/Invoke-Step -Ids @\(([^)]*)\)/g)) {
    for (const q of m[1]!.matchAll(/'([^']+)'/g)) ids.add(q[1]!);
  }
  return ids;
}

function ruleFiles(dir: URL): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (
        name.endsWith('.json') &&
        !name.endsWith('.cases.json') &&
        name !== 'rule.schema.json'
      )
        out.push(full);
    }
  };
  walk(dir.pathname);
  return out;
}

describe('collector catalog', () => {
  it('embeds exactly the block generated from collectors/artifacts.json', () => {
    expect(extractCatalogBlock(scriptText)).toBe(renderCatalogBlock(catalog()));
  });

  it('reports the package version as its collector version', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      version: string;
    };
    expect(scriptVersion(scriptText)).toBe(pkg.version);
  });

  it('parses back to the same entries as collectors/artifacts.json', () => {
    const block = extractCatalogBlock(scriptText);
    expect(block).not.toBeNull();
    expect(parseCatalogBlock(block!)).toEqual(artifactsJson.artifacts);
  });

  it('produces every catalog id in one of its steps, and no id outside the catalog', () => {
    const ids = catalog().map((c) => c.id);
    const produced = producedIds(scriptText);
    expect([...produced].sort()).toEqual([...ids].sort());
    const mentioned = new Set([...scriptText.matchAll(/-Id '([^']+)'/g)].map((m) => m[1]!));
    for (const id of mentioned) expect(ids).toContain(id);
  });

  it('produces every artifact id that a rule requires', () => {
    const produced = producedIds(scriptText);
    const required = new Set<string>();
    for (const f of ruleFiles(new URL('rules/', root))) {
      const rule = JSON.parse(readFileSync(f, 'utf8')) as { requires?: (string | string[])[] };
      for (const r of rule.requires ?? []) for (const id of [r].flat()) required.add(id);
    }
    const missing = [...required].filter((id) => !produced.has(id));
    expect(missing).toEqual([]);
  });

  it('keeps the samples in the layout the collector writes (catalog paths per id)', () => {
    const samplesDir = new URL('samples/', root);
    for (const name of readdirSync(samplesDir)) {
      const manifestUrl = new URL(`${name}/manifest.json`, samplesDir);
      let text: string;
      try {
        text = readFileSync(manifestUrl, 'utf8');
      } catch {
        continue;
      }
      const { manifest } = parseManifest(text);
      for (const a of manifest?.artifacts ?? []) {
        const c = catalog().find((e) => e.id === a.id);
        expect(c, `${name}: unknown artifact id ${a.id}`).toBeDefined();
        if (c!.path.endsWith('/'))
          expect(a.path.startsWith(c!.path), `${name}: ${a.path}`).toBe(true);
        else expect(a.path, `${name}: ${a.id}`).toBe(c!.path);
      }
    }
  });
});

describe('tls-doctor collector (export)', () => {
  it('ships the script, the .cmd wrapper and the README', () => {
    const files = collectorFiles();
    expect(files.map((f) => f.name)).toEqual([...COLLECTOR_FILE_NAMES]);
    expect(files.find((f) => f.name === 'Collect-TlsEvidence.ps1')!.content.toString('utf8')).toBe(
      scriptText,
    );
  });

  it('is written by `tls-doctor collector --out DIR`, which refuses to overwrite without --force', () => {
    const out = mkdtempSync(join(tmpdir(), 'tls-doctor-collector-out-'));
    try {
      const tsx = pathToFileURL(new URL('node_modules/tsx/dist/loader.mjs', root).pathname).href;
      const run = (...args: string[]) =>
        spawnSync(
          process.execPath,
          ['--import', tsx, new URL('src/cli.ts', root).pathname, 'collector', ...args],
          { encoding: 'utf8', timeout: 60_000 },
        );
      const first = run('--out', join(out, 'kit'));
      expect(first.status, first.stderr).toBe(0);
      for (const f of collectorFiles()) {
        expect(readFileSync(join(out, 'kit', f.name)).equals(f.content)).toBe(true);
        expect(first.stderr).toContain(f.sha256);
      }
      expect(run('--out', join(out, 'kit')).status).toBe(2);
      expect(run('--out', join(out, 'kit'), '--force').status).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('has a .cmd wrapper with CRLF line ends that bypasses the execution policy for this run only', () => {
    const cmd = collectorFiles()
      .find((f) => f.name === 'collect.cmd')!
      .content.toString('latin1');
    expect(cmd.split('\r\n').length).toBeGreaterThan(5);
    expect(cmd.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(cmd).toMatch(/-ExecutionPolicy Bypass -File "%~dp0Collect-TlsEvidence\.ps1" %\*/);
  });

  it('has a README in English and Simplified Chinese that says what leaves the server', () => {
    const readme = collectorFiles()
      .find((f) => f.name === 'README.md')!
      .content.toString('utf8');
    for (const heading of [
      '## English',
      '## 简体中文',
      '### What it collects',
      '### What it never collects or does',
      '### What leaves the server',
      '### 收集哪些内容',
      '### 绝不收集、绝不执行的操作',
      '### 哪些内容会离开服务器',
    ]) {
      expect(readme).toContain(heading);
    }
  });
});
