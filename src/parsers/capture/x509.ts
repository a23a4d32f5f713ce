/**
 * Certificate summaries for DER certificates seen on the wire (node:crypto X509Certificate),
 * cached by SHA-1 so a certificate sent on thousands of connections is parsed once.
 */
import { X509Certificate, createHash } from 'node:crypto';

export interface CertSummary {
  sha1: string;
  subject: string | null;
  issuer: string | null;
  notBefore: string | null;
  notAfter: string | null;
  serialNumber: string | null;
  subjectAltName: string | null;
  error: string | null;
}

const MAX_CACHE = 2048;
const cache = new Map<string, CertSummary>();

/** "CN=a\nO=b" (node's multi-line form) → "CN=a, O=b". */
const oneLine = (dn: string): string =>
  dn
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(', ');

const iso = (s: string): string | null => {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

export function summarizeCertificate(der: Uint8Array): CertSummary {
  const sha1 = createHash('sha1').update(der).digest('hex');
  const hit = cache.get(sha1);
  if (hit) return hit;
  let s: CertSummary;
  try {
    const x = new X509Certificate(der);
    s = {
      sha1,
      subject: oneLine(x.subject),
      issuer: oneLine(x.issuer),
      notBefore: iso(x.validFrom),
      notAfter: iso(x.validTo),
      serialNumber: x.serialNumber.toLowerCase(),
      subjectAltName: x.subjectAltName ?? null,
      error: null,
    };
  } catch (e) {
    s = {
      sha1,
      subject: null,
      issuer: null,
      notBefore: null,
      notAfter: null,
      serialNumber: null,
      subjectAltName: null,
      error: e instanceof Error ? e.message : String(e),
    };
  }
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
  cache.set(sha1, s);
  return s;
}
