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

describe('judge15 M5: handshake-no-server-hello says how the frames ended the connection', () => {
  it('19: a FIN from the server, then the client\'s decode_error, then RST: "close (FIN)", the alert named as the client\'s reaction', async () => {
    const a = await analyze([`${fixture('19-cap-close-fin-loopback')}/close-fin.pcap`]);
    const f = fixOf(a, 'handshake-no-server-hello');
    expect(f).toMatch(
      /each ended by a TCP close \(FIN\) from the server, with no ServerHello and no alert from the server; the client then sent alert decode_error \(its reaction to the close, not the cause\):/,
    );
    expect(f).not.toMatch(/reset \(RST\)/);
    expect(f).toMatch(/# The capture shows the close, not its reason/);
    expect(fixOf(a, 'handshake-no-server-hello', 'zh-CN')).toMatch(/关闭（FIN）.*decode_error/);
  });
});

describe('judge15 M2: a binding that accepts TLS 1.3 only', () => {
  it('24: www.contoso.com:8443 with Disable TLS1.2 + Disable Legacy TLS is reported (medium, that binding only)', async () => {
    const dir = fixture('24-flags-one-binding-tls13-only-synthetic');
    const a = await analyze([`${dir}/sslcert.txt`]);
    const fired = firedOn(a);
    expect(fired).toContain(
      'sslcert-flags-leave-only-tls13:medium:hostnameport:www.contoso.com:8443',
    );
    expect(fired.filter((f) => f.startsWith('sslcert-flags-'))).toHaveLength(1);
    const f = fixOf(a, 'sslcert-flags-leave-only-tls13');
    expect(f).toMatch(/It accepts TLS 1\.3 only/);
    expect(f.split('\n').find((l) => !l.startsWith('REM'))).toBe(
      'netsh http show sslcert hostnameport=www.contoso.com:8443',
    );
    expect(f).toMatch(
      /SslSniBindingInfo\\www\.contoso\.com:8443" "%TEMP%\\tls-doctor-sslbinding-backup[^"]*\.reg" \/y/,
    );
  });
});

describe('judge15 M3: SYNs never answered are reported', () => {
  it('22: 4 SYNs to 127.0.0.1:14452 over 7 s, no answer: medium tcp-syn-unanswered, read-only checks only', async () => {
    const a = await analyze([`${fixture('22-cap-syn-noanswer-loopback')}/syn-noanswer.pcap`]);
    expect(firedOn(a)).toEqual([
      'tcp-syn-unanswered:medium:syn-noanswer.pcap|127.0.0.1:14452|no-answer',
    ]);
    const f = fixOf(a, 'tcp-syn-unanswered');
    expect(f).toMatch(
      /1 TCP connection\(s\) to 127\.0\.0\.1:14452 never answered: 4 SYN\(s\), retried over 7 s/,
    );
    expect(f).toMatch(
      /A firewall, load balancer or network security group drops them, or nothing receives them/,
    );
    // The recording holds nothing from any server: it may be one-way, which the fix says first.
    expect(a.facts.tcpRefused?.[0]?.captureShowsReplies).toBe(false);
    expect(f).toMatch(/This capture holds no packet in the other direction on any connection/);
    const runnable = f.split('\n').filter((l) => l !== '' && !l.startsWith('REM'));
    expect(runnable.every((l) => /^(netstat|netsh advfirewall (show|firewall show))/.test(l))).toBe(
      true,
    );
    expect(verdict(a).headline).not.toMatch(/holds no TLS connection/);
  });
});
