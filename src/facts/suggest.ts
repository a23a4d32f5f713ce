/**
 * Fills a broken binding's `suggestedCertificateHash` from the certificate store when the bundle
 * points at exactly one certificate that could serve it: in the binding's store, with a usable
 * private key, valid at collection time, not a CA, allowed for Server Authentication, and — for
 * an SNI binding — covering its host name. With zero or several candidates the fix keeps asking
 * the engineer to choose: a wrong guess would be worse than none.
 */
import { hostCovered } from '../shared/x509-names.js';
import type { BindingEntity, CertificateEntity, IisBindingEntity } from './model.js';

/** RFC 6125 over the SAN only (the one matcher, src/shared/x509-names.ts; browsers ignore the CN). */
function covers(cert: CertificateEntity, host: string): boolean {
  return cert.sanKnown && hostCovered(host, cert.sanDns);
}

export function serverCandidates(
  binding: Pick<BindingEntity, 'suggestedStoreName' | 'hostname'>,
  certificates: readonly CertificateEntity[],
): CertificateEntity[] {
  const store = binding.suggestedStoreName.toLowerCase();
  return certificates.filter(
    (c) =>
      c.store.toLowerCase() === store &&
      (c.privateKeyState === 'usable' ||
        (c.hasPrivateKey === true && !c.privateKeyMissing && !c.privateKeyInaccessible)) &&
      c.expired !== true &&
      c.notYetValid !== true &&
      c.isCa !== true &&
      c.missingServerAuthEku !== true &&
      (binding.hostname === null || covers(c, binding.hostname)),
  );
}

export function suggestCertificates(
  bindings: BindingEntity[],
  certificates: readonly CertificateEntity[],
): void {
  for (const b of bindings) {
    if (b.suggestedCertificateHash !== null || (b.type !== 'ipport' && b.type !== 'hostnameport'))
      continue;
    const candidates = serverCandidates(b, certificates);
    if (candidates.length === 1) {
      b.suggestedCertificateHash = candidates[0]!.thumbprint;
      b.suggestedCertificateSource = 'store';
    }
  }
}

/**
 * An IIS SNI binding's suggested certificate (for its missing hostnameport entry) must cover its
 * host name: the one IIS configured or the store shows covering it, else the single usable store
 * certificate that does, else none — the certificate of another binding on the port would bind
 * "successfully" and still give browsers a name mismatch. `hostCoveredInStore` says whether the
 * store listing shows a certificate for the name (null: some SAN is unknown, or no listing).
 */
export function checkIisSuggestions(
  iisBindings: IisBindingEntity[],
  certificates: readonly CertificateEntity[],
): void {
  const my = certificates.filter((c) => c.store.toLowerCase() === 'my');
  for (const ib of iisBindings) {
    if (ib.lookup !== 'hostnameport' || ib.host === null) continue;
    const host = ib.host;
    const target = { suggestedStoreName: 'MY', hostname: host };
    const candidates = serverCandidates(target, certificates);
    ib.hostCoveredInStore = my.some((c) => covers(c, host))
      ? true
      : my.length > 0 && my.every((c) => c.sanKnown)
        ? false
        : null;
    const current = ib.suggestedCertificateHash;
    const known = current === null ? undefined : certificates.find((c) => c.thumbprint === current);
    const fits =
      current !== null &&
      (known?.sanKnown ? covers(known, host) : current === ib.configuredCertificateHash);
    if (fits) continue;
    ib.suggestedCertificateHash = candidates.length === 1 ? candidates[0]!.thumbprint : null;
  }
}
