/**
 * Judge round 6 findings M7 and M11, run end to end on the judge's own evidence (copied into
 * src/fixtures/judge6 with its origin in README.trust7c.md there).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { AS_OF, judgeRound, type Analysis } from './test-support/judge.js';

const { fixture: dir } = judgeRound(6);

describe('judge6 M7: an internationalized SNI host name', () => {
  it('p38: bücher.contoso.de gets its fix under its punycode name; shop&co.contoso.com stays refused', async () => {
    const a = await analyze([dir('p38-sni-hostile-hostnames')], AS_OF);
    const empty = a.evaluation.findings.filter(
      (f) => f.ruleId === 'sslcert-empty-certificate-hash',
    );
    const idn = empty.find((f) => f.entityKey.includes('bücher'))!;
    const amp = empty.find((f) => f.entityKey.includes('shop&co'))!;
    expect(idn.severity).toBe('critical');
    for (const lang of ['en', 'zh-CN'] as const) {
      const lines = idn.fix[lang].split('\n');
      expect(lines[0]).toMatch(/^REM bücher\.contoso\.de:443 .*xn--bcher-kva\.contoso\.de:443/);
      expect(lines).toContain(
        'if /i not "%NEWHASH%"=="new-thumbprint-here" netsh http delete sslcert hostnameport=xn--bcher-kva.contoso.de:443',
      );
      expect(
        lines.some((l) =>
          /^if .* netsh http add sslcert hostnameport=xn--bcher-kva\.contoso\.de:443 certhash=%NEWHASH% /.test(
            l,
          ),
        ),
      ).toBe(true);
      expect(lines.filter((l) => /not shown|未显示/.test(l))).toEqual([]);
      // The hostile name: no command names it, every line that would is a comment.
      const hostile = amp.fix[lang].split('\n');
      expect(hostile.filter((l) => l.includes('shop&co'))).toEqual([]);
      expect(hostile.filter((l) => /netsh http (delete|add)/.test(l))).toEqual([]);
    }
  });
});

describe('judge6 M11a: netstat run unelevated', () => {
  it('p07: a netstat-anob.txt holding only "requires elevation" fails with "run netstat -ano", and the listening ports are not checked', async () => {
    const a = await analyze([dir('p07-netstat-elevation-error')], AS_OF);
    const netstat = a.parsed.artifacts.find((x) => x.id === 'net.netstat')!;
    expect(netstat.status).toBe('failed');
    expect(netstat.files[0]!.issues.map((i) => i.code)).toContain('netstat-needs-elevation');
    expect(netstat.reason).toMatch(/netstat -b needs an elevated prompt; run `netstat -ano`/);
    expect(a.parsed.unrecognized.map((u) => u.path)).not.toContain('netstat-anob.txt');
    expect(a.coverage.evaluated).not.toContain('network');
    expect(a.evaluation.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('judge6 M11c: netstat pasted as a Markdown table', () => {
  it('p57: the table rows are read, so PID 5812 on 0.0.0.0:443 is the port conflict', async () => {
    const a = await analyze([dir('p57-netstat-markdown-table')], AS_OF);
    expect(a.parsed.unrecognized).toEqual([]);
    expect(a.parsed.artifacts.find((x) => x.id === 'net.netstat')?.status).toBe('parsed');
    const conflict = a.evaluation.findings.filter((f) => f.ruleId === 'port-held-by-other-process');
    expect(conflict.map((f) => f.entityKey)).toEqual(['tcp/0.0.0.0:443/5812']);
  });
});

describe('judge6 M11d: certificates as ConvertTo-Csv', () => {
  it('p107: HasPrivateKey "False" on the bound certificate is the missing private key', async () => {
    const a = await analyze([dir('p107-ps-select-csv-haskey-false')], AS_OF);
    expect(a.parsed.unrecognized).toEqual([]);
    const missing = a.evaluation.findings.filter(
      (f) => f.ruleId === 'certificate-missing-private-key',
    );
    expect(missing.map((f) => [f.severity, f.entityKey])).toEqual([
      ['critical', 'My\\7d2f8e31a0c94b5e66f1d3b2a8e4c0917f5a3b6c'],
    ]);
  });
});

describe('judge6 M11b: ipconfig tells whether the IP listen list names this server', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-trust7c-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const P08 = 'p08-s4-iplisten-stale-with-ipconfig';
  const fired = (a: Analysis) =>
    a.evaluation.findings.map((f) => `${f.severity} ${f.ruleId}`).sort();

  it("p08: 192.168.33.1 is not among ipconfig's addresses (10.20.30.41): high, reached on loopback only", async () => {
    const a = await analyze([dir(P08)], AS_OF);
    expect(a.parsed.unrecognized).toEqual([]);
    expect(fired(a)).toEqual([
      'high iplisten-excludes-binding-address',
      'info iplisten-restricts-listening',
    ]);
    const b = a.facts.bindings.find((x) => x.endpoint === '0.0.0.0:443')!;
    expect(b).toMatchObject({
      ipListenReach: 'loopback-only',
      ipListenUnbound: ['192.168.33.1'],
      ipListenUnverified: false,
    });
    const f = a.evaluation.findings.find((x) => x.ruleId === 'iplisten-excludes-binding-address')!;
    expect(f.evidence.map((e) => e.path)).toContain('ipconfig.txt');
    // judge15 M4: the stale entry is only deleted in the commented alternative; the own address is added.
    expect(f.fix.en).toMatch(/^REM netsh http delete iplisten ipaddress=192\.168\.33\.1$/m);
    expect(f.fix.en).toMatch(/^netsh http add iplisten ipaddress=10\.20\.30\.41$/m);
  });

  it('without ipconfig the same list stays "cannot tell" (medium), as before', async () => {
    const d = join(tmp, 'no-ipconfig');
    mkdirSync(d);
    for (const f of ['iplisten.txt', 'sslcert.txt']) copyFileSync(join(dir(P08), f), join(d, f));
    expect(fired(await analyze([d], AS_OF))).toContain('medium iplisten-binding-reach-unverified');
  });

  it('a listed address that is the server’s (synthetic edit of p08) clears the doubt: no finding above info', async () => {
    const d = join(tmp, 'own-address');
    mkdirSync(d);
    for (const f of ['iplisten.txt', 'sslcert.txt']) copyFileSync(join(dir(P08), f), join(d, f));
    writeFileSync(
      join(d, 'ipconfig.txt'),
      readFileSync(join(dir(P08), 'ipconfig.txt'), 'utf8').replace('10.20.30.41', '192.168.33.1'),
    );
    const a = await analyze([d], AS_OF);
    expect(fired(a)).toEqual(['info iplisten-restricts-listening']);
    expect(a.facts.bindings.find((x) => x.endpoint === '0.0.0.0:443')).toMatchObject({
      ipListenReach: 'listed',
      ipListenUnverified: false,
    });
  });
});
