/**
 * Judge round 14, fleet honesty (S3, M9): a bundle whose manifest.json is cut in half is no clean
 * server — its own verdict and its fleet row name the unreadable manifest and what it costs
 * (host, build, collection time; certificate dates not judged), never the all-clear colour; and
 * fleet-folder entries skipped as symbolic links are listed under "Bundles not analyzed" in the
 * report and fleet.json, not only on stderr; fleet differences compare the state in effect, not
 * where it comes from, the one that matters first (M8). Fixtures: src/fixtures/judge14 (README there).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { buildFleetModel, fleetFingerprint, type FleetModel } from './report/fleet.js';
import { renderFleetHtml, renderHtml } from './report/render-html.js';
import { renderFleetMarkdown } from './report/render-md.js';
import { copySample } from './test-support/sample-copy.js';
import { judgeRound, type Analysis } from './test-support/judge.js';

const { fixture, model } = judgeRound(14, '2026-12-07T00:00:00Z');
const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'td-j14-fleet-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The judge's web07: samples/healthy with the judge's cut manifest.json. */
function web07(dir: string): string {
  copySample('healthy', dir, { 'expected-findings.json': null });
  writeFileSync(
    join(dir, 'manifest.json'),
    readFileSync(fixture('21-fleet-lb-pair-and-broken/web07-manifest.synthetic.json')),
  );
  return dir;
}

let cut: Analysis;
let healthy: Analysis;
beforeAll(async () => {
  cut = await analyze([web07(join(tmp, 'web07'))]);
  healthy = await analyze([copySample('healthy', join(tmp, 'web01'))]);
});

describe('judge14 S3: manifest.json cut in half', () => {
  it('names the unreadable manifest and what it costs first in the verdict', () => {
    const v = model(cut).verdict;
    expect(v.headline).toMatch(/^The collector's manifest\.json could not be read/);
    expect(v.headline).toContain('certificate dates were not judged');
    expect(v.headline).toContain('host name, OS build and collection time');
    expect(v.evidenceUnread).toBe(true);
    expect(renderHtml(model(cut))).toMatch(/class="verdict sev-none unread"/);
    expect(model(cut, 'zh-CN').verdict.headline).toMatch(/^无法读取收集器的 manifest\.json/);
  });

  it("says why a certificate's dates are not judged: the manifest is there but unreadable", () => {
    const expired = cut.evaluation.notEvaluated.find((n) => n.ruleId === 'certificate-expired');
    const why = expired?.unknownFor?.[0]?.why;
    expect(why?.en).toMatch(/\(no readable manifest\.json: absent, or cut or damaged\)/);
    expect(why?.['zh-CN']).toContain('没有可读的 manifest.json');
  });

  it('says the --as-of day stands for the collection time when one is given', async () => {
    const dated = await analyze([join(tmp, 'web07')], { asOf: '2026-11-20' });
    const v = model(dated).verdict;
    expect(v.headline).toContain('the collection time is the --as-of day given');
    expect(v.evidenceUnread).toBe(true);
  });

  it('keeps a readable manifest out of it', () => {
    const v = model(healthy).verdict;
    expect(v.headline).not.toContain('manifest.json');
    expect(v.evidenceUnread).toBeUndefined();
  });

  it('marks the fleet row and the servers section as not read, never as a clean row', () => {
    const input = (id: string, a: Analysis) => ({
      id,
      model: JSON.parse(JSON.stringify(model(a))) as ReturnType<typeof model>,
      fingerprint: fleetFingerprint(a.facts),
      error: null,
    });
    const fleet: FleetModel = buildFleetModel(
      'farm',
      [input('web01', healthy), input('web07', cut)],
      { lang: 'en', now: new Date('2026-12-07T00:00:00Z'), toolVersion: 't', rules: [] },
    );
    const row = fleet.servers.find((s) => s.id === 'web07')!;
    expect(row.unread).toEqual([expect.stringContaining('manifest.json could not be read')]);
    expect(fleet.servers.find((s) => s.id === 'web01')!.unread).toEqual([]);
    expect(fleet.summary.unread).toBe(1);
    const md = renderFleetMarkdown(fleet);
    expect(md).toContain('| `web07` | — **(Evidence not read)** |');
    expect(md).toMatch(/- `web07`: \*\*Evidence not read\*\* — manifest\.json could not be read/);
    const html = renderFleetHtml(fleet);
    expect(html).toMatch(/<section id="servers" class="verdict sev-none unread">/);
    expect(html).toContain('<tr class="problem unread">');
  });
});

describe('judge14 M8: fleet differences in effect', () => {
  it('leaves out source-only differences and puts TLS 1.2 server-side first', async () => {
    const reg = readFileSync(fixture('30-fleet-same-host-twice/new-web01-schannel.synthetic.reg'));
    const web01 = await analyze([
      copySample('healthy', join(tmp, 'new-web01'), { 'registry/schannel.reg': reg }),
    ]);
    const web02 = await analyze([
      copySample('healthy', join(tmp, 'web02'), {}, (m) => {
        m.host['name'] = 'WEB02';
      }),
    ]);
    const fleet = buildFleetModel(
      'farm',
      [
        {
          id: 'new-web01',
          model: model(web01),
          fingerprint: fleetFingerprint(web01.facts),
          error: null,
        },
        {
          id: 'web02',
          model: model(web02),
          fingerprint: fleetFingerprint(web02.facts),
          error: null,
        },
      ],
      { lang: 'en', now: new Date('2026-12-07T00:00:00Z'), toolVersion: 't', rules: [] },
    );
    const items = fleet.differences.map((d) => d.item);
    // disabled vs disabled (registry), enabled vs enabled (registry): the same state.
    expect(items).not.toContain('SSL 3.0 Server');
    expect(items).not.toContain('TLS 1.2 Client');
    expect(items[0]).toBe('TLS 1.2 Server');
    expect(fleet.differences[0]!.values.map((v) => v.value).sort()).toEqual([
      'disabled-by-default (registry)',
      'enabled (registry)',
    ]);
    expect(items.at(-1)).toBe('disabled ciphers');
  });
});

describe('judge14 M9: fleet entries skipped as symbolic links', () => {
  it('lists them under bundles not analyzed in fleet.json and the report', () => {
    const farm = join(tmp, 'farm-links');
    mkdirSync(farm);
    copySample('healthy', join(farm, 'web01'));
    symlinkSync(join(tmp, 'web07'), join(farm, 'web02-link'));
    const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
    const r = spawnSync(
      process.execPath,
      ['--import', tsx, join(root, 'src/cli.ts'), 'fleet', farm, '-f', 'json', '--jobs', '1'],
      { cwd: tmp, encoding: 'utf8', timeout: 180_000 },
    );
    const fleet = JSON.parse(r.stdout) as FleetModel;
    expect(fleet.servers.map((s) => s.id)).toEqual(['web01']);
    expect(fleet.skipped).toEqual([
      expect.objectContaining({ id: 'web02-link', reason: 'link', of: null }),
    ]);
    expect(fleet.skipped[0]!.text).toContain('--follow-links');
    const md = renderFleetMarkdown(fleet);
    expect(md).toContain('- `web02-link`: symbolic link, not followed');
    // One server compares nothing: not "the servers agree".
    expect(md).toContain('Fewer than two servers were analyzed: nothing was compared.');
    expect(md).not.toContain('The servers agree');
  }, 200_000);
});
