/**
 * A self-signed certificate in use (bound or served): clients trust it only when each of them
 * was given this very certificate, so the fix is a CA-issued one, not the server's Root store
 * (that makes only the server trust it). Names the CA-issued certificate the bundle shows
 * beside it when there is exactly one that could serve the same names; with zero or several the
 * fix asks the engineer to choose: a wrong guess would be worse than none.
 */
import { hostCovered } from '../shared/x509-names.js';
import { borrowedEvidence, caRef } from './certificate.js';
import type { CertificateEntity } from './model.js';
import type { Patch, View } from './patch.js';

/** Time-valid, usable key, not a CA, Server Authentication allowed, chain trusted, covers `names`. */
function canReplace(c: View<CertificateEntity>, store: string, names: readonly string[]): boolean {
  return (
    c.selfSigned === false &&
    c.stores.some((s) => s.toLowerCase() === store) &&
    c.expired === false &&
    c.notYetValid === false &&
    (c.privateKeyState === 'usable' || c.privateKeyState === 'present-untested') &&
    c.isCa !== true &&
    c.missingServerAuthEku !== true &&
    c.chainStatus === 'trusted' &&
    names.every((n) => c.sanKnown && hostCovered(n, c.sanDns))
  );
}

export function linkSelfSignedReplacements(
  certificates: readonly View<CertificateEntity>[],
): Patch<CertificateEntity, 'selfSignedCandidateCount' | 'selfSignedReplacement'>[] {
  return certificates.flatMap((e, at) => {
    if (e.selfSigned !== true || !e.inUse) return [];
    const names = [...new Set([...e.boundNames, ...e.wireServerNames])];
    const store = e.store.toLowerCase();
    const candidates = certificates.filter((c) => c !== e && canReplace(c, store, names));
    const only = candidates.length === 1 ? candidates[0]! : null;
    return [
      {
        at,
        set: {
          selfSignedCandidateCount: candidates.length,
          selfSignedReplacement: only ? caRef(only) : null,
        },
        evidence: only ? borrowedEvidence(only, 'CA-issued certificate') : [],
      },
    ];
  });
}
