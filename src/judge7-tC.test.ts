/**
 * Judge round 7, minor items M1, M3, M4, M5 and M7, run end to end on the judge's own files
 * (copied into src/fixtures/judge7, origins in its README.md, block "tC").
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { buildReportModel } from './report/model.js';

const j7 = (p: string): string => new URL(`./fixtures/judge7/${p}`, import.meta.url).pathname;
type Analysis = Awaited<ReturnType<typeof analyze>>;
const model = (a: Analysis, lang: 'en' | 'zh-CN' = 'en') =>
  buildReportModel(a, { lang, now: new Date('2026-12-06T00:00:00Z'), toolVersion: 't' });
const fired = (a: Analysis): string[] =>
  a.evaluation.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();

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
