/**
 * Judge round 14, certificate dates (M6): a day/month-ambiguous NotAfter whose two readings agree
 * decides the 30-day line (src/fixtures/judge14-lead, origin in its README). And the fix of a
 * finding capped on an entry no site uses leads with the clean-up (src/fixtures/judge14).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { judgeRound } from './test-support/judge.js';

const round14 = judgeRound('14', '2026-12-07T00:00:00Z');

const { fixture } = judgeRound('14-lead', '2026-12-07T00:00:00Z');

describe('judge14: an ambiguous NotAfter whose readings agree', () => {
  it('M6: 11/1/2027 seen on 2026-11-21 is not expiring soon either way, so the rule is evaluated', async () => {
    const a = await analyze([fixture('20-ambiguous-notafter-both-valid-synthetic')]);
    const c = a.facts.certificates.find((x) => x.thumbprint.startsWith('6d1e2f3a'))!;
    expect(c.notAfterReadings).toMatchObject({ monthFirstState: 'valid', dayFirstState: 'valid' });
    // The date itself stays unknown: only the verdict both readings share is kept.
    expect([c.notAfter, c.daysUntilExpiry, c.expired, c.expiresSoon]).toEqual([
      null,
      null,
      false,
      false,
    ]);
    const unknown = a.evaluation.notEvaluated.find((n) => n.ruleId === 'certificate-expires-soon');
    expect(unknown?.unknownFor ?? []).toEqual([]);
    expect(a.evaluation.findings.map((f) => f.ruleId)).not.toContain('certificate-expires-soon');
  });
});

describe('judge14: the fix of a finding on an entry no site uses', () => {
  it('06b: says first that clean-up is the usual fix, naming the finding with the commands', async () => {
    const a = await analyze([
      round14.fixture('06b-ip-specific-valid-wildcard-stale-expired-synthetic'),
    ]);
    const fix = round14.fixOf(a, 'certificate-expired').split('\n');
    expect(fix.slice(0, 3)).toEqual([
      'REM No IIS site uses 0.0.0.0:443: the usual fix is clean-up, not this one.',
      'REM Back the entry up (netsh http show sslcert) and remove it once no other program needs it (the finding “IIS-owned HTTP.sys SSL entry that no IIS binding uses” has the commands).',
      'REM Do what follows only if clients still connect to that address or port.',
    ]);
    expect(round14.fixOf(a, 'certificate-expired', 'zh-CN')).toMatch(
      /^REM 没有任何 IIS 站点使用 0\.0\.0\.0:443：通常的修复是清理/,
    );
    // The clean-up finding itself is unchanged.
    expect(round14.fixOf(a, 'httpsys-iis-entry-without-iis-binding')).toMatch(
      /^REM No IIS https binding uses/,
    );
  });

  it("06: the site's own entry keeps its fix as it is", async () => {
    const a = await analyze([round14.fixture('06-ip-specific-expired-beside-wildcard-synthetic')]);
    expect(round14.fixOf(a, 'certificate-expired')).not.toMatch(/No IIS site uses/);
  });
});
