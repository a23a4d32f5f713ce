/**
 * What a client's cipher-suite offer has in common (judge9 k08): when a server answers the
 * ClientHello with handshake_failure and no ServerHello, the engineer compares the offer with
 * the server's list; naming its shape ("only CBC", "only RSA key exchange") says where to look.
 * Suites are the IANA names the capture parser gives; signalling values are left out.
 */
import { isTls13Suite } from '../cipher-suites.js';

/** Offered suites listed in a finding; the rest are counted. */
export const MAX_OFFERED = 40;

const SIGNALLING = /^GREASE|^TLS_EMPTY_RENEGOTIATION_INFO_SCSV$|^TLS_FALLBACK_SCSV$/;

export function realSuites(offered: readonly string[]): string[] {
  return offered.filter((s) => !SIGNALLING.test(s));
}

/** Codes the fix templates word: `no-tls13`, `cbc-only`, `rsa-kx-only`, `dhe-only`,
 * `ecdsa-only`, `rsa-auth-only`, `legacy-cipher-only`. Only traits every suite shares. */
export function offerTraits(offered: readonly string[]): string[] {
  const s = realSuites(offered);
  if (s.length === 0) return [];
  const tls12 = s.filter((x) => !isTls13Suite(x));
  const all = (re: RegExp) => tls12.length > 0 && tls12.every((x) => re.test(x));
  const traits: string[] = [];
  if (tls12.length === s.length) traits.push('no-tls13');
  if (tls12.length === s.length) {
    if (all(/_CBC_/)) traits.push('cbc-only');
    if (all(/^TLS_RSA_WITH_/)) traits.push('rsa-kx-only');
    if (all(/^TLS_DHE_/)) traits.push('dhe-only');
    if (all(/_ECDSA_/)) traits.push('ecdsa-only');
    else if (all(/^TLS_(?:RSA|ECDHE_RSA|DHE_RSA)_/)) traits.push('rsa-auth-only');
    if (all(/_RC4_|_3DES_|_DES_|_DES40_|_NULL_|_EXPORT/)) traits.push('legacy-cipher-only');
  }
  return traits;
}
