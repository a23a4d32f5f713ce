/**
 * Judge round 14, T1 / T2: TLS 1.2 on while the SCHANNEL cipher / key-exchange keys or the suite
 * list in force leave it no suite current clients offer. The bundles are the judge's renditions
 * (src/fixtures/judge14, origin in its README): never an all-clear, and "not evaluated" when the
 * evidence does not decide.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { firedOn, judgeRound } from './test-support/judge.js';

const { fixture, fixOf, verdict } = judgeRound(14, '2026-12-07T00:00:00Z');
const RULE = 'cipher-suites-no-tls12-suite-left';
const B = 'ipport:0.0.0.0:443';

describe('judge14 T1: SCHANNEL Ciphers / KeyExchangeAlgorithms keys leave no suite', () => {
  it('17b: AES 128/128 and AES 256/256 off on Server 2019 leave only 3DES: high, fix removes those two values', async () => {
    const a = await analyze([fixture('17b-aes-ciphers-disabled-2019-synthetic')]);
    expect(firedOn(a)).toContain(`${RULE}:high:${B}`);
    expect(verdict(a).kind).not.toBe('clean');
    const fix = fixOf(a, RULE);
    expect(fix).toMatch(/only TLS_RSA_WITH_3DES_EDE_CBC_SHA is left for the RSA key/);
    const lines = fix.split('\n').filter((l) => !l.startsWith('#'));
    // Read-only checks first, the backup before any change, then only the named values.
    expect(lines[0]).toMatch(/^Get-TlsCipherSuite/);
    const exp = lines.findIndex((l) => l.startsWith('reg export'));
    const del = lines.filter((l) => l.startsWith('reg delete'));
    expect(exp).toBeGreaterThan(0);
    expect(lines.findIndex((l) => l.startsWith('reg delete'))).toBeGreaterThan(exp);
    expect(del).toEqual([
      expect.stringContaining("SCHANNEL\\Ciphers\\AES 256/256' /v Enabled /f"),
      expect.stringContaining("SCHANNEL\\Ciphers\\AES 128/128' /v Enabled /f"),
    ]);
    // The restart is a separate maintenance step, never in the paste.
    expect(lines.some((l) => /shutdown|Restart-Computer/.test(l))).toBe(false);
    const zh = fixOf(a, RULE, 'zh-CN');
    expect(zh).toMatch(/维护时段/);
    expect(zh.split('\n')[0]).toBe(
      '# TLS 1.2 已启用，但所绑定证书的 RSA 密钥只剩 TLS_RSA_WITH_3DES_EDE_CBC_SHA，当前浏览器（Chrome、Edge、Firefox）已不再提供。',
    );
  });

  it('17c: ECDH off with an ECDSA certificate leaves no TLS 1.2 suite: high', async () => {
    const a = await analyze([fixture('17c-ecdh-off-ecdsa-cert-2019-synthetic')]);
    expect(firedOn(a)).toContain(`${RULE}:high:${B}`);
    const fix = fixOf(a, RULE);
    expect(fix).toMatch(/no TLS 1\.2 cipher suite is left for the ECDSA key/);
    expect(fix).toMatch(/reg delete '.*\\KeyExchangeAlgorithms\\ECDH' \/v Enabled \/f/);
  });

  it('on Server 2022 does not claim TLS 1.3 clients still connect: the AES keys may reach them', async () => {
    const a = await analyze([fixture('17b-aes-ciphers-disabled-2022-synthetic')]);
    expect(firedOn(a)).toContain(`${RULE}:high:${B}`);
    expect(fixOf(a, RULE)).not.toMatch(/TLS 1\.3 clients still connect/);
  });

  it('stays quiet when the same keys say Enabled=0xffffffff (enabled)', async () => {
    const a = await analyze([fixture('17b-aes-ciphers-enabled-ffffffff-synthetic')]);
    expect(firedOn(a).filter((f) => f.startsWith('cipher-suites'))).toEqual([]);
    expect(a.evaluation.notEvaluated.map((n) => n.ruleId)).not.toContain(RULE);
  });

  it('says "not evaluated" (not an all-clear of protocol settings) for Hashes keys it does not model', async () => {
    const a = await analyze([fixture('17b-hashes-sha256-disabled-synthetic')]);
    expect(firedOn(a).filter((f) => f.startsWith('cipher-suites'))).toEqual([]);
    expect(a.evaluation.notEvaluated.map((n) => n.ruleId)).toContain(RULE);
    expect(verdict(a).headline).toMatch(/partly checked: .*protocol settings/);
  });
});

describe('judge14 T2: Server 2022 whose list in force holds only TLS 1.3 suites', () => {
  for (const c of [
    '12b-policy-tls13-suites-only-2022-synthetic',
    '12c-get-tlsciphersuite-tls13-only-2022-synthetic',
  ])
    it(`${c}: high, TLS 1.3 clients still connect, the order gets ECDHE GCM suites back`, async () => {
      const a = await analyze([fixture(c)]);
      expect(firedOn(a)).toContain(`${RULE}:high:${B}`);
      const fix = fixOf(a, RULE);
      expect(fix).toMatch(/TLS 1\.3 clients still connect/);
      expect(fix).toMatch(
        /\$order = 'TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'/,
      );
      expect(fix.indexOf('reg export')).toBeLessThan(fix.indexOf('Set-ItemProperty'));
    });

  it('stays quiet when the policy keeps TLS 1.2 suites next to the TLS 1.3 ones', async () => {
    const a = await analyze([fixture('12b-policy-tls13-and-tls12-suites-2022-synthetic')]);
    expect(firedOn(a).filter((f) => f.startsWith('cipher-suites'))).toEqual([]);
  });
});

describe('judge14 M4: TLS 1.2 turned off on the Schannel Client side only', () => {
  it('14: a low note on outbound TLS (as dotnet-outbound-tls12-not-default), never the inbound root cause, read-only check first, only the named values removed', async () => {
    const a = await analyze([fixture('14-tls12-client-only-disabled-2019-synthetic')]);
    expect(firedOn(a)).toContain('schannel-client-tls12-disabled:low:TLS 1.2/Client');
    // Inbound HTTPS is not blamed on it.
    expect(verdict(a).headline).not.toMatch(/Root cause/);
    expect(firedOn(a).filter((f) => /:(critical|high):/.test(f))).toEqual([]);
    const fix = fixOf(a, 'schannel-client-tls12-disabled');
    expect(fix).toMatch(/Inbound HTTPS to IIS is not affected/);
    const lines = fix.split('\n').filter((l) => !l.startsWith('#'));
    expect(lines[0]).toMatch(/^reg query '.*\\Protocols\\TLS 1\.2\\Client'$/);
    expect(lines[1]).toMatch(/^reg export /);
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(/^reg delete '.*\\TLS 1\.2\\Client' \/v Enabled \/f$/),
      expect.stringMatching(/^reg delete '.*\\TLS 1\.2\\Client' \/v DisabledByDefault \/f$/),
    ]);
  });

  it('is not raised when the Client side keeps TLS 1.2 (12b sets it to 1)', async () => {
    const a = await analyze([fixture('12b-policy-tls13-suites-only-2022-synthetic')]);
    expect(firedOn(a).some((f) => f.startsWith('schannel-client-tls12-disabled'))).toBe(false);
  });
});
