// The bindings that name a certificate and the host names clients ask it for.
// Certificates are the real X.509 files made by scripts/gen-certs.ts (scripts/certs/out/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { T, cer, manifest, sslcert, facts } from '../../test-support/certificate-bundle.js';
import { nameCovered } from '../certificate.js';

describe('facts: certificate — bindings and host names', () => {
  it('marks a binding whose hash is in no store, or only in another store', () => {
    const missing = 'ab'.repeat(20);
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt':
        sslcert(missing) +
        sslcert(T('server-good'), 'www.contoso.com:443', 'Hostname:port', 'WebHosting'),
      [`certificates/My/${T('server-good')}.cer`]: cer('server-good'),
    });
    const rows = f.bindings.map((b) => [
      b.endpoint,
      b.certificateLookup,
      b.certificateFoundInStore,
    ]);
    expect(rows.sort()).toEqual([
      ['0.0.0.0:443', 'not-found', null],
      ['www.contoso.com:443', 'other-store', 'My'],
    ]);
  });

  it('finds host names not covered by the SAN (RFC 6125 wildcards)', () => {
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt':
        sslcert(T('server-good'), 'shop.contoso.com:443', 'Hostname:port') +
        sslcert(T('server-good'), 'www.contoso.com:443', 'Hostname:port'),
      [`certificates/My/${T('server-good')}.cer`]: cer('server-good'),
    });
    expect(f.certificates[0]).toMatchObject({
      nameMismatch: true,
      mismatchedNames: ['shop.contoso.com'],
    });
    expect(nameCovered('a.contoso.com', ['*.contoso.com'])).toBe(true);
    expect(nameCovered('contoso.com', ['*.contoso.com'])).toBe(false);
    expect(nameCovered('a.b.contoso.com', ['*.contoso.com'])).toBe(false);
    expect(nameCovered('WWW.Contoso.com.', ['www.contoso.com'])).toBe(true);
    expect(nameCovered('x.com', ['*.com'])).toBe(false);
  });

  it('compares the SNI of a captured ClientHello with the SAN of the certificate sent on the wire', () => {
    const pcap = (name: string) =>
      readFileSync(
        new URL(
          `../../../samples/${name}/capture/${name === 'cert-wire-name-mismatch' ? 'client-shop-contoso' : 'client-www-contoso'}.pcap`,
          import.meta.url,
        ),
      );
    const bad = facts({ 'capture/a.pcap': pcap('cert-wire-name-mismatch') }).certificates[0]!;
    expect(bad).toMatchObject({
      store: 'capture',
      servedOnWire: true,
      inUse: true,
      sanKnown: true,
      sanDns: ['www.contoso.com', 'contoso.com'],
      wireServerNames: ['shop.contoso.com'],
      nameCheck: 'mismatch',
      mismatchedNames: ['shop.contoso.com'],
      subject: 'CN=www.contoso.com, O=Contoso Ltd, C=US',
    });
    expect(bad.evidence).toContainEqual(
      expect.objectContaining({ artifactId: 'capture.pcap', frames: [4, 6] }),
    );
    const good = facts({ 'capture/a.pcap': pcap('cert-wire-name-ok') }).certificates[0]!;
    expect(good).toMatchObject({ nameCheck: 'match', nameMismatch: false });
  });

  it('says the SAN is unknown instead of matching the CN', () => {
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(
        'ab'.repeat(20),
        'www.contoso.com:443',
        'Hostname:port',
      ),
      'c.txt': [
        'My "Personal"',
        '================ Certificate 0 ================',
        'Subject: CN=www.contoso.com',
        'Issuer: CN=www.contoso.com',
        `Cert Hash(sha1): ${'ab'.repeat(20)}`,
        'CertUtil: -store command completed successfully.',
      ].join('\n'),
    });
    expect(f.certificates[0]).toMatchObject({
      isBound: true,
      sanKnown: false,
      nameCheck: 'san-unknown',
      nameMismatch: null,
    });
  });
});
