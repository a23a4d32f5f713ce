/**
 * Judge round 15 (S1, S3, S4): a code-signing certificate bound to HTTPS is the root cause, not
 * its signature-only key; a SHA-1-signed intermediate (on the wire or sent as a file); an expired
 * Issuing CA sent as a loose file. The judge's inputs are in src/fixtures/judge15 (README, ## t15b).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { firedOn, judgeRound } from './test-support/judge.js';

const { fixture, verdict, fixOf } = judgeRound('15', '2026-12-07T00:00:00Z');
const files = (dir: string, ...names: string[]): string[] =>
  names.map((n) => `${fixture(dir)}/${n}`);

const LEAF = '585f875ae4e68dea519cb5a1e209f5c11399d7fc';

describe('judge15 S1: a code-signing certificate bound to HTTPS', () => {
  const dir = '38-real-certutil-codesigning-bound';
  const input = files(
    dir,
    'en-store-my-not-exportable-signature-and-encryption-test.txt',
    'netsh-sslcert-synthetic.txt',
  );

  it('38: the template finding is the root cause and explains the KeySpec finding', async () => {
    const a = await analyze(input, { asOf: '2026-12-07' });
    const thumb = 'My\\b5dda40e3b765bdedf01097556f48d3b8a68a194';
    expect(firedOn(a)).toEqual([
      `certificate-key-signature-only:high:${thumb}`,
      `certificate-template-not-server:high:${thumb}`,
    ]);
    expect(verdict(a).rootCause).toMatchObject({ ruleId: 'certificate-template-not-server' });
    const sig = a.evaluation.findings.find((f) => f.ruleId === 'certificate-key-signature-only')!;
    expect(sig.explainedBy).toMatchObject({ ruleId: 'certificate-template-not-server' });
  });

  it('38: the KeySpec fix does not re-import a certificate that cannot serve HTTPS (en and zh-CN)', async () => {
    const a = await analyze(input, { asOf: '2026-12-07' });
    const en = fixOf(a, 'certificate-key-signature-only');
    expect(en).toContain('Do NOT re-import it');
    expect(en).toContain('Web Server template');
    expect(en).not.toContain('-importPFX');
    expect(en).not.toContain('same thumbprint');
    const zh = fixOf(a, 'certificate-key-signature-only', 'zh-CN');
    expect(zh).toContain('请勿重新导入');
    expect(zh).not.toContain('-importPFX');
  });
});
