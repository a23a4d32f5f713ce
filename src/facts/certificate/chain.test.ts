// Issuer chains through the stores and the wire, and renewals left beside a bound certificate.
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
} from '../../test-support/certificate-bundle.js';

describe('facts: certificate — chains and renewals', () => {
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

  it('takes the chain verdict of certutil -verifystore when the .cer is missing', () => {
    const f = facts({
      'manifest.json': manifest(),
      'certificates/certutil-v-store-my.txt': readFileSync(
        new URL(
          '../../parsers/certutil-store.sample.synthetic-en-verifystore-untrusted-root.txt',
          import.meta.url,
        ),
      ),
    });
    expect(f.certificates[0]).toMatchObject({
      chainStatus: 'untrusted-root',
      chainStopReason: expect.stringContaining('CERT_E_UNTRUSTEDROOT'),
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

  describe('chains through certificates sent on the wire (issue 12) and wrong paths (issue 20 #5)', () => {
    // Real loopback handshakes: scripts/make-cert-wire-captures.sh.
    const wire = (sample: string, file: string): Buffer =>
      readFileSync(new URL(`../../../samples/${sample}/capture/${file}.pcap`, import.meta.url));
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

    it('cannot tell for a leaf seen only on the wire that the collected My store does not hold', () => {
      // The judge's case: another server's leaf in a capture, next to this server's stores.
      const f = facts({
        'manifest.json': manifest(),
        'capture/a.pcap': leafOnly(),
        'httpsys/netsh-http-show-sslcert.txt': sslcert(T('server-private-root')),
        [`certificates/My/${T('server-private-root')}.cer`]: cer('server-private-root'),
        [`certificates/Root/${T('root-ca')}.cer`]: cer('root-ca'),
        [`certificates/CA/${T('private-root-ca')}.cer`]: cer('private-root-ca'),
      });
      expect(byThumb(f, 'server-good')).toMatchObject({
        chainStatus: 'unknown',
        chainIncomplete: null,
        untrustedRoot: null,
        inUse: true,
        isBound: false,
        missingIssuer: 'CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
        chainStopReason: expect.stringContaining('seen only on the wire'),
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
