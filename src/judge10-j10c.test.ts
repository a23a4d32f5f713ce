/**
 * Judge round 10 faults of lane j10c (protocol policy, contradictions between evidence, what the
 * verdict leads with), run end to end on the judge's own cases (copied into src/fixtures/judge10,
 * origin in the README there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { ticketSummary } from './report/summary.js';
import { firedInOrder as ids, judgeRound } from './test-support/judge.js';

// The report as of the day after the judge's collection (evidence ages in the verdict).
const { fixture, model } = judgeRound(10, '2026-12-07T00:00:00Z');

describe('judge10 S3: netsh binding flags count when the registry export lacks DefaultFlags', () => {
  it('B24 (Server 2019, netsh Disable TLS1.2 + Legacy Set, no DefaultFlags): no protocol left, sources named', async () => {
    const a = await analyze([fixture('B24-binding-disable-tls12-set-2019')]);
    const f = a.evaluation.findings.find((x) => x.ruleId === 'sslcert-flags-leave-no-protocol');
    expect(ids(a)).toEqual(['sslcert-flags-leave-no-protocol:critical']);
    expect(f?.severity).toBe('critical');
    const fix = f?.fix.en ?? '';
    expect(fix).toMatch(/netsh shows DISABLE_TLS12, DISABLE_LEGACY_TLS set on this binding/);
    // The export's DefaultFlags is not trusted for the new value: read it first.
    expect(fix).toMatch(/reg query "[^"]*SslBindingInfo\\0\.0\.0\.0:443" \/v DefaultFlags/);
    expect(fix).not.toMatch(/\/d \d+ \/f/);
    expect(model(a).verdict.headline).toMatch(/binding's protocol flags leave no TLS version/);
  });
});

describe('judge10 M1: the verdict leads with the most frequent event group of a rule', () => {
  it('B10 (20 × alert 48, 5 × alert 46): the headline names alert 48', async () => {
    const a = await analyze([fixture('B10-36887-alert48-current-healthy-config')]);
    expect(ids(a)).toEqual([
      'schannel-fatal-alert-received:medium',
      'schannel-fatal-alert-received:medium',
    ]);
    const v = model(a).verdict;
    expect(v.headline).toMatch(/alert 48 unknown_ca\), 20 times/);
    expect(v.headline).not.toMatch(/alert 46/);
  });
});

describe('judge10 S1 / M6: a capture of this server negotiating a version the policy turns off', () => {
  it('B05 (registry: TLS 1.2 server off; capture: TLS 1.2 completed on 443): the disagreement leads, not "no version left"', async () => {
    const a = await analyze([fixture('B05-reg-tls12-off-but-capture-tls12')]);
    expect(ids(a)).not.toContain('schannel-no-server-protocol-left:critical');
    const lead = a.evaluation.findings[0]!;
    expect(lead.ruleId).toBe('schannel-no-server-protocol-left-not-in-effect');
    expect(lead.severity).toBe('high');
    expect(lead.fix.en).toMatch(
      /The evidence disagrees: either the values were set after the last restart/,
    );
    // Read-only checks come before any change.
    expect(lead.fix.en.indexOf('LastBootUpTime')).toBeLessThan(lead.fix.en.indexOf('reg add'));
    const disabled = a.evaluation.findings.find(
      (f) => f.ruleId === 'schannel-server-protocol-disabled',
    );
    expect(disabled?.explainedBy?.ruleId).toBe('schannel-no-server-protocol-left-not-in-effect');
    expect(disabled?.fix.en).toMatch(/the evidence disagrees/);
    expect(model(a).verdict.headline).toMatch(
      /but a capture shows this server still negotiating one/,
    );
    // A disagreement to settle, not a confirmed cause (judge10's note on S1).
    expect(model(a).verdict.headline).toMatch(/^The evidence disagrees; settle this first: /);
    expect(model(a).verdict.headline).not.toMatch(/Root cause/);
    expect(model(a, 'zh-CN').verdict.headline).toMatch(/^证据相互矛盾，请先核实：/);
    expect(ticketSummary(model(a))).toMatch(
      /Evidence disagrees.*schannel-no-server-protocol-left-not-in-effect/,
    );
    expect(ticketSummary(model(a))).not.toMatch(/Root cause/);
    expect(model(a, 'zh-CN').verdict.headline).toMatch(/抓包显示此服务器仍在协商/);
  });

  it('B26 (Server 2022, registry: TLS 1.3 server off; capture: TLS 1.3): remarked at info only', async () => {
    const a = await analyze([fixture('B26-2022-reg-tls13-off-capture-tls13')]);
    expect(ids(a)).toEqual(['schannel-protocol-off-but-negotiated:info']);
    expect(a.evaluation.findings[0]!.fix.en).toMatch(/not in effect yet/);
    // The verdict does not call the protocol settings clean beside that remark.
    const v = model(a).verdict;
    expect(v.headline).not.toMatch(/No problem found in [^.;]*protocol settings/);
    expect(v.headline).toMatch(/Noted \(info, below\): A capture shows this server negotiating/);
    expect(model(a, 'zh-CN').verdict.headline).toMatch(/备注（信息级，见下方）：/);
  });

  it('B23 (Server 2019, capture: TLS 1.3): the capture cannot be of this build, at info only', async () => {
    const a = await analyze([fixture('B23-healthy-bundle-tls13-capture')]);
    expect(ids(a)).toEqual(['schannel-protocol-off-but-negotiated:info']);
    expect(a.evaluation.findings[0]!.fix.en).toMatch(
      /the Windows build in the bundle is not the captured server's/,
    );
    expect(a.evaluation.findings[0]!.fix.en).not.toMatch(/reg (add|delete)/);
  });
});

describe('judge10 M5 / M3: what the verdict leads with', () => {
  it('B06 (vmware-hostd holds 0.0.0.0:443, and the bound key is missing): the port conflict leads', async () => {
    const a = await analyze([fixture('B06-two-problems-nokey-and-port-conflict')]);
    expect(ids(a)).toEqual([
      'port-held-by-other-process:critical',
      'certificate-missing-private-key:critical',
    ]);
    // Both block on their own (judge14 M1): both are named, the port conflict first.
    expect(model(a, 'en').verdict.headline).toMatch(
      /^2 independent critical causes .*: 1\) Another process.*; 2\) The bound certificate has no usable private key/,
    );
    expect(model(a, 'en').verdict.rootCause?.ruleId).toBe('port-held-by-other-process');
  });

  it("B13 (WinRM's 0.0.0.0:5986 names a missing certificate, IIS's 443 is fine): named WinRM's, also found", async () => {
    const a = await analyze([fixture('B13-httpevent-15021-other-service-5986')]);
    expect(ids(a)).toEqual([
      'binding-certificate-not-found:critical',
      'httpevent-ssl-configuration-error:high',
    ]);
    const m = model(a);
    expect(m.findings[0]!.entity.name).toMatch(/0\.0\.0\.0:5986 \(WinRM\)/);
    expect(m.verdict.rootCause).toBeNull();
    expect(m.verdict.headline).toMatch(
      /Also found \(1, below\): HTTP\.sys binding points to a certificate that is not in its store/,
    );
    // WinRM keeps its own entry: the certificate is changed in its listener, after a backup of
    // both, never with netsh delete/add (which WinRM would undo).
    const fix = a.evaluation.findings[0]!.fix;
    const lines = fix.en.split('\n');
    expect(lines).toContain('winrm enumerate winrm/config/Listener');
    const set = lines.findIndex((l) =>
      /winrm set winrm\/config\/Listener\?Address=\*\+Transport=HTTPS @\{CertificateThumbprint="%NEWHASH%"\}$/.test(
        l,
      ),
    );
    const backup = lines.findIndex((l) => l.startsWith('winrm get ') && l.includes('backup'));
    expect(backup).toBeGreaterThan(-1);
    expect(set).toBeGreaterThan(backup);
    expect(fix.en).not.toMatch(/netsh http (delete|add) sslcert/);
    expect(fix['zh-CN']).toMatch(/WinRM 的 HTTPS 侦听器/);
    expect(fix['zh-CN']).not.toMatch(/netsh http (delete|add) sslcert/);
  });
});

describe('judge10 M4: no advice from the assumed defaults of an unknown Windows build', () => {
  it('P06 (a lone .reg that only enables TLS 1.2): TLS 1.0 / 1.1 not evaluated, no reg add', async () => {
    const a = await analyze([fixture('P06-reg-tls12-enable-only-no-newline/tls12.reg')]);
    expect(ids(a)).toEqual([]);
    const ne = a.evaluation.notEvaluated.find(
      (n) => n.ruleId === 'schannel-legacy-protocol-enabled',
    );
    expect(ne?.unknownFor?.map((u) => u.entityKey)).toEqual(['TLS 1.0/Server', 'TLS 1.1/Server']);
    expect(ne?.unknownFor?.[0]?.why.en).toMatch(/depends on the build's defaults/);
  });
});
