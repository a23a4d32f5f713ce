/**
 * Judge round 12 leftovers (the M4 omissions and what S3/M2 left), end to end on the judge's own
 * evidence (src/fixtures/judge12, origin in its README).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { DEFAULT_LIMITS } from './bundle/limits.js';
import { fired, judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(12, '2026-12-07T00:00:00Z');

describe('judge12 case 26: an entry over a limit is refused alone, the rest is analysed', () => {
  it('skips the capture that expands 887× and still judges the binding list', async () => {
    const a = await analyze([`${fixture('26-zip-capture-ratio-refused')}/bundle.zip`]);
    expect(a.parsed.skipped).toMatchObject([
      { path: 'capture/pktmon.pcap', code: 'ratio', params: { ratio: 887, limit: 200 } },
    ]);
    // The bindings were read: the SNI-only port of the list is found.
    expect(fired(a)).toContain('httpsys-sni-only-port:medium');
    const capture = a.parsed.artifacts.find((s) => s.id === 'capture.pcap')!;
    expect(capture.status).toBe('failed');
    const v = model(a).verdict;
    expect(v.notCheckedLine).toMatch(
      /^Not checked: capture\/pktmon\.pcap not read: expands 887× \(limit 200×, a likely zip bomb\); re-run with --max-ratio 887 if you trust the bundle/,
    );
    // Collected, so the captures are not an area still to collect.
    expect(v.notCheckedLine).not.toMatch(/not checked: [^—]*captures[^—]* — collect/);
    expect(model(a, 'zh-CN').verdict.notCheckedLine).toMatch(
      /capture\/pktmon\.pcap 未读取：解压后膨胀 887 倍/,
    );
  });

  it('with --max-ratio above it, the capture is read', async () => {
    const a = await analyze([`${fixture('26-zip-capture-ratio-refused')}/bundle.zip`], {
      limits: { ...DEFAULT_LIMITS, maxRatio: 1000 },
    });
    expect(a.parsed.skipped).toEqual([]);
    expect(fired(a)).toContain('httpsys-sni-host-not-bound:high');
  });
});
