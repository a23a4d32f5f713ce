/**
 * Judge round 13, certificate faults (S1, S2, M1, M2, M10), run end to end on the judge's
 * evidence and on real certutil text (copied into src/fixtures/judge13 with its origin in the
 * README there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { judgeRound } from './test-support/judge.js';

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
      /ipport=0\.0\.0\.0:443 also serves the names this certificate covers \(www\.contoso\.com, contoso\.com\): do NOT replace/,
    );
  });
});
