// Certificates are the real X.509 files made by scripts/gen-certs.ts (scripts/certs/out/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import type { Bundle, BundleFile } from '../bundle/open.js';
import { nameCovered, systemAccess } from './certificate.js';
import { buildFacts } from './index.js';

const index = JSON.parse(
  readFileSync(new URL('../../scripts/certs/out/index.json', import.meta.url), 'utf8'),
) as Record<string, { thumbprint: string }>;
const T = (name: string): string => index[name]!.thumbprint.toLowerCase();
const cer = (name: string): Buffer =>
  readFileSync(new URL(`../../scripts/certs/out/${name}.cer`, import.meta.url));

function memoryBundle(files: Record<string, string | Buffer>): Bundle {
  const list: BundleFile[] = Object.entries(files).map(([path, body]) => {
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return { path, size: buf.length, read: () => buf, chunks: () => [buf] };
  });
  return { source: 'memory', kind: 'folder', files: list, skipped: [] };
}

const manifest = (at = '2026-11-27T08:00:00Z') =>
  JSON.stringify({ formatVersion: 1, collector: {}, host: {}, startedAt: at, artifacts: [] });

const sslcert = (hash: string, endpoint = '0.0.0.0:443', label = 'IP:port', store = 'My') =>
  [
    'SSL Certificate bindings:',
    '-------------------------',
    '',
    `    ${label.padEnd(28)} : ${endpoint}`,
    `    Certificate Hash             : ${hash}`,
    '    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}',
    `    Certificate Store Name       : ${store}`,
    '',
  ].join('\r\n');

const store = (...records: Record<string, unknown>[]) =>
  JSON.stringify({ formatVersion: 1, certificates: records }, null, 2);

/** A trusted chain: root in Root, intermediate in CA. */
const chain = (): Record<string, Buffer> => ({
  [`certificates/Root/${T('root-ca')}.cer`]: cer('root-ca'),
  [`certificates/CA/${T('issuing-ca')}.cer`]: cer('issuing-ca'),
});

const fixture = (name: string): string =>
  readFileSync(new URL(`../parsers/${name}`, import.meta.url), 'utf8');

const facts = (files: Record<string, string | Buffer>) =>
  buildFacts(loadBundle(memoryBundle(files)));

describe('facts: certificate', () => {
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

  it('stops the chain at a root found outside Root (untrusted root, 0x800B0109)', () => {
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(T('server-private-root')),
      [`certificates/My/${T('server-private-root')}.cer`]: cer('server-private-root'),
      [`certificates/CA/${T('private-root-ca')}.cer`]: cer('private-root-ca'),
      ...chain(),
    });
    expect(f.certificates[0]).toMatchObject({
      chainStatus: 'untrusted-root',
      untrustedRoot: true,
      chainRootSubject: 'CN=Fabrikam Private Root CA, O=Fabrikam Inc, C=US',
      chainRootThumbprint: T('private-root-ca'),
      chainRootStore: 'CA',
      chainRootFile: `certificates/CA/${T('private-root-ca')}.cer`,
    });
  });

  it('reports an incomplete chain when the intermediate is missing', () => {
    const f = facts({
      'manifest.json': manifest(),
      [`certificates/My/${T('server-good')}.cer`]: cer('server-good'),
      [`certificates/Root/${T('root-ca')}.cer`]: cer('root-ca'),
    });
    expect(f.certificates[0]).toMatchObject({
      chainStatus: 'incomplete',
      chainIncomplete: true,
      missingIssuer: 'CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
    });
  });

  it('does not call a chain incomplete when only the (public) root is not collected', () => {
    const f = facts({
      'manifest.json': manifest(),
      [`certificates/My/${T('server-good')}.cer`]: cer('server-good'),
      [`certificates/CA/${T('issuing-ca')}.cer`]: cer('issuing-ca'),
    });
    expect(f.certificates[0]).toMatchObject({
      chainStatus: 'root-not-collected',
      chainIncomplete: false,
      untrustedRoot: false,
      missingIssuer: 'CN=tls-doctor Sample Root CA, O=tls-doctor samples, C=US',
    });
  });

  it('judges the private key from store.json and certutil together (scenario 1)', () => {
    const t = T('server-good');
    const f = facts({
      'manifest.json': manifest(),
      'certificates/store.json': store({ Store: 'My', Thumbprint: t, HasPrivateKey: true }),
      'certificates/certutil-v-store-my.txt': [
        'My "Personal"',
        '================ Certificate 0 ================',
        `Cert Hash(sha1): ${t}`,
        '  Key Container = 46f11b4056ad38609b08d1dea6880023_7989b711-2e3f-4107-9aae-fb8df2e3b958',
        '  Provider = Microsoft RSA SChannel Cryptographic Provider',
        'Missing stored keyset',
        'CertUtil: -store command completed successfully.',
      ].join('\r\n'),
    });
    expect(f.certificates[0]).toMatchObject({
      privateKeyState: 'missing',
      privateKeyMissing: true,
      keyFolder: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys',
      keyFilePath:
        'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\46f11b4056ad38609b08d1dea6880023_7989b711-2e3f-4107-9aae-fb8df2e3b958',
      chainStatus: 'unknown',
    });
    expect(f.certificates[0]?.privateKeyEvidence).toContain('certutil: Missing stored keyset');
  });

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

  it('judges validity at the collection time, not now', () => {
    const f = facts({
      'manifest.json': manifest('2026-11-27T00:00:00Z'),
      [`certificates/My/${T('server-expires-soon')}.cer`]: cer('server-expires-soon'),
      [`certificates/My/${T('server-expired')}.cer`]: cer('server-expired'),
      [`certificates/My/${T('server-not-yet-valid')}.cer`]: cer('server-not-yet-valid'),
    });
    const by = (cn: string) => f.certificates.find((c) => c.subjectCommonName === cn)!;
    expect(by('soon.contoso.com')).toMatchObject({
      expiresSoon: true,
      daysUntilExpiry: 18,
      expired: false,
    });
    expect(by('old.contoso.com')).toMatchObject({ expired: true, expiresSoon: false });
    expect(by('next.contoso.com')).toMatchObject({ notYetValid: true });
    const early = facts({
      'manifest.json': manifest('2024-06-01T00:00:00Z'),
      [`certificates/My/${T('server-expired')}.cer`]: cer('server-expired'),
    });
    expect(early.certificates[0]).toMatchObject({ expired: false, expiresSoon: false });
    const noTime = facts({ [`certificates/My/${T('server-expired')}.cer`]: cer('server-expired') });
    expect(noTime.certificates[0]).toMatchObject({ validityKnown: false, expired: null });
  });

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

  it('reads the key provider kind, provider type and KeySpec', () => {
    const capi = facts({
      'manifest.json': manifest(),
      'certificates/certutil-v-store-my.txt': fixture(
        'certutil-store.sample.en-v-store-my-capi-at-signature-rst-indented.txt',
      ),
    }).certificates[0]!;
    expect(capi).toMatchObject({
      keyProvider: 'Microsoft Strong Cryptographic Provider',
      keyProviderType: 1,
      keyIsCapi: true,
      keySpec: 2,
      keySignatureOnly: true,
      keyProviderKind: 'software',
    });
    const stored = (rec: Record<string, unknown>) =>
      facts({
        'manifest.json': manifest(),
        'certificates/store.json': store({
          Store: 'My',
          Thumbprint: T('server-good').toUpperCase(),
          HasPrivateKey: true,
          ...rec,
        }),
      }).certificates[0]!;
    expect(
      stored({ KeyProvider: 'Microsoft Platform Crypto Provider', KeyProviderType: 0 }),
    ).toMatchObject({ keyProviderKind: 'tpm', keyIsCapi: false, keySignatureOnly: false });
    expect(
      stored({
        KeyProvider: 'Microsoft Base Smart Card Crypto Provider',
        KeyProviderType: 1,
        KeySpec: 1,
      }),
    ).toMatchObject({
      keyProviderKind: 'smart-card',
      keyIsCapi: true,
      keySpec: 1,
      keySignatureOnly: false,
    });
    expect(
      stored({ KeyProvider: 'Microsoft RSA SChannel Cryptographic Provider', KeyProviderType: 12 }),
    ).toMatchObject({
      keyProviderKind: 'software',
      keyIsCapi: true,
      keySpec: null,
      keySignatureOnly: null,
    });
    expect(stored({ KeyProvider: 'Securosys Primus HSM Key Storage Provider' })).toMatchObject({
      keyProviderKind: 'other',
      keyIsCapi: false,
    });
  });

  it('judges the key file ACL for SYSTEM', () => {
    const unique = '8b1e2c4d6f8a0b2c4d6e8f0a1b2c3d4e_7989b711-2e3f-4107-9aae-fb8df2e3b958';
    const keyPath = `C:\\ProgramData\\Microsoft\\Crypto\\Keys\\${unique}`;
    const f = facts({
      'manifest.json': manifest(),
      'certificates/store.json': store({
        Store: 'My',
        Thumbprint: T('server-good'),
        HasPrivateKey: true,
        KeyProvider: 'Microsoft Software Key Storage Provider',
        KeyUniqueName: unique,
      }),
      'certificates/icacls-machinekeys.txt': [
        `${keyPath} CONTOSO\\svc-deploy:(F)`,
        `${' '.repeat(keyPath.length + 1)}BUILTIN\\Users:(R)`,
        '',
        'Successfully processed 1 files; Failed processing 0 files',
      ].join('\r\n'),
    });
    expect(f.certificates[0]).toMatchObject({
      keyFilePath: keyPath,
      keyAclPath: keyPath,
      keyAclSystemAccess: 'none',
      keyAclMissingSystem: true,
    });
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

  it('takes the chain verdict of certutil -verifystore when the .cer is missing', () => {
    const f = facts({
      'manifest.json': manifest(),
      'certificates/certutil-v-store-my.txt': readFileSync(
        new URL(
          '../parsers/certutil-store.sample.synthetic-en-verifystore-untrusted-root.txt',
          import.meta.url,
        ),
      ),
    });
    expect(f.certificates[0]).toMatchObject({
      chainStatus: 'untrusted-root',
      chainStopReason: expect.stringContaining('CERT_E_UNTRUSTEDROOT'),
    });
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

  it('judges host-local certutil dates with a time-zone margin, never a guess', () => {
    const block = (notAfter: string) =>
      [
        'My "Personal"',
        '================ Certificate 0 ================',
        'Serial Number: 01',
        'Issuer: CN=a',
        ' NotBefore: 1/1/2020 12:00 AM',
        ` NotAfter: ${notAfter}`,
        'Subject: CN=a',
        `Cert Hash(sha1): ${'ab'.repeat(20)}`,
        'CertUtil: -store command completed successfully.',
      ].join('\n');
    const at = '2026-11-27T08:00:00Z';
    const judge = (na: string) =>
      facts({ 'manifest.json': manifest(at), 'c.txt': block(na) }).certificates[0]!.expired;
    expect(judge('11/26/2026 6:00 PM')).toBe(true); // 14 h before: expired in every zone
    expect(judge('11/27/2026 8:00 AM')).toBeNull(); // the same wall-clock time: depends on the zone
    expect(judge('11/28/2026 11:00 PM')).toBe(false);
  });

  it('decides validity from an ambiguous date only when both day/month readings agree', () => {
    const block = (notAfter: string) =>
      [
        '================ Certificate 0 ================',
        ' NotBefore: 1/1/2020 12:00 AM',
        ` NotAfter: ${notAfter}`,
        `Cert Hash(sha1): ${'ab'.repeat(20)}`,
      ].join('\n');
    const at = '2026-11-27T08:00:00Z';
    const cert = (na: string) =>
      facts({ 'manifest.json': manifest(at), 'c.txt': block(na) }).certificates[0]!;
    // 2 March or 3 February 2026: expired either way; the date itself stays unknown.
    expect(cert('3/2/2026 10:00 AM')).toMatchObject({
      expired: true,
      notAfter: null,
      daysUntilExpiry: null,
    });
    // 10 November 2026 (expired) or 11 October 2026 (expired): agree.
    expect(cert('11/10/2026 10:00 AM').expired).toBe(true);
    // 5 December 2026 (valid) or 12 May 2026 (expired): not decided, never guessed.
    expect(cert('12/5/2026 10:00 AM')).toMatchObject({ expired: null, validityKnown: false });
    // With the bundle's format the same text decides.
    const stated = facts({
      'manifest.json': JSON.stringify({
        ...JSON.parse(manifest(at)),
        host: { ...JSON.parse(manifest(at)).host, shortDatePattern: 'M/d/yyyy' },
      }),
      'c.txt': block('12/5/2026 10:00 AM'),
    }).certificates[0]!;
    expect(stated).toMatchObject({ expired: false, notAfter: '2026-12-05T10:00' });
  });

  it('compares the SNI of a captured ClientHello with the SAN of the certificate sent on the wire', () => {
    const pcap = (name: string) =>
      readFileSync(
        new URL(
          `../../samples/${name}/capture/${name === 'cert-wire-name-mismatch' ? 'client-shop-contoso' : 'client-www-contoso'}.pcap`,
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

  it('joins a CNG key file to its certificate by certutil -v "Unique container name:"', () => {
    const fixture = (name: string) => readFileSync(new URL(`../parsers/${name}`, import.meta.url));
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(T('server-good')),
      'pasted/certutil-v.txt': fixture('certutil-store.sample.synthetic-en-v-store-my.txt'),
      'pasted/icacls.txt': fixture(
        'icacls.sample.synthetic-en-collector-folders-and-key-file-no-system.txt',
      ),
    });
    expect(f.certificates[0]).toMatchObject({
      thumbprint: T('server-good'),
      isBound: true,
      keyFolder: 'C:\\ProgramData\\Microsoft\\Crypto\\Keys',
      keyAclPath:
        'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\8b1e2c4d6f8a0b2c4d6e8f0a1b2c3d4e_7989b711-2e3f-4107-9aae-fb8df2e3b958',
      // No SYSTEM entry, but BUILTIN\\Administrators:(F): SYSTEM's token holds Administrators.
      keyAclOfKeyFile: true,
      keyAclSystemAccess: 'read',
      keyAclMissingSystem: false,
      sanKnown: true,
      sanDns: ['www.contoso.com', 'contoso.com'],
    });
    expect(f.certificates[0]!.evidence).toContainEqual(
      expect.objectContaining({ path: 'pasted/icacls.txt', label: 'icacls' }),
    );
  });

  it("marks a key ACL judged from the folder alone as not the key file's own", () => {
    // The key folder's default entries apply to "this folder only": its ACL says nothing of the
    // key file, so rules must not judge the file by it (synthetic listing: the folder only).
    const fixture = (name: string) => readFileSync(new URL(`../parsers/${name}`, import.meta.url));
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(T('server-good')),
      'pasted/certutil-v.txt': fixture('certutil-store.sample.synthetic-en-v-store-my.txt'),
      'pasted/icacls.txt': [
        'C:\\ProgramData\\Microsoft\\Crypto\\Keys CONTOSO\\svc-deploy:(F)',
        '',
        'Successfully processed 1 files; Failed processing 0 files',
      ].join('\r\n'),
    });
    expect(f.certificates[0]).toMatchObject({
      keyAclPath: 'C:\\ProgramData\\Microsoft\\Crypto\\Keys',
      keyAclOfKeyFile: false,
      keyAclSystemAccess: 'none',
    });
  });

  it('does not call a root untrusted when the collector could not read the Root store', () => {
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(T('server-private-root')),
      [`certificates/My/${T('server-private-root')}.cer`]: cer('server-private-root'),
      [`certificates/CA/${T('private-root-ca')}.cer`]: cer('private-root-ca'),
      'certificates/store.json': JSON.stringify({
        formatVersion: 1,
        certificates: [{ Store: 'My', Thumbprint: T('server-private-root').toUpperCase() }],
        errors: [{ Store: 'Root', Error: 'Access is denied' }],
      }),
    });
    expect(f.certificates[0]).toMatchObject({
      chainStatus: 'unknown',
      untrustedRoot: null,
      chainStopReason: expect.stringContaining('certutil -store Root'),
    });
  });

  it('lets SYSTEM read through Everyone or Administrators, not through a DENY', () => {
    const ace = (sid: string, rights: string[], deny = false) => ({
      account: sid,
      sid,
      deny,
      inherited: false,
      inheritance: [],
      rights,
      text: sid,
      evidence: { artifactId: 'x', path: 'x' },
    });
    expect(systemAccess([ace('S-1-1-0', ['R', 'W'])])).toBe('read');
    expect(systemAccess([ace('S-1-5-32-545', ['F'])])).toBe('none');
    expect(systemAccess([ace('S-1-5-18', ['R'], true), ace('S-1-5-32-544', ['F'])])).toBe('denied');
  });

  describe('chains through certificates sent on the wire (issue 12) and wrong paths (issue 20 #5)', () => {
    // Real loopback handshakes: scripts/make-cert-wire-captures.sh.
    const wire = (sample: string, file: string): Buffer =>
      readFileSync(new URL(`../../samples/${sample}/capture/${file}.pcap`, import.meta.url));
    const sent = () => wire('cert-wire-chain-sent', 'client-www-contoso-chain');
    const leafOnly = () => wire('cert-wire-chain-leaf-only', 'client-www-contoso-leaf-only');
    const cross = () => wire('cert-wire-chain-expired-cross', 'client-www-contoso-expired-cross');
    const byThumb = (f: ReturnType<typeof facts>, name: string) =>
      f.certificates.find((c) => c.thumbprint === T(name))!;

    it('makes an intermediate sent on the wire an entity with its frame, and a chain candidate', () => {
      const f = facts({
        'manifest.json': manifest(),
        'capture/a.pcap': sent(),
        [`certificates/Root/${T('root-ca')}.cer`]: cer('root-ca'),
      });
      const inter = byThumb(f, 'issuing-ca');
      expect(inter).toMatchObject({
        key: `capture\\${T('issuing-ca')}`,
        store: 'capture',
        stores: [],
        sentInWireChain: true,
        servedOnWire: false,
        inUse: false,
        isCa: true,
        subject: 'CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
        sources: [{ kind: 'capture', store: null, path: 'capture/a.pcap', frames: [6] }],
      });
      expect(inter.evidence[0]).toMatchObject({ artifactId: 'capture.pcap', frames: [6] });
      const leaf = byThumb(f, 'server-good');
      expect(leaf).toMatchObject({
        chainStatus: 'trusted',
        chainIncomplete: false,
        untrustedRoot: false,
        chainViaWire: [{ thumbprint: T('issuing-ca') }],
        chainPathSource: 'served',
        chainBadCa: null,
      });
      expect(leaf.chain.map((n) => n.store)).toEqual(['capture', 'capture', 'Root']);
      expect(leaf.chainStopReason).toContain(
        'is in none of the collected stores but was sent by the server on the wire',
      );
      // Both links were checked by signature (the wire gives the DER), not by name.
      expect(leaf.chainStopReason).not.toContain('linked by issuer name');
    });

    it('cannot judge a chain sent without its root when the bundle shows no Root store', () => {
      const leaf = byThumb(facts({ 'capture/a.pcap': sent() }), 'server-good');
      expect(leaf).toMatchObject({
        chainStatus: 'unknown',
        untrustedRoot: null,
        chainIncomplete: null,
        inUse: true,
      });
    });

    it('calls the chain incomplete when neither the wire nor the stores hold the intermediate', () => {
      const f = facts({
        'manifest.json': manifest(),
        'capture/a.pcap': leafOnly(),
        [`certificates/Root/${T('root-ca')}.cer`]: cer('root-ca'),
        [`certificates/CA/${T('private-root-ca')}.cer`]: cer('private-root-ca'),
      });
      expect(byThumb(f, 'server-good')).toMatchObject({
        chainStatus: 'incomplete',
        chainViaWire: [],
        missingIssuer: 'CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
      });
    });

    const bound = (ca: string[], extra: Record<string, Buffer> = {}, at?: string) =>
      facts({
        'manifest.json': manifest(at),
        'httpsys/netsh-http-show-sslcert.txt': sslcert(T('server-good')),
        [`certificates/My/${T('server-good')}.cer`]: cer('server-good'),
        [`certificates/Root/${T('root-ca')}.cer`]: cer('root-ca'),
        ...Object.fromEntries(ca.map((n) => [`certificates/CA/${T(n)}.cer`, cer(n)])),
        ...extra,
      });

    it('names an expired intermediate with no valid alternative as the bad CA of the built path', () => {
      const leaf = byThumb(bound(['issuing-ca-expired']), 'server-good');
      expect(leaf).toMatchObject({
        chainPathSource: 'built',
        chainPathChecked: true,
        chainBadCaProblem: 'expired',
        chainBadCa: { thumbprint: T('issuing-ca-expired'), store: 'CA', inCa: true },
        chainBadCaHasAlternative: false,
        chainBadCaAlternative: null,
      });
    });

    it('builds through the valid renewal of an intermediate, as the chain engine prefers', () => {
      const leaf = byThumb(bound(['issuing-ca-expired', 'issuing-ca']), 'server-good');
      expect(leaf.chain[1]!.thumbprint).toBe(T('issuing-ca'));
      expect(leaf).toMatchObject({ chainStatus: 'trusted', chainBadCa: null });
    });

    it('judges the served path: an expired cross certificate while its self-signed twin is in Root', () => {
      const leaf = byThumb(
        bound(['issuing-ca', 'root-ca-cross'], { 'capture/a.pcap': cross() }),
        'server-good',
      );
      expect(leaf).toMatchObject({
        chainStatus: 'trusted',
        chainPathSource: 'served',
        chainBadCaProblem: 'expired',
        chainBadCa: { thumbprint: T('root-ca-cross'), inCa: true, selfSigned: false },
        chainBadCaHasAlternative: true,
        chainBadCaAlternative: { thumbprint: T('root-ca'), store: 'Root', selfSigned: true },
      });
      // The built chain ends at the self-signed root, not at the cross certificate.
      expect(leaf.chain.map((n) => n.thumbprint)).toEqual([
        T('server-good'),
        T('issuing-ca'),
        T('root-ca'),
      ]);
    });

    it('flags a served, still valid cross certificate only when its own root is provably untrusted', () => {
      // Collected before the cross certificate expired (2025-06-01); its issuer sits in CA, not Root.
      const at = '2025-03-01T00:00:00Z';
      const legacyInCa = bound(
        ['issuing-ca', 'root-ca-cross', 'legacy-root-ca'],
        { 'capture/a.pcap': cross() },
        at,
      );
      expect(byThumb(legacyInCa, 'server-good')).toMatchObject({
        chainBadCaProblem: 'cross-signed',
        chainBadCa: { thumbprint: T('root-ca-cross') },
        chainBadCaAlternative: { thumbprint: T('root-ca') },
      });
      // Its root not in the bundle at all: it may be served on purpose for older clients.
      const unseen = bound(['issuing-ca', 'root-ca-cross'], { 'capture/a.pcap': cross() }, at);
      expect(byThumb(unseen, 'server-good')).toMatchObject({ chainBadCa: null });
    });
  });

  it('finds the renewal of a bound certificate beside it (issue 20 #9)', () => {
    const files = (boundTo: string) => ({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(T(boundTo)),
      [`certificates/My/${T('server-good-previous')}.cer`]: cer('server-good-previous'),
      [`certificates/My/${T('server-good')}.cer`]: cer('server-good'),
      'certificates/store.json': store(
        ...['server-good-previous', 'server-good'].map((n) => ({
          Store: 'My',
          Thumbprint: T(n).toUpperCase(),
          HasPrivateKey: true,
          KeyAccessible: true,
        })),
      ),
    });
    const old = facts(files('server-good-previous')).certificates.find(
      (c) => c.thumbprint === T('server-good-previous'),
    )!;
    expect(old).toMatchObject({
      isBound: true,
      expired: true,
      renewalNotBound: true,
      renewedBy: { thumbprint: T('server-good'), store: 'My' },
    });
    const renewed = facts(files('server-good')).certificates.find(
      (c) => c.thumbprint === T('server-good'),
    )!;
    expect(renewed).toMatchObject({ isBound: true, renewalNotBound: false, renewedBy: null });
    // A newer certificate without its key is no renewal to bind to.
    const noKey = files('server-good-previous');
    noKey['certificates/store.json'] = store(
      { Store: 'My', Thumbprint: T('server-good-previous').toUpperCase(), HasPrivateKey: true },
      { Store: 'My', Thumbprint: T('server-good').toUpperCase(), HasPrivateKey: false },
    );
    expect(
      facts(noKey).certificates.find((c) => c.thumbprint === T('server-good-previous')),
    ).toMatchObject({ renewalNotBound: false });
  });
});
