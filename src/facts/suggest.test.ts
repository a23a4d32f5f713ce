import { describe, expect, it } from 'vitest';
import type { BindingEntity, CertificateEntity, IisBindingEntity } from './model.js';
import { apply } from './patch.js';
import { checkIisSuggestions, serverCandidates, suggestCertificates } from './suggest.js';

const cert = (over: Partial<CertificateEntity>): CertificateEntity =>
  ({
    store: 'My',
    thumbprint: 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
    sanDns: ['www.contoso.com'],
    sanKnown: true,
    subjectCommonName: 'www.contoso.com',
    privateKeyState: 'usable',
    hasPrivateKey: true,
    privateKeyMissing: false,
    privateKeyInaccessible: false,
    expired: false,
    notYetValid: false,
    isCa: false,
    missingServerAuthEku: false,
    ...over,
  }) as CertificateEntity;

const binding = (over: Partial<BindingEntity>): BindingEntity =>
  ({
    type: 'ipport',
    endpoint: '0.0.0.0:443',
    hostname: null,
    suggestedStoreName: 'MY',
    suggestedCertificateHash: null,
    suggestedCertificateSource: null,
    ...over,
  }) as BindingEntity;

// The steps return patches; these write them as buildFacts does.
const suggest = (bs: BindingEntity[], cs: CertificateEntity[]): void =>
  apply(bs, suggestCertificates(bs, cs));
const checkIis = (ibs: IisBindingEntity[], cs: CertificateEntity[]): void =>
  apply(ibs, checkIisSuggestions(ibs, cs));

describe('facts/suggest', () => {
  it('suggests the only usable server certificate of the binding store', () => {
    const b = binding({});
    suggest(
      [b],
      [
        cert({}),
        cert({ thumbprint: 'ca', isCa: true }),
        cert({ thumbprint: 'old', expired: true }),
        cert({ thumbprint: 'nokey', privateKeyState: 'none', hasPrivateKey: false }),
      ],
    );
    expect(b).toMatchObject({
      suggestedCertificateHash: 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
      suggestedCertificateSource: 'store',
    });
  });

  it('suggests nothing when two certificates could serve, or none', () => {
    const b = binding({});
    suggest([b], [cert({}), cert({ thumbprint: 'other' })]);
    expect(b.suggestedCertificateHash).toBeNull();
    suggest([b], [cert({ store: 'WebHosting' })]);
    expect(b.suggestedCertificateHash).toBeNull();
  });

  it('keeps a hash the binding already has and matches SNI host names with RFC 6125 wildcards', () => {
    const kept = binding({
      suggestedCertificateHash: 'beef',
      suggestedCertificateSource: 'registry',
    });
    suggest([kept], [cert({})]);
    expect(kept.suggestedCertificateHash).toBe('beef');
    const sni = binding({
      type: 'hostnameport',
      endpoint: 'shop.contoso.com:443',
      hostname: 'shop.contoso.com',
    });
    expect(serverCandidates(sni, [cert({ sanDns: ['*.contoso.com'] })])).toHaveLength(1);
    expect(serverCandidates(sni, [cert({ sanDns: ['*.shop.contoso.com'] })])).toHaveLength(0);
    expect(
      serverCandidates(binding({ hostname: 'a.b.contoso.com' }), [
        cert({ sanDns: ['*.contoso.com'] }),
      ]),
    ).toHaveLength(0);
    // The one RFC 6125 matcher: no `*.com`, and no CN fallback when the SAN is unknown.
    const dotCom = binding({ hostname: 'contoso.com' });
    expect(serverCandidates(dotCom, [cert({ sanDns: ['*.com'] })])).toHaveLength(0);
    expect(serverCandidates(sni, [cert({ sanDns: [], sanKnown: false })])).toHaveLength(0);
  });

  // Judge case b1-hostile-sitename-sni: the SNI binding *:443:shop.contoso.com had no hostnameport
  // entry and the fix bound the 0.0.0.0:443 certificate (SAN www.contoso.com, contoso.com).
  const sniBinding = (over: Partial<IisBindingEntity>): IisBindingEntity =>
    ({
      lookup: 'hostnameport',
      host: 'shop.contoso.com',
      configuredCertificateHash: null,
      suggestedCertificateHash: 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
      hostCoveredInStore: null,
      ...over,
    }) as IisBindingEntity;

  it('never suggests, for an SNI binding, a certificate whose SAN does not cover its host name', () => {
    const ib = sniBinding({});
    checkIis([ib], [cert({ sanDns: ['www.contoso.com', 'contoso.com'] })]);
    expect(ib).toMatchObject({ suggestedCertificateHash: null, hostCoveredInStore: false });
  });

  it('suggests the one store certificate that covers the SNI host name instead', () => {
    const ib = sniBinding({});
    checkIis(
      [ib],
      [
        cert({ sanDns: ['www.contoso.com', 'contoso.com'] }),
        cert({ thumbprint: 'shop', sanDns: ['shop.contoso.com'] }),
      ],
    );
    expect(ib).toMatchObject({ suggestedCertificateHash: 'shop', hostCoveredInStore: true });
  });

  it("cannot tell when a store certificate has no known SAN, and keeps the site's own covering one", () => {
    const unknown = sniBinding({});
    checkIis(
      [unknown],
      [
        cert({ sanDns: ['www.contoso.com'] }),
        cert({ thumbprint: 'x', sanKnown: false, sanDns: [] }),
      ],
    );
    expect(unknown).toMatchObject({ suggestedCertificateHash: null, hostCoveredInStore: null });
    const own = sniBinding({ configuredCertificateHash: 'shop', suggestedCertificateHash: 'shop' });
    checkIis([own], [cert({ thumbprint: 'shop', sanDns: ['*.contoso.com'] })]);
    expect(own).toMatchObject({ suggestedCertificateHash: 'shop', hostCoveredInStore: true });
  });

  it('leaves non-SNI bindings alone', () => {
    const ip = sniBinding({ lookup: 'ipport' });
    checkIis([ip], [cert({ sanDns: ['www.contoso.com'] })]);
    expect(ip.suggestedCertificateHash).toBe('a3a24ddc3db9c858165eb1aa0210d1732f4388c3');
  });
});
