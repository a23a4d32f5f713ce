import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { analyze } from '../analyze.js';
import { renderFix } from './render-fix.js';
import { lazyLocalized } from './rule.js';

// Counts renders; the real renderer does the work.
vi.mock('./render-fix.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./render-fix.js')>();
  return { ...real, renderFix: vi.fn(real.renderFix) };
});

const sample = fileURLToPath(new URL('../../samples/s4-empty-hash', import.meta.url));

describe('fix rendering (issue 18)', () => {
  it('renders a fix only in the language a report reads, once', async () => {
    const render = vi.mocked(renderFix);
    render.mockClear();
    const { evaluation } = await analyze([sample]);
    expect(evaluation.findings.length).toBeGreaterThan(0);
    expect(render).not.toHaveBeenCalled();
    const en = evaluation.findings.map((f) => f.fix.en);
    expect(render).toHaveBeenCalledTimes(evaluation.findings.length);
    expect(render.mock.calls.every(([, , o]) => o.lang === 'en')).toBe(true);
    expect(evaluation.findings.map((f) => f.fix.en)).toEqual(en);
    expect(render).toHaveBeenCalledTimes(evaluation.findings.length);
  });

  it('gives both languages to JSON and spreads, in LANGS order', async () => {
    const { evaluation } = await analyze([sample]);
    const f = evaluation.findings[0]!;
    const json = JSON.parse(JSON.stringify(f.fix)) as Record<string, string>;
    expect(Object.keys(json)).toEqual(['en', 'zh-CN']);
    expect(json['zh-CN']).toContain('netsh');
    expect({ ...f.fix }).toEqual(json);
  });

  it('keeps a value written over an unread language', () => {
    let made = 0;
    const fix = lazyLocalized((lang) => `${lang}-${++made}`);
    fix['zh-CN'] = 'set';
    expect(fix).toEqual({ en: 'en-1', 'zh-CN': 'set' });
    expect(made).toBe(1);
  });
});
