/**
 * Judge round 14, M5: a name-mismatch fix offers the installed certificate that already covers the
 * name (src/facts/certificate/alternatives.ts), and fills it in only where that cannot break a
 * name served today (src/fixtures/judge14-lead, origin in its README).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { coveringAlternatives } from './facts/certificate/alternatives.js';
import type { CertificateEntity } from './facts/model.js';
import { judgeRound } from './test-support/judge.js';

const { fixture, fixOf, model } = judgeRound('14-lead', '2026-12-07T00:00:00Z');
const WILDCARD = 'F5F6C3DED9F6D94274AB4662B04D0CC0885BFE9C';

describe('judge14 M5: the installed wildcard that covers the uncovered name', () => {
  it('is named, checked read-only first, and set as NEWHASH for the SNI entry to add', async () => {
    const a = await analyze([fixture('29b-ip-specific-wrong-cert-synthetic')]);
    const c = a.facts.certificates.find((x) => x.thumbprint.startsWith('a3a24ddc'))!;
    expect(c.mismatchedNames).toEqual(['shop.contoso.com']);
    expect(c.coveringCertificates).toEqual([
      expect.objectContaining({
        thumbprint: WILDCARD,
        store: 'My',
        coversServed: false,
        notCovered: ['contoso.com'],
      }),
    ]);
    expect([c.coveringNewHash, c.coveringAllHash]).toEqual([WILDCARD, null]);
    const fix = fixOf(a, 'certificate-name-mismatch');
    expect(fix).toContain(`certutil -verifystore My ${WILDCARD}`);
    expect(fix).toContain(`set "NEWHASH=${WILDCARD}"`);
    expect(fix).toContain('does not cover contoso.com');
    // The wildcard does not cover the apex the IP entry also serves: the port's certificate stays.
    expect(fix).toContain('set "ALLHASH=thumbprint-covering-all-names-here"');
    expect(fix).toMatch(
      /netsh http add sslcert hostnameport=shop\.contoso\.com:443 certhash=%NEWHASH%/,
    );
    expect(fix).not.toMatch(/Get a certificate whose SAN/);
    // The first thing the customer runs is the read-only check of that certificate.
    const first = model(a).verdict.rootCause?.firstStep;
    expect(first).toContain(`certutil -verifystore My ${WILDCARD}`);
    const zh = fixOf(a, 'certificate-name-mismatch', 'zh-CN');
    expect(zh).toContain(`set "NEWHASH=${WILDCARD}"`);
    expect(zh).toMatch(/已安装、在有效期内/);
  });
});

/** The fields the selection reads; the rest of an entity does not matter to it. */
function cert(over: Partial<CertificateEntity>): CertificateEntity {
  return {
    thumbprintUpper: 'A'.repeat(40),
    subject: 'CN=x',
    store: 'My',
    notAfter: '2028-01-01T00:00:00Z',
    sanKnown: true,
    sanDns: [],
    sanIp: [],
    expired: false,
    notYetValid: false,
    expiresSoon: false,
    privateKeyState: 'usable',
    serverAuthEku: true,
    missingServerAuthEku: false,
    chainStatus: 'trusted',
    weakKey: false,
    keySignatureOnly: false,
    isCa: false,
    nameMismatch: false,
    mismatchedNames: [],
    boundNames: [],
    wireServerNames: [],
    mismatchSniBindings: [],
    mismatchSniAdd: [],
    mismatchPortBindings: [],
    coveringCertificates: [],
    coveringNewHash: null,
    coveringAllHash: null,
    ...over,
  } as CertificateEntity;
}

const port = {
  type: 'ipport' as const,
  endpoint: '10.0.0.5:443',
  storeName: 'MY',
  applicationId: '{x}',
};

function bound(): CertificateEntity {
  return cert({
    thumbprintUpper: 'B'.repeat(40),
    sanDns: ['www.contoso.com'],
    nameMismatch: true,
    mismatchedNames: ['shop.contoso.com'],
    boundNames: ['shop.contoso.com'],
    mismatchPortBindings: [port],
    mismatchSniAdd: [{ endpoint: 'shop.contoso.com:443', applicationId: '{x}', storeName: 'MY' }],
  });
}

/** Runs the step and writes its patches, as src/facts/index.ts does. */
function run(list: CertificateEntity[]): void {
  for (const p of coveringAlternatives(list)) Object.assign(list[p.at]!, p.set);
}

describe('coveringAlternatives', () => {
  it('puts a certificate covering every served name on the port entry and adds no SNI entry', () => {
    const c = bound();
    const all = cert({ thumbprintUpper: 'C'.repeat(40), sanDns: ['*.contoso.com'] });
    run([c, all]);
    expect(c.coveringCertificates.map((x) => x.coversServed)).toEqual([true]);
    expect([c.coveringAllHash, c.coveringNewHash]).toEqual(['C'.repeat(40), null]);
  });

  it.each([
    ['expired', { expired: true }],
    ['expiring within 30 days', { expiresSoon: true }],
    ['not yet valid', { notYetValid: true }],
    ['without its private key', { privateKeyState: 'none' }],
    ['with a key not tested', { privateKeyState: 'unknown' }],
    ['with an untrusted chain', { chainStatus: 'untrusted-root' }],
    ['with an unknown chain', { chainStatus: 'unknown' }],
    ['without Server Authentication', { serverAuthEku: false }],
    ['from a template that is not for servers', { templateNotServer: true }],
    ['that is not a server certificate', { notServerCertificate: true }],
    ['with a weak key', { weakKey: true }],
    ['in the Root store', { store: 'Root' }],
    ['with an unknown SAN', { sanKnown: false }],
  ] as const)('never offers one %s', (_, over) => {
    const c = bound();
    const d = cert({
      thumbprintUpper: 'C'.repeat(40),
      sanDns: ['*.contoso.com'],
      ...over,
    } as Partial<CertificateEntity>);
    run([c, d]);
    expect(c.coveringCertificates).toEqual([]);
    expect([c.coveringAllHash, c.coveringNewHash]).toEqual([null, null]);
  });

  it('names two that qualify but fills in neither: the engineer chooses', () => {
    const c = bound();
    const d = cert({ thumbprintUpper: 'C'.repeat(40), sanDns: ['shop.contoso.com'] });
    const e = cert({ thumbprintUpper: 'D'.repeat(40), sanDns: ['shop.contoso.com'] });
    run([c, d, e]);
    expect(c.coveringCertificates.map((x) => x.thumbprint).sort()).toEqual([
      'C'.repeat(40),
      'D'.repeat(40),
    ]);
    expect([c.coveringAllHash, c.coveringNewHash]).toEqual([null, null]);
  });

  it('names but does not fill in one from another store than the entries it would change', () => {
    const c = bound();
    const d = cert({
      thumbprintUpper: 'C'.repeat(40),
      sanDns: ['shop.contoso.com'],
      store: 'WebHosting',
    });
    run([c, d]);
    expect(c.coveringCertificates.map((x) => x.thumbprint)).toEqual(['C'.repeat(40)]);
    expect([c.coveringAllHash, c.coveringNewHash]).toEqual([null, null]);
  });

  it('does not count a wildcard name as covered by another wildcard', () => {
    const c = bound();
    c.sanDns = ['*.contoso.com'];
    const d = cert({
      thumbprintUpper: 'C'.repeat(40),
      sanDns: ['shop.contoso.com', 'www.contoso.com'],
    });
    run([c, d]);
    expect(c.coveringCertificates[0]).toMatchObject({
      coversServed: false,
      notCovered: ['*.contoso.com'],
    });
    expect(c.coveringAllHash).toBeNull();
    expect(c.coveringNewHash).toBe('C'.repeat(40));
  });
});
