// Samples: cert-file.sample.generated-*.cer/.pem are real X.509 certificates made by
// scripts/gen-certs.ts (copied from scripts/certs/out/); the base64 variant is the same kind of
// certificate with its PEM header lines removed (synthetic framing, real content).
// cert-file.sample.real-*.cer are public certificates cut out of the TLS handshakes of public
// test captures (../shared/real/pcap, see its SOURCES.md):
//   real-ecdsa-p256-zeek.cer           zeek testing/btest/Traces/tls/ecdsa-cert.pcap (pantz.org, ECDSA P-384)
//   real-generalizedtime-zeek.cer      zeek testing/btest/Traces/tls/x509-generalizedtime.pcap
//   real-leaf-missing-intermediate-zeek.cer  zeek testing/btest/Traces/tls/missing-intermediate.pcap (www.cviis.org)
//   real-nul-in-san-suricata-altname-zero.cer  suricata-verify tests/tls/tls-altname-zero/input.pcap
// (All 102 certificates in those captures were cross-checked once against node:crypto's
// X509Certificate: thumbprint, NotAfter, SAN, key size, EKU, CA flag agree except the NUL SAN.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BinaryInput } from '../shared/parse.js';
import { certFileParser, parseCertFile } from './cert-file.js';

function binary(bytes: Uint8Array, path: string): BinaryInput {
  return {
    artifactId: 'cert.files',
    path,
    size: bytes.length,
    *chunks(size = 7) {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    },
  };
}
const sample = (name: string): Uint8Array => readFileSync(new URL(name, import.meta.url));

describe('cert.files', () => {
  it('reads subject, SAN, EKU, validity and key of a DER certificate', () => {
    const { value, issues } = parseCertFile(
      binary(sample('cert-file.sample.generated-server-good.cer'), 'certificates/My/x.cer'),
    );
    expect(issues).toEqual([]);
    expect(value).toMatchObject({ store: 'My', encoding: 'der', fileThumbprint: null });
    expect(value.certificates).toHaveLength(1);
    expect(value.certificates[0]).toMatchObject({
      thumbprint: 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
      subject: 'CN=www.contoso.com, O=Contoso Ltd, C=US',
      subjectCommonName: 'www.contoso.com',
      issuer: 'CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
      serialNumber: '3001',
      version: 3,
      notBefore: '2025-06-01T00:00:00Z',
      notAfter: '2028-06-01T00:00:00Z',
      signatureAlgorithm: 'sha256RSA',
      signatureHash: 'sha256',
      keyAlgorithm: 'RSA',
      keySize: 2048,
      eku: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
      sanDns: ['www.contoso.com', 'contoso.com'],
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      isCa: false,
      subjectKeyId: 'e9b2efd978b02d79b35fbfbf486cae87e0b144b8',
      authorityKeyId: 'a6357dd6d827ec25a1e6ba3314a662120088c529',
      selfIssued: false,
    });
  });

  it('reports an EKU list without serverAuth when the certificate is for client auth only', () => {
    const { value } = parseCertFile(
      binary(sample('cert-file.sample.generated-client-auth-only.cer'), 'a.cer'),
    );
    expect(value.certificates[0]?.eku).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('reports the key size and signature hash of weak certificates', () => {
    const weak = parseCertFile(binary(sample('cert-file.sample.generated-rsa1024.cer'), 'w.cer'));
    expect(weak.value.certificates[0]).toMatchObject({ keyAlgorithm: 'RSA', keySize: 1024 });
    const sha1 = parseCertFile(binary(sample('cert-file.sample.generated-sha1.cer'), 's.cer'));
    expect(sha1.value.certificates[0]).toMatchObject({
      signatureAlgorithm: 'sha1RSA',
      signatureHash: 'sha1',
    });
  });

  it('reads every block of a CRLF PEM chain with line evidence', () => {
    const { value, issues } = parseCertFile(
      binary(sample('cert-file.sample.generated-chain-crlf.pem'), 'chain.pem'),
    );
    expect(issues).toEqual([]);
    expect(value.encoding).toBe('pem');
    expect(value.certificates.map((c) => c.subjectCommonName)).toEqual([
      'www.contoso.com',
      'tls-doctor Sample Issuing CA 1',
    ]);
    expect(value.certificates[1]).toMatchObject({ isCa: true, pathLength: 0 });
    expect(value.certificates[0]?.evidence.lines?.start).toBe(1);
  });

  it('reads base64 without header lines and a certificate without an EKU extension', () => {
    const { value } = parseCertFile(
      binary(sample('cert-file.sample.synthetic-base64-no-header.txt'), 'b.txt'),
    );
    expect(value.encoding).toBe('base64');
    expect(value.certificates[0]).toMatchObject({
      subjectCommonName: 'legacy.contoso.com',
      eku: null,
    });
  });

  it('reports a thumbprint mismatch when the file name is another thumbprint', () => {
    const { issues } = parseCertFile(
      binary(
        sample('cert-file.sample.generated-server-good.cer'),
        'certificates/My/0000000000000000000000000000000000000000.cer',
      ),
    );
    expect(issues).toMatchObject([{ code: 'thumbprint-mismatch' }]);
  });

  it('reads the CRL distribution point and AIA (OCSP, CA issuers) URIs of real certificates', () => {
    const ec = parseCertFile(binary(sample('cert-file.sample.real-ecdsa-p256-zeek.cer'), 'e.cer'));
    expect(ec.value.certificates[0]).toMatchObject({
      crlUrls: ['http://crl.comodoca.com/COMODOECCDomainValidationSecureServerCA.crl'],
      ocspUrls: ['http://ocsp.comodoca.com'],
      caIssuerUrls: ['http://crt.comodoca.com/COMODOECCDomainValidationSecureServerCA.crt'],
    });
    const le = parseCertFile(
      binary(sample('cert-file.sample.real-nul-in-san-suricata-altname-zero.cer'), 'l.cer'),
    );
    expect(le.value.certificates[0]).toMatchObject({
      crlUrls: [],
      ocspUrls: ['http://r3.o.lencr.org'],
      caIssuerUrls: ['http://r3.i.lencr.org/'],
    });
    const none = parseCertFile(
      binary(sample('cert-file.sample.generated-server-good.cer'), 'g.cer'),
    );
    expect(none.value.certificates[0]).toMatchObject({
      crlUrls: [],
      ocspUrls: [],
      caIssuerUrls: [],
    });
  });

  it('reads real public certificates: ECDSA, GeneralizedTime, SHA-1/RSA-1024', () => {
    const ec = parseCertFile(binary(sample('cert-file.sample.real-ecdsa-p256-zeek.cer'), 'e.cer'));
    expect(ec.issues).toEqual([]);
    expect(ec.value.certificates[0]).toMatchObject({
      subject: 'CN=pantz.org, OU=PositiveSSL, OU=Domain Control Validated',
      keyAlgorithm: 'ECC',
      curve: 'nistP384',
      keySize: 384,
      signatureAlgorithm: 'sha256ECDSA',
      sanDns: ['pantz.org', 'www.pantz.org'],
      eku: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
      notAfter: '2019-11-07T23:59:59Z',
    });
    const gt = parseCertFile(
      binary(sample('cert-file.sample.real-generalizedtime-zeek.cer'), 'g.cer'),
    );
    expect(gt.value.certificates[0]).toMatchObject({
      subjectCommonName: 'bro-generalizedtime-test',
      notBefore: '2015-09-01T13:33:37Z',
      notAfter: '2025-09-01T13:33:37Z',
      signatureHash: 'sha1',
      keySize: 1024,
    });
    const leaf = parseCertFile(
      binary(sample('cert-file.sample.real-leaf-missing-intermediate-zeek.cer'), 'l.cer'),
    );
    expect(leaf.value.certificates[0]).toMatchObject({
      subjectCommonName: 'www.cviis.org',
      sanDns: ['www.cviis.org', 'cviis.org'],
      selfIssued: false,
    });
  });

  it('escapes and reports a NUL inside a SAN dNSName (null-prefix attack)', () => {
    const { value, issues } = parseCertFile(
      binary(sample('cert-file.sample.real-nul-in-san-suricata-altname-zero.cer'), 'z.cer'),
    );
    expect(value.certificates[0]?.sanDns).toContain('server15.xn--j1ahhq.xn\\u0000-p1ai');
    expect(value.certificates[0]?.sanDns).toHaveLength(17);
    expect(issues).toMatchObject([{ code: 'invalid-value' }]);
  });

  it('returns issues, not exceptions, for truncated or foreign bytes', () => {
    const good = sample('cert-file.sample.generated-server-good.cer');
    for (let cut = 1; cut < good.length; cut += 37) {
      const r = parseCertFile(binary(good.subarray(0, cut), 'cut.cer'));
      expect(r.value.certificates).toEqual([]);
      expect(r.issues.length).toBeGreaterThan(0);
    }
    expect(parseCertFile(binary(new TextEncoder().encode('hello'), 'h.cer')).issues).toMatchObject([
      { code: 'not-a-certificate' },
    ]);
    // Found by fuzzing: a UTF-16BE BOM followed by an odd number of bytes.
    expect(parseCertFile(binary(new Uint8Array([0xfe, 0xff, 0x41]), 'o.cer')).issues).toMatchObject(
      [{ code: 'not-a-certificate' }],
    );
    expect(parseCertFile(binary(new Uint8Array(), 'e.cer')).issues).toMatchObject([
      { code: 'empty-input' },
    ]);
  });

  it('sniffs DER and PEM heads', () => {
    expect(certFileParser.sniff(sample('cert-file.sample.generated-server-good.cer'))).toBe(true);
    expect(certFileParser.sniff(sample('cert-file.sample.generated-chain-crlf.pem'))).toBe(true);
    expect(certFileParser.sniff(new TextEncoder().encode('SSL Certificate bindings'))).toBe(false);
  });
});
