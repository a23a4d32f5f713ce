/**
 * Judge round 8 faults T1–T3 and S4, run end to end on the judge's own cases (copied into
 * src/fixtures/judge8, origins in the README there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { AS_OF, fired, judgeRound, type Analysis } from './test-support/judge.js';

const { fixture, model } = judgeRound(8);

const issuesOf = (a: Analysis, path: RegExp) =>
  a.parsed.artifacts
    .flatMap((s) => s.files)
    .filter((f) => path.test(f.path))
    .flatMap((f) => f.issues);

describe('judge8 T1: event dates of other locales are never read month-first on a guess', () => {
  const SSLCERT = fixture('x06-sslcert.txt');

  it('x06 (de-DE Format-List, 05.12.2026): the 36870 is recent and critical, not history', async () => {
    const a = await analyze([fixture('x06-ereignisse.txt'), SSLCERT], AS_OF);
    const g = a.facts.eventGroups.find((x) => x.eventId === 36870)!;
    expect(g.lastSeen).toBe('2026-12-05T14:03:11');
    expect(g.historical).toBe(false);
    expect(fired(a)).toContain('schannel-private-key-access-denied:critical');
    expect(fired(a).some((f) => f.startsWith('events-historical'))).toBe(false);
  });

  it('x19 (fr-FR Format-List, 05/12/2026, LevelDisplayName Erreur): day first by the paste language', async () => {
    const a = await analyze([fixture('x19-evenements.txt'), SSLCERT], AS_OF);
    const g = a.facts.eventGroups.find((x) => x.eventId === 36870)!;
    expect(g.lastSeen).toBe('2026-12-05T14:03:11');
    expect(g.historical).toBe(false);
    expect(fired(a).some((f) => f.startsWith('events-historical'))).toBe(false);
  });

  it('controls: x06c (en-US 12/5/2026 PM) is not dismissed, x20 (ja-JP 2026/12/05) stays recent', async () => {
    const en = await analyze([fixture('x06c-events.txt'), SSLCERT], AS_OF);
    const g = en.facts.eventGroups.find((x) => x.eventId === 36870)!;
    // 12/5/2026 is 5 December or 12 May: ambiguous, so its age is unknown, never history.
    expect(g.historical).not.toBe(true);
    expect(fired(en)).toContain('schannel-private-key-access-denied:critical');
    expect(issuesOf(en, /x06c-events/).map((i) => i.code)).toContain('ambiguous-date');
    const ja = await analyze([fixture('x20-events.txt'), SSLCERT], AS_OF);
    expect(ja.facts.eventGroups.find((x) => x.eventId === 36870)).toMatchObject({
      historical: false,
    });
  });
});

describe('judge8 T2: an sslcert entry whose field lines Outlook joined into one line', () => {
  it('x09: reads the joined fields (healthy), never a critical "no certificate hash"', async () => {
    const a = await analyze([fixture('x09-mail.txt')], AS_OF);
    expect(a.facts.bindings).toMatchObject([
      {
        endpoint: '0.0.0.0:443',
        certificateHash: '61d34f532da121bbab64723c4871e72c92f03735',
        applicationId: '{4dc3e181-e14b-4a21-b022-59fc669b0914}',
        certificateStoreName: 'MY',
      },
    ]);
    expect(fired(a).filter((f) => !f.endsWith(':low') && !f.endsWith(':info'))).toEqual([]);
    expect(issuesOf(a, /x09-mail/).map((i) => i.code)).toContain('joined-fields');
    expect(model(a).findings.map((f) => f.ruleId)).not.toContain('sslcert-empty-certificate-hash');
  });
});

describe('judge8 T3: a console copy whose last netstat shows the port freed', () => {
  it('s02: the Skype.exe row of the first netstat is history; the empty hash is the root cause', async () => {
    const a = await analyze([fixture('s02-console.txt')], AS_OF);
    expect(fired(a)).not.toContain('port-held-by-other-process:critical');
    expect(fired(a)).toContain('sslcert-empty-certificate-hash:critical');
    expect(a.facts.listeners.filter((l) => l.port === 443).map((l) => l.pid)).toEqual([4, 4]);
    expect(issuesOf(a, /s02-console/)).toContainEqual(
      expect.objectContaining({ code: 'multiple-listings', line: 14 }),
    );
    const netstat = a.parsed.artifacts
      .flatMap((s) => s.files)
      .filter((f) => f.artifactId === 'net.netstat')
      .map((f) => f.value as { entries: { pid: number }[]; history?: { pid: number }[] });
    expect(netstat.flatMap((v) => v.history ?? []).map((e) => e.pid)).toEqual([5812, 5812]);
    expect(model(a).findings[0]!.ruleId).toBe('sslcert-empty-certificate-hash');
  });
});

describe('judge8 S4: 0.0.0.0:443 and [::]:443 bind different certificates', () => {
  it('x15: medium on [::]:443, read-only checks first, the update guarded behind NEWHASH', async () => {
    const a = await analyze([fixture('x15-sslcert.txt')], AS_OF);
    expect(fired(a)).toEqual(['sslcert-wildcard-twins-differ:medium']);
    const f = a.evaluation.findings[0]!;
    expect(f.entityKey).toBe('ipport:[::]:443');
    for (const lang of ['en', 'zh-CN'] as const) {
      const fix = model(a, lang).findings[0]!.fix;
      const lines = fix.split('\n').filter((l) => !/^REM/.test(l.trim()));
      expect(lines[0]).toBe('netsh http show sslcert ipport=[::]:443');
      expect(fix).toMatch(/^netsh http show sslcert > "%TEMP%\\tls-doctor-sslcert-backup[^"]*"$/m);
      for (const l of lines.filter((x) => /netsh http (delete|add)/.test(x)))
        expect(l).toMatch(/^if \/i not "%NEWHASH%"=="new-thumbprint-here" /);
    }
  });
});
