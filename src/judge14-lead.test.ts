/**
 * Judge round 14, certificate dates (M6): a day/month-ambiguous NotAfter whose two readings agree
 * decides the 30-day line (src/fixtures/judge14-lead, origin in its README).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { judgeRound } from './test-support/judge.js';

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
