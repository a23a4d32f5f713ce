/**
 * Names for TLS protocol numbers. Cipher suites, extensions, groups and signature schemes come
 * from the generated IANA tables (iana-names.ts); versions and alerts are short and written here
 * (RFC 8446 §6 / IANA "TLS Alerts" names). GREASE values (RFC 8701, 0x?a?a) are recognised
 * everywhere and named "GREASE (0x0a0a)".
 */
import { CIPHER_SUITES, EXTENSIONS, GROUPS, SIGNATURE_SCHEMES } from './iana-names.js';

/** RFC 8701: 0x0a0a, 0x1a1a, … 0xfafa (both bytes equal, low nibble 0xa). */
export function isGrease(v: number): boolean {
  // One compare, no `&&`: the second half of one, first run for the first GREASE value after
  // this was optimised, deoptimised it (compiled again).
  return (((v & 0xffff0f0f) ^ 0x0a0a) | (((v >> 8) ^ v) & 0xff)) === 0;
}

const hex4 = (v: number): string => '0x' + v.toString(16).padStart(4, '0');

const grease = (v: number): string => `GREASE (${hex4(v)})`;

export function versionName(v: number): string {
  switch (v) {
    case 0x0002:
      return 'SSL 2.0';
    case 0x0300:
      return 'SSL 3.0';
    case 0x0301:
      return 'TLS 1.0';
    case 0x0302:
      return 'TLS 1.1';
    case 0x0303:
      return 'TLS 1.2';
    case 0x0304:
      return 'TLS 1.3';
    case 0xfeff:
      return 'DTLS 1.0';
    case 0xfefd:
      return 'DTLS 1.2';
    case 0xfefc:
      return 'DTLS 1.3';
  }
  if (v >> 8 === 0x7f) return `TLS 1.3 (draft ${v & 0xff})`;
  if (v >> 8 === 0xfb) return `TLS 1.3 (Facebook draft ${v & 0xff})`;
  if (isGrease(v)) return grease(v);
  return hex4(v);
}

/** Orders versions by protocol age (SSL 2.0 < … < TLS 1.3 drafts < TLS 1.3). */
export function versionRank(v: number): number {
  if (v === 0x0002) return 1;
  if (v >= 0x0300 && v <= 0x0304) return 2 + (v - 0x0300) * 10;
  if (v >> 8 === 0x7f || v >> 8 === 0xfb) return 40; // TLS 1.3 drafts, below final 1.3 (42)
  return 0;
}

export function cipherSuiteName(v: number): string {
  if (isGrease(v)) return grease(v);
  return CIPHER_SUITES[v] ?? hex4(v);
}

export function extensionName(v: number): string {
  if (isGrease(v)) return grease(v);
  if (v === 0xff01) return 'renegotiation_info';
  if (v === 0xfe0d) return 'encrypted_client_hello';
  if (v === 0x3374) return 'next_protocol_negotiation';
  if (v === 17513 || v === 17613) return 'application_settings';
  return EXTENSIONS[v] ?? String(v);
}

export function groupName(v: number): string {
  if (isGrease(v)) return grease(v);
  if (v === 0x11ec) return 'X25519MLKEM768';
  if (v === 0x6399) return 'X25519Kyber768Draft00';
  return GROUPS[v] ?? hex4(v);
}

export function signatureSchemeName(v: number): string {
  if (isGrease(v)) return grease(v);
  return SIGNATURE_SCHEMES[v] ?? hex4(v);
}

const ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify',
  1: 'end_of_early_data',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
  121: 'ech_required',
};

export function alertName(v: number): string {
  return ALERTS[v] ?? `alert_${v}`;
}

/** SSL 2.0 cipher specs (3 bytes), RFC draft-hickman names; TLS suites in 0x00xxxx form. */
export function sslv2CipherSpecName(v: number): string {
  switch (v) {
    case 0x010080:
      return 'SSL2_RC4_128_WITH_MD5';
    case 0x020080:
      return 'SSL2_RC4_128_EXPORT40_WITH_MD5';
    case 0x030080:
      return 'SSL2_RC2_128_CBC_WITH_MD5';
    case 0x040080:
      return 'SSL2_RC2_128_CBC_EXPORT40_WITH_MD5';
    case 0x050080:
      return 'SSL2_IDEA_128_CBC_WITH_MD5';
    case 0x060040:
      return 'SSL2_DES_64_CBC_WITH_MD5';
    case 0x0700c0:
      return 'SSL2_DES_192_EDE3_CBC_WITH_MD5';
  }
  if (v >> 16 === 0) return cipherSuiteName(v);
  return '0x' + v.toString(16).padStart(6, '0');
}
