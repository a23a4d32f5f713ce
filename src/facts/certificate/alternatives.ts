/**
 * Installed certificates that already cover the names a bound certificate does not (judge14 M5):
 * a name-mismatch fix should offer the wildcard that is in LocalMachine\My with its key rather
 * than send the customer to buy a certificate.
 */
import { compareText } from '../../shared/evidence.js';
import { hostCovered } from '../../shared/x509-names.js';
import type { CertificateEntity } from '../model.js';
import { canonicalStore, SERVER_STORES } from './common.js';

type Alternative = CertificateEntity['coveringCertificates'][number];

/** A wildcard SAN entry (`*.contoso.com`) is covered only by the same entry. */
function covers(d: CertificateEntity, name: string): boolean {
  const n = name.toLowerCase();
  if (n.startsWith('*.')) return d.sanDns.some((p) => p.toLowerCase() === n);
  return hostCovered(n, d.sanDns) || d.sanIp.includes(n);
}

/**
 * Usable for TLS server authentication as far as the evidence shows; anything unknown excludes
 * it, so the fix never proposes a certificate that would fail the next handshake.
 */
function usable(d: CertificateEntity): boolean {
  return (
    SERVER_STORES.includes(d.store.toLowerCase()) &&
    d.sanKnown &&
    d.expired === false &&
    d.notYetValid === false &&
    d.expiresSoon === false &&
    (d.privateKeyState === 'usable' || d.privateKeyState === 'present-untested') &&
    d.serverAuthEku !== false &&
    d.missingServerAuthEku !== true &&
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

/** Sets `coveringCertificates` on every certificate with a name mismatch (after chains are built). */
export function coveringAlternatives(entities: readonly CertificateEntity[]): void {
  const candidates = entities.filter(usable);
  for (const c of entities) {
    c.coveringCertificates = [];
    c.coveringNewHash = null;
    c.coveringAllHash = null;
    if (c.nameMismatch !== true || c.mismatchedNames.length === 0) continue;
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
    c.coveringCertificates = found.slice(0, 3);
    // The netsh lines name the store of the entry they change: fill in only a certificate there.
    // One that covers everything the port's entry serves goes there, and no SNI entry is added
    // beside it; otherwise the SNI entries get the best one. Only one path is filled in, so a
    // pasted fix never does both.
    const all = found.find((a) => a.coversServed);
    const ports = c.mismatchPortBindings.map((b) => b.storeName);
    if (all && ports.length > 0 && inStores(all.store, ports)) c.coveringAllHash = all.thumbprint;
    const sni = [...c.mismatchSniBindings, ...(c.coveringAllHash ? [] : c.mismatchSniAdd)];
    const first = found[0];
    if (
      first &&
      sni.length > 0 &&
      inStores(
        first.store,
        sni.map((b) => b.storeName),
      )
    )
      c.coveringNewHash = first.thumbprint;
  }
}
