/**
 * The CLI as shipped: `npm run build` (run by `npm ci`) writes the launcher dist/cli.js, the CLI's
 * ESM bundle dist/cli-main.js with its chunks, its CommonJS bundle dist/cli-main.cjs with V8's code
 * cache, and dist/fleet-worker.js (scripts/bundle.mjs, scripts/code-cache.mjs). This runs the built
 * files as a user does: their modules find the rules, templates, precompiled templates, collector
 * and package.json from either bundle, each command and parser of the ESM bundle still loads
 * lazily (dynamic imports stay chunks), the evidence commands run from the cached bundle, and the
 * fleet's worker entry runs. Every other CLI test runs the source through tsx.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copySample } from './test-support/sample-copy.js';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const cli = join(dist, 'cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-built-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: tmp, timeout: 120_000 });
/** A run with TLS_DOCTOR_CODE_CACHE set (src/launcher.ts). */
const runWith = (cache: string, ...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: tmp,
    timeout: 120_000,
    env: { ...process.env, TLS_DOCTOR_CODE_CACHE: cache },
  });

describe('built CLI (dist/, bundled)', () => {
  it('is built (npm ci and npm run build write it)', () => {
    expect(existsSync(cli), 'dist/cli.js is missing: run npm run build').toBe(true);
  });

  it('is a bundle whose commands and parsers stay lazy chunks, with source maps', () => {
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const esm = join(dist, 'cli-main.js');
    const text = readFileSync(esm, 'utf8');
    // our modules are inside; what a command needs is imported when it runs
    expect(text).not.toMatch(/from "\.\/(analyze|bundle\/|engine\/|report\/)/);
    expect(text).toMatch(/import\("\.\/chunk-[A-Z0-9]+\.js"\)/);
    expect(existsSync(`${esm}.map`)).toBe(true);
    const chunks = readdirSync(dist).filter((f) => /^chunk-[A-Z0-9]+\.js$/.test(f));
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(existsSync(join(dist, `${c}.map`)), c).toBe(true);
  });

  it('prints help and its version (package.json found from the bundle)', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: tls-doctor/);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(run('--version').stdout.trim()).toBe(pkg.version);
  });

  it.each(['s4-empty-hash', 's5-protocol-mismatch'])(
    'analyzes %s to its expected findings, json and html (rules, templates found)',
    (sample) => {
      const dir = join(root, 'samples', sample);
      const expected = (
        JSON.parse(readFileSync(join(dir, 'expected-findings.json'), 'utf8')) as {
          findings: { ruleId: string }[];
        }
      ).findings.map((f) => f.ruleId);
      const out = join(tmp, `${sample}.json`);
      const r = run('analyze', dir, '-f', 'json', '-o', out, '--fail-on', 'none');
      expect(r.status, r.stderr).toBe(0);
      const got = (
        JSON.parse(readFileSync(out, 'utf8')) as { findings: { ruleId: string }[] }
      ).findings.map((f) => f.ruleId);
      for (const id of expected) expect(got).toContain(id);
      const html = join(tmp, `${sample}.html`);
      const h = run('analyze', dir, '-o', html, '--fail-on', 'none', '--lang', 'zh-CN');
      expect(h.status, h.stderr).toBe(0);
      expect(readFileSync(html, 'utf8')).toMatch(/<html/);
    },
  );

  it('runs the fleet through its worker entry (dist/fleet-worker.js)', () => {
    const farm = join(tmp, 'farm');
    for (const s of ['s4-empty-hash', 's5-protocol-mismatch']) copySample(s, join(farm, s));
    const out = join(tmp, 'fleet.json');
    const r = run('fleet', farm, '-f', 'json', '-o', out, '--fail-on', 'none');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 server\(s\)/);
    expect(r.stderr).not.toMatch(/failed/i);
  });

  it('runs the evidence commands from the CommonJS bundle with its code cache, the others from chunks', () => {
    const dir = join(root, 'samples', 's5-protocol-mismatch');
    const args = ['analyze', dir, '-f', 'json', '--fail-on', 'none'];
    const cached = runWith('report', ...args, '-o', join(tmp, 'cached.json'));
    expect(cached.status, cached.stderr).toBe(0);
    // the build's cache matches this Node (V8 rejects one made by another version or flags)
    expect(cached.stderr).toMatch(/code cache accepted/);
    const off = runWith('off', ...args, '-o', join(tmp, 'off.json'));
    expect(off.status, off.stderr).toBe(0);
    expect(off.stderr).not.toMatch(/code cache/);
    const report = (f: string) =>
      readFileSync(join(tmp, f), 'utf8').replace(/"generatedAt": "[^"]*"/, '');
    expect(report('cached.json')).toBe(report('off.json'));
    // --help does not parse the whole analyzer
    expect(runWith('report', '--help').stderr).not.toMatch(/code cache/);
    // vm.Script has no loader for import(): every one must have become require() (comments aside)
    const cjs = readFileSync(join(dist, 'cli-main.cjs'), 'utf8');
    const code = cjs.split('\n').filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l));
    expect(code.filter((l) => /\bimport\(/.test(l))).toEqual([]);
    expect(cjs.startsWith('#!')).toBe(false);
    // ASCII only, so the launcher reads it as Latin-1 (src/shared/ascii-only.ts), and no raw
    // template string holds an escape of a non-ASCII character, whose text the escaping changed
    expect(cjs.match(/[\u0080-\uffff]/g) ?? []).toEqual([]);
    const raws = cjs
      .split('String.raw`')
      .slice(1)
      .map((t) => t.slice(0, t.indexOf('`')));
    expect(raws.length).toBeGreaterThan(0);
    expect(raws.filter((t) => /\\u(?!00[0-7])[0-9a-f]{4}/i.test(t))).toEqual([]);
    // every precompiled template is in its table (src/shared/precompiled.ts), none left out
    const templates = readdirSync(join(dist, 'precompiled')).filter((f) => f.endsWith('.cjs'));
    expect(templates.length).toBeGreaterThan(100);
    const tabled = [...cjs.matchAll(/^\s*"?([\w-]{43})"?: \(\) => \(\{/gm)].map((m) => m[1]);
    expect(tabled.sort()).toEqual(templates.map((f) => f.slice(0, -4)).sort());
  });

  it('analyzes with stderr piped without making the stream (node:net stays unloaded)', () => {
    // src/cli/stderr.ts: the summary goes to fd 2 directly when no stream exists yet
    const probe = join(tmp, 'net-probe.cjs');
    writeFileSync(
      probe,
      "process.on('exit', () => require('fs').writeSync(1, 'net loaded: ' + process.moduleLoadList.includes('NativeModule net') + '\\n'));\n",
    );
    const dir = join(root, 'samples', 's5-protocol-mismatch');
    const r = spawnSync(
      process.execPath,
      [
        '-r',
        probe,
        cli,
        'analyze',
        dir,
        '-f',
        'json',
        '-o',
        join(tmp, 'piped.json'),
        '--fail-on',
        'none',
      ],
      { encoding: 'utf8', cwd: tmp, timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^tls-doctor: \d+ finding\(s\) .*piped\.json\n$/);
    expect(r.stdout).toBe('net loaded: false\n');
  });

  it('writes the collector (collectors/ found from the bundle)', () => {
    const r = run('collector', '--out', join(tmp, 'collector'));
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(tmp, 'collector', 'Collect-TlsEvidence.ps1'))).toBe(true);
  });
});
