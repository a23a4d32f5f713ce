/** What a TLS alert (and the protocol rank) means for a failed handshake: version, certificate or neither. */
import { PROTOCOL_RANK } from '../protocol-policy.js';

export const rank = (v: string | null | undefined): number => (v ? (PROTOCOL_RANK[v] ?? 0) : 0);

/** Alerts that mean "the version": protocol_version (70), inappropriate_fallback (86). */
export const VERSION_ALERTS = new Set(['protocol_version', 'inappropriate_fallback']);

/** The client's certificate alerts → the certificate problem each most likely means. */
export const CERTIFICATE_ALERTS: Readonly<Record<string, string>> = {
  unknown_ca: 'chain-trust',
  bad_certificate: 'name-usage-chain',
  certificate_unknown: 'name-usage-chain',
  unsupported_certificate: 'name-usage-chain',
  certificate_expired: 'validity',
  certificate_revoked: 'revocation',
  access_denied: 'access',
};

/** Certificate rules that find each likely cause in the server's own evidence. */
export const CAUSE_RULES: Readonly<Record<string, string[]>> = {
  'chain-trust': ['certificate-untrusted-root', 'certificate-chain-incomplete'],
  'name-usage-chain': [
    'certificate-name-mismatch',
    'certificate-missing-server-auth-eku',
    'certificate-chain-incomplete',
    'certificate-untrusted-root',
  ],
  validity: ['certificate-expired', 'certificate-not-yet-valid'],
  revocation: [],
  access: [],
};

/**
 * The alerts a client sends for a host name its certificate does not cover (bad_certificate 42,
 * certificate_unknown 46; Schannel and browsers). unknown_ca (48) is about trust, not the name.
 */
export const NAME_ALERTS: ReadonlySet<string> = new Set(['bad_certificate', 'certificate_unknown']);

/** Subject = issuer: the leaf the server sent is self-signed; null when the capture shows neither. */
export function selfSigned(
  c: { wireCertificateSubject: string | null; wireCertificateIssuer: string | null } | null,
): boolean | null {
  const subject = c?.wireCertificateSubject?.trim().toLowerCase();
  const issuer = c?.wireCertificateIssuer?.trim().toLowerCase();
  return subject && issuer ? subject === issuer : null;
}

/** Alert descriptions 40–49 (handshake_failure … access_denied) never mean a version problem. */
export const NOT_VERSION_ALERTS = new Set([
  'handshake_failure',
  'no_certificate',
  'bad_certificate',
  'unsupported_certificate',
  'certificate_revoked',
  'certificate_expired',
  'certificate_unknown',
  'illegal_parameter',
  'unknown_ca',
  'access_denied',
]);
