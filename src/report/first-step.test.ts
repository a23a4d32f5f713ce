/**
 * "Do this first" and the Markdown verdict over every sample (judge7 M7): every finding's fix
 * yields a runnable, read-only first line (src/engine/read-only.ts), and no Markdown output holds
 * an HTML entity (`&gt;`, `&amp;`, `&#x…;`): Markdown's own escapes only.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { isReadOnlyLine } from '../engine/read-only.js';
import { buildReportModel, firstStepOf } from './model.js';
import { mdText, renderMarkdown } from './render-md.js';

const root = new URL('../../samples/', import.meta.url).pathname;
const samples = readdirSync(root).filter((s) => existsSync(join(root, s, 'manifest.json')));
const ENTITY = /&(#x?[0-9a-f]+|[a-z][a-z0-9]*);/gi;

describe('do this first and Markdown entities, every sample', () => {
  it.each(samples)(
    '%s: every fix gives a runnable read-only first line; no HTML entity in Markdown',
    async (s) => {
      const a = await analyze([join(root, s)]);
      for (const lang of ['en', 'zh-CN'] as const) {
        const m = buildReportModel(a, {
          lang,
          now: new Date('2026-12-01T00:00:00Z'),
          toolVersion: 't',
        });
        for (const f of m.findings) {
          const step = firstStepOf(f.fix);
          expect(
            step,
            `${f.ruleId} ${f.entity.key} (${lang}): no runnable read-only first line`,
          ).not.toBeNull();
          expect(step!.command).toBe(true);
          expect(f.fix.split('\n').map((l) => l.trim())).toContain(step!.text);
          expect(isReadOnlyLine(step!.text), `${f.ruleId}: ${step!.text}`).toBe(true);
        }
        if (m.verdict.rootCause) {
          expect(m.verdict.rootCause.firstStep).not.toBeNull();
          expect(m.verdict.rootCause.firstStepIsCommand).toBe(true);
        }
        expect(renderMarkdown(m).match(ENTITY) ?? [], `${s} (${lang})`).toEqual([]);
      }
    },
  );
});

describe('mdText', () => {
  it('escapes with backslashes, never with HTML entities', () => {
    expect(mdText('IIS Manager > Site > Bindings')).toBe('IIS Manager > Site > Bindings');
    expect(mdText('certutil -v -store my <thumbprint>')).toBe(
      'certutil -v -store my \\<thumbprint>',
    );
    expect(mdText('R&D &amp; &#x41; &gt;')).toBe('R&D \\&amp; \\&#x41; \\&gt;');
    expect(mdText('> quoted')).toBe('\\> quoted');
    expect(mdText('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)>');
    expect(mdText('![h](https://attacker.example/h.png)')).toBe(
      '!\\[h\\](https://attacker.example/h.png)',
    );
  });
});
