/**
 * Judge round 14 (S1, S2, M2, M3): root causes only from HTTP.sys entries a site uses; a CCS site
 * shadowed by a stale hostname:port entry; [::]:port used by IIS `*:port`; who an expired IP
 * fallback affects. The judge's bundles are in src/fixtures/judge14 (origin in its README).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { firedOn, judgeRound } from './test-support/judge.js';

const { fixture, verdict, fixOf, model } = judgeRound('14', '2026-12-07T00:00:00Z');

describe('judge14 S1: a leftover entry no site uses is not the root cause', () => {
  it('06b: an expired certificate on an unused 0.0.0.0:443 is medium clean-up, and the verdict says the evidence does not explain the failure', async () => {
    const a = await analyze([fixture('06b-ip-specific-valid-wildcard-stale-expired-synthetic')]);
    expect(firedOn(a)).toEqual([
      'certificate-expired:medium:My\\5cfd849ff42f5c2e4b6196eceaf7682c9517c317',
      'httpsys-iis-entry-without-iis-binding:low:ipport:0.0.0.0:443',
    ]);
    const v = verdict(a);
    expect(v.rootCause).toBeNull();
    expect(v.headline).toMatch(/Found only on HTTP\.sys entries no IIS site uses \(0\.0\.0\.0:443/);
    expect(v.headline).toMatch(/does not explain the sites' failure: collect a network capture/);
    const f = model(a).findings.find((x) => x.ruleId === 'certificate-expired')!;
    expect(f.noSiteUses?.text).toMatch(/^Lowered from critical: No IIS site uses 0\.0\.0\.0:443/);
    expect(verdict(a, 'zh-CN').headline).toMatch(/仅在没有任何 IIS 站点使用的 HTTP\.sys 条目/);
  });

  it('06c: a missing certificate on an unused 0.0.0.0:443 is not critical either', async () => {
    const a = await analyze([fixture('06c-unused-wildcard-entry-cert-missing-synthetic')]);
    expect(firedOn(a)).toContain('binding-certificate-not-found:medium:ipport:0.0.0.0:443');
    expect(verdict(a).rootCause).toBeNull();
  });

  it('06b without the IIS config: which entries a site uses is unknown, so the expired entry stays critical', async () => {
    const dir = fixture('06b-ip-specific-valid-wildcard-stale-expired-synthetic');
    const a = await analyze([`${dir}/netsh-sslcert.txt`, `${dir}/certutil-store-my.txt`], {
      asOf: '2026-11-20',
    });
    expect(firedOn(a)).toContain(
      'certificate-expired:critical:My\\5cfd849ff42f5c2e4b6196eceaf7682c9517c317',
    );
    expect(verdict(a).rootCause).toMatchObject({ ruleId: 'certificate-expired' });
  });

  it("06: the site's own expired entry stays the critical root cause", async () => {
    const a = await analyze([fixture('06-ip-specific-expired-beside-wildcard-synthetic')]);
    const v = verdict(a);
    expect(v.rootCause).toMatchObject({ ruleId: 'certificate-expired', severity: 'critical' });
    expect(model(a).findings[0]!.noSiteUses).toBeNull();
  });
});

describe('judge14 S2: a CCS site shadowed by a stale hostname:port entry', () => {
  it('names the shadowing, backs the entry up and deletes it, never re-adds it with a local certificate', async () => {
    const a = await analyze([fixture('25-ccs-shadowed-by-stale-sni-entry-synthetic')]);
    // One finding: the entry is the site's (HTTP.sys matches it first), not an unused leftover.
    expect(firedOn(a)).toEqual([
      'binding-certificate-not-found:critical:hostnameport:www.contoso.com:443',
    ]);
    const v = verdict(a);
    expect(v.headline).toMatch(/stale hostname:port entry answers instead of the site's Central/);
    const fix = fixOf(a, 'binding-certificate-not-found');
    const backup = fix.indexOf('netsh http show sslcert hostnameport=www.contoso.com:443 >');
    const del = fix.indexOf('netsh http delete sslcert hostnameport=www.contoso.com:443');
    expect(backup).toBeGreaterThan(-1);
    expect(del).toBeGreaterThan(backup);
    expect(fix).not.toMatch(/netsh http add sslcert|NEWHASH/);
    expect(fixOf(a, 'binding-certificate-not-found', 'zh-CN')).toMatch(/不要用本地证书重新添加它/);
  });
});

describe('judge14 M2: [::]:port serves the IPv6 clients of an IIS *:port binding', () => {
  it('05: [::]:443 is not called an entry no IIS binding uses', async () => {
    const a = await analyze([fixture('05-ipv6-only-binding-synthetic')]);
    expect(firedOn(a)).toEqual(['iis-https-binding-without-sslcert:critical:site/1/https/1']);
  });

  it('24: the expired [::]:443 is to be updated, not also deleted as unused', async () => {
    const a = await analyze([fixture('24-dualstack-ipv6-entry-expired-synthetic')]);
    expect(firedOn(a)).toEqual([
      'certificate-expired:critical:My\\5cfd849ff42f5c2e4b6196eceaf7682c9517c317',
      'sslcert-wildcard-twins-differ:medium:ipport:[::]:443',
    ]);
  });
});

describe('judge14 M3: an expired certificate only on the IP fallback of a port with a valid SNI entry', () => {
  it('says who is affected: clients without SNI or asking another name', async () => {
    const a = await analyze([fixture('04b-sni-valid-fallback-expired-synthetic')]);
    expect(verdict(a).rootCause).toMatchObject({ ruleId: 'certificate-expired' });
    expect(fixOf(a, 'certificate-expired')).toMatch(
      /Who is affected: clients that send SNI for a name of www\.contoso\.com:443 get that hostname:port entry's certificate, not this one; clients without SNI/,
    );
    expect(fixOf(a, 'certificate-expired', 'zh-CN')).toMatch(/受影响的客户端/);
  });
});
