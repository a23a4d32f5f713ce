/**
 * Fleet: a folder of sample bundles copied under different host names (folders and a zip) is
 * analyzed in worker processes; findings are attributed to the right servers and the certificate
 * that differs between nodes shows as a cross-server difference.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySample, type SampleEdit } from './test-support/sample-copy.js';
import { DEFAULT_LIMITS } from './bundle/limits.js';
import { loadRules } from './engine/load-rules.js';
import { fleetBundles, runFleet, type FleetServerResult } from './fleet.js';
import { buildFleetModel, type FleetModel } from './report/fleet.js';
import { Redactor, redactModel } from './report/redact.js';
import { renderFleetHtml } from './report/render-html.js';
import { renderFleetMarkdown } from './report/render-md.js';
import { craftZip, zipFolder } from './test-support/zip-craft.js';

const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-fleet-'));
const farm = join(tmp, 'farm');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function copyAs(
  sample: string,
  dir: string,
  host: string,
  edits: Readonly<Record<string, SampleEdit>> = {},
): void {
  copySample(sample, dir, edits, (m) => {
    m.host['name'] = host;
  });
}

/** Rebinds 0.0.0.0:443 to another thumbprint in both views (netsh text and registry export). */
function rebound(from: string, to: string): Record<string, SampleEdit> {
  const hex = (h: string) => h.match(/../g)!.join(',');
  return {
    'httpsys/netsh-http-show-sslcert.txt': (text) => text.split(from).join(to),
    // The registry export is UTF-16LE.
    'registry/http-parameters.reg': (_, bytes) =>
      Buffer.from(bytes.toString('utf16le').split(hex(from)).join(hex(to)), 'utf16le'),
  };
}

const HEALTHY_HASH = 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3';
const OTHER_HASH = '0123456789abcdef0123456789abcdef01234567';
const HOSTS = ['NODE-ALPHA', 'NODE-BRAVO', 'NODE-CHARLIE', 'NODE-DELTA', 'NODE-ECHO'];
let results: FleetServerResult[];
let fleet: FleetModel;

beforeAll(async () => {
  mkdirSync(farm);
  copyAs('healthy', join(farm, 'web-a'), HOSTS[0]!);
  copyAs('healthy', join(tmp, 'web-b'), HOSTS[1]!);
  zipFolder(join(tmp, 'web-b'), join(farm, 'web-b.zip'));
  copyAs(
    's2-machinekeys-permissions',
    join(farm, 'web-c'),
    HOSTS[2]!,
    rebound(HEALTHY_HASH, OTHER_HASH),
  );
  copyAs('s4-empty-hash', join(farm, 'web-d'), HOSTS[3]!);
  // A node like web-a whose SCHANNEL policy disables TLS 1.2 on the server side (from s5).
  copyAs('healthy', join(farm, 'web-e'), HOSTS[4]!, {
    'registry/schannel.reg': readFileSync(
      join(root, 'samples', 's5-protocol-mismatch', 'registry', 'schannel.reg'),
    ),
  });
  writeFileSync(join(farm, 'notes.txt'), 'not a bundle');
  results = await runFleet(fleetBundles(farm), {
    lang: 'en',
    analyze: {},
    toolVersion: 'test',
    now: new Date('2026-11-21T00:00:00Z'),
    concurrency: 2,
  });
  fleet = buildFleetModel(farm, results, {
    lang: 'en',
    now: new Date('2026-11-21T00:00:00Z'),
    toolVersion: 'test',
    rules: loadRules(),
  });
}, 120_000);

describe('fleet', () => {
  it('analyzes every bundle of the folder, zips and folders, and nothing else', () => {
    expect(results.map((r) => r.id)).toEqual(['web-a', 'web-b.zip', 'web-c', 'web-d', 'web-e']);
    expect(results.map((r) => r.error)).toEqual([null, null, null, null, null]);
    expect(fleet.servers.map((s) => s.hostName)).toEqual(HOSTS);
  });

  it('says per finding which servers have it', () => {
    const empty = fleet.findings.find((f) => f.ruleId === 'sslcert-empty-certificate-hash')!;
    expect(empty.servers).toEqual([
      {
        id: 'web-d',
        entities: ['HTTP.sys certificate binding 0.0.0.0:443'],
        keys: ['ipport:0.0.0.0:443'],
      },
    ]);
    expect(empty.cleanServers).toEqual(['web-a', 'web-b.zip', 'web-c', 'web-e']);
    const key = fleet.findings.find((f) => f.ruleId === 'schannel-private-key-access-denied')!;
    expect(key.servers.map((s) => s.id)).toEqual(['web-c']);
    expect(key.notEvaluatedOn).toEqual(expect.arrayContaining(['web-d']));
  });

  it('shows nodes that bind different certificates to the same endpoint', () => {
    const d = fleet.differences.find(
      (x) => x.aspect === 'binding-certificate' && x.item === '0.0.0.0:443',
    )!;
    expect(d.values).toEqual([
      {
        value: HEALTHY_HASH,
        servers: ['web-a', 'web-b.zip', 'web-e'],
      },
      { value: '(empty)', servers: ['web-d'] },
      { value: OTHER_HASH, servers: ['web-c'] },
    ]);
    expect(renderFleetMarkdown(fleet)).toContain('Certificate bound to the HTTP.sys endpoint');
    expect(renderFleetHtml(fleet)).toContain(OTHER_HASH);
  });

  it('shows a node whose protocol policy differs from the others', () => {
    const d = fleet.differences.find(
      (x) => x.aspect === 'protocol-policy' && x.item === 'TLS 1.2 Server',
    )!;
    expect(d.values.find((v) => v.servers.includes('web-e'))!.value).toMatch(/^disabled/);
    expect(d.values.find((v) => v.servers.includes('web-a'))!.servers).toEqual(
      expect.arrayContaining(['web-a', 'web-b.zip']),
    );
  });

  it('speaks the reader’s language in its tables too', () => {
    const zh = buildFleetModel(farm, results, {
      lang: 'zh-CN',
      now: new Date('2026-11-21T00:00:00Z'),
      toolVersion: 'test',
      rules: loadRules(),
    });
    const d = zh.differences.find((x) => x.aspect === 'binding-certificate')!;
    expect(d.aspectTitle).toBe('HTTP.sys 端点绑定的证书');
    expect(d.values.map((v) => v.value)).toContain('（空）');
    expect(zh.findings.find((f) => f.ruleId === 'sslcert-empty-certificate-hash')!.title).toBe(
      'HTTP.sys SSL 绑定没有证书哈希',
    );
    expect(renderFleetHtml(zh)).toContain('服务器之间的差异');
  });

  it('redacts every server’s host name across the fleet report', () => {
    const redactor = new Redactor();
    for (const r of results) {
      redactor.addFile(r.id);
      redactor.addValues(r.sensitive);
    }
    const red = redactModel(fleet, redactor);
    for (const text of [JSON.stringify(red), renderFleetMarkdown(red), renderFleetHtml(red)]) {
      for (const h of HOSTS) expect(text).not.toContain(h);
      // Bundle names carry host names in real fleets (tls-evidence-WEB01-….zip).
      for (const id of ['web-a', 'web-b.zip', 'web-c', 'web-d']) expect(text).not.toContain(id);
    }
  });

  it('reports an unreadable bundle as failed without stopping the others', async () => {
    const bad = join(tmp, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'broken.zip'), 'PK\u0003\u0004 not really a zip');
    copyAs('healthy', join(bad, 'ok'), 'NODE-OK');
    const r = await runFleet(fleetBundles(bad), {
      lang: null,
      analyze: {},
      toolVersion: 'test',
      now: new Date(),
      concurrency: 1,
    });
    expect(r.map((x) => [x.id, x.error === null])).toEqual([
      ['broken.zip', false],
      ['ok', true],
    ]);
  }, 60_000);

  it('lists bundles without recognisable evidence as not evaluated, never as clean', async () => {
    const mixed = join(tmp, 'mixed');
    mkdirSync(join(mixed, 'empty'), { recursive: true });
    writeFileSync(
      join(mixed, 'unrelated.zip'),
      craftZip([
        { name: 'notes.txt', data: Buffer.from('call the customer back on Monday\n') },
        { name: 'photo.jpg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0]) },
      ]),
    );
    copyAs('s4-empty-hash', join(mixed, 'web'), 'NODE-WEB');
    const r = await runFleet(fleetBundles(mixed), {
      lang: 'en',
      analyze: {},
      toolVersion: 'test',
      now: new Date(),
      concurrency: 1,
    });
    const m = buildFleetModel(mixed, r, {
      lang: 'en',
      now: new Date(),
      toolVersion: 'test',
      rules: loadRules(),
    });
    expect(m.servers.map((s) => [s.id, s.notEvaluated])).toEqual([
      ['empty', true],
      ['unrelated.zip', true],
      ['web', false],
    ]);
    expect(m.summary.notEvaluated).toBe(2);
    for (const f of m.findings) expect(f.cleanServers).not.toContain('empty');
    // No difference comes from bundles that have nothing to compare.
    expect(m.differences.flatMap((d) => d.values.flatMap((v) => v.servers))).not.toContain('empty');
    expect(renderFleetMarkdown(m)).toContain('| `unrelated.zip` | not evaluated');
    expect(renderFleetHtml(m)).toContain(
      'not evaluated: no file was recognised as evidence a rule can judge',
    );
  }, 60_000);

  it('goes on when a hostile bundle kills its worker (heap exhausted)', async () => {
    const dir = join(tmp, 'crash');
    mkdirSync(dir);
    // 160 MB of netstat-looking text in a 160 KB zip: read whole and decoded, it needs more
    // than the 96 MiB heap given to each worker here, so the worker dies of it.
    const line = Buffer.from(
      '  TCP    0.0.0.0:443            0.0.0.0:0              LISTENING       4\r\n',
    );
    const big = Buffer.alloc(160 * 1024 * 1024);
    for (let o = 0; o < big.length; o += line.length) line.copy(big, o);
    writeFileSync(
      join(dir, 'a-crash.zip'),
      craftZip([{ name: 'network/netstat-anob.txt', data: big }]),
    );
    copyAs('healthy', join(dir, 'b-ok'), 'NODE-OK');
    copyAs('s4-empty-hash', join(dir, 'c-ok'), 'NODE-OK2');
    const r = await runFleet(fleetBundles(dir), {
      lang: null,
      analyze: { limits: { ...DEFAULT_LIMITS, maxRatio: 100_000 } },
      toolVersion: 'test',
      now: new Date(),
      concurrency: 1,
      workerHeapMb: 96,
    });
    expect(r.map((x) => [x.id, x.error === null])).toEqual([
      ['a-crash.zip', false],
      ['b-ok', true],
      ['c-ok', true],
    ]);
    expect(r[0]!.error).toMatch(/worker/i);
    expect(r[2]!.model!.findings.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a single bundle given as the fleet folder', () => {
    expect(() => fleetBundles(join(root, 'samples', 'healthy'))).toThrow(/one bundle/);
  });
});
