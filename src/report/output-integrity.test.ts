/**
 * Output integrity (issue 22): evidence cannot take the report's own CSS/JS by carrying the
 * template's placeholder text, and Markdown output escapes link and image syntax, backticks and
 * pipes in every field (artifact ids and rule ids included), so a Markdown viewer fetches nothing
 * and tables keep their columns.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { buildReportModel, type ReportModel } from './model.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function elements(node: Node, out: Element[] = []): Element[] {
  if ('tagName' in node) out.push(node);
  for (const k of 'childNodes' in node ? node.childNodes : []) elements(k, out);
  return out;
}
const textOf = (node: Node): string =>
  node.nodeName === '#text'
    ? (node as DefaultTreeAdapterMap['textNode']).value
    : ('childNodes' in node ? node.childNodes : []).map(textOf).join('');

const root = new URL('../../', import.meta.url).pathname;
const opts = { lang: 'en' as const, now: new Date('2026-11-20T00:00:00Z'), toolVersion: 'test' };

async function model(): Promise<ReportModel> {
  return buildReportModel(await analyze([join(root, 'samples', 's4-empty-hash')]), opts);
}

const PLACEHOLDERS = 'x /*@inline-css*/ y /*@inline-js*/ z';
const IMAGE = '![h](https://attacker.example/h.png)';
const LINK = '[click](https://attacker.example/)';
const TICKS = '`` ` ``` `x` |a|b|';

/** The Markdown text outside fenced blocks and code spans (CommonMark: a span closes on a run of the same length). */
function outsideCode(md: string): string[] {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of md.split('\n')) {
    const f = /^(`{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (f !== undefined && f.length >= fence.length && line.trim() === f) fence = null;
      continue;
    }
    if (f !== undefined) {
      fence = f;
      continue;
    }
    let out = '';
    for (let i = 0; i < line.length;) {
      if (line[i] === '\\') {
        out += line.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (line[i] !== '`') {
        out += line[i++];
        continue;
      }
      let n = 0;
      while (line[i + n] === '`') n++;
      let close = -1;
      for (let j = i + n; j < line.length;) {
        if (line[j] !== '`') {
          j++;
          continue;
        }
        let m = 0;
        while (line[j + m] === '`') m++;
        if (m === n) {
          close = j;
          break;
        }
        j += m;
      }
      if (close === -1) {
        out += line.slice(i, i + n); // an unclosed run is literal text
        i += n;
      } else {
        out += '<CODE>';
        i = close + n;
      }
    }
    lines.push(out);
  }
  return lines;
}

describe('report output integrity', () => {
  it('evidence holding the asset placeholders does not receive the CSS or JS', async () => {
    const m = await model();
    const f = m.findings[0]!;
    const evil: ReportModel = {
      ...m,
      host: { ...m.host, name: PLACEHOLDERS },
      findings: [
        {
          ...f,
          evidence: f.evidence.map((e) => ({
            ...e,
            excerpt: `${e.excerpt ?? ''}\n${PLACEHOLDERS}`,
          })),
        },
        ...m.findings.slice(1),
      ],
    };
    const html = renderHtml(evil);
    const els = elements(parse(html));
    const style = els.filter((e) => e.tagName === 'style');
    const script = els.filter((e) => e.tagName === 'script');
    expect(style).toHaveLength(1);
    expect(script).toHaveLength(1);
    const css = textOf(style[0]!);
    const js = textOf(script[0]!);
    expect(css.length).toBeGreaterThan(500);
    expect(js.length).toBeGreaterThan(500);
    // The CSP pins exactly these assets, so the browser runs them.
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const csp = els
      .find((e) => e.attrs.some((a) => a.value === 'Content-Security-Policy'))!
      .attrs.find((a) => a.name === 'content')!.value;
    expect(csp).toContain(`style-src ${hash(css)}`);
    expect(csp).toContain(`script-src ${hash(js)}`);
    // The evidence shows the placeholder text as it was.
    const body = textOf(els.find((e) => e.tagName === 'body')!);
    expect(body).toContain(PLACEHOLDERS);
    expect(body).not.toContain(css.slice(0, 200));
  });

  it('Markdown escapes images, links, backticks and pipes in every field, artifact ids included', async () => {
    const m = await model();
    const f = m.findings[0]!;
    const evil: ReportModel = {
      ...m,
      host: { ...m.host, name: IMAGE },
      input: { ...m.input, source: `${LINK} ${TICKS}` },
      findings: [
        {
          ...f,
          ruleId: `${f.ruleId}${TICKS}`,
          title: `${f.title} ${IMAGE}`,
          entity: { ...f.entity, key: `${IMAGE}${TICKS}` },
          evidence: f.evidence.map((e) => ({
            ...e,
            path: `${e.path}${TICKS}${IMAGE}`,
            label: `${LINK} *bold* <img src=x>`,
          })),
        },
      ],
      notEvaluated: [
        { ruleId: `r${TICKS}`, severity: 'high', title: LINK, missing: [IMAGE, [LINK, TICKS]] },
      ],
      inventories: m.inventories.map((inv) => ({
        ...inv,
        rows: inv.rows.map((r) => ({
          ...r,
          cells: r.cells.map(() => `${IMAGE}|${TICKS}`),
          problems: [LINK],
        })),
      })),
      artifacts: m.artifacts.map((a) => ({
        ...a,
        id: `${a.id}${IMAGE}${TICKS}`,
        reason: `${LINK}|x`,
      })),
    };
    const md = renderMarkdown(evil);
    const prose = outsideCode(md);
    for (const line of prose) {
      // Our own "### [Severity]" heading and **labels** are the only syntax left unescaped.
      const rest = line.replace(/^### \[[^\]\\]+\] /, '').replace(/\*\*[^*\\]+\*\*/g, '');
      expect(rest, line).not.toMatch(/(?<!\\)[[\]]/);
      expect(rest, line).not.toMatch(/<(?!CODE>|https:\/\/learn\.microsoft\.com)/);
      expect(rest, line).not.toMatch(/(?<!\\)[*_]/);
    }
    // Tables keep their column count: unescaped pipes per row equal the header's.
    const pipes = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    for (const block of md.split('\n\n')) {
      const rows = block.split('\n').filter((l) => l.startsWith('|'));
      if (rows.length < 2) continue;
      for (const r of rows) expect(pipes(r), r).toBe(pipes(rows[0]!));
    }
    // Nothing was dropped: the values are still there, as text.
    expect(md).toContain('attacker.example/h.png');
  });
});
