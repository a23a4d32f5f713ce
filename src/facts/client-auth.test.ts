import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { openInputs } from '../bundle/open.js';
import { copySample } from '../test-support/sample-copy.js';
import { internalUrl } from './client-auth.js';
import { buildFacts } from './index.js';

const SAMPLES = new URL('../../samples/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-clientauth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const factsOf = (dir: string) => buildFacts(loadBundle(openInputs([dir])));
const sample = (name: string) => factsOf(join(SAMPLES, name));

/** A copy of a sample with its manifest's host build changed and some files removed. */
function variant(name: string, change: { osBuild?: number; drop?: string[] }): string {
  const files: Record<string, string> = {
    'iis.config': 'iis/applicationHost.config',
    'iis.appcmd-sites': 'iis/appcmd-list-site.txt',
  };
  const edits = Object.fromEntries(
    (change.drop ?? []).flatMap((id) => (files[id] ? [[files[id], null]] : [])),
  );
  return copySample(name, mkdtempSync(join(tmp, `${name}-`)), edits, (m) => {
    if (change.osBuild !== undefined) m.host['osBuild'] = change.osBuild;
    for (const id of change.drop ?? []) {
      const a = m.artifacts.find((x) => x.id === id);
      if (a) a.status = 'skipped';
    }
  });
}

const ISSUING = '567c75b5e77b9a8e75f987e816578e01d3afda04';
const LEAF = 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3';
const ROOT = '3512daeed9d4ee7f8954284624004dffb76d9690';

describe('facts/client-auth', () => {
  it('finds a site asking for client certificates behind a binding without Negotiate Client Certificate on Server 2022', () => {
    const f = sample('clientauth-root-tls13');
    const b = f.bindings.find((x) => x.endpoint === '0.0.0.0:443')!;
    expect(b.clientAuth).toMatchObject({
      negotiateAtHandshake: false,
      sites: ['Default Web Site (SslNegotiateCert, SslRequireCert)'],
      sitesKnown: true,
      used: true,
      tls13: true,
      osBuild: 20348,
      renegotiationFails: true,
      renegotiationSymptom: 'reset',
      revocationCheck: 'enabled',
      ctlIdentifier: null,
    });
  });

  it('says HTTP 500 on Server 2025 and no failure on Server 2019 (no TLS 1.3)', () => {
    const b2025 = factsOf(variant('clientauth-root-tls13', { osBuild: 26100 })).bindings[0]!;
    expect(b2025.clientAuth).toMatchObject({
      renegotiationFails: true,
      renegotiationSymptom: 'http-500',
    });
    const b2019 = factsOf(variant('clientauth-root-tls13', { osBuild: 17763 })).bindings[0]!;
    expect(b2019.clientAuth).toMatchObject({
      tls13: false,
      renegotiationFails: false,
      renegotiationSymptom: null,
    });
  });

  it('cannot tell without applicationHost.config', () => {
    const f = factsOf(
      variant('clientauth-root-tls13', { drop: ['iis.config', 'iis.appcmd-sites'] }),
    );
    expect(f.bindings[0]!.clientAuth).toMatchObject({
      sitesKnown: false,
      sites: [],
      renegotiationFails: null,
    });
    const root = f.certificates.find((c) => c.thumbprint === ISSUING)!;
    expect(root.clientAuth).toMatchObject({
      rootNotSelfSigned: true,
      clientCertBindingCount: 0,
      clientCertUseKnown: false,
    });
  });

  it('marks the non-self-signed Root entry with the client-certificate bindings, not the self-signed root', () => {
    const f = sample('clientauth-root-tls13');
    const issuing = f.certificates.find((c) => c.thumbprint === ISSUING)!;
    expect(issuing.stores).toEqual(expect.arrayContaining(['CA', 'Root']));
    expect(issuing.clientAuth).toMatchObject({
      rootNotSelfSigned: true,
      clientCertBindings: ['ipport=0.0.0.0:443'],
      clientCertBindingCount: 1,
      clientCertUseKnown: true,
    });
    expect(f.certificates.find((c) => c.thumbprint === ROOT)!.clientAuth!.rootNotSelfSigned).toBe(
      false,
    );
  });

  it('joins CAPI2 revocation-offline events to the client-certificate bindings', () => {
    const f = sample('clientauth-root-tls13');
    const g = f.eventGroups.find((x) => x.errorCode === '0x80092013')!;
    expect(g.revocation).toMatchObject({
      offline: true,
      bindingCount: 1,
      bindings: [
        {
          param: 'ipport=0.0.0.0:443',
          certificateHash: LEAF,
          applicationId: '{4dc3e181-e14b-4a21-b022-59fc669b0914}',
          storeName: 'MY',
        },
      ],
    });
  });

  it('reads Negotiate Client Certificate from netsh and the registry DefaultFlags', () => {
    const b = sample('clientauth-healthy').bindings[0]!;
    expect(b.clientAuth).toMatchObject({
      negotiateAtHandshake: true,
      used: true,
      renegotiationFails: false,
    });
  });

  it('finds a Disallowed issuer in the chain, and decides "not distrusted" only when Disallowed was read', () => {
    const bad = sample('cert-disallowed-issuer').certificates.find((c) => c.thumbprint === LEAF)!;
    expect(bad.clientAuth).toMatchObject({
      distrusted: true,
      inDisallowed: false,
      distrustedThumbprint: ISSUING,
    });
    const good = sample('clientauth-healthy').certificates;
    expect(good.find((c) => c.thumbprint === LEAF)!.clientAuth).toMatchObject({
      distrusted: false,
      inDisallowed: false,
    });
    expect(good.find((c) => c.stores.includes('Disallowed'))!.clientAuth!.inDisallowed).toBe(true);
    // an older bundle without the stores list: unknown, never "not distrusted"
    const old = sample('healthy').certificates.find((c) => c.thumbprint === LEAF)!;
    expect(old.clientAuth).toMatchObject({ distrusted: null, inDisallowed: null });
  });
});

describe('facts/client-auth trusted issuers (issue 16)', () => {
  const binding = (dir: string) =>
    factsOf(dir).bindings.find((x) => x.endpoint === '0.0.0.0:443')!.clientAuth;

  it('reads Exclusive CA Trust and an empty ClientAuthIssuer store the collector says it read', () => {
    expect(binding(join(SAMPLES, 'clientauth-issuer-store-empty'))).toMatchObject({
      used: true,
      ctlStoreName: null,
      clientAuthTrustMode: 2,
      clientAuthIssuerCount: 0,
      clientAuthIssuers: [],
    });
  });

  it('counts the CA certificates of the store', () => {
    expect(binding(join(SAMPLES, 'clientauth-issuer-store-populated'))).toMatchObject({
      clientAuthTrustMode: 2,
      clientAuthIssuerCount: 1,
      clientAuthIssuers: ['CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US'],
    });
  });

  it('takes an absent ClientAuthTrustMode of a collected SCHANNEL key as 0 (Machine Trust)', () => {
    expect(binding(join(SAMPLES, 'clientauth-healthy'))).toMatchObject({ clientAuthTrustMode: 0 });
  });

  it('keeps the store unknown when store.json does not list it as read (an older collector)', () => {
    const dir = copySample('clientauth-issuer-store-empty', mkdtempSync(join(tmp, 'issuers-')), {
      'certificates/store.json': (text) => text.replace(/,\s*"ClientAuthIssuer"/, ''),
    });
    expect(binding(dir)).toMatchObject({ clientAuthIssuerCount: null });
  });

  it('keeps the trust mode unknown without the SCHANNEL key', () => {
    const dir = copySample(
      'clientauth-issuer-store-empty',
      mkdtempSync(join(tmp, 'issuers-')),
      { 'registry/schannel.reg': null },
      (m) => {
        const a = m.artifacts.find((x) => x.id === 'schannel.registry');
        if (a) a.status = 'skipped';
      },
    );
    expect(binding(dir)).toMatchObject({ clientAuthTrustMode: null });
  });
});

describe('facts/client-auth internalUrl', () => {
  it.each([
    ['ldap:///CN=Contoso%20Issuing%20CA,CN=CDP,CN=Public%20Key%20Services', true],
    ['http://pki/crl/ca.crl', true],
    ['http://pki.corp.contoso.local/ca.crl', true],
    ['http://10.1.2.3/ca.crl', true],
    ['http://[fd00::5]/ocsp', true],
    ['http://crl.comodoca.com/COMODOECCDomainValidationSecureServerCA.crl', false],
    ['http://r3.o.lencr.org', false],
    ['not a url', false],
  ])('%s → %s', (url, internal) => {
    expect(internalUrl(url)).toBe(internal);
  });
});
