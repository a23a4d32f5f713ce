/** Before/after comparison on samples: a fix shows as fixed, a regression as new. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { buildDiff } from './diff.js';
import { buildReportModel, type ReportModel } from './model.js';
import { renderDiffHtml } from './render-html.js';
import { renderDiffMarkdown } from './render-md.js';

const root = new URL('../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-diff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const NOW = new Date('2026-11-21T00:00:00Z');

async function model(dir: string, lang: 'en' | 'zh-CN' = 'en'): Promise<ReportModel> {
  return buildReportModel(await analyze([dir]), { lang, now: NOW, toolVersion: 'test' });
}
const sample = (name: string) => join(root, 'samples', name);

describe('report/diff', () => {
  it('reports the empty-hash binding as fixed when the after bundle is healthy', async () => {
    const d = buildDiff(await model(sample('s4-empty-hash')), await model(sample('healthy')), {
      now: NOW,
      toolVersion: 'test',
    });
    expect(d.sameHost).toBe(true);
    expect(d.fixed).toContainEqual(
      expect.objectContaining({
        ruleId: 'sslcert-empty-certificate-hash',
        entity: expect.objectContaining({ scope: 'binding', key: 'ipport:0.0.0.0:443' }),
      }),
    );
    expect(d.new.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(d.summary.worstAfter === null || d.summary.worstAfter === 'info').toBe(true);
    const md = renderDiffMarkdown(d);
    expect(md).toMatch(/## Fixed \(\d+\)/);
    expect(md).toContain('`sslcert-empty-certificate-hash`');
    const html = renderDiffHtml(d);
    expect(html).toContain('id="fixed"');
    expect(html).toContain('HTTP.sys SSL binding has no certificate hash');
  });

  it('reports a regression as new and keeps unchanged findings', async () => {
    const s4 = await model(sample('s4-empty-hash'));
    const d = buildDiff(await model(sample('healthy')), s4, { now: NOW, toolVersion: 'test' });
    expect(d.new.map((f) => f.ruleId)).toContain('sslcert-empty-certificate-hash');
    expect(d.fixed.filter((f) => f.severity !== 'info')).toEqual([]);
    const same = buildDiff(s4, s4, { now: NOW, toolVersion: 'test' });
    expect(same.unchanged.length).toBe(s4.findings.length);
    expect(same.fixed).toEqual([]);
    expect(same.new).toEqual([]);
  });

  it('does not call a finding fixed when the after bundle lacks the evidence to re-check it', async () => {
    const before = sample('s2-machinekeys-permissions');
    const after = join(tmp, 'no-events');
    cpSync(before, after, { recursive: true });
    rmSync(join(after, 'events'), { recursive: true });
    const d = buildDiff(await model(before), await model(after), {
      now: NOW,
      toolVersion: 'test',
    });
    expect(d.notRechecked.map((f) => f.ruleId)).toContain('schannel-private-key-access-denied');
    expect(d.fixed.map((f) => f.ruleId)).not.toContain('schannel-private-key-access-denied');
    expect(d.noLongerEvaluated.map((n) => n.ruleId)).toContain(
      'schannel-private-key-access-denied',
    );
  });

  it('keeps a handshake finding unchanged when only its totals differ', async () => {
    // The same endpoint and failure seen again, with another count.
    const before = await model(sample('s2-client-rejects-untrusted-root'));
    const after = structuredClone(before);
    for (const f of after.findings)
      f.entity.key = f.entity.key.replace(
        /2 handshakes from 1 client$/,
        '1 handshake from 1 client',
      );
    const d = buildDiff(before, after, { now: NOW, toolVersion: 'test' });
    expect(d.fixed).toEqual([]);
    expect(d.new).toEqual([]);
    expect(d.unchanged.map((f) => f.ruleId)).toContain('handshake-client-rejects-certificate');
  });

  it('warns when the two bundles come from different hosts, in Chinese too', async () => {
    const d = buildDiff(
      await model(sample('healthy'), 'zh-CN'),
      await model(sample('s3-port-conflict'), 'zh-CN'),
      { now: NOW, toolVersion: 'test' },
    );
    expect(d.sameHost).toBe(false);
    expect(renderDiffHtml(d)).toContain('两个证据包的主机名不同');
  });
});
