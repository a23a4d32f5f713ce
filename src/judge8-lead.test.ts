/**
 * Judge round 8 faults T4, S1 and S2, run end to end on the judge's own evidence (copied into
 * src/fixtures/judge8 with its origin in README.lead.md there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { renderMarkdown } from './report/render-md.js';
import { fired, judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(8, '2026-12-07T00:00:00Z');

describe('judge8 T4: a zero-AppId entry no IIS binding uses is never deleted and re-added under IIS', () => {
  it('s09: healthy 443 + zero AppId on 5986 (WinRM): no finding, no delete of 5986', async () => {
    const dir = fixture('s09-zero-appid-on-5986-healthy-443');
    const a = await analyze([`${dir}/sslcert.txt`, `${dir}/applicationHost.config`], {
      asOf: '2026-12-06',
    });
    expect(fired(a)).not.toContain('sslcert-zero-application-id:medium');
    const b = a.facts.bindings.find((x) => x.endpoint === '0.0.0.0:5986')!;
    expect(b.iisBindings).toEqual([]);
    expect(b.otherOwner).toMatch(/other than IIS/);
    for (const f of a.evaluation.findings)
      expect(f.fix).not.toMatch(/delete sslcert ipport=0\.0\.0\.0:5986/);
  });
});

describe('judge8 S2: a capture cut by its snap length is never "no problem found"', () => {
  it('k15: snaplen 64, every frame cut: captures are not clean, the verdict says to capture whole packets', async () => {
    const a = await analyze([fixture('k15-snaplen64-expired/capture.pcap')], {
      asOf: '2026-12-07',
    });
    expect(a.facts.captureFiles).toMatchObject([{ tlsConnections: 0, firstTruncatedFrame: 4 }]);
    for (const lang of ['en', 'zh-CN'] as const) {
      const m = model(a, lang);
      expect(m.verdict.headline).not.toMatch(/No problem found in captures|网络捕获中未发现问题/);
      expect(m.verdict.headline).toContain('--pkt-size 0');
      expect(renderMarkdown(m)).toContain('-s 0');
    }
  });
});

describe('judge8 S1: a leaf sent without its issuer is advice, not a green capture', () => {
  it('k03: leaf alone on the wire, no store evidence: low certificate-wire-issuer-not-sent naming the issuer', async () => {
    const a = await analyze([fixture('k03-leaf-only-lenient/capture.pcap')], {
      asOf: '2026-12-07',
    });
    expect(fired(a)).toEqual(['certificate-wire-issuer-not-sent:low']);
    const f = model(a).findings[0]!;
    expect(f.fix).toContain('Contoso Issuing CA 01');
    // Read-only checks come before the (guarded) import.
    expect(f.fix.indexOf('certutil -store CA')).toBeLessThan(f.fix.indexOf('-addstore'));
  });
});
