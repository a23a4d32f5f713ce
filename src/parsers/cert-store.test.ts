// No real store.json exists publicly (it is this project's own collector format, see
// docs/bundle-format.md § cert.store); the samples are synthetic renderings of what Windows
// PowerShell 5.1 (ConvertTo-Json padding, CRLF, \/Date()\/, depth-truncated objects) and
// PowerShell 7 (ISO dates) write, with the thumbprints of the generated sample certificates.
import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { certStoreParser, parseCertStore, psDate } from './cert-store.js';

describe('cert.store', () => {
  it('reads the PS 5.1 wrapper with \\/Date()\\/ dates, EKU objects and key fields', () => {
    const { value, issues } = parseCertStore(
      fixtureText(
        import.meta.url,
        'cert-store.sample.synthetic-ps51-wrapper-crlf.json',
        'cert.store',
      ),
    );
    expect(value.formatVersion).toBe(1);
    expect(value.certificates).toHaveLength(2);
    expect(value.certificates[0]).toMatchObject({
      store: 'My',
      thumbprint: 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
      notBefore: '2025-06-01T00:00:00Z',
      notAfter: '2028-06-01T00:00:00Z',
      hasPrivateKey: true,
      signatureAlgorithm: '1.2.840.113549.1.1.11',
      eku: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
      hasEkuExtension: true,
      dnsNames: ['www.contoso.com', 'contoso.com'],
      keyProvider: 'Microsoft Software Key Storage Provider',
      keyUniqueName: '8b1e2c4d6f8a0b2c4d6e8f0a1b2c3d4e_7989b711-2e3f-4107-9aae-fb8df2e3b958',
      keyFileExists: true,
      keyAccessible: true,
      keyExportable: false,
      evidence: { artifactId: 'cert.store', lines: { start: 4, end: 52 } },
    });
    expect(value.certificates[1]).toMatchObject({ store: 'CA', eku: [], keyProvider: null });
    expect(value.certificates[1]?.evidence.lines).toEqual({ start: 53, end: 90 });
    expect(value.storeErrors).toMatchObject([{ store: 'WebHosting' }]);
    expect(issues).toMatchObject([{ code: 'store-error' }]);
  });

  it('reads a bare PS 7 array with ISO dates, store paths and spaced thumbprints', () => {
    const { value, issues } = parseCertStore(
      fixtureText(import.meta.url, 'cert-store.sample.synthetic-ps7-array-iso-dates.json'),
    );
    expect(value.certificates.map((c) => [c.store, c.thumbprint])).toEqual([
      ['My', 'cb868cc6018e015631d33217c05dcb54504ff602'],
      ['Root', '3512daeed9d4ee7f8954284624004dffb76d9690'],
    ]);
    expect(value.certificates[0]).toMatchObject({
      notBefore: '2025-06-01T00:00:00Z',
      eku: ['1.3.6.1.5.5.7.3.2'],
      dnsNames: ['app.contoso.com'],
      hasPrivateKey: false,
      evidence: { lines: { start: 2, end: 14 } },
    });
    // Locale date and an ISO date without offset are not guessed.
    expect(value.certificates[1]).toMatchObject({ notBefore: null, notAfter: null });
    expect(issues).toMatchObject([
      { code: 'invalid-value', line: 15 },
      { code: 'missing-field', line: 20 },
      { code: 'invalid-value', line: 24 },
      { code: 'invalid-value', line: 24 },
    ]);
  });

  it('reads a single unrolled object with depth-truncated EKU and PS date wrapper', () => {
    const { value, issues } = parseCertStore(
      fixtureText(import.meta.url, 'cert-store.sample.synthetic-ps51-single-object-depth2.json'),
    );
    expect(issues).toEqual([]);
    expect(value.certificates[0]).toMatchObject({
      store: 'WebHosting',
      notBefore: '2025-06-01T00:00:00Z',
      notAfter: '2028-06-01T00:00:00Z',
      eku: ['1.3.6.1.5.5.7.3.1'],
      dnsNames: ['www.contoso.com'],
    });
  });

  it('keeps the later record when a thumbprint repeats in one store', () => {
    const t = 'a'.repeat(40);
    const { value, issues } = parseCertStore(
      inlineText(
        JSON.stringify([
          { Store: 'My', Thumbprint: t, Subject: 'CN=one' },
          { Store: 'My', Thumbprint: t, Subject: 'CN=two' },
        ]),
      ),
    );
    expect(value.certificates.map((c) => c.subject)).toEqual(['CN=two']);
    expect(issues).toMatchObject([{ code: 'duplicate-record' }]);
  });

  it('reads KeySpec as a number or as the KeyNumber name', () => {
    const rec = (keySpec: unknown) =>
      parseCertStore(
        inlineText(
          JSON.stringify({
            formatVersion: 1,
            certificates: [
              {
                Store: 'My',
                Thumbprint: 'A3A24DDC3DB9C858165EB1AA0210D1732F4388C3',
                KeySpec: keySpec,
              },
            ],
          }),
          'cert.store',
        ),
      ).value.certificates[0];
    expect(rec(2)).toMatchObject({ keySpec: 2 });
    expect(rec('Signature')).toMatchObject({ keySpec: 'Signature' });
    expect(rec(null)).toMatchObject({ keySpec: null });
  });

  it('decodes the curve OID of KeyParameters (issue 16 collectors) and ignores what is not one', () => {
    const rec = (params: unknown) =>
      parseCertStore(
        inlineText(
          JSON.stringify({
            formatVersion: 1,
            certificates: [
              {
                Store: 'My',
                Thumbprint: '798D49CB070B5C0B99E8E37103BC6BA1EDCF2065',
                KeyAlgorithm: 'ECC',
                KeyParameters: params,
              },
            ],
          }),
          'cert.store',
        ),
      ).value.certificates[0];
    expect(rec('06052b81040022')).toMatchObject({ keyCurveOid: '1.3.132.0.34' });
    expect(rec('06082A8648CE3D030107')).toMatchObject({ keyCurveOid: '1.2.840.10045.3.1.7' });
    expect(rec('0500')).toMatchObject({ keyCurveOid: null });
    expect(rec('06ff00')).toMatchObject({ keyCurveOid: null });
    expect(rec('not hex')).toMatchObject({ keyCurveOid: null });
    expect(rec(null)).toMatchObject({ keyCurveOid: null });
  });

  it('throws only when the JSON is unusable', () => {
    expect(() => parseCertStore(inlineText('{"certificates": [ {'))).toThrow();
    expect(parseCertStore(inlineText('  ')).issues).toMatchObject([{ code: 'empty-input' }]);
  });

  it('converts the PowerShell date forms', () => {
    expect(psDate('/Date(0)/')).toBe('1970-01-01T00:00:00Z');
    expect(psDate('2026-01-01T08:00:00+08:00')).toBe('2026-01-01T00:00:00Z');
    expect(psDate('2026-01-01T08:00:00')).toBeUndefined();
    // The collector writes .ToUniversalTime().ToString('o'): seven fractional digits.
    expect(psDate('2028-06-01T00:00:00.0000000Z')).toBe('2028-06-01T00:00:00Z');
    expect(psDate(null)).toBeNull();
  });

  it('sniffs store JSON and not other JSON', () => {
    expect(certStoreParser.sniff('[{"Thumbprint": "AB", "NotAfter": 1}]')).toBe(true);
    expect(certStoreParser.sniff('[{"LocalPort": 443}]')).toBe(false);
  });
});

describe('cert.store trust stores', () => {
  it('reads Disallowed records and the stores the collector read, minus those with an error', () => {
    const { value, issues } = parseCertStore(
      fixtureText(
        import.meta.url,
        'cert-store.sample.synthetic-ps51-trust-stores-disallowed.json',
        'cert.store',
      ),
    );
    expect(value.certificates.map((c) => c.store)).toEqual(['My', 'CA', 'Root', 'Disallowed']);
    expect(value.certificates[3]).toMatchObject({
      store: 'Disallowed',
      thumbprint: '567c75b5e77b9a8e75f987e816578e01d3afda04',
    });
    expect(value.storesRead).toEqual([
      'My',
      'WebHosting',
      'CA',
      'Root',
      'Disallowed',
      'ClientAuthIssuer',
    ]);
    expect(issues).toMatchObject([{ code: 'store-error', line: 1 }]);
  });

  it('reports a "stores" value that is not a list of names, and keeps the certificates', () => {
    const { value, issues } = parseCertStore(
      inlineText('{"formatVersion":1,"stores":"My","certificates":[]}', 'cert.store'),
    );
    expect(value.storesRead).toBeUndefined();
    expect(issues).toMatchObject([{ code: 'invalid-value', line: 1 }]);
    const mixed = parseCertStore(
      inlineText('{"formatVersion":1,"stores":["My",3],"certificates":[]}', 'cert.store'),
    );
    expect(mixed.value.storesRead).toEqual(['My']);
    expect(mixed.issues).toMatchObject([{ code: 'invalid-value' }]);
  });

  it('leaves storesRead absent for older bundles', () => {
    const { value } = parseCertStore(
      fixtureText(
        import.meta.url,
        'cert-store.sample.synthetic-ps51-wrapper-crlf.json',
        'cert.store',
      ),
    );
    expect(value.storesRead).toBeUndefined();
  });
});
