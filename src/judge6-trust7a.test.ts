/**
 * Judge round 6 cases of helper trust7a (S4b, M10, M14, S13, M9), run end to end on the judge's
 * own evidence, copied into src/fixtures/judge6 with its origin in the README there.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { buildDiff } from './report/diff.js';
import { buildReportModel } from './report/model.js';
import { renderDiffHtml } from './report/render-html.js';
import { renderDiffMarkdown } from './report/render-md.js';
import { firedOn, judgeRound } from './test-support/judge.js';

const { fixture: file, verdict } = judgeRound(6);

describe('judge6 S4b: a server-side 36870 with a code no specific rule covers (p92)', () => {
  it('is high, tests the one bound certificate read-only, and the events area is not clean', async () => {
    // judge6 case p92: the real 0x8009030D Event Viewer copy edited to 0x8009030E + sslcert.
    const a = await analyze(
      [file('p92-36870-0x8009030e/event.txt'), file('p92-36870-0x8009030e/sslcert.txt')],
      { asOf: '2026-12-06' },
    );
    expect(firedOn(a)).toEqual([
      'schannel-server-key-error-other:high:schannel-36870-0x8009030e-state10001-server',
    ]);
    const f = a.evaluation.findings[0]!;
    expect(f.fix.en).toContain('certutil -verifystore my 61d34f532da121bbab64723c4871e72c92f03735');
    expect(f.fix.en).toContain('SEC_E_NO_CREDENTIALS (0x8009030e)');
    // Only reads: no repair, grant or restart is run for a code no rule knows.
    expect(f.fix.en).not.toMatch(/^(icacls|certutil -repairstore|net stop|iisreset)/im);
    for (const lang of ['en', 'zh-CN'] as const) {
      const v = verdict(a, lang);
      expect(v.headline).not.toMatch(/No problem found|未发现问题/);
      expect(v.rootCause?.ruleId).toBe('schannel-server-key-error-other');
    }
  });
});

describe('judge6 M10: 36870 for a TLS client credential (p33)', () => {
  it("is low advice about an application's outbound certificate, never the server key", async () => {
    // judge6 case p33: the real 0x8009030D Event Viewer copy with Type=client ("TLS client credential").
    const a = await analyze(
      [
        file('p33-36870-client-type-outbound/event.txt'),
        file('p33-36870-client-type-outbound/sslcert.txt'),
      ],
      { asOf: '2026-12-06' },
    );
    expect(firedOn(a)).toEqual([
      'schannel-client-credential-key-error:low:schannel-36870-0x8009030d-state10001-client',
    ]);
    const f = a.evaluation.findings[0]!;
    expect(f.fix.en).toContain('not the certificate of the sites this server serves');
    // The bound certificate (61d34f…) is not the subject: no command names it.
    expect(f.fix.en).not.toMatch(/61d34f53/i);
    expect(f.fix.en).not.toMatch(/^(icacls|certutil -repairstore)/im);
  });
});

describe('judge6 M14: certutil -verifystore validated Client Authentication only (p106, control p105)', () => {
  const run = (c: string) =>
    analyze([file(`${c}/verifystore.txt`), file(`${c}/sslcert.txt`)], { asOf: '2026-12-06' });
  it('p106 is a high missing Server Authentication, from the verifystore lines', async () => {
    const a = await run('p106-verifystore-wrong-usage-decimal');
    expect(firedOn(a)).toContain(
      'certificate-missing-server-auth-eku:high:My\\a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    );
    const f = a.evaluation.findings.find(
      (x) => x.ruleId === 'certificate-missing-server-auth-eku',
    )!;
    expect(f.fix.en).toContain('validated it only for: 1.3.6.1.5.5.7.3.2');
    // Which of extension, property or CA restricts it is not in the evidence: nothing is re-bound.
    expect(f.fix.en).not.toMatch(/netsh http (update|add|delete) sslcert/);
    expect(verdict(a).rootCause?.ruleId).toBe('certificate-missing-server-auth-eku');
  });
  it('p105 (Server Authentication validated, untrusted root) stays the untrusted root only', async () => {
    const a = await run('p105-verifystore-untrusted-root');
    expect(firedOn(a)).toEqual([
      'certificate-untrusted-root:high:My\\a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    ]);
  });
});

describe('judge6 S13: a capture where the server sends a self-signed certificate (p102, control p101)', () => {
  it('p102 is a medium self-signed finding from the wire alone, naming the certificate', async () => {
    // The judge's loopback capture: s_server -cert ss.pem (CN=www.contoso.com), lenient s_client.
    const a = await analyze([file('p102-cap-self-signed-lenient-client/selfsigned-lenient.pcap')]);
    expect(firedOn(a)).toEqual([
      'certificate-self-signed:medium:capture\\469c2ef7bb49e5b49d707d57ec3a861e0041c57d',
    ]);
    const f = a.evaluation.findings[0]!;
    expect(f.fix.en).toContain('CN=www.contoso.com (469C2EF7BB49E5B49D707D57EC3A861E0041C57D)');
    // No binding is in the evidence: no netsh command changes one.
    expect(f.fix.en).not.toMatch(/^netsh http (update|add|delete)/im);
    for (const lang of ['en', 'zh-CN'] as const)
      expect(verdict(a, lang).rootCause?.ruleId).toBe('certificate-self-signed');
  });
  it('p101 (an expired CA-issued certificate on the wire) stays the critical expiry only', async () => {
    const a = await analyze([file('p101-cap-expired-cert-lenient-client/expired-lenient.pcap')]);
    expect(firedOn(a)).toEqual([
      'certificate-expired:critical:capture\\851979bd6b7598b07d7cf838880dd6d8c93c5b43',
    ]);
  });
});

describe('judge6 M9: diff where the after bundle lacks every HTTP.sys artifact (p31)', () => {
  it('the verdict line counts the critical that was not re-checked (en + zh-CN)', async () => {
    const side = async (dir: string, lang: 'en' | 'zh-CN') =>
      buildReportModel(await analyze([file(`p31-diff-not-rechecked/${dir}`)]), {
        lang,
        now: new Date('2026-11-22T00:00:00Z'),
        toolVersion: 't',
      });
    for (const [lang, line, tail] of [
      ['en', '1 critical not re-checked', 'Nothing left above info'],
      ['zh-CN', '1 个严重级问题未重新检查', '修改后没有高于'],
    ] as const) {
      const d = buildDiff(await side('before', lang), await side('after', lang), {
        now: new Date('2026-11-22T00:00:00Z'),
        toolVersion: 't',
      });
      expect(d.notRechecked.map((f) => `${f.ruleId}:${f.severity}`)).toEqual([
        'sslcert-empty-certificate-hash:critical',
      ]);
      expect(d.summary.worstAfter).toBeNull();
      expect(d.summary.notRecheckedLine).toBe(line);
      const md = renderDiffMarkdown(d);
      expect(md).toContain(`**${line}**`);
      expect(md).not.toContain(tail);
      const html = renderDiffHtml(d);
      expect(html).toContain(`<strong>${line}</strong>`);
      expect(html).not.toContain(tail);
    }
  });
});

describe('judge6 S4b: an error event no rule covers never leaves a clean events area', () => {
  it('names the unexplained event in the verdict instead of "No problem found in events" (en + zh-CN)', async () => {
    // Synthetic: the p92 copy as a Schannel 36884, which no rule judges.
    const a = await analyze(
      [file('p92-synthetic-36884-no-rule/event.txt'), file('p92-36870-0x8009030e/sslcert.txt')],
      { asOf: '2026-12-06' },
    );
    expect(firedOn(a)).toEqual([]);
    for (const [lang, area, words] of [
      ['en', 'events', 'error events no rule explains: Schannel 36884 0x8009030e ×1'],
      ['zh-CN', '事件', '没有规则能解释的错误事件：Schannel 36884 0x8009030e ×1'],
    ] as const) {
      const v = verdict(a, lang);
      expect(v.evaluatedAreas).not.toContain(area);
      expect(v.headline).not.toMatch(
        /^No problem found in [^;]*events|^在[^;]*事件[^;]*中未发现问题/,
      );
      expect(v.headline).toContain(words);
    }
  });
});
