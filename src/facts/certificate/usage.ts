/** Usage: EKU extension and EKU property, for the certificate and its issuers. */
import type { CertutilCertificate } from '../../parsers/certutil-store.js';
import type { CertificateEntity } from '../model.js';
import { ANY_EKU, SERVER_AUTH } from './common.js';

export type UsageFacts = Pick<
  CertificateEntity,
  | 'serverAuthEku'
  | 'missingServerAuthEku'
  | 'ekuPropertyState'
  | 'ekuProperty'
  | 'serverAuthByExtension'
  | 'serverAuthByProperty'
  | 'serverAuthByIssuers'
  | 'issuersWithoutServerAuth'
  | 'serverAuthMissingIn'
  | 'verifiedAppPolicies'
>;

export const allowsServerAuth = (oids: string[]): boolean =>
  oids.some((o) => o === SERVER_AUTH || o === ANY_EKU);

/**
 * Server Authentication as the chain engine sees it for the certificate itself: the EKU extension
 * (`byExtension`, none = every purpose) AND the CERT_ENHKEY_USAGE_PROP_ID property set in its
 * Properties dialog (CertGetEnhancedKeyUsage combines both). Only certutil -v shows the property
 * (store.json's EnhancedKeyUsageList is read from X509Certificate2.Extensions: the extension only;
 * a .cer file has no properties): without it the property is `unknown`, never "absent".
 */
export function usageFacts(
  byExtension: boolean | null,
  cu: CertutilCertificate | null,
): UsageFacts {
  const state: CertificateEntity['ekuPropertyState'] =
    cu?.ekuProperty != null ? 'present' : cu?.propertiesListed ? 'absent' : 'unknown';
  const ekuProperty = cu?.ekuProperty ?? [];
  const byProperty =
    state === 'unknown' ? null : state === 'absent' ? true : allowsServerAuth(ekuProperty);
  const missingIn: CertificateEntity['serverAuthMissingIn'] = [];
  if (byExtension === false) missingIn.push('extension');
  if (byProperty === false) missingIn.push('property');
  // The chain engine on the server validated other purposes only: whatever restricts it (the
  // extension, the property or a CA), TLS server use fails with CERT_E_WRONG_USAGE.
  const verified = cu?.verifiedAppPolicies ?? null;
  if (verified !== null && verified.length > 0 && !allowsServerAuth(verified))
    missingIn.push('verifystore');
  return {
    ...combineUsage(byExtension, byProperty, true, missingIn),
    ekuPropertyState: state,
    ekuProperty,
    serverAuthByExtension: byExtension,
    serverAuthByProperty: byProperty,
    serverAuthByIssuers: null,
    issuersWithoutServerAuth: [],
    serverAuthMissingIn: missingIn,
    verifiedAppPolicies: verified,
  };
}

/** Any restriction without Server Authentication decides; else the certificate's own two must be known. */
export function combineUsage(
  byExtension: boolean | null,
  byProperty: boolean | null,
  byIssuers: boolean | null,
  missingIn: string[],
): Pick<CertificateEntity, 'serverAuthEku' | 'missingServerAuthEku'> {
  const ok =
    missingIn.length > 0
      ? false
      : byExtension === null || byProperty === null
        ? null
        : byIssuers !== false;
  return { serverAuthEku: ok, missingServerAuthEku: ok === null ? null : !ok };
}

/**
 * The CA certificates of each built chain restrict the leaf: an intermediate (or root) whose EKU
 * lacks Server Authentication makes the chain fail with CERT_E_WRONG_USAGE for a TLS server even
 * when the leaf has it. Judged on the CAs the bundle holds (their extension, and their property
 * where certutil -v shows it); a chain not built to a root leaves `serverAuthByIssuers` null (the
 * chain rules report the missing issuer) without making the leaf's own verdict unknown.
 */
export function issuerUsage(entities: CertificateEntity[]): void {
  const byThumb = new Map(entities.map((c) => [c.thumbprint, c]));
  for (const e of entities) {
    const cas = e.chain.slice(1).map((n) => byThumb.get(n.thumbprint));
    const lacking = cas.filter(
      (c): c is CertificateEntity =>
        c !== undefined && (c.serverAuthByExtension === false || c.serverAuthByProperty === false),
    );
    const unknown = cas.some((c) => c === undefined || c.serverAuthByExtension === null);
    const built = e.chainStatus === 'trusted' || e.chainStatus === 'untrusted-root';
    e.issuersWithoutServerAuth = lacking.map((c) => {
      const where = [
        c.serverAuthByExtension === false ? `EKU ${c.eku.join(' ') || '(none)'}` : '',
        c.serverAuthByProperty === false
          ? `EKU property ${c.ekuProperty.join(' ') || '(all purposes disabled)'}`
          : '',
      ]
        .filter(Boolean)
        .join('; ');
      return `${c.subject ?? c.thumbprint} (${c.thumbprintUpper}): ${where}`;
    });
    e.serverAuthByIssuers =
      lacking.length > 0 ? false : e.chain.length === 0 || unknown || !built ? null : true;
    if (lacking.length > 0 && !e.serverAuthMissingIn.includes('issuer'))
      e.serverAuthMissingIn.push('issuer');
    Object.assign(
      e,
      combineUsage(
        e.serverAuthByExtension,
        e.serverAuthByProperty,
        e.serverAuthByIssuers,
        e.serverAuthMissingIn,
      ),
    );
    for (const c of lacking)
      e.evidence.push(
        ...c.evidence.slice(0, 1).map((x) => ({
          ...x,
          label: `issuing CA without Server Authentication: ${x.label ?? ''}`.trim(),
        })),
      );
  }
}
