/**
 * Judge round 13, certificate faults (S1, S2, M1, M2, M10), run end to end on the judge's
 * evidence and on real certutil text (copied into src/fixtures/judge13 with its origin in the
 * README there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { buildReportModel } from './report/model.js';
import { fired, judgeRound } from './test-support/judge.js';

const { fixture, fixOf } = judgeRound(13, '2026-12-07T00:00:00Z');

describe('judge13 S2: a name fix keeps the names the port serves now', () => {
  it('adds an SNI entry for the new name; the port entry changes only to a certificate for all names', async () => {
    const a = await analyze([fixture('07-synthetic-name-mismatch-port-default-cert')]);
    for (const lang of ['en', 'zh-CN'] as const) {
      const fix = fixOf(a, 'certificate-name-mismatch', lang);
      const run = fix.split('\n').filter((l) => !/^REM\b/.test(l));
      // The only runnable change for the new name alone is an SNI entry beside the port's entry.
      expect(run).toContain(
        'if /i not "%NEWHASH%"=="new-thumbprint-here" netsh http add sslcert hostnameport=shop.fabrikam.com:443 certhash=%NEWHASH% appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY',
      );
      expect(run.filter((l) => /update sslcert ipport=0\.0\.0\.0:443/.test(l))).toEqual([
        'if /i not "%ALLHASH%"=="thumbprint-covering-all-names-here" netsh http update sslcert ipport=0.0.0.0:443 certhash=%ALLHASH% appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY',
      ]);
      expect(fix).not.toMatch(/certhash=%NEWHASH%.*ipport=|ipport=\S+ certhash=%NEWHASH%/);
      // The names the working site needs are named for the certificate that replaces the port's.
      expect(fix).toMatch(/www\.contoso\.com, contoso\.com (and|和) shop\.fabrikam\.com/);
    }
    expect(fixOf(a, 'certificate-name-mismatch')).toMatch(
      /ipport=0\.0\.0\.0:443 serves every name that reaches its address and port, so clients may use it for the names this certificate covers \(www\.contoso\.com, contoso\.com\): do NOT replace/,
    );
  });
});

describe('judge13 S1: certutil -verify FAILED with a chain code is the chain check, not a failed command', () => {
  it.each([
    [
      '32-synthetic-certutil-verify-untrusted-root',
      'certificate-untrusted-root:high',
      /CERT_E_UNTRUSTEDROOT\).*chain ends at CN=Fabrikam Private Root CA.*f91a0d6379a120e24361b9760b3899236e95d930/,
    ],
    [
      '32-synthetic-certutil-verify-chaining',
      'certificate-chain-incomplete:high',
      /certutil -verify: 0x800b010a \(-2146762486 CERT_E_CHAINING\)/,
    ],
  ])('%s', async (name, finding, reason) => {
    const a = await analyze([fixture(name)]);
    expect(fired(a)).toContain(finding);
    const f = a.evaluation.findings.find((x) => `${x.ruleId}:${x.severity}` === finding)!;
    expect(f.entityKey).toMatch(/ff6d145531351725abdb1c3d528566a8d0a33b53$/);
    expect(fixOf(a, f.ruleId)).toMatch(reason);
    // Its evidence is the chain certutil built, down to its verdict line.
    const certutil = f.evidence.find((e) => e.artifactId === 'cert.certutil')!;
    expect(certutil.lines?.end).toBe(76);
    const warned = a.parsed.artifacts.flatMap((x) =>
      x.files.flatMap((f) => f.issues.map((i) => i.code)),
    );
    expect(warned).not.toContain('command-failed');
  });
});

describe('judge13 M1: mailed certutil text without a collection time names NotAfter and --as-of', () => {
  const dir = () => fixture('34-synthetic-certutil-zh-cn-store-expired');

  it('says what decides it instead of guessing today', async () => {
    const a = await analyze([dir()]);
    expect(fired(a)).not.toContain('certificate-expired:critical');
    const why = a.evaluation.notEvaluated
      .find((n) => n.ruleId === 'certificate-expired')
      ?.unknownFor?.find((u) => /6a1d9c4e2b7f80315d6e9a0b4c2f18e7d3a95b60/.test(u.entityKey))?.why;
    expect(why?.en).toMatch(
      /^NotAfter 2025-11-03T20:14: .*--as-of YYYY-MM-DD \(the day the output was taken/,
    );
    expect(why?.['zh-CN']).toMatch(/^NotAfter 2025-11-03T20:14：.*--as-of YYYY-MM-DD/);
  });

  it('decides it with --as-of', async () => {
    const a = await analyze([dir()], { asOf: '2026-12-07' });
    expect(fired(a)).toContain('certificate-expired:critical');
  });

  it('names --as-of in the verdict too, never "no problem found" alone', async () => {
    const a = await analyze([dir()]);
    const at = new Date('2026-12-07T00:00:00Z');
    const verdict = (lang: 'en' | 'zh-CN') =>
      buildReportModel(a, { lang, now: at, toolVersion: 't' }).verdict.headline;
    expect(verdict('en')).toMatch(
      /certificate dates not judged: .* whether 1 certificate\(s\) had expired cannot be told — re-run with --as-of/,
    );
    expect(verdict('zh-CN')).toMatch(/证书日期未判断.*--as-of/);
    // A NotAfter still ahead of the day the report is made cannot have passed when it was taken.
    const before = buildReportModel(a, {
      lang: 'en',
      now: new Date('2025-01-01T00:00:00Z'),
      toolVersion: 't',
    }).verdict.headline;
    expect(before).not.toMatch(/certificate dates not judged/);
  });
});

describe('judge13 M2: certutil -dump text decides a SHA-1 signature', () => {
  it('reads sha1RSA as a SHA-1 signature beside the weak key of the same text', async () => {
    const a = await analyze([fixture('31-synthetic-certutil-dump-sha1-1024')]);
    expect(fired(a)).toEqual(
      expect.arrayContaining(['certificate-sha1-signature:medium', 'certificate-weak-key:high']),
    );
    const f = a.evaluation.findings.find((x) => x.ruleId === 'certificate-sha1-signature')!;
    expect(f.evidence.some((e) => e.artifactId === 'cert.certutil')).toBe(true);
  });
});

describe('judge13 M10: a User-template certificate bound to HTTPS', () => {
  it('is high when the EKU list is in the evidence and lacks Server Authentication', async () => {
    const a = await analyze([fixture('36-synthetic-certutil-v-user-template-ekus')], {
      asOf: '2026-12-07',
    });
    expect(fired(a)).toContain('certificate-missing-server-auth-eku:high');
    expect(fired(a).filter((f) => f.startsWith('certificate-template-not-server'))).toEqual([]);
  });

  it('keeps the hedge (medium, confirm with certutil -v) when the EKUs are not in the evidence', async () => {
    const a = await analyze([fixture('36-user-cert-on-sni-binding')], { asOf: '2026-12-07' });
    expect(fired(a)).toContain('certificate-template-not-server:medium');
    expect(fired(a).filter((f) => f.startsWith('certificate-missing-server-auth-eku'))).toEqual([]);
    expect(fixOf(a, 'certificate-template-not-server')).toMatch(/certutil -v -store my 43A58496/i);
  });
});
