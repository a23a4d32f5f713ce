/**
 * Judge round 15 (t15c: M1–M6 case 47): binding protocol flags, IP listen list, a stopped site
 * that explains a missing listener, and how a capture's connections end. The judge's inputs are
 * in src/fixtures/judge15 (origin in its README, section t15c).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { firedOn, judgeRound } from './test-support/judge.js';

const { fixture, verdict, fixOf } = judgeRound('15', '2026-12-07T00:00:00Z');

describe('judge15 M1: Disable TLS1.2 + TLS1.3 + Legacy TLS on one binding', () => {
  it('25: no version is left on 0.0.0.0:8443, critical, fix clears Disable TLS1.2 there only', async () => {
    const dir = fixture('25-flags-no-protocol-left-synthetic');
    const a = await analyze([`${dir}/sslcert.txt`]);
    expect(firedOn(a)).toEqual(['sslcert-flags-leave-only-legacy:critical:ipport:0.0.0.0:8443']);
    const v = verdict(a);
    expect(v.rootCause).toMatchObject({ severity: 'critical' });
    const f = fixOf(a, 'sslcert-flags-leave-only-legacy');
    expect(f).toMatch(/No TLS version is left there/);
    expect(f).not.toMatch(/At most TLS 1\.0 \/ 1\.1 are left/);
    expect(f).toMatch(
      /reg export "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters\\SslBindingInfo\\0\.0\.0\.0:8443"/,
    );
    expect(f).not.toMatch(/0\.0\.0\.0:443"/);
    expect(fixOf(a, 'sslcert-flags-leave-only-legacy', 'zh-CN')).toMatch(/没有剩余的 TLS 版本/);
  });
});

describe('judge15 M4: the IP listen list fix adds the missing address', () => {
  it('33: backs the list up, adds 10.0.0.5 as the runnable line; deleting the list is only the commented alternative', async () => {
    const dir = fixture('33-iplisten-stale-ip-synthetic');
    const a = await analyze([
      `${dir}/en-list-with-stale-ip-delete-add-trailing-space-lines.txt`,
      `${dir}/sslcert.txt`,
    ]);
    expect(firedOn(a)).toContain('iplisten-excludes-binding-address:high:ipport:10.0.0.5:443');
    const f = fixOf(a, 'iplisten-excludes-binding-address');
    const lines = f.split('\n');
    const backup = lines.findIndex((l) => /^netsh http show iplisten > /.test(l));
    const add = lines.indexOf('netsh http add iplisten ipaddress=10.0.0.5');
    expect(backup).toBeGreaterThanOrEqual(0);
    expect(add).toBeGreaterThan(backup);
    expect(lines.filter((l) => /^netsh http delete iplisten/.test(l))).toEqual([]);
    expect(lines).toContain('REM netsh http delete iplisten ipaddress=192.168.33.2');
    expect(f).toMatch(/Another listener that shares the port .* then fails to start/);
    expect(fixOf(a, 'iplisten-excludes-binding-address', 'zh-CN')).toMatch(
      /\nnetsh http add iplisten ipaddress=10\.0\.0\.5\n/,
    );
  });
});

describe('judge15 M6: a stopped site explains the missing listener on its port', () => {
  it('47: site Shop stopped is the root cause, "nothing listens on the port" folded under it', async () => {
    const a = await analyze([fixture('47-site-stopped-port-not-listening-synthetic')], {
      asOf: '2026-11-20',
    });
    const v = verdict(a);
    expect(v.rootCause).toMatchObject({ ruleId: 'iis-https-site-stopped', severity: 'high' });
    const listen = a.evaluation.findings.find((f) => f.ruleId === 'iis-https-port-not-listening')!;
    expect(listen.explainedBy).toMatchObject({ ruleId: 'iis-https-site-stopped' });
    expect(a.evaluation.findings[0]!.ruleId).toBe('iis-https-site-stopped');
  });
});
