/**
 * Installed certificates that already cover the names a bound certificate does not (judge14 M5):
 * a name-mismatch fix should offer the wildcard that is in LocalMachine\My with its key rather
 * than send the customer to buy a certificate.
 */
import { compareText } from '../../shared/evidence.js';
import { hostCovered } from '../../shared/x509-names.js';
import type { CertificateEntity } from '../model.js';
import type { Patch, View } from '../patch.js';
import { canonicalStore, SERVER_STORES } from './common.js';

type Alternative = CertificateEntity['coveringCertificates'][number];

/** A wildcard SAN entry (`*.contoso.com`) is covered only by the same entry. */
function covers(d: View<CertificateEntity>, name: string): boolean {
  const n = name.toLowerCase();
  if (n.startsWith('*.')) return d.sanDns.some((p) => p.toLowerCase() === n);
  return hostCovered(n, d.sanDns) || d.sanIp.includes(n);
}

/**
 * Usable for TLS server authentication as far as the evidence shows; anything unknown excludes
 * it, so the fix never proposes a certificate that would fail the next handshake.
 */
function usable(d: View<CertificateEntity>): boolean {
  return (
    SERVER_STORES.includes(d.store.toLowerCase()) &&
    d.sanKnown &&
    d.expired === false &&
    d.notYetValid === false &&
    d.expiresSoon === false &&
    (d.privateKeyState === 'usable' || d.privateKeyState === 'present-untested') &&
    d.serverAuthEku !== false &&
    d.missingServerAuthEku !== true &&
    d.notServerCertificate !== true &&
    d.templateNotServer !== true &&
    d.chainStatus === 'trusted' &&
    d.weakKey === false &&
    d.keySignatureOnly !== true &&
    d.isCa !== true
  );
}

function inStores(store: string, names: readonly string[]): boolean {
  const s = canonicalStore(store).toLowerCase();
  return names.every((n) => canonicalStore(n || 'My').toLowerCase() === s);
}

type Covering = 'coveringCertificates' | 'coveringNewHash' | 'coveringAllHash';

/**
 * `coveringCertificates` of every certificate with a name mismatch. Runs after chains and the
 * template marks (src/facts/index.ts). As src/facts/suggest.ts, a thumbprint is filled into the
 * fix only when exactly one certificate qualifies: with several, the engineer chooses.
 */
export function coveringAlternatives(
  entities: readonly View<CertificateEntity>[],
): Patch<CertificateEntity, Covering>[] {
  const candidates = entities.filter(usable);
  return entities.flatMap((c, at) => {
    if (c.nameMismatch !== true || c.mismatchedNames.length === 0) return [];
    // The names the port's entry serves today: what this certificate covers and clients use.
    const served = [...new Set([...c.sanDns, ...c.boundNames, ...c.wireServerNames])].filter(
      (n) => !c.mismatchedNames.includes(n),
    );
    const found: Alternative[] = [];
    for (const d of candidates) {
      if (d === c || !c.mismatchedNames.every((n) => covers(d, n))) continue;
      found.push({
        thumbprint: d.thumbprintUpper,
        subject: d.subject,
        store: d.store,
        notAfter: d.notAfter,
        coversServed: served.every((n) => covers(d, n)),
        notCovered: served.filter((n) => !covers(d, n)),
      });
    }
    // Those that also keep today's names working first, then the one valid longest.
    found.sort(
      (a, b) =>
        Number(b.coversServed) - Number(a.coversServed) ||
        compareText(b.notAfter ?? '', a.notAfter ?? ''),
    );
    // The netsh lines name the store of the entry they change: fill in only a certificate there.
    // The only one that covers everything the port's entry serves goes there, and no SNI entry is
    // added beside it; otherwise the SNI entries get the only one. One path at most is filled in,
    // so a pasted fix never does both.
    const all = found.filter((a) => a.coversServed);
    const ports = c.mismatchPortBindings.map((b) => b.storeName);
    const allHash =
      all.length === 1 && ports.length > 0 && inStores(all[0]!.store, ports)
        ? all[0]!.thumbprint
        : null;
    const sni = [...c.mismatchSniBindings, ...(allHash ? [] : c.mismatchSniAdd)].map(
      (b) => b.storeName,
    );
    const newHash =
      found.length === 1 && sni.length > 0 && inStores(found[0]!.store, sni)
        ? found[0]!.thumbprint
        : null;
    return [
      {
        at,
        set: {
          coveringCertificates: found.slice(0, 3),
          coveringNewHash: newHash,
          coveringAllHash: allHash,
        },
      },
    ];
  });
}
