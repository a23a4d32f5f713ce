/**
 * Independent judge, round 6, case M13: judge6 case p98, built from samples/healthy with the
 * manifest re-dated to 2025-11-20 (fixtures/judge6-p98-year-old-bundle), analysed on 2026-12-06.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { buildReportModel } from './model.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';

const P98 = new URL('./fixtures/judge6-p98-year-old-bundle/', import.meta.url).pathname;
const HEALTHY = new URL('../../samples/healthy/', import.meta.url).pathname;
const NOW = new Date('2026-12-06T12:00:00Z');

describe('evidence age and collection time in every format (judge6 M13)', () => {
  it('says a 381-day-old bundle must be re-collected, en and zh-CN, with host and time', async () => {
    const a = await analyze([P98]);
    const en = buildReportModel(a, { lang: 'en', now: NOW, toolVersion: 'test' });
    expect(en.verdict.stale?.days).toBe(381);
    const md = renderMarkdown(en);
    expect(md).toContain('Evidence collected 381 days ago (2025-11-20): re-collect before acting.');
    expect(md).toMatch(/Host name: WEB01 · Collected at: 2025-11-20T09:14/);
    const html = renderHtml(en);
    expect(html).toContain('id="verdict-stale"');
    expect(html).toMatch(/Collected at: 2025-11-20T09:14/);
    const zh = buildReportModel(a, { lang: 'zh-CN', now: NOW, toolVersion: 'test' });
    expect(renderMarkdown(zh)).toContain('证据收集于 381 天前（2025-11-20）');
  });

  it('says nothing about age for evidence collected within the last 30 days', async () => {
    const a = await analyze([HEALTHY]);
    const at = Date.parse(a.facts.host.collectedAt!);
    const m = buildReportModel(a, {
      lang: 'en',
      now: new Date(at + 29 * 86_400_000),
      toolVersion: 'test',
    });
    expect(m.verdict.stale).toBeNull();
    expect(renderMarkdown(m)).not.toContain('re-collect before acting');
  });
});
