/**
 * Judge round 7, minor items M1, M3, M4, M5 and M7, run end to end on the judge's own files
 * (copied into src/fixtures/judge7, origins in its README.md, block "tC").
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { fired, judgeRound } from './test-support/judge.js';

const { fixture: j7, model } = judgeRound(7);

describe('judge7 M5: a bound certificate whose CAPI key certutil tested only for signing', () => {
  const asOf = '2026-12-06T00:00:00.000Z';
  it('t32: the code-signing certificate ("Signature test passed" alone) is a signature-only key: high', async () => {
    const a = await analyze([j7('t32-certutil.txt'), j7('t32-sslcert.txt')], { asOf });
    expect(fired(a)).toContain('certificate-key-signature-only:high');
    expect(
      a.evaluation.notEvaluated.some((n) => n.ruleId === 'certificate-key-signature-only'),
    ).toBe(false);
    const m = model(a);
    expect(m.verdict.rootCause?.severity).toBe('high');
    const fix = m.findings.find((f) => f.ruleId === 'certificate-key-signature-only')!.fix;
    expect(fix).toContain('"Signature test passed" and no "Encryption test passed"');
    expect(
      model(a, 'zh-CN').findings.find((f) => f.ruleId === 'certificate-key-signature-only')!.fix,
    ).toContain('AT_SIGNATURE 私钥');
  });

  it('t32b (control): the User certificate ("Encryption test passed") is decided, not signature-only: stays medium', async () => {
    const a = await analyze([j7('t32-certutil.txt'), j7('t32b-sslcert.txt')], { asOf });
    expect(fired(a)).not.toContain('certificate-key-signature-only:high');
    expect(fired(a)).toContain('certificate-template-not-server:medium');
    expect(
      a.evaluation.notEvaluated.some((n) => n.ruleId === 'certificate-key-signature-only'),
    ).toBe(false);
    expect(model(a).verdict.rootCause?.severity).toBe('medium');
  });
});

const root = new URL('..', import.meta.url).pathname;
const sample = (name: string): string => join(root, 'samples', name);
// tsx's loader by absolute URL, as src/cli.test.ts runs the CLI.
const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, join(root, 'src/cli.ts'), ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('judge7 M3: --as-of before the manifest collection time', () => {
  it('b06 (samples/healthy --as-of 2026-01-01): says it was ignored and which date the checks used (report, en + zh-CN)', async () => {
    const a = await analyze([sample('healthy')], { asOf: '2026-01-01T00:00:00.000Z' });
    expect(a.facts.host).toMatchObject({ collectedAtSource: 'manifest' });
    const en = model(a).verdict.asOfNote;
    expect(en).toBe(
      '--as-of 2026-01-01 is before the evidence was collected (2026-11-20, manifest.json): ignored — certificate validity and event ages were judged at 2026-11-20.',
    );
    expect(model(a, 'zh-CN').verdict.asOfNote).toContain('早于证据的收集时间（2026-11-20');
    const { renderMarkdown } = await import('./report/render-md.js');
    expect(renderMarkdown(model(a))).toContain('--as-of 2026-01-01 is before the evidence');
    const { renderHtml } = await import('./report/render-html.js');
    expect(renderHtml(model(a))).toContain('id="verdict-as-of"');
  });

  it('says nothing when --as-of names the collection day, or when there is no manifest time', async () => {
    const same = await analyze([sample('healthy')], { asOf: '2026-11-20T00:00:00.000Z' });
    expect(model(same).verdict.asOfNote).toBeNull();
    expect(model(await analyze([sample('healthy')])).verdict.asOfNote).toBeNull();
    const loose = await analyze([j7('t32-certutil.txt'), j7('t32-sslcert.txt')], {
      asOf: '2026-01-01T00:00:00.000Z',
    });
    expect(loose.facts.host.collectedAtSource).toBe('as-of');
    expect(model(loose).verdict.asOfNote).toBeNull();
  });

  it('a later --as-of is ignored too, and said so', async () => {
    const a = await analyze([sample('healthy')], { asOf: '2026-12-06T00:00:00.000Z' });
    expect(model(a).verdict.asOfNote).toMatch(/^--as-of 2026-12-06 is ignored: manifest\.json/);
  });

  it('the CLI says it on stderr', () => {
    const r = cli('analyze', sample('healthy'), '--as-of', '2026-01-01', '-f', 'json');
    expect(r.stderr).toContain('--as-of 2026-01-01 is before the evidence was collected');
    const zh = cli(
      'analyze',
      sample('healthy'),
      '--as-of',
      '2026-01-01',
      '-f',
      'md',
      '--lang',
      'zh-CN',
    );
    expect(zh.stderr).toContain('早于证据的收集时间');
    expect(zh.stdout).toContain('早于证据的收集时间');
  });
});

describe('judge7 M4: diff language and order', () => {
  it('b10 (healthy → s3, a zh-CN server): the diff is in the "before" bundle\'s language, --lang still wins', () => {
    const r = cli('diff', sample('healthy'), sample('s3-port-conflict'), '-f', 'md');
    expect(r.stdout).toContain('The two bundles name different hosts');
    expect(r.stdout).not.toMatch(/[\u4e00-\u9fff]{2}/);
    const zh = cli(
      'diff',
      sample('healthy'),
      sample('s3-port-conflict'),
      '-f',
      'md',
      '--lang',
      'zh-CN',
    );
    expect(zh.stdout).toContain('两个证据包的主机名不同');
    // The "after" bundle is later here: no order warning.
    expect(r.stdout).not.toContain('was not collected later');
    expect(r.stderr).not.toContain('was not collected later');
    // A zh-CN "before" bundle makes a zh-CN diff, as analyze of that bundle would.
    const back = cli('diff', sample('s3-port-conflict'), sample('healthy'), '-f', 'json');
    expect((JSON.parse(back.stdout) as { lang: string }).lang).toBe('zh-CN');
  });

  it('b04 (s4 → healthy, both collected 2026-11-20T09:14:31Z): warns that "after" is not later, in the report and on stderr (en + zh-CN)', () => {
    const r = cli('diff', sample('s4-empty-hash'), sample('healthy'), '-f', 'md');
    expect(r.code).toBe(0);
    const warning =
      'The "after" evidence was not collected later than the "before" evidence (before: 2026-11-20T09:14:31.000Z, after: 2026-11-20T09:14:31.000Z)';
    expect(r.stdout).toContain(warning);
    expect(r.stderr).toContain(warning);
    const zh = cli(
      'diff',
      sample('s4-empty-hash'),
      sample('healthy'),
      '-f',
      'html',
      '-o',
      join(tmpdir(), 'tC-diff.html'),
      '--lang',
      'zh-CN',
    );
    expect(zh.stderr).toContain('“修改后”的证据并不晚于“修改前”的证据');
    const json = cli('diff', sample('s4-empty-hash'), sample('healthy'), '-f', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      afterNotLater: expect.stringContaining('not collected later') as unknown,
      summary: { fixed: 1 },
    });
  });
});

describe('judge7 M1: a minority of clients reject the certificate', () => {
  it('c18 (5 TLS 1.3 handshakes complete, 1 TLS 1.2 client sends unknown_ca, leaf + intermediate sent): medium, "1 of 6", the clients\' trust', async () => {
    const a = await analyze([j7('c18-capture.pcap')], { asOf: '2026-12-06T00:00:00.000Z' });
    const ep = a.facts.handshakeEndpoints.find((e) => e.kind === 'client-rejects-certificate')!;
    expect(ep).toMatchObject({
      count: 1,
      endpointHandshakes: 6,
      endpointEstablished: 5,
      mostHandshakesSucceed: true,
      wireChainLength: 2,
      wireIntermediatesSent: true,
    });
    expect(fired(a)).toEqual(['handshake-client-rejects-certificate:medium']);
    const en = model(a);
    expect(en.verdict.rootCause?.severity).toBe('medium');
    const fix = en.findings[0]!.fix;
    expect(fix).toContain('1 of 6 handshakes to this endpoint were rejected; 5 completed');
    expect(fix).toContain('other clients accept this certificate');
    expect(fix).toContain('the failing clients do not trust the root CA');
    expect(fix).not.toContain('the server does not send the intermediates');
    const zh = model(a, 'zh-CN').findings[0]!.fix;
    expect(zh).toContain('6 次握手中有 1 次被拒绝，5 次已完成');
    expect(zh).toContain('失败的客户端不信任该链顶端的根 CA');
  });

  it('every handshake rejected stays high (samples/s2-client-rejects-untrusted-root)', async () => {
    const a = await analyze([sample('s2-client-rejects-untrusted-root')]);
    const ep = a.facts.handshakeEndpoints.find((e) => e.kind === 'client-rejects-certificate')!;
    expect(ep.mostHandshakesSucceed).toBe(false);
    expect(fired(a)).toContain('handshake-client-rejects-certificate:high');
    expect(
      model(a).findings.find((f) => f.ruleId === 'handshake-client-rejects-certificate')!.fix,
    ).not.toContain('other clients accept');
  });
});

describe('judge7 M7: "Do this first" is a read-only command; no HTML entity in Markdown', () => {
  it('c04 (wildcard certificate seen only on the wire): the first step is a command, the Markdown has no &gt;', async () => {
    const a = await analyze([j7('c04-capture.pcap')], { asOf: '2026-12-06T00:00:00.000Z' });
    expect(fired(a)).toContain('certificate-name-mismatch:high');
    const { renderMarkdown } = await import('./report/render-md.js');
    for (const lang of ['en', 'zh-CN'] as const) {
      const m = model(a, lang);
      expect(m.verdict.rootCause).toMatchObject({
        firstStep: 'netsh http show sslcert',
        firstStepIsCommand: true,
      });
      const md = renderMarkdown(m);
      expect(md).not.toMatch(/&(gt|lt|amp|#x?[0-9a-f]+);/i);
      expect(md).toContain('`netsh http show sslcert`');
    }
  });

  it('t50 (healthy + 12× Schannel 36887 alert 46): the first step is a command, not "certificate_unknown: usually …"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tC-t50-'));
    try {
      // The judge's case: samples/healthy without manifest.json, its Schannel events replaced.
      cpSync(sample('healthy'), dir, { recursive: true });
      for (const f of ['manifest.json', 'expected-findings.json']) rmSync(join(dir, f));
      copyFileSync(j7('t50-system-schannel.xml'), join(dir, 'events/system-schannel.xml'));
      const a = await analyze([dir], { asOf: '2026-11-20T00:00:00.000Z' });
      expect(fired(a)).toEqual(['schannel-fatal-alert-received:medium']);
      for (const lang of ['en', 'zh-CN'] as const)
        expect(model(a, lang).verdict.rootCause).toMatchObject({
          firstStep: 'netsh http show sslcert',
          firstStepIsCommand: true,
        });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
