/**
 * Judge round 9 faults T2, T4, S4, M2 and M7, run end to end on the judge's own cases (copied
 * into src/fixtures/judge9, origins in the README there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { failsOn } from './cli/common.js';
import { firedInOrder, judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(9, '2026-12-07T00:00:00Z');

describe('judge9 T2: captures whose handshakes all stop before their end decide nothing', () => {
  it('59 (cut after the ClientHello, last record cut): "no complete handshake", the file named cut', async () => {
    const a = await analyze([fixture('59-pcap-own-cut-mid-certificate/capture.pcap')]);
    expect(a.facts.captureFiles).toMatchObject([{ fileCut: true }]);
    const v = model(a).verdict;
    expect(v.headline).not.toMatch(/No problem found/);
    expect(v.headline).toMatch(/^Captures: no complete handshake — capture\.pcap is cut short/);
    expect(v.headline).toMatch(/both directions, whole packets/);
    expect(v.evaluatedAreas).toEqual([]);
    expect(model(a, 'zh-CN').verdict.headline).toMatch(/没有完整的握手/);
  });

  it('47 (real, two handshakes, neither finishes): "no complete handshake", not "no problem found"', async () => {
    const a = await analyze([
      fixture(
        '47-pcap-real-clientcert-missing-server-cert/tls_client_certificate_with_missing_server_one.pcapng',
      ),
    ]);
    expect(a.facts.handshakeGroups.map((g) => g.outcome)).toEqual(['incomplete', 'incomplete']);
    const v = model(a).verdict;
    expect(v.headline).toMatch(/^Captures: no complete handshake — none of the 2 handshake\(s\)/);
    expect(v.headline).not.toMatch(/No problem found/);
    expect(v.evaluatedAreas).not.toContain('captures');
  });

  it('control 40 (real, TLS 1.0 handshake completes): captures stay checked', async () => {
    const a = await analyze([fixture('40-pcap-real-tls10-negotiated-vlan/tls10.pcap')]);
    const v = model(a).verdict;
    expect(v.headline).toMatch(/^No problem found in captures/);
    expect(v.headline).not.toMatch(/no complete handshake/);
  });
});

describe('judge9 T4: a required client certificate the client does not send leads the verdict', () => {
  it('53 (CertificateRequest, empty client Certificate, handshake_failure): high root cause; the self-signed certificate stays a lower, separate finding', async () => {
    const a = await analyze([fixture('53-pcap-own-clientcert-required-none-sent/capture.pcap')]);
    expect(firedInOrder(a)).toEqual([
      'handshake-client-certificate-missing:high',
      'certificate-self-signed:medium',
    ]);
    // The client went past the self-signed certificate: it explains nothing here.
    expect(a.evaluation.findings.every((f) => f.explainedBy === undefined)).toBe(true);
    const v = model(a).verdict;
    expect(v.rootCause).toMatchObject({
      ruleId: 'handshake-client-certificate-missing',
      severity: 'high',
    });
    // --fail-on high (the default) fails the run.
    expect(
      failsOn(
        a.evaluation.findings.map((f) => f.severity),
        'high',
      ),
    ).toBe(true);
  });

  it('control 60 (the client sends its certificate, the handshake completes): no client-certificate finding', async () => {
    const a = await analyze([fixture('60-pcap-own-clientcert-sent-ok/capture.pcap')]);
    expect(firedInOrder(a)).not.toContain('handshake-client-certificate-missing:high');
    expect(firedInOrder(a).some((f) => f.startsWith('handshake-client-certificate-missing'))).toBe(
      false,
    );
  });
});

describe('judge9 M2: the weak-signature finding names the hash the signature uses', () => {
  it('41 (real SSLv2 capture, md5RSA certificate): titled MD5, never SHA-1, in both languages', async () => {
    const a = await analyze([fixture('41-pcap-real-sslv2/ssl-v2.pcap')]);
    const f = a.evaluation.findings.find((x) => x.ruleId === 'certificate-sha1-signature')!;
    expect(f.title).toEqual({
      en: 'The server certificate is signed with MD5',
      'zh-CN': '服务器证书使用 MD5 签名',
    });
    const titles = model(a).findings.map((x) => x.title);
    expect(titles.some((t) => /SHA-1/.test(t))).toBe(false);
  });
});

describe('judge9 M7: a file shorter than its manifest entry is "changed after collection"', () => {
  it('71 (hash removed by hand, manifest not updated): not read, said changed (cut or edited), never only "cut"', async () => {
    const a = await analyze([fixture('71-bundle-healthy-edited-after-collect')]);
    const issues = a.parsed.artifacts
      .flatMap((s) => s.files)
      .filter((f) => f.path === 'httpsys/netsh-http-show-sslcert.txt')
      .flatMap((f) => f.issues);
    expect(issues).toMatchObject([{ code: 'file-damaged' }]);
    expect(issues[0]!.message).toMatch(
      /changed after collection \(shorter than the collector wrote it: cut or edited\), so it is not read/,
    );
    expect(issues[0]!.message).not.toMatch(/was cut/);
    expect(a.facts.bindings).toEqual([]);
  });
});

describe('judge9 S4: findings that cannot make HTTPS fail are "also found", never the root cause', () => {
  it('05 (real icacls, MachineKeys folder Users:(F)): the finding stays, the verdict finds no cause', async () => {
    const a = await analyze([fixture('05-s2-machinekeys-icacls-tampered/icacls.txt')]);
    expect(firedInOrder(a)).toEqual(['machinekeys-folder-acl-too-broad:medium']);
    const v = model(a).verdict;
    expect(v.rootCause).toBeNull();
    expect(v.headline).not.toMatch(/Root cause|No problem found/);
    expect(v.headline).toMatch(/^No cause of an HTTPS failure found in /);
    expect(v.headline).toMatch(
      /Also found \(1, below\): The MachineKeys folder lets every user delete or re-permission/,
    );
    expect(model(a, 'zh-CN').verdict.headline).toMatch(/另外发现/);
  });

  it("48 (real POP3 STARTTLS on port 110): says the capture is not HTTPS, asks for the site's port, no root cause", async () => {
    const a = await analyze([fixture('48-pcap-real-pop3-starttls-not-https/pop3-starttls.pcap')]);
    expect(a.facts.captureFiles).toMatchObject([{ serverPorts: [110] }]);
    expect(firedInOrder(a)).toContain('certificate-sha1-signature:medium');
    const v = model(a).verdict;
    expect(v.rootCause).toBeNull();
    expect(v.headline).toMatch(
      /Captures: pop3-starttls\.pcap shows TLS of POP3 \(port 110\), not HTTPS, .*site's HTTPS port/,
    );
    expect(v.headline).toMatch(
      /Also found \(1, below\): The server certificate is signed with MD5/,
    );
    expect(v.evaluatedAreas).not.toContain('captures');
  });

  it('control 53 (HTTPS on 443): a capture of the site keeps its root cause', async () => {
    const a = await analyze([fixture('53-pcap-own-clientcert-required-none-sent/capture.pcap')]);
    expect(a.facts.captureFiles).toMatchObject([{ serverPorts: [443] }]);
    expect(model(a).verdict.rootCause).not.toBeNull();
  });
});
