/**
 * Fills a broken binding's `suggestedCertificateHash` from the certificate store when the bundle
 * points at exactly one certificate that could serve it: in the binding's store, with a usable
 * private key, valid at collection time, not a CA, allowed for Server Authentication, and — for
 * an SNI binding — covering its host name. With zero or several candidates the fix keeps asking
 * the engineer to choose: a wrong guess would be worse than none.
 */
import type { BindingEntity, CertificateEntity } from './model.js';

function covers(cert: CertificateEntity, host: string): boolean {
  const h = host.toLowerCase();
  return [
    ...cert.sanDns,
    ...(cert.sanDns.length === 0 && cert.subjectCommonName ? [cert.subjectCommonName] : []),
  ].some((n) => {
    const name = n.toLowerCase();
    if (name === h) return true;
    // RFC 6125: a wildcard only in the left-most label, matching exactly one label.
    return (
      name.startsWith('*.') &&
      h.endsWith(name.slice(1)) &&
      !h.slice(0, -name.length + 1).includes('.')
    );
  });
}

export function serverCandidates(
  binding: BindingEntity,
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
