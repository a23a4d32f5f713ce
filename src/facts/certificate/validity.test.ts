// Validity judged at the collection time, with host-local dates and their margin.
// Certificates are the real X.509 files made by scripts/gen-certs.ts (scripts/certs/out/).
import { describe, expect, it } from 'vitest';
import { T, cer, manifest, facts } from '../../test-support/certificate-bundle.js';

describe('facts: certificate — validity', () => {
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
});
