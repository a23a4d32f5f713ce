/**
 * Judge round 6 findings M7 and M11, run end to end on the judge's own evidence (copied into
 * src/fixtures/judge6 with its origin in README.trust7c.md there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';

const dir = (name: string): string =>
  new URL(`./fixtures/judge6/${name}`, import.meta.url).pathname;
const AS_OF = { asOf: '2026-12-06' };

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
