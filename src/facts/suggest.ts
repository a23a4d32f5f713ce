/**
 * Fills a broken binding's `suggestedCertificateHash` from the certificate store when the bundle
 * points at exactly one certificate that could serve it: in the binding's store, with a usable
 * private key, valid at collection time, not a CA, allowed for Server Authentication, and — for
 * an SNI binding — covering its host name. With zero or several candidates the fix keeps asking
 * the engineer to choose: a wrong guess would be worse than none.
 */
import { hostCovered } from '../shared/x509-names.js';
import type { BindingEntity, CertificateEntity } from './model.js';

/** RFC 6125 over the SAN only (the one matcher, src/shared/x509-names.ts; browsers ignore the CN). */
function covers(cert: CertificateEntity, host: string): boolean {
  return cert.sanKnown && hostCovered(host, cert.sanDns);
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
