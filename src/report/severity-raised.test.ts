/**
 * judge r9 k12: a root cause is shown at least as severe as the worst symptom it explains, and
 * says why, alike in json, md and html, in the counts and in what `--fail-on` reads.
 * Samples with such a pair: s2-machinekeys-permissions (MachineKeys ACL high → Schannel 36870
 * critical), iis-legacy-ssl-metadata-binding-deleted (medium → high → critical).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { buildReportModel } from './model.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';

const root = new URL('../../samples/', import.meta.url).pathname;
const opts = { now: new Date('2026-11-20T00:00:00Z'), toolVersion: 'test' };

describe('a root cause below the symptom it explains (judge r9 k12)', () => {
  it.each([
    ['s2-machinekeys-permissions', 'machinekeys-acl-missing-system', 'high'],
    ['iis-legacy-ssl-metadata-binding-deleted', 'iis-legacy-ssl-hash-metadata', 'medium'],
  ])('%s: %s leads at critical, raised from %s', async (sample, ruleId, from) => {
    const result = await analyze([join(root, sample)]);
    const model = buildReportModel(result, { ...opts, lang: 'en' });
    const rc = model.verdict.rootCause!;
    expect(rc).toMatchObject({ ruleId, severity: 'critical' });
    expect(rc.severityRaised).toMatch(new RegExp(`^Raised from ${from} because it explains “`));
    const cause = model.findings[rc.index]!;
    expect(cause.severityRaised).toMatchObject({ from });
    // No symptom is more severe than the cause it sits under.
    const rank = ['info', 'low', 'medium', 'high', 'critical'];
    for (const f of model.findings.filter((x) => x.explainedBy?.ruleId === ruleId))
      expect(rank.indexOf(f.severity)).toBeLessThanOrEqual(rank.indexOf(cause.severity));
    // Counts and --fail-on read the same severities as the findings.
    const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const f of result.evaluation.findings) counts[f.severity]++;
    expect(model.summary.counts).toEqual(counts);
    expect(result.evaluation.findings.find((f) => f.ruleId === ruleId)?.severity).toBe('critical');
    expect(renderMarkdown(model)).toContain(`*Raised from ${from} because it explains`);
    expect(renderHtml(model)).toContain(`<p class="severity-raised">Raised from ${from} because`);
    const zh = buildReportModel(result, { ...opts, lang: 'zh-CN' });
    expect(zh.verdict.rootCause?.severityRaised).toContain('提升');
  });

  it('leaves a cause already as severe as its symptoms as it is', async () => {
    const model = buildReportModel(await analyze([join(root, 's4-empty-hash')]), {
      ...opts,
      lang: 'en',
    });
    expect(model.findings.every((f) => !f.severityRaised)).toBe(true);
  });
});
