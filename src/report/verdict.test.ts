/**
 * The verdict over every sample: cause first, symptoms under it (`explainedBy`), "Do this first"
 * in the HTML for every sample with a root cause, healthy samples clean; a bundle with areas not
 * evaluated says so in its first line; no usable file means no verdict.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { HYGIENE_RULES } from '../engine/hygiene.js';
import { buildReportModel, firstStep } from './model.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const byId = (node: Node, id: string): Element | null => {
  if ('tagName' in node && node.attrs.some((a) => a.name === 'id' && a.value === id)) return node;
  for (const k of 'childNodes' in node ? node.childNodes : []) {
    const hit = byId(k, id);
    if (hit) return hit;
  }
  return null;
};
const textOf = (node: Node): string =>
  'value' in node && node.nodeName === '#text'
    ? node.value
    : ('childNodes' in node ? node.childNodes : []).map(textOf).join('');

const root = new URL('../../samples/', import.meta.url).pathname;
// samples/pasted holds loose pasted fragments (src/pasted.test.ts), not a bundle.
const samples = readdirSync(root).filter(
  (n) => n !== 'pasted' && statSync(join(root, n)).isDirectory(),
);
const opts = { now: new Date('2026-11-20T00:00:00Z'), toolVersion: 'test' };
const expected = (name: string) =>
  JSON.parse(readFileSync(join(root, name, 'expected-findings.json'), 'utf8')) as {
    findings: { ruleId: string; explainedBy?: string }[];
  };

describe('report/verdict', () => {
  it.each(samples)('%s: cause first, symptoms under it, Do this first', async (name) => {
    const result = await analyze([join(root, name)]);
    const model = buildReportModel(result, { ...opts, lang: 'en' });
    const html = parse(renderHtml(model));
    // Low findings are advice, never the root cause (a healthy server with TLS 1.0 on is healthy),
    // nor are hygiene findings that cannot make HTTPS fail (judge9 S4): those are "also found".
    const serious = model.findings.filter((f) => f.severity !== 'info' && f.severity !== 'low');
    const problems = serious.filter((f) => !HYGIENE_RULES.has(f.ruleId));
    if (problems.length === 0) {
      expect(model.verdict.kind).toBe('clean');
      expect(byId(html, 'do-first')).toBeNull();
      if (model.findings.some((f) => f.severity === 'low' && f.explainedBy === null))
        expect(model.verdict.headline).toMatch(/low-severity recommendation/);
      if (serious.length > 0) expect(model.verdict.headline).toMatch(/Also found/);
      return;
    }
    expect(model.verdict.kind).toBe('problems');
    const first = model.findings[0]!;
    expect(first.explainedBy).toBeNull();
    expect(model.verdict.rootCause?.ruleId).toBe(first.ruleId);
    const doFirst = byId(html, 'do-first');
    expect(doFirst, 'Do this first').not.toBeNull();
    expect(textOf(doFirst!)).toContain(firstStep(first.fix)!);
    // Every symptom the sample expects is folded under its cause, in JSON and in Markdown.
    const symptoms = expected(name).findings.filter((f) => f.explainedBy);
    const md = renderMarkdown(model);
    for (const s of symptoms) {
      const f = model.findings.find((x) => x.ruleId === s.ruleId)!;
      expect(f.explainedBy?.ruleId).toBe(s.explainedBy);
      const cause = model.findings.find(
        (x) => x.ruleId === f.explainedBy!.ruleId && x.entity.key === f.explainedBy!.entity,
      )!;
      expect(cause.alsoSeen.map((a) => a.ruleId)).toContain(s.ruleId);
      expect(md).toContain(`Symptom of: \`${cause.ruleId}\``);
    }
  });

  it('counts the alerts a cause explains in the Markdown "also seen" line', async () => {
    const model = buildReportModel(await analyze([join(root, 's2-untrusted-root-events')]), {
      ...opts,
      lang: 'en',
    });
    expect(model.findings.map((f) => f.ruleId)[0]).toBe('certificate-untrusted-root');
    expect(renderMarkdown(model)).toMatch(
      /Also seen \(symptoms of this\): .*`schannel-36887-alert48` ×\d+/,
    );
  });

  it('says in its first line which areas were not checked, in English and Chinese', async () => {
    const result = await analyze([join(root, 'healthy')]);
    const en = buildReportModel(result, { ...opts, lang: 'en' });
    // The healthy sample predates the host evidence (w32tm, .NET): those areas are not checked either.
    expect(en.coverage?.notEvaluated.map((n) => n.area)).toContain('capture');
    expect(en.coverage?.evaluated).toContain('httpsys');
    expect(en.verdict.headline).toMatch(
      // What to collect in words, with the artifact id a collector log names.
      /^No problem found in .*HTTP\.sys bindings.*; not checked: captures.* — collect a network capture of the failing handshake \(capture\.pcap\)/,
    );
    const zh = buildReportModel(result, { ...opts, lang: 'zh-CN' });
    expect(zh.verdict.headline).toContain('未检查：网络捕获');
    expect(textOf(byId(parse(renderHtml(zh)), 'verdict-headline')!)).toBe(zh.verdict.headline);
  });

  it('gives no verdict when no file is usable, and describes each file', async () => {
    const model = buildReportModel(await analyze([join(root, '../src/report/verdict.test.ts')]), {
      ...opts,
      lang: 'en',
    });
    expect(model.verdict.kind).toBe('no-evidence');
    expect(model.coverage?.usableFiles).toBe(0);
    expect(model.coverage?.unrecognisedFiles).toEqual([
      expect.objectContaining({
        path: 'verdict.test.ts',
        encoding: 'utf-8',
        firstLine: '/**',
      }),
    ]);
  });

  it('takes the first command of a fix as its first step, only when it only reads (judge7 M7)', () => {
    // A change is never "Do this first": no step rather than a live delete.
    expect(
      firstStep('REM why\n\n  netsh http delete sslcert ipport=0.0.0.0:443\nnet stop http /y'),
    ).toBeNull();
    expect(
      firstStep('REM why\nnetsh http show sslcert\nnetsh http delete sslcert ipport=0.0.0.0:443'),
    ).toBe('netsh http show sslcert');
    expect(firstStep('# PowerShell\n:: cmd\nGet-Item x')).toBe('Get-Item x');
    // Guidance only: no sentence as a step.
    expect(firstStep('REM covers: a\nREM Bind a certificate for b')).toBeNull();
    expect(firstStep('REM\n#')).toBeNull();
    expect(firstStep('(fix not rendered for this entity: x)')).toBeNull();
  });
});
