/**
 * Judge round 12 leftovers (the M4 omissions and what S3/M2 left), end to end on the judge's own
 * evidence (src/fixtures/judge12, origin in its README).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** The byte offset where frame `n` (1-based) of a classic pcap starts. */
function frameOffset(pcap: Buffer, n: number): number {
  let at = 24;
  for (let i = 1; i < n; i++) at += 16 + pcap.readUInt32LE(at + 8);
  return at;
}

describe('judge12 case 27: a capture that ends inside a record is said in the verdict', () => {
  it('a cut after the complete handshakes is a note, not an alarm', async () => {
    const a = await analyze([`${fixture('27-zip-capture-cut-mid-record')}/bundle.zip`]);
    // The one complete reset still decides.
    expect(fired(a)).toContain('httpsys-sni-host-not-bound:high');
    const v = model(a).verdict;
    expect(v.notCheckedLine).toMatch(
      /^Captures: capture\/pktmon\.pcap ends inside frame 10 \(the file is cut short[^)]*\); the frames before it were read, what was under way at its end is not known/,
    );
    expect(v.notCheckedLine).not.toMatch(/handshake\(s\) were under way/);
    expect(model(a, 'zh-CN').verdict.notCheckedLine).toMatch(/在第 10 帧中间结束/);
  });

  it('a cut inside a handshake says it was not judged (synthetic cut of case 33)', async () => {
    const pcap = readFileSync(
      `${fixture('33-rst-sni-same-capture-shows-name-served')}/bundle/capture/pktmon.pcap`,
    );
    // Cut inside frame 18, the ServerHello of the third connection (two resets before it).
    const cut = pcap.subarray(0, frameOffset(pcap, 18) + 16 + 100);
    const dir = mkdtempSync(join(tmpdir(), 'td-j12l-'));
    const file = join(dir, 'synthetic-cut-in-serverhello.pcap');
    writeFileSync(file, cut);
    const a = await analyze([file]);
    expect(a.facts.connections.map((c) => c.outcome)).toEqual(['failed', 'failed', 'incomplete']);
    const v = model(a).verdict;
    expect(`${v.headline} ${v.notCheckedLine ?? ''}`).toMatch(
      /synthetic-cut-in-serverhello\.pcap ends inside frame 18 \(the file is cut short\) while 1 handshake\(s\) were under way: their outcome is not known and they were not judged/,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('judge12 case 13: a reset on another server says why the binding list does not decide', () => {
  it('names the capture server that is not in ipconfig', async () => {
    const a = await analyze([`${fixture('13-rst-capture-of-other-server')}/bundle`]);
    expect(fired(a)).not.toContain('httpsys-sni-host-not-bound:high');
    const f = a.evaluation.findings.find((x) => x.ruleId === 'handshake-no-server-hello')!;
    expect(f.fix.en).toContain(
      "# The capture's server 10.20.30.41 is not one of this machine's addresses (ipconfig: 10.1.1.5): the bundle's SSL binding list is this machine's",
    );
    expect(f.fix['zh-CN']).toContain(
      '抓包中的服务器 10.20.30.41 不是本机的地址（ipconfig：10.1.1.5）',
    );
  });
});

describe('judge12 cases 03 and 18: an entry near the name is pointed at, its certificate only a comment', () => {
  it('03: www.contoso.com bound on 8443, reset on 443', async () => {
    const a = await analyze([`${fixture('03-rst-sni-bound-on-other-port')}/bundle`]);
    const fix = a.evaluation.findings.find((x) => x.ruleId === 'httpsys-sni-host-not-bound')!.fix
      .en;
    expect(fix).toContain(
      'REM The same name is bound on another port: www.contoso.com:8443 (certificate 8f4b2c1d9e3a5f6b7c8d9e0f1a2b3c4d5e6f7a8b).',
    );
    expect(fix).toMatch(
      /^REM One candidate: www\.contoso\.com:8443 uses 8f4b2c1d9e3a5f6b7c8d9e0f1a2b3c4d5e6f7a8b\. To give www\.contoso\.com:443 that certificate: set "NEWHASH=8f4b/m,
    );
    // The placeholder guard stays: the hash is never set outside a comment.
    const lines = fix.split('\n');
    expect(lines.filter((l) => /^set "NEWHASH=/.test(l))).toEqual([
      'set "NEWHASH=new-thumbprint-here"',
    ]);
  });

  it('18: bücher.contoso.de:443 for the SNI xn--bcher-kva.contoso.de', async () => {
    const a = await analyze([`${fixture('18-rst-idn-sni-unicode-binding')}/bundle`]);
    const f = a.evaluation.findings.find((x) => x.ruleId === 'handshake-no-server-hello')!;
    expect(f.fix.en).toContain(
      '# The SSL binding list has bücher.contoso.de:443: the same name as xn--bcher-kva.contoso.de, spelled the other way',
    );
    expect(f.fix.en).toContain(
      'one candidate certificate is the one that entry uses: 8f4b2c1d9e3a5f6b7c8d9e0f1a2b3c4d5e6f7a8b.',
    );
    expect(f.fix.en).not.toMatch(/^[^#].*8f4b2c1d/m);
  });
});

describe('judge12 case 34 variant: a manifest source naming a filtered command', () => {
  it('is not taken for the whole binding list', async () => {
    const a = await analyze([`${fixture('34-variant-manifest-source-filtered')}/bundle`]);
    const file = a.parsed.artifacts.find((s) => s.id === 'httpsys.sslcert')!.files[0]!;
    expect((file.value as { queriedOnly?: string[] }).queriedOnly).toEqual([
      'hostnameport:shop.contoso.com:443',
    ]);
    expect(a.facts.handshakeEndpoints[0]!.sniNotBoundUnknown).toBe('binding-list-incomplete');
    // Neither "not bound" nor "the port is SNI-only" from one entry of a filtered show.
    expect(fired(a)).toEqual(['handshake-no-server-hello:high']);
  });
});

describe('judge12 S3 leftovers: the entry that serves the connection is named as the inventory names it', () => {
  it('05: a ccs entry is "ccs 443", not "(443)"', async () => {
    const a = await analyze([`${fixture('05-rst-sni-with-ccs-entry')}/bundle`]);
    const fix = a.evaluation.findings.find((x) => x.ruleId === 'handshake-no-server-hello')!.fix.en;
    expect(fix).toContain(
      'has an entry that serves this name and address (ccs 443): cause 1 is not it',
    );
  });

  it('10: a client without SNI on a port with 0.0.0.0:443 gets that entry named', async () => {
    const a = await analyze([`${fixture('10-rst-nosni-with-0000-fallback')}/bundle`]);
    const f = a.evaluation.findings.find((x) => x.ruleId === 'handshake-no-server-hello')!;
    expect(f.fix.en).toContain(
      'has an entry that serves this client without SNI on this address (0.0.0.0:443): cause 1 is not it',
    );
    expect(f.fix['zh-CN']).toContain('能服务该地址上不带 SNI 的客户端的条目（0.0.0.0:443）');
  });
});
