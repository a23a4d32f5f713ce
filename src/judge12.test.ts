/**
 * Judge round 12 faults, run end to end on the judge's own evidence (copied into
 * src/fixtures/judge12 with its origin in the README there).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { renderHtml } from './report/render-html.js';
import { fired, firedOn, judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(12, '2026-12-07T00:00:00Z');

describe('judge12 T1: a capture that cannot be read is unread, never "no TLS" or all clear', () => {
  it.each([
    ['31-capture-unreadable-garbage', /could not be read \(Not a pcap or pcapng file/],
    ['32-capture-corrupt-body', /could not be read \(Packet record 1 claims 2393577505 bytes/],
  ])('%s', async (name, why) => {
    const a = await analyze([`${fixture(name)}/bundle.zip`]);
    const m = model(a);
    expect(m.verdict.headline).toMatch(why);
    expect(m.verdict.headline).toMatch(/capture\/pktmon\.pcap/);
    expect(m.verdict.headline).not.toMatch(/holds no TLS connection/);
    expect(m.verdict.headline).not.toMatch(/No problem found in[^;]*captures/);
    expect(m.verdict.evidenceUnread).toBe(true);
    // The report's verdict is not drawn as the all-clear green.
    expect(renderHtml(m)).toMatch(/<section id="verdict" class="verdict sev-none unread">/);
    const zh = model(a, 'zh-CN').verdict.headline;
    expect(zh).toMatch(/无法读取 capture\/pktmon\.pcap/);
  });

  it('a capture read up to a damaged record says how far it was read (synthetic damage)', async () => {
    // A real capture (the capture parser's fixture) with a record header claiming 2 GB after it.
    const real = readFileSync(
      new URL('./parsers/capture/fixtures/flowtest-tls12.pcap', import.meta.url),
    );
    const damaged = Buffer.concat([real, Buffer.from('00000000000000000000008000000080', 'hex')]);
    const dir = mkdtempSync(join(tmpdir(), 'td-j12-'));
    const file = join(dir, 'synthetic-damaged-after-handshake.pcap');
    writeFileSync(file, damaged);
    const a = await analyze([file]);
    const u = a.facts.captureFiles?.[0]?.unreadable;
    expect(u?.framesRead).toBeGreaterThan(0);
    expect(model(a).verdict.headline).toMatch(
      new RegExp(`could be read only up to frame ${u!.framesRead + 1} \\(Packet record`),
    );
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("judge12 M3: the fallback certificate of an SNI-only port is the customer's choice", () => {
  it('keeps the placeholder guard, the candidate only as a comment', async () => {
    const a = await analyze([`${fixture('09-rst-nosni-sni-only-port')}/bundle`]);
    const f = a.evaluation.findings.find((x) => x.ruleId === 'httpsys-sni-only-port-resets')!;
    const fix = f.fix.en;
    const lines = fix.split('\n');
    expect(lines).toContain('set "NEWHASH=new-thumbprint-here"');
    expect(lines.filter((l) => /^set "NEWHASH=/.test(l))).toEqual([
      'set "NEWHASH=new-thumbprint-here"',
    ]);
    expect(fix).toMatch(/^REM One candidate: shop\.contoso\.com:443 uses 1c2d3e4f/m);
    for (const l of lines.filter((x) => /netsh http add sslcert/.test(x)))
      expect(l).toMatch(/^if \/i not "%NEWHASH%"=="new-thumbprint-here" /);
  });
});

describe("judge12 S2: a server close before the ServerHello is the outcome, not the client's alert after it", () => {
  it('15: FIN from the server, then decode_error from OpenSSL', async () => {
    const a = await analyze([`${fixture('15-fin-close-sni-other-names')}/bundle`]);
    const ids = a.evaluation.findings.map((f) => f.ruleId);
    expect(ids).not.toContain('handshake-failed-alert');
    const g = a.facts.handshakeGroups.find((x) => x.serverName === 'www.contoso.com')!;
    expect(g.outcome).toBe('failed');
    // FIN in frame 6, the client's alert in 7, then the server's reset in 8: the FIN came first
    // and is the outcome (judge15 M5).
    expect(g.reason).toMatch(/^TCP close \(FIN\) by the server in frame 6 after the ClientHello/);
  });
});

describe('judge12 T2: connections refused on the HTTPS port are the finding, not a capture without TLS', () => {
  it('38: three SYNs to 127.0.0.1:443 answered by a reset', async () => {
    const a = await analyze([`${fixture('38-syn-refused-no-tls-at-all')}/bundle`]);
    expect(firedOn(a)).toEqual(['tcp-connection-refused:high:capture/pktmon.pcap|127.0.0.1:443']);
    const r = a.facts.tcpRefused![0]!;
    expect(r).toMatchObject({ endpoint: '127.0.0.1:443', count: 3, frames: [1], tlsHandshakes: 0 });
    const v = model(a).verdict;
    expect(v.headline).toMatch(/^Root cause: Connections to the HTTPS port are refused/);
    expect(v.headline).not.toMatch(/holds no TLS connection/);
    const fix = a.evaluation.findings[0]!.fix.en;
    // Read-only: it checks, it changes nothing.
    expect(fix).not.toMatch(/netsh http (add|delete)|net stop|Restart/i);
    expect(fix).toContain('netstat -ano | findstr /r /c:":443 "');
  });
});

describe('judge12 S1, M1, M2: a reset after an SNI ClientHello is decided only when the evidence decides it', () => {
  const unknownOf = (a: Awaited<ReturnType<typeof analyze>>): (string | null)[] =>
    a.facts.handshakeEndpoints
      .filter((e) => e.kind === 'no-server-hello')
      .map((e) => e.sniNotBoundUnknown ?? null);

  it.each([
    ['33-rst-sni-same-capture-shows-name-served', 'bundle'],
    ['28-zip-two-captures', 'bundle.zip'],
  ])('%s: the name is served on the same endpoint in the captures (S1)', async (name, input) => {
    const a = await analyze([`${fixture(name)}/${input}`]);
    expect(fired(a)).not.toContain('httpsys-sni-host-not-bound:high');
    expect(unknownOf(a)).toContain('name-served-in-capture');
    const f = a.evaluation.findings.find((x) => x.ruleId === 'handshake-no-server-hello')!;
    expect(f.fix.en).toMatch(
      /^# Not every client fails: 1 of 3 handshake\(s\) to this endpoint with this name completed/m,
    );
  });

  it('16: names that are no DNS host names are low, and no binding is asked for them (M1)', async () => {
    const a = await analyze([`${fixture('16-rst-hostile-sni')}/bundle`]);
    expect(fired(a).filter((x) => x.startsWith('httpsys-sni-host-not-bound'))).toEqual([]);
    const resets = a.evaluation.findings.filter((x) => x.ruleId === 'handshake-no-server-hello');
    expect(resets.length).toBe(3);
    for (const f of resets) expect(f.severity).toBe('low');
  });

  it('18: a Unicode entry for the A-label the client sent is not called missing (M2)', async () => {
    const a = await analyze([`${fixture('18-rst-idn-sni-unicode-binding')}/bundle`]);
    expect(fired(a).filter((x) => x.startsWith('httpsys-sni-host-not-bound'))).toEqual([]);
    expect(unknownOf(a)).toEqual(['idn-spelling']);
  });
});
