// Merging the sources of one certificate (store.json, certutil, PowerShell, the .cer).
// Certificates are the real X.509 files made by scripts/gen-certs.ts (scripts/certs/out/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  T,
  cer,
  manifest,
  sslcert,
  store,
  chain,
  facts,
} from '../test-support/certificate-bundle.js';

describe('facts: certificate — one entity per thumbprint from every source', () => {
  it('builds a healthy bound certificate: trusted chain, usable key, linked binding', () => {
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(T('server-good')),
      ...chain(),
      [`certificates/My/${T('server-good')}.cer`]: cer('server-good'),
      'certificates/store.json': store({
        Store: 'My',
        Thumbprint: T('server-good').toUpperCase(),
        HasPrivateKey: true,
        KeyAccessible: true,
      }),
    });
    // Every store's certificates are entities; the bound one comes first.
    expect(f.certificates.map((x) => x.store)).toEqual(['My', 'CA', 'Root']);
    const c = f.certificates[0]!;
    expect(c).toMatchObject({
      key: `My\\${T('server-good')}`,
      subjectCommonName: 'www.contoso.com',
      chainStatus: 'trusted',
      untrustedRoot: false,
      chainIncomplete: false,
      privateKeyState: 'usable',
      privateKeyMissing: false,
      expired: false,
      notYetValid: false,
      expiresSoon: false,
      weakKey: false,
      sha1Signature: false,
      // The EKU property is only in certutil -v: without it the verdict stays open.
      serverAuthByExtension: true,
      serverAuthByIssuers: true,
      ekuPropertyState: 'unknown',
      missingServerAuthEku: null,
      isBound: true,
      boundBy: ['0.0.0.0:443'],
      nameMismatch: false,
    });
    expect(c.chain.map((n) => n.store)).toEqual(['My', 'CA', 'Root']);
    expect(f.bindings[0]).toMatchObject({
      certificateLookup: 'found',
      certificate: { thumbprint: T('server-good'), chainStatus: 'trusted' },
    });
  });

  it('gives thumbprint, subject and key state for loose real certutil output (what inspect shows)', () => {
    const real = (name: string) =>
      readFileSync(new URL(`../parsers/certutil-store.sample.${name}.txt`, import.meta.url));
    const f = facts({
      // Loose files without manifest, under names that say nothing: recognised by content.
      'a.txt': real('en-store-my-missing-stored-keyset-ksp'),
      'b.txt': real('en-repairstore-hsm-signature-test-dmy-dates'),
    });
    expect(
      f.certificates.map((c) => [c.thumbprint, c.subjectCommonName, c.privateKeyState]).sort(),
    ).toEqual([
      ['19f647a3f4e60eabc126d73ef1ef6e9f84224997', 'myDemoCA', 'usable'],
      ['2f02901dcff083ed3dbb6cb0a15bbfee6002b1a8', 'Certificate-LTD-CA', 'missing'],
      ['779a97b1d8e492b5bafebc02338845ffdff76ad2', 'DC01.certificate.htb', 'missing'],
      ['82ad1e0c20a332c8d6adac3e5ea243204b85d3a7', 'certificate-DC01-CA', 'missing'],
    ]);
  });

  it('merges one thumbprint from the .cer, certutil and a PowerShell listing; the X.509 bytes win', () => {
    const t = T('server-good');
    const certutil = [
      'My "Personal"',
      '================ Certificate 0 ================',
      'Serial Number: 3001',
      'Issuer: CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
      ' NotBefore: 6/1/2025 12:00 AM',
      ' NotAfter: 6/1/2029 12:00 AM',
      'Subject: CN=www.contoso.com, O=Contoso Ltd, C=US',
      'Non-root Certificate',
      `Cert Hash(sha1): ${t}`,
      `  Key Container = 3b2e6f0c9d8a7b6c5d4e3f2a1b0c9d8e_7989b711-2e3f-4107-9aae-fb8df2e3b958`,
      '  Provider = Microsoft RSA SChannel Cryptographic Provider',
      'Encryption test passed',
      'CertUtil: -store command completed successfully.',
    ].join('\r\n');
    const listing = [
      '   PSParentPath: Microsoft.PowerShell.Security\\Certificate::LocalMachine\\My',
      '',
      'Thumbprint                                Subject',
      '----------                                -------',
      `${t.toUpperCase()}  CN=www.contoso.com, O=Contoso Ltd, C=US`,
    ].join('\r\n');
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(t),
      ...chain(),
      [`certificates/My/${t}.cer`]: cer('server-good'),
      'pasted/certutil.txt': certutil,
      'pasted/ls-cert.txt': listing,
    });
    const c = f.certificates.find((x) => x.thumbprint === t)!;
    expect(c.sources.map((x) => x.kind)).toEqual(['x509', 'powershell', 'certutil']);
    expect(c).toMatchObject({
      store: 'My',
      stores: ['My'],
      notAfter: '2028-06-01T00:00:00Z',
      validityTimeBasis: 'utc',
      keyContainer: '3b2e6f0c9d8a7b6c5d4e3f2a1b0c9d8e_7989b711-2e3f-4107-9aae-fb8df2e3b958',
      keyProvider: 'Microsoft RSA SChannel Cryptographic Provider',
      privateKeyState: 'usable',
      fieldSources: { notAfter: expect.stringMatching(/^x509 certificates\/My\//) },
    });
    // certutil says 2029: the bytes win, the disagreement is kept with certutil's lines.
    expect(c.conflicts).toEqual([
      expect.objectContaining({
        field: 'notAfter',
        kept: '2028-06-01T00:00:00Z',
        // No date of the paste decides the day/month order: both readings are kept.
        other: '2029-06-01T00:00 | 2029-01-06T00:00 (server local time)',
      }),
    ]);
    expect(c.evidence).toContainEqual(
      expect.objectContaining({ path: 'pasted/certutil.txt', label: 'disagrees on notAfter' }),
    );
  });
});
