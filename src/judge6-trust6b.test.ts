/**
 * Judge round 6 findings S1, S2, S3, S7, S12, run end to end on the judge's own evidence (copied
 * into src/fixtures/judge6 with its origin in README.trust6b.md there; the judge5 cases from
 * src/fixtures/judge5).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { buildReportModel } from './report/model.js';
import { fired, judgeRound } from './test-support/judge.js';

const { fixture: j6, verdict } = judgeRound(6, '2026-12-06T12:00:00Z');
const { fixture: j5 } = judgeRound(5);

describe('judge6 S1: the age of events without a collection time is bounded', () => {
  it('p86: a hand-zipped corrupt-key bundle is dated by the zip file times, and the key is the root cause', async () => {
    // Run half a year later: the run date decides nothing, the entry times (2026-12-06) do.
    const a = await analyze([j6('p86-handzipped-s2-corrupt-key/evidence.zip')], {
      runAt: '2027-06-01T00:00:00Z',
    });
    expect(fired(a)).toEqual(['schannel-private-key-corrupt:critical']);
    const g = a.facts.eventGroups.find((x) => x.eventId === 36870)!;
    expect([g.ageBasis, g.ageUnknown, g.historical, g.ageEvidence?.what]).toEqual([
      'file-times',
      false,
      false,
      'file-time',
    ]);
    for (const lang of ['en', 'zh-CN'] as const) {
      const v = verdict(a, lang);
      expect(v.rootCause?.ruleId).toBe('schannel-private-key-corrupt');
      expect(v.headline).toContain(lang === 'en' ? "zip's file times" : 'zip 中文件时间');
    }
  });

  it('p86: analysed within 30 days of the events, the run date alone makes them current', async () => {
    const a = await analyze([j6('p86-handzipped-s2-corrupt-key/evidence.zip')], {
      runAt: '2026-12-06T19:55:00Z',
    });
    const g = a.facts.eventGroups.find((x) => x.eventId === 36870)!;
    expect(g.ageBasis).toBe('run-date');
    expect(verdict(a).rootCause?.ruleId).toBe('schannel-private-key-corrupt');
  });

  it('p03: a loose zh-CN 36870 of the day before the run is current: critical root cause', async () => {
    const a = await analyze(
      ['schannel-event.md', 'sslcert.txt'].map((f) => j6(`p03-s2-recent-event-no-asof/${f}`)),
      { runAt: '2026-12-06T19:55:00Z' },
    );
    expect(fired(a)).toContain('schannel-private-key-access-denied:critical');
    expect(fired(a)).not.toContain('events-age-unknown:low');
    const v = verdict(a);
    expect(v.rootCause?.ruleId).toBe('schannel-private-key-access-denied');
    expect(v.headline).not.toContain('advice, not the cause');
  });

  it('p03 analysed a year later: age unknown, so the probable cause if current, never advice', async () => {
    const a = await analyze(
      ['schannel-event.md', 'sslcert.txt'].map((f) => j6(`p03-s2-recent-event-no-asof/${f}`)),
      { runAt: '2027-12-06T00:00:00Z' },
    );
    expect(fired(a)).toEqual(
      expect.arrayContaining([
        'schannel-private-key-access-denied:critical',
        'events-age-unknown:low',
      ]),
    );
    for (const lang of ['en', 'zh-CN'] as const) {
      const v = verdict(a, lang);
      expect(v.rootCause).toBeNull();
      expect(v.kind).toBe('problems');
      expect(v.headline).toContain(
        lang === 'en' ? 'Probable cause if these events are current' : '如果这些事件是当前事件',
      );
      expect(v.headline).toContain('--as-of');
      expect(v.headline).not.toMatch(/advice, not the cause|仅供参考/);
    }
  });

  it('judge5 b7 stays history (2019 events against a 2025 certificate) and n33 stays no root cause', async () => {
    const b7 = await analyze([j5('b7-handzipped-no-manifest-old-events/evidence.zip')], {
      runAt: '2026-12-06T19:55:00Z',
    });
    expect(fired(b7)).toEqual(['events-historical:info']);
    expect(verdict(b7).rootCause).toBeNull();
    const n33 = await analyze([j5('n33-old-event-no-asof/event.txt')], {
      runAt: '2026-12-06T19:55:00Z',
    });
    expect(n33.facts.eventGroups[0]!.ageUnknown).toBe(true);
    const v = verdict(n33);
    expect(v.rootCause).toBeNull();
    expect(v.headline).toContain('Probable cause if these events are current');
    expect(v.headline).toContain('2022-10-16');
  });
});

describe('judge6 S3: the event XML in a text file whatever header precedes it', () => {
  it('p24: a fr-FR Event Viewer copy is read from its XML: critical 36870, nothing unrecognised', async () => {
    const a = await analyze(
      ['evenement.txt', 'sslcert.txt'].map((f) => j6(`p24-fr-36870-header-xml/${f}`)),
      { asOf: '2026-12-06' },
    );
    expect(a.parsed.unrecognized).toEqual([]);
    expect(fired(a)).toContain('schannel-private-key-access-denied:critical');
    expect(verdict(a).rootCause?.ruleId).toBe('schannel-private-key-access-denied');
  });
});

describe('judge6 S2: a prompt line echoing a command starts that command output', () => {
  it('p27b: sslcert, iplisten and the two `netstat -ano | findstr :443` rows of a UTF-16 transcript are all read', async () => {
    const a = await analyze([j6('p27b-utf16-merged-ps-paste-conflict/output.txt')], {
      asOf: '2026-12-06',
    });
    const read = a.parsed.artifacts
      .filter((s) => s.files.some((f) => f.value !== null))
      .map((s) => [s.id, s.files.map((f) => f.segment && [f.segment.start, f.segment.end])]);
    expect(read).toEqual([
      ['httpsys.sslcert', [[1, 27]]],
      ['httpsys.iplisten', [[28, 35]]],
      ['net.netstat', [[36, 40]]],
    ]);
    expect(fired(a)).toContain('port-held-by-other-process:critical');
    expect(verdict(a).rootCause?.ruleId).toBe('port-held-by-other-process');
  });
});

describe('judge6 S7: loose files from two servers are named before any root cause', () => {
  const files = ['sslcert.txt', 'web02-event.txt'].map((f) => j6(`p34-two-servers-loose/${f}`));

  it('p34: `hostname` → WEB01 in the sslcert paste and Computer WEB02 in the event conflict', async () => {
    const a = await analyze(files, { asOf: '2026-12-06' });
    expect(a.parsed.hostNames).toMatchObject([{ name: 'WEB01', line: 2, source: 'hostname' }]);
    expect(a.facts.host.conflicts).toContainEqual({
      aspect: 'name',
      values: [
        { value: 'web01', files: ['sslcert.txt'] },
        { value: 'web02', files: ['web02-event.txt'] },
      ],
    });
    const { renderMarkdown } = await import('./report/render-md.js');
    const { renderHtml } = await import('./report/render-html.js');
    for (const lang of ['en', 'zh-CN'] as const) {
      const m = buildReportModel(a, { lang, now: new Date('2026-12-06'), toolVersion: 't' });
      const md = renderMarkdown(m);
      const warn = md.indexOf(
        lang === 'en' ? 'do not come from one server' : '并非来自同一台服务器',
      );
      expect(warn).toBeGreaterThan(0);
      expect(warn).toBeLessThan(md.indexOf(lang === 'en' ? 'Root cause:' : '根本原因：'));
      const html = renderHtml(m);
      expect(html.indexOf('class="host-conflict"')).toBeLessThan(html.indexOf('id="root-cause"'));
    }
  });

  it('a root cause whose evidence comes from both servers says so in its headline', async () => {
    const a = await analyze(files, { asOf: '2026-12-06' });
    const root = a.evaluation.findings[0]!;
    root.evidence.push({ artifactId: 'httpsys.sslcert', path: 'sslcert.txt', label: 'x' });
    for (const [lang, words] of [
      [
        'en',
        'built from files of more than one server: web01 (sslcert.txt), web02 (web02-event.txt)',
      ],
      ['zh-CN', '依据来自多台服务器的文件得出'],
    ] as const)
      expect(verdict(a, lang).headline).toContain(words);
  });
});

describe('judge6 S12: 36888 alert 10 / state 1203 is non-TLS traffic on the HTTPS port', () => {
  it('p99: on an otherwise healthy server it is low noise with how to confirm, never the root cause', async () => {
    const a = await analyze([j6('p99-healthy-36888-10-1203-noise')]);
    expect(fired(a)).toEqual(['schannel-non-tls-traffic:low']);
    const f = a.evaluation.findings[0]!;
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(f.fix[lang]).toContain('HTTPERR');
      expect(verdict(a, lang).rootCause).toBeNull();
    }
  });

  it('p100 (control): 36874 of TLS 1.2 clients stays the high no-shared-cipher root cause', async () => {
    const a = await analyze([j6('p100-36874-tls12-real-cipher-mismatch')]);
    expect(verdict(a).rootCause?.ruleId).toBe('schannel-no-shared-cipher');
  });
});
