/**
 * Certificate summaries for DER certificates seen on the wire, cached by SHA-1 so a certificate
 * sent on thousands of connections is parsed once. The X.509 is decoded by the same reader as the
 * .cer files (cert-file.ts `decodeCertificate`), so a certificate's subject, issuer and names read
 * the same whether it came from the store or from a capture.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { decodeCertificate } from '../cert-file.js';

export interface CertSummary {
  sha1: string;
  /** Windows order, most specific RDN first (the form every certificate source uses). */
  subject: string | null;
  issuer: string | null;
  notBefore: string | null;
  notAfter: string | null;
  serialNumber: string | null;
  /** node's text form (`DNS:a, DNS:b`), kept for the capture output. */
  subjectAltName: string | null;
  /** SAN dNSName / iPAddress entries. */
  sanDns: string[];
  sanIp: string[];
  /** The DER as base64 (one string per distinct certificate, shared by every connection that sent
   * it), so the facts can check an intermediate's signature and key ids; null when unparsable. */
  derBase64: string | null;
  error: string | null;
}

const MAX_CACHE = 2048;
const cache = new Map<string, CertSummary>();

function altName(der: Uint8Array): string | null {
  try {
    return new X509Certificate(der).subjectAltName ?? null;
  } catch {
    return null;
  }
}

/** By the kept copy itself: connections that sent the same bytes share one copy (./intern.ts),
 * so most look-ups need no hashing. */
const byCopy = new WeakMap<Uint8Array, CertSummary>();

export function summarizeCertificate(der: Uint8Array): CertSummary {
  return byCopy.get(der) ?? summarizeCopy(der);
}

/** A copy not seen before (a function of its own, called once per copy: the optimized listing
 * that calls `summarizeCertificate` then does not carry the hashing and decoding). */
function summarizeCopy(der: Uint8Array): CertSummary {
  const sha1 = createHash('sha1').update(der).digest('hex');
  const hit = cache.get(sha1);
  if (hit) {
    byCopy.set(der, hit);
    return hit;
  }
  let s: CertSummary;
  try {
    const x = decodeCertificate(der, { artifactId: 'capture.pcap', path: '' });
    s = {
      sha1,
      subject: x.subject,
      issuer: x.issuer,
      notBefore: x.notBefore,
      notAfter: x.notAfter,
      serialNumber: x.serialNumber,
      subjectAltName: altName(der),
      sanDns: x.sanDns,
      sanIp: x.sanIp,
      derBase64: x.derBase64,
      error: null,
    };
  } catch (e) {
    // A DerError for a malformed structure; anything else is still one bad certificate, not a
    // reason to lose the capture.
    s = {
      sha1,
      subject: null,
      issuer: null,
      notBefore: null,
      notAfter: null,
      serialNumber: null,
      subjectAltName: null,
      sanDns: [],
      sanIp: [],
      derBase64: null,
      error: e instanceof Error ? e.message : String(e),
    };
  }
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
  cache.set(sha1, s);
  byCopy.set(der, s);
  return s;
}
