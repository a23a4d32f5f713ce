/**
 * Judge round 15 (helper t15a): client certificates. T1: netsh and the registry disagree on a
 * binding flag — netsh (live) decides, the disagreement is reported naming the flag, and the
 * client-certificate area is never called clean. S2: Exclusive CA Trust with a binding's own
 * Ctl Store Name that was not collected is "cannot tell", naming certutil -store. M6: the
 * clientcertnegotiation=enable fix names its side effect when only a sub-path asks. M7: an
 * https://+:443/ reservation is served by 0.0.0.0:443. Fixtures: src/fixtures/judge15 (README).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { fired, judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(15, '2026-12-07T00:00:00Z');

const fixOf = (m: ReturnType<typeof model>, ruleId: string): string =>
  m.findings.find((f) => f.ruleId === ruleId)?.fix ?? '';
const why = (a: Awaited<ReturnType<typeof analyze>>, ruleId: string): string =>
  a.evaluation.notEvaluated
    .filter((n) => n.ruleId === ruleId)
    .map((n) => JSON.stringify(n))
    .join('\n');

describe('judge15 T1: netsh and the registry disagree on Negotiate Client Certificate', () => {
  it('case 31 (netsh Disabled, registry 0x2): netsh decides, the flag conflict is named', async () => {
    const a = await analyze([fixture('31-clientauth-netsh-registry-disagree-synthetic')]);
    const b = a.facts.bindings.find((x) => x.endpoint === '0.0.0.0:443')!;
    expect(b.flags).not.toContain('NEGOTIATE_CLIENT_CERT');
    expect(b.sourceConflicts).toEqual([
      {
        field: 'NEGOTIATE_CLIENT_CERT (DefaultFlags 0x2)',
        netsh: 'Disabled',
        registry: 'DefaultFlags=0x00000002 (set)',
      },
    ]);
    expect(fired(a)).toEqual([
      'client-cert-tls13-renegotiation:high',
      'sslcert-sources-disagree:medium',
    ]);
    const m = model(a);
    expect(m.verdict.headline).not.toMatch(/No problem found in[^;]*client certificates/);
    expect(fixOf(m, 'client-cert-tls13-renegotiation')).toContain(
      'differs from netsh on NEGOTIATE_CLIENT_CERT',
    );
    const disagree = fixOf(m, 'sslcert-sources-disagree');
    expect(disagree).toContain('NEGOTIATE_CLIENT_CERT (DefaultFlags 0x2) netsh=Disabled');
    expect(disagree).not.toContain('NEWHASH');
  });

  it('case 31 reversed (netsh Enabled, registry 0): not evaluated, not green', async () => {
    const a = await analyze([fixture('31b-clientauth-netsh-enabled-registry-off-synthetic')]);
    const b = a.facts.bindings.find((x) => x.endpoint === '0.0.0.0:443')!;
    expect(b.flags).toContain('NEGOTIATE_CLIENT_CERT');
    expect(b.clientAuth?.renegotiationFails).toBeNull();
    expect(fired(a)).toEqual(['sslcert-sources-disagree:medium']);
    expect(why(a, 'client-cert-tls13-renegotiation')).toContain(
      'disagree on NEGOTIATE_CLIENT_CERT',
    );
    const text = JSON.stringify(model(a).verdict);
    expect(text).toMatch(/partly checked: client certificates/i);
    expect(text).not.toMatch(/No problem found in[^;]*client certificates/);
  });
});

describe('judge15 S2: Exclusive CA Trust with the binding store not collected', () => {
  it('case 30: cannot tell, asks for certutil -store PartnerCAs', async () => {
    const a = await analyze([fixture('30-clientauth-trustmode2-sendlist-synthetic')]);
    expect(why(a, 'client-auth-issuer-store-empty')).toContain('certutil -store PartnerCAs');
    const text = JSON.stringify(model(a).verdict);
    expect(text).toMatch(/partly checked: client certificates/i);
    expect(text).not.toMatch(/No problem found in[^;]*client certificates/);
  });
});

describe('judge15 M6: the handshake-negotiation fix names its side effect', () => {
  it('case 27: only /secure asks; both options offered, TLS 1.3 off first', async () => {
    const m = model(await analyze([fixture('27-clientauth-subpath-2022-renegotiation-synthetic')]));
    const fix = fixOf(m, 'client-cert-tls13-renegotiation');
    expect(fix).toContain('for every site and page on 0.0.0.0:443');
    expect(fix.indexOf('disabletls13=enable')).toBeLessThan(
      fix.indexOf('certstorename=MY clientcertnegotiation=enable'),
    );
    expect(fix).not.toMatch(/^netsh http update/m);
  });
});

describe('judge15 M7: a + URL on a port with a 0.0.0.0 entry gets a certificate', () => {
  it('case 34: httpsys-https-url-without-sslcert is decided', async () => {
    const dir = fixture('34-urlacl-collision-synthetic');
    const a = await analyze([`${dir}/netsh-http-show-urlacl.txt`, `${dir}/sslcert.txt`]);
    expect(a.evaluation.notEvaluated.map((n) => n.ruleId)).not.toContain(
      'httpsys-https-url-without-sslcert',
    );
    expect(a.evaluation.evaluated).toContain('httpsys-https-url-without-sslcert');
    expect(fired(a)).toEqual([]);
  });
});
