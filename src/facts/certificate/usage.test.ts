// Weak keys, SHA-1 signatures and the serverAuth EKU of a certificate and its issuers.
// Certificates are the real X.509 files made by scripts/gen-certs.ts (scripts/certs/out/).
import { describe, expect, it } from 'vitest';
import { T, cer, manifest, sslcert, facts } from '../../test-support/certificate-bundle.js';

describe('facts: certificate — key strength, signature and EKU', () => {
  it('flags weak keys, SHA-1 signatures and a missing serverAuth EKU', () => {
    const f = facts({
      'manifest.json': manifest(),
      [`certificates/My/${T('server-rsa1024')}.cer`]: cer('server-rsa1024'),
      [`certificates/My/${T('server-sha1')}.cer`]: cer('server-sha1'),
      [`certificates/My/${T('server-client-auth-only')}.cer`]: cer('server-client-auth-only'),
      [`certificates/My/${T('server-no-eku')}.cer`]: cer('server-no-eku'),
    });
    const by = (cn: string) => f.certificates.find((c) => c.subjectCommonName === cn)!;
    expect(by('weak.contoso.com')).toMatchObject({ weakKey: true, keySize: 1024 });
    expect(by('sha1.contoso.com')).toMatchObject({ sha1Signature: true });
    expect(by('app.contoso.com')).toMatchObject({
      missingServerAuthEku: true,
      eku: ['1.3.6.1.5.5.7.3.2'],
    });
    expect(by('legacy.contoso.com')).toMatchObject({
      ekuPresent: false,
      serverAuthByExtension: true,
      missingServerAuthEku: null,
    });
  });

  const spaced = (t: string) => t.match(/../g)!.join(' ');
  /** A `certutil -v -store my` block shaped like certutil-store.sample.en-v-store-root-enhkey-usage-property.txt. */
  const certutilV = (thumb: string, property: string[] | null) =>
    [
      'my "Personal"',
      '================ Certificate 0 ================',
      'X509 Certificate:',
      'Serial Number: 3001',
      `Cert Hash(sha1): ${spaced(thumb)}`,
      '',
      ...(property === null
        ? []
        : ['  CERT_ENHKEY_USAGE_PROP_ID(9):', '    Enhanced Key Usage', ...property, '']),
      '  CERT_SHA1_HASH_PROP_ID(3):',
      `    ${spaced(thumb)}`,
      '',
      'CertUtil: -store command completed successfully.',
    ].join('\r\n');
  const boundGood = (certutil: string) =>
    facts({
      'manifest.json': manifest(),
      'httpsys/sslcert.txt': sslcert(T('server-good')),
      [`certificates/My/${T('server-good')}.cer`]: cer('server-good'),
      [`certificates/CA/${T('issuing-ca')}.cer`]: cer('issuing-ca'),
      [`certificates/Root/${T('root-ca')}.cer`]: cer('root-ca'),
      'certificates/certutil-v-store-my.txt': certutil,
    }).certificates.find((c) => c.thumbprint === T('server-good'))!;

  it('reads the EKU property of certutil -v: a restriction without serverAuth decides', () => {
    const c = boundGood(
      certutilV(T('server-good'), ['        Client Authentication (1.3.6.1.5.5.7.3.2)']),
    );
    expect(c).toMatchObject({
      serverAuthByExtension: true,
      ekuPropertyState: 'present',
      ekuProperty: ['1.3.6.1.5.5.7.3.2'],
      serverAuthByProperty: false,
      serverAuthMissingIn: ['property'],
      missingServerAuthEku: true,
    });
    // "Disable all purposes": the property is there with no purpose.
    expect(boundGood(certutilV(T('server-good'), []))).toMatchObject({
      ekuPropertyState: 'present',
      ekuProperty: [],
      missingServerAuthEku: true,
    });
  });

  it('passes a certificate whose -v listing has no EKU property or one with serverAuth', () => {
    expect(boundGood(certutilV(T('server-good'), null))).toMatchObject({
      ekuPropertyState: 'absent',
      serverAuthByProperty: true,
      serverAuthByIssuers: true,
      missingServerAuthEku: false,
    });
    const listed = ['        Server Authentication (1.3.6.1.5.5.7.3.1)'];
    expect(boundGood(certutilV(T('server-good'), listed))).toMatchObject({
      serverAuthByProperty: true,
      missingServerAuthEku: false,
    });
  });

  it('reports an issuing CA whose EKU lacks serverAuth even when the leaf has it', () => {
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/sslcert.txt': sslcert(T('server-under-client-auth-ca')),
      [`certificates/My/${T('server-under-client-auth-ca')}.cer`]: cer(
        'server-under-client-auth-ca',
      ),
      [`certificates/CA/${T('issuing-ca-client-auth-only')}.cer`]: cer(
        'issuing-ca-client-auth-only',
      ),
      [`certificates/Root/${T('root-ca')}.cer`]: cer('root-ca'),
    });
    const c = f.certificates.find((x) => x.thumbprint === T('server-under-client-auth-ca'))!;
    expect(c).toMatchObject({
      chainStatus: 'trusted',
      serverAuthByExtension: true,
      ekuPropertyState: 'unknown',
      serverAuthByIssuers: false,
      serverAuthMissingIn: ['issuer'],
      missingServerAuthEku: true,
    });
    expect(c.issuersWithoutServerAuth).toEqual([
      expect.stringMatching(
        /Client Issuing CA 2, .*\(4B4D2490.*\): EKU 1\.3\.6\.1\.5\.5\.7\.3\.2 1\.3\.6\.1\.5\.5\.7\.3\.4$/,
      ),
    ]);
    expect(
      c.evidence.some((e) => /issuing CA without Server Authentication/.test(e.label ?? '')),
    ).toBe(true);
  });
});
