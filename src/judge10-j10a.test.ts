/**
 * Judge round 10 faults T1, T2 and S2 (HTTP.sys bindings and certificates), run end to end on the
 * judge's own bundles (copied into src/fixtures/judge10, origins in the README there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { type Analysis, fired, judgeRound } from './test-support/judge.js';

const { fixture } = judgeRound(10);
/** The English fix of the first finding of `rule`, which must have fired. */
const fixOf = (a: Analysis, rule: string): string => {
  const f = a.evaluation.findings.find((x) => x.ruleId === rule);
  expect(f, rule).toBeDefined();
  return f!.fix.en;
};
const runnable = (fix: string): string[] =>
  fix.split('\n').filter((l) => l.trim() !== '' && !/^REM\b/i.test(l.trim()));

describe('judge10 T1: a listen list without this server’s address is not green when listeners are collected', () => {
  it('B02 (real-format list 192.168.33.1 + loopback; HTTP.sys on 0.0.0.0:443 in the listener list, served 10.0.0.5:443 in netstat): high, names 10.0.0.5', async () => {
    const a = await analyze([fixture('B02-stale-iplisten-real-format')]);
    expect(fired(a)).toEqual([
      'iplisten-excludes-binding-address:high',
      'iplisten-restricts-listening:info',
    ]);
    expect(a.facts.bindings.find((b) => b.endpoint === '0.0.0.0:443')).toMatchObject({
      notInIpListen: true,
      ipListenReach: 'loopback-only',
      ipListenUnbound: ['192.168.33.1'],
      ipListenOwnUnlisted: ['10.0.0.5'],
    });
    const fix = fixOf(a, 'iplisten-excludes-binding-address');
    // judge15 M4: adding the server's address is the runnable line, deleting the list the alternative.
    expect(fix).toMatch(/^netsh http add iplisten ipaddress=10\.0\.0\.5$/m);
    expect(runnable(fix)[0]).toMatch(/^netsh http show iplisten > /);
  });

  it('D02 after (list now 10.0.0.99 only, the address HTTP.sys served is 10.0.0.5): high, not only info', async () => {
    const a = await analyze([fixture('D02-diff-hardening-made-worse/after')]);
    expect(fired(a)).toContain('iplisten-excludes-binding-address:high');
    const before = await analyze([fixture('D02-diff-hardening-made-worse/before')]);
    expect(fired(before).filter((f) => f.startsWith('iplisten'))).toEqual([]);
  });
});

describe('judge10 T2: a name-mismatch fix changes only the bindings that serve the uncovered name', () => {
  it('B07: hostnameport=shop.contoso.com:443 is updated, the healthy ipport=0.0.0.0:443 is left and named', async () => {
    const a = await analyze([fixture('B07-ipv6-and-sni-bindings-awkward')]);
    const lines = runnable(fixOf(a, 'certificate-name-mismatch'));
    const changes = lines.filter((l) => /netsh http (update|add|delete) sslcert/.test(l));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toContain('hostnameport=shop.contoso.com:443');
    expect(lines.join('\n')).not.toContain('0.0.0.0:443');
    expect(fixOf(a, 'certificate-name-mismatch')).toContain('Left as they are: ipport=0.0.0.0:443');
  });
});

describe('judge10 S2: an expired bound certificate whose renewal is installed is rebound to it', () => {
  it('B18: names 15CE1F88… (it adds contoso.com to the names), backs up then rebinds 443 and 8443; certificate-expired adds no second block', async () => {
    const a = await analyze([fixture('B18-expired-bound-renewal-installed')]);
    expect(fired(a)).toEqual([
      'certificate-expired:critical',
      'certificate-renewal-not-bound:critical',
    ]);
    const lines = runnable(fixOf(a, 'certificate-renewal-not-bound'));
    expect(lines[0]).toBe('set "NEWHASH=15ce1f8892dbdf63b837498d62fa7d7bc6bd9227"');
    expect(lines[1]).toMatch(/^netsh http show sslcert ipport=0\.0\.0\.0:443 >> /);
    expect(lines.filter((l) => l.startsWith('netsh http update sslcert'))).toEqual([
      'netsh http update sslcert ipport=0.0.0.0:443 certhash=%NEWHASH% appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY',
      'netsh http update sslcert ipport=0.0.0.0:8443 certhash=%NEWHASH% appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY',
    ]);
    const expired = a.evaluation.findings.find((f) => f.ruleId === 'certificate-expired')!;
    expect(expired.explainedBy?.ruleId).toBe('certificate-renewal-not-bound');
    expect(runnable(expired.fix.en)).toEqual([
      'certutil -store my 15ce1f8892dbdf63b837498d62fa7d7bc6bd9227',
    ]);
  });
});

describe('judge10 M2: one delete / add per entry', () => {
  it('B03: the empty-hash finding re-creates 0.0.0.0:8443; the zero-AppId finding points at it', async () => {
    const a = await analyze([fixture('B03-s4-zero-appid-second-site')]);
    const changes = a.evaluation.findings.flatMap((f) =>
      runnable(f.fix.en).filter((l) =>
        /netsh http (add|delete) sslcert ipport=0\.0\.0\.0:8443/.test(l),
      ),
    );
    expect(changes).toHaveLength(2);
    const zero = fixOf(a, 'sslcert-zero-application-id');
    expect(runnable(zero)).toEqual([]);
    expect(zero).toContain('sslcert-empty-certificate-hash re-creates it');
    expect(runnable(fixOf(a, 'sslcert-empty-certificate-hash')).join('\n')).not.toContain(
      '0.0.0.0:443 ',
    );
  });
});

describe('judge10 M12: a certificate not found names the one usable certificate of its store', () => {
  it('B04: A3A2… (www.contoso.com, valid, with its key) is checked read-only, then set as NEWHASH', async () => {
    const a = await analyze([fixture('B04-hash-not-in-store-hostile-site-name')]);
    const fix = fixOf(a, 'binding-certificate-not-found');
    const lines = runnable(fix);
    const set = lines.indexOf('set "NEWHASH=a3a24ddc3db9c858165eb1aa0210d1732f4388c3"');
    expect(set).toBeGreaterThan(0);
    expect(lines[set - 1]).toBe('certutil -store MY a3a24ddc3db9c858165eb1aa0210d1732f4388c3');
    expect(fix).toContain('Likely candidate');
    expect(fix).not.toContain('set "NEWHASH=new-thumbprint-here"');
  });
});
