/**
 * Judge round 6 cases of helper trust6a (T1, T2, S4, S6, S13, M12), run end to end on the judge's
 * own evidence, copied into src/fixtures/judge6 with its origin in the README there.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { firedOn, judgeRound } from './test-support/judge.js';

const { fixture: file, verdict } = judgeRound(6);

describe('judge6 T1: a loose sslcert cut mid-hash (p15)', () => {
  it('claims nothing about the cut entry, says it is cut, and does not call HTTP.sys bindings clean', async () => {
    // judge6 case p15, built from real netsh-sslcert/en-win10-extended-properties-http2-quic.txt
    const a = await analyze([file('p15-truncated-loose-sslcert/sslcert.txt')], {
      asOf: '2026-12-06',
    });
    expect(firedOn(a)).toEqual([]);
    const issues = a.parsed.artifacts.flatMap((x) => x.files.flatMap((f) => f.issues));
    expect(issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'truncated', line: 39 })]),
    );
    const cut = a.evaluation.notEvaluated.find(
      (n) => n.ruleId === 'sslcert-empty-certificate-hash',
    );
    expect(cut?.unknownFor?.map((u) => u.entityKey)).toEqual(['ipport:0.0.0.0:443']);
    for (const lang of ['en', 'zh-CN'] as const) {
      const v = verdict(a, lang);
      expect(v.evaluatedAreas).not.toContain(lang === 'en' ? 'HTTP.sys bindings' : 'HTTP.sys 绑定');
      expect(v.headline).toMatch(
        lang === 'en' ? /[Pp]artly checked: HTTP\.sys bindings/ : /部分检查/,
      );
    }
  });
});

describe('judge6 S6: Outlook-wrapped sslcert (p06)', () => {
  it('reads the wrapped 0.0.0.0:443 hash; only [::]:443 is broken; backups never share a file', async () => {
    // judge6 case p06, built from the real short sslcert field set, mail-quoted and wrapped.
    const a = await analyze([file('p06-s4-mailquoted-wrapped-ipv6-empty/mail.txt')], {
      asOf: '2026-12-06',
    });
    expect(firedOn(a)).toEqual([
      'sslcert-empty-certificate-hash:critical:ipport:[::]:443',
      'sslcert-zero-application-id:medium:ipport:[::]:443',
    ]);
    const targets = a.evaluation.findings.flatMap((f) =>
      [...f.fix.en.matchAll(/%TEMP%\\(tls-doctor-[^"\s]+)/g)].map((m) => `${f.ruleId}|${m[1]}`),
    );
    // Since judge10 M2 the zero-AppId fix of a hashless entry defers to the empty-hash one (no backup of its own).
    expect(targets.length).toBeGreaterThanOrEqual(1);
    const names = new Map<string, string>();
    for (const t of targets) {
      const [rule, name] = t.split('|') as [string, string];
      expect(names.get(name) ?? rule).toBe(rule);
      names.set(name, rule);
    }
  });
});

describe('judge6 S4: HttpEvent 15021 pasted as text (p68)', () => {
  it('is read as events.httpevent, so the 15021 rule judges it', async () => {
    const a = await analyze(
      [
        file('p68-httpevent-15021-text/httpevent.txt'),
        file('p68-httpevent-15021-text/sslcert.txt'),
      ],
      { asOf: '2026-12-06' },
    );
    expect(a.parsed.artifacts.filter((x) => x.files.length > 0).map((x) => x.id)).toContain(
      'events.httpevent',
    );
    expect(firedOn(a)).toContainEqual(
      expect.stringMatching(/^httpevent-ssl-configuration-error:high:/),
    );
  });
});

describe('judge6 T2: a NotAfter whose day/month order cannot be told (p23, p23b, p23c)', () => {
  const run = (c: string) =>
    analyze([file(`${c}/certs.txt`), file(`${c}/sslcert.txt`)], { asOf: '2026-12-06' });
  it.each(['p23-ambiguous-date-formatlist', 'p23b-enus-date-expired'])(
    '%s: expired (M/d) or expiring tomorrow (d/M) is a medium finding naming both dates, never a clean certificates area',
    async (c) => {
      const a = await run(c);
      expect(firedOn(a)).toEqual([
        'certificate-expiry-date-ambiguous:medium:My\\5b1e0c7a9d3f24e86a0b1c2d3e4f5061728394a5',
      ]);
      const f = a.evaluation.findings[0]!;
      expect(f.fix.en).toContain('2026-07-12T10:00');
      expect(f.fix.en).toContain('2026-12-07T10:00');
      expect(f.fix.en).toContain(
        'certutil -verifystore my 5B1E0C7A9D3F24E86A0B1C2D3E4F5061728394A5',
      );
      for (const lang of ['en', 'zh-CN'] as const)
        expect(verdict(a, lang).evaluatedAreas).not.toContain(
          lang === 'en' ? 'certificates' : '证书',
        );
    },
  );
  it('p23c (25/11/2026, unambiguous) stays a critical expired certificate', async () => {
    expect(firedOn(await run('p23c-engb-date-unambiguous-expired'))).toEqual([
      'certificate-expired:critical:My\\5b1e0c7a9d3f24e86a0b1c2d3e4f5061728394a5',
    ]);
  });
});
