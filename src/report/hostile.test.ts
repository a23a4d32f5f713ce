/**
 * Report safety (issue 9): whatever a bundle carries, the HTML report contains no element and no
 * attribute that came from evidence, and its CSP forbids inline handlers and any network use.
 * Two angles: (1) every string of a real report model replaced by markup and script, so any
 * field a template renders without escaping is caught, including fields added later; (2) a real
 * sample with markup in its manifest, file names, certificate store, certutil and event values,
 * analyzed end to end. The HTML is parsed with parse5 and compared with the benign report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { copySample } from '../test-support/sample-copy.js';
import { buildReportModel, type ReportModel } from './model.js';
import { renderHtml } from './render-html.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function elements(node: Node, out: Element[] = []): Element[] {
  if ('tagName' in node) out.push(node);
  for (const k of 'childNodes' in node ? node.childNodes : []) elements(k, out);
  if ('content' in node && node.content) elements(node.content as unknown as Node, out);
  return out;
}
function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return ('childNodes' in node ? node.childNodes : []).map(textOf).join('');
}

/** Breaks out of every HTML context: text, attributes (both quotes), raw text, comments, URLs. */
const MARKUP =
  `"'><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>` +
  `<a href="javascript:alert(4)">x</a></textarea></style></title><!-- --><iframe srcdoc="<b>">` +
  `<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">` +
  `{{constructor.constructor}} \${alert(5)}`;

/** Keys whose values select template branches, CSS classes or strings (closed sets from our code). */
const ENUMS = new Set(['lang', 'severity', 'worst', 'status', 'references']);

function hostile<T>(v: T, key = ''): T {
  if (ENUMS.has(key)) return v;
  if (typeof v === 'string') return `${v}${MARKUP}` as T;
  if (Array.isArray(v)) return v.map((x) => hostile(x, key)) as T;
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, hostile(x, k)]),
    ) as T;
  return v;
}

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-hostile-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const root = new URL('../../', import.meta.url).pathname;
const SAMPLE = 's2-untrusted-root-events';
const opts = { lang: 'en' as const, now: new Date('2026-11-20T00:00:00Z'), toolVersion: 'test' };

/** Tag → attribute names the template itself produces. */
function shape(html: string): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const e of elements(parse(html))) {
    const s = m.get(e.tagName) ?? new Set<string>();
    for (const a of e.attrs) s.add(a.name);
    m.set(e.tagName, s);
  }
  return m;
}

/** The checks every hostile report must pass, against the benign report's shape. */
function expectInert(html: string, benign: string): void {
  const allowed = shape(benign);
  const els = elements(parse(html));
  for (const e of els) {
    expect(allowed.has(e.tagName), `element <${e.tagName}> from evidence`).toBe(true);
    for (const a of e.attrs) {
      expect(allowed.get(e.tagName)!.has(a.name), `attribute ${e.tagName}[${a.name}]`).toBe(true);
      expect(a.name.startsWith('on'), `${e.tagName}[${a.name}]`).toBe(false);
      if (a.name === 'href' || a.name === 'src')
        expect(a.value, `${e.tagName}[${a.name}]`).toMatch(/^(#|https:\/\/)/);
    }
  }
  const count = (h: string, tag: string) => elements(parse(h)).filter((e) => e.tagName === tag);
  for (const tag of ['script', 'style', 'meta', 'a', 'base', 'iframe', 'img', 'svg'])
    expect(count(html, tag).length, `<${tag}> count`).toBe(count(benign, tag).length);
  // The CSP is in force before any content: the first elements of <head> are ours.
  const head = els.find((e) => e.tagName === 'head')!;
  const metas = head.childNodes.filter((n): n is Element => 'tagName' in n).slice(0, 2);
  expect(metas.map((m) => m.tagName)).toEqual(['meta', 'meta']);
  const csp = metas[1]!.attrs.find((a) => a.name === 'content')!.value;
  expect(metas[1]!.attrs).toContainEqual({ name: 'http-equiv', value: 'Content-Security-Policy' });
  expect(csp).toMatch(/default-src 'none'/);
  expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  expect(csp).toMatch(/form-action 'none'/);
  expect(csp).toMatch(/base-uri 'none'/);
  // No inline handlers (no unsafe-inline / unsafe-hashes), no eval, no network source anywhere.
  expect(csp).not.toMatch(/unsafe-|https?:|wss?:|\*|connect-src|'self'/);
}

describe('report/hostile evidence', () => {
  it('renders a model whose every string carries markup and script without one element or attribute from it', async () => {
    const result = await analyze([join(root, 'samples', SAMPLE)]);
    const model = buildReportModel(result, opts);
    expect(model.findings.length).toBeGreaterThan(0);
    const benign = renderHtml(model);
    const evil: ReportModel = hostile(model);
    const html = renderHtml(evil);
    expectInert(html, benign);
    // The markup is there, as text: once per rendered string at least.
    const text = textOf(parse(html));
    const shown = text.split('<script>alert(1)</script>').length - 1;
    expect(shown).toBeGreaterThan(20);
    // Markup in the zh-CN report too.
    expectInert(renderHtml({ ...evil, lang: 'zh-CN' }), renderHtml({ ...model, lang: 'zh-CN' }));
  });

  it('analyzes a real sample with markup in the manifest, file names, certificate, certutil and event values end to end', async () => {
    const benignModel = buildReportModel(
      await analyze([copySample(SAMPLE, join(tmp, 'benign'))]),
      opts,
    );
    const benign = renderHtml(benignModel);

    const dir = copySample(
      SAMPLE,
      join(tmp, 'hostile'),
      {
        'certificates/store.json': (t) =>
          t
            .replace(/"FriendlyName": ""/g, `"FriendlyName": ${JSON.stringify(MARKUP)}`)
            .replace(
              /"Subject": "CN=([^"]*)"/,
              (_s, cn: string) => `"Subject": ${JSON.stringify(`CN=${cn}, OU=${MARKUP}`)}`,
            ),
        'certificates/certutil-v-store-my.txt': (t) =>
          t.replace(/(Provider = )(.*)/g, `$1${MARKUP.replace(/\n/g, ' ')}`),
        'events/system-schannel.xml': (t) =>
          t.replace(
            /<Computer>WEB01<\/Computer>/g,
            `<Computer><![CDATA[WEB01${MARKUP.replace(/]]>/g, '')}]]></Computer>`,
          ),
        // A file name with markup (allowed on the engineer's Linux or macOS disk) and markup inside it.
        [`<svg onload=alert(6)>'"&.txt`]: MARKUP,
      },
      (m) => {
        for (const k of ['name', 'osCaption', 'osVersion', 'timeZone', 'psVersion'])
          m.host[k] = `${String(m.host[k])}${MARKUP}`;
        m['collector'] = { ...(m['collector'] as object), name: MARKUP, version: MARKUP };
        m.artifacts.push({
          id: 'iis.config',
          path: 'iis/applicationHost.config',
          status: 'failed',
          reason: MARKUP,
          stderr: MARKUP,
          source: MARKUP,
        });
      },
    );

    const model = buildReportModel(await analyze([dir]), opts);
    const html = renderHtml(model);
    expectInert(html, benign);
    // The findings survive the markup, and the markup reached the page as text.
    expect(model.findings.map((f) => f.ruleId).sort()).toEqual(
      benignModel.findings.map((f) => f.ruleId).sort(),
    );
    const text = textOf(parse(html));
    expect(text).toContain(`<svg onload=alert(6)>'"&.txt`);
    expect(text).toContain(`WEB01${MARKUP.slice(0, 40)}`);
    expect(text.split('<script>alert(1)</script>').length - 1).toBeGreaterThan(3);
  });
});
