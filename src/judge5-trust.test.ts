/**
 * Judge round 5 trust-breaking cases, run end to end on the judge's own evidence (copied into
 * src/fixtures/judge5 with its origin in the README there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { fired, judgeRound } from './test-support/judge.js';

const { fixture: dir, model } = judgeRound(5);

describe('judge5 T4/T5: event age without a known collection time', () => {
  it('n33: a 2022 Event Viewer copy pasted alone is not a current critical cause; its age is unknown', async () => {
    const a = await analyze([dir('n33-old-event-no-asof/event.txt')]);
    // judge6 S1: the finding keeps its severity; the verdict names it the probable cause only if current.
    expect(fired(a)).toEqual([
      'events-age-unknown:low',
      'schannel-private-key-access-denied:critical',
    ]);
    const g = a.facts.eventGroups[0]!;
    expect([g.ageUnknown, g.historical]).toEqual([true, null]);
    for (const lang of ['en', 'zh-CN'] as const) {
      const v = model(a, lang).verdict;
      expect(v.rootCause).toBeNull();
      expect(v.headline).toContain('--as-of');
      expect(v.evaluatedAreas.join()).not.toMatch(/events|事件/);
    }
  });

  it('n33 with --as-of: the event is judged at that time (history in 2026, current in 2022)', async () => {
    const old = await analyze([dir('n33-old-event-no-asof/event.txt')], { asOf: '2026-12-06' });
    expect(fired(old)).toEqual(['events-historical:info']);
    const now = await analyze([dir('n33-old-event-no-asof/event.txt')], { asOf: '2022-10-17' });
    expect(fired(now)).toContain('schannel-private-key-access-denied:critical');
  });

  it('b7: a hand-zipped bundle without manifest: 2019 events are history against a 2025 certificate', async () => {
    const a = await analyze([dir('b7-handzipped-no-manifest-old-events/evidence.zip')]);
    expect(fired(a)).toEqual(['events-historical:info']);
    const g = a.facts.eventGroups[0]!;
    expect(g.ageBasis).toBe('evidence');
    expect(g.ageEvidence?.what).toBe('certificate-not-before');
    const fix = a.evaluation.findings[0]!.fix?.en ?? '';
    expect(fix).toContain('days before the newest dated evidence of the bundle');
  });
});

describe('judge5 T2/S1: binding flags that leave only TLS 1.0 / 1.1', () => {
  it('n28: Disable TLS1.2 + TLS1.3 in the sslcert alone is high, and HTTP.sys bindings are not "no problem"', async () => {
    const a = await analyze([dir('n28-sslcert-flags-no-protocol/sslcert.txt')], {
      asOf: '2026-12-06',
    });
    expect(fired(a)).toEqual(['sslcert-flags-leave-only-legacy:high']);
    const f = a.evaluation.findings[0]!;
    expect(f.fix.en).toContain(
      'reg export "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters\\SslBindingInfo\\0.0.0.0:443"',
    );
    expect(f.fix['zh-CN']).toContain('DISABLE_TLS12');
    const v = model(a);
    expect(v.verdict.rootCause?.ruleId).toBe('sslcert-flags-leave-only-legacy');
  });

  it('n28b: the server-wide TLS 1.0 / 1.1 disable is not offered while the binding depends on them', async () => {
    const a = await analyze(
      ['sslcert.txt', 'tls12.reg'].map((f) => dir(`n28b-sslcert-flags-plus-tls12-reg/${f}`)),
      { asOf: '2026-12-06' },
    );
    expect(fired(a)).toContain('sslcert-flags-leave-only-legacy:high');
    const legacy = a.evaluation.findings.filter(
      (f) => f.ruleId === 'schannel-legacy-protocol-enabled',
    );
    // The build is not in the evidence: TLS 1.0 / 1.1 are on only by an assumed default, so the
    // rule does not decide (judge10 M4) — and no finding offers to disable them either way.
    expect(legacy).toEqual([]);
    const ne = a.evaluation.notEvaluated.find(
      (n) => n.ruleId === 'schannel-legacy-protocol-enabled',
    );
    expect(ne?.unknownFor?.map((u) => u.entityKey)).toContain('TLS 1.0/Server');
    for (const f of a.evaluation.findings)
      for (const lang of ['en', 'zh-CN'] as const)
        expect(f.fix[lang]).not.toMatch(
          /^reg add .*TLS 1\.[01]\\Server.*\/v Enabled \/t REG_DWORD \/d 0/m,
        );
  });
});

describe('judge5 S2 / S7', () => {
  it('b1: TLS 1.0 scanner noise on a healthy TLS 1.2 server is low advice, never the root cause', async () => {
    const a = await analyze([dir('b1-healthy-noisy-legacy-clients')]);
    expect(fired(a)).not.toContain('schannel-no-shared-cipher:high');
    expect(fired(a)).toContain('schannel-legacy-clients-refused:low');
    const m = model(a);
    expect(m.verdict.rootCause).toBeNull();
    const f = a.evaluation.findings.find((x) => x.ruleId === 'schannel-legacy-clients-refused')!;
    expect(f.fix.en).toContain('offering only TLS 1.0 were refused');
    expect(f.fix.en).not.toMatch(/^(Enable-TlsCipherSuite|shutdown|Restart-Computer)/m);
  });

  it('b8: a recent 0x80090016 with the grant already in the key file ACL gets repairstore, not the grant again', async () => {
    const a = await analyze([dir('b8-recent-36870-acl-ok')]);
    const f = a.evaluation.findings.find((x) => x.ruleId === 'schannel-private-key-access-denied')!;
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(f.fix[lang]).not.toContain('/grant');
      expect(f.fix[lang]).toContain(
        'certutil -repairstore my a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
      );
    }
  });
});

describe('judge5 S6: a binary System.evtx is named in the report', () => {
  it('n31: Markdown and HTML say the .evtx was not read and how to export it (en + zh-CN)', async () => {
    const { renderMarkdown } = await import('./report/render-md.js');
    const { renderHtml } = await import('./report/render-html.js');
    const a = await analyze(
      ['System.evtx', 'sslcert.txt'].map((f) => dir(`n31-evtx-synthetic-binary-plus-sslcert/${f}`)),
    );
    for (const lang of ['en', 'zh-CN'] as const) {
      const m = model(a, lang);
      const md = renderMarkdown(m);
      // In the verdict section, before the findings.
      const verdict = md.slice(md.indexOf('## '), md.indexOf('## ', md.indexOf('## ') + 3));
      expect(verdict).toContain('`System.evtx`');
      expect(md).toContain(
        '`wevtutil qe System /q:"*[System[Provider[@Name=\'Schannel\']]]" /f:xml > schannel-events.xml`',
      );
      expect(md).toContain(lang === 'en' ? '.evtx), not read' : '（.evtx），未读取');
      const html = renderHtml(m);
      expect(html).toMatch(/class="not-read">[\s\S]*System\.evtx[\s\S]*wevtutil qe System/);
    }
  });
});
