/**
 * Decoding tables for what Schannel and CAPI2 events carry: HRESULT error codes (NTE_*, SEC_E_*,
 * CERT_E_*, CRYPT_E_*, TRUST_E_*), TLS alert numbers and Schannel event ids. Shared because facts
 * decode with them and the report shows the names.
 *
 * Sources: winerror.h values as documented on learn.microsoft.com (COM error codes, "Schannel error
 * codes for TLS and SSL alerts", CERT_CHAIN_POLICY_STATUS); the IANA "TLS Alerts" registry (RFC 8446
 * §6, RFC 5246 §7.2, RFC 9147, RFC 8449-era additions); the Schannel event list of current builds
 * (event text reproduced in detection references; older builds numbered a few events differently,
 * e.g. 36872 was "no suitable default server credential").
 */

export interface CodeInfo {
  name: string;
  meaning: string;
}

/** HRESULTs seen in Schannel (36870 ErrorCode) and CAPI2 (Result) events; key `0x` + 8 lower-case hex digits. */
export const HRESULTS: Readonly<Record<string, CodeInfo>> = {
  // NTE_*: cryptographic provider (CSP / KSP) errors.
  '0x80090001': { name: 'NTE_BAD_UID', meaning: 'Bad UID.' },
  '0x80090002': { name: 'NTE_BAD_HASH', meaning: 'Bad hash.' },
  '0x80090003': { name: 'NTE_BAD_KEY', meaning: 'Bad key.' },
  '0x80090004': { name: 'NTE_BAD_LEN', meaning: 'Bad length.' },
  '0x80090005': { name: 'NTE_BAD_DATA', meaning: 'Bad data.' },
  '0x80090006': { name: 'NTE_BAD_SIGNATURE', meaning: 'Invalid signature.' },
  '0x80090008': { name: 'NTE_BAD_ALGID', meaning: 'Invalid algorithm specified.' },
  '0x80090009': { name: 'NTE_BAD_FLAGS', meaning: 'Invalid flags specified.' },
  '0x8009000b': {
    name: 'NTE_BAD_KEY_STATE',
    meaning: 'Key not valid for use in specified state.',
  },
  '0x8009000d': { name: 'NTE_NO_KEY', meaning: 'Key does not exist.' },
  '0x8009000f': { name: 'NTE_EXISTS', meaning: 'Object already exists.' },
  '0x80090010': { name: 'NTE_PERM', meaning: 'Access denied.' },
  '0x80090014': { name: 'NTE_BAD_PROV_TYPE', meaning: 'Invalid provider type specified.' },
  '0x80090016': {
    name: 'NTE_BAD_KEYSET',
    meaning:
      'Keyset does not exist: the certificate names a private key that cannot be opened (key file permissions in MachineKeys / Keys, or the key file is missing).',
  },
  '0x80090017': { name: 'NTE_PROV_TYPE_NOT_DEF', meaning: 'Provider type not defined.' },
  '0x80090019': { name: 'NTE_KEYSET_NOT_DEF', meaning: 'The keyset is not defined.' },
  '0x8009001a': {
    name: 'NTE_KEYSET_ENTRY_BAD',
    meaning: 'Keyset as registered is invalid: the private key or its certificate link is corrupt.',
  },
  '0x8009001d': {
    name: 'NTE_PROVIDER_DLL_FAIL',
    meaning: 'Provider DLL failed to initialize correctly.',
  },
  '0x8009001f': { name: 'NTE_BAD_KEYSET_PARAM', meaning: 'The keyset parameter is invalid.' },
  '0x80090020': { name: 'NTE_FAIL', meaning: 'An internal error occurred.' },
  '0x80090027': { name: 'NTE_INVALID_PARAMETER', meaning: 'The parameter is incorrect.' },
  '0x80090029': { name: 'NTE_NOT_SUPPORTED', meaning: 'The requested operation is not supported.' },
  '0x80090030': {
    name: 'NTE_DEVICE_NOT_READY',
    meaning: 'The device that is required by this cryptographic provider is not ready for use.',
  },
  // SEC_E_*: SSPI / Schannel errors.
  '0x80090300': {
    name: 'SEC_E_INSUFFICIENT_MEMORY',
    meaning: 'Not enough memory is available to complete this request.',
  },
  '0x80090301': { name: 'SEC_E_INVALID_HANDLE', meaning: 'The handle specified is invalid.' },
  '0x80090302': {
    name: 'SEC_E_UNSUPPORTED_FUNCTION',
    meaning: 'The function requested is not supported (TLS alert 70, protocol_version).',
  },
  '0x80090304': {
    name: 'SEC_E_INTERNAL_ERROR',
    meaning: 'The Local Security Authority cannot be contacted (internal error).',
  },
  '0x80090305': {
    name: 'SEC_E_SECPKG_NOT_FOUND',
    meaning: 'The requested security package does not exist.',
  },
  '0x80090308': {
    name: 'SEC_E_INVALID_TOKEN',
    meaning: 'The token supplied to the function is invalid.',
  },
  '0x8009030c': {
    name: 'SEC_E_LOGON_DENIED',
    meaning: 'The logon attempt failed (TLS alert 49, access_denied).',
  },
  '0x8009030d': {
    name: 'SEC_E_UNKNOWN_CREDENTIALS',
    meaning:
      "The credentials supplied to the package were not recognized: in 36870 the certificate's key set is broken or unusable (imported without its key, a partial or non-exportable import, a lost link to the key); check with certutil -verifystore and re-import the .pfx.",
  },
  '0x8009030e': {
    name: 'SEC_E_NO_CREDENTIALS',
    meaning: 'No credentials are available in the security package.',
  },
  '0x8009030f': {
    name: 'SEC_E_MESSAGE_ALTERED',
    meaning: 'The message or signature supplied for verification has been altered (TLS alert 20).',
  },
  '0x80090311': {
    name: 'SEC_E_NO_AUTHENTICATING_AUTHORITY',
    meaning: 'No authority could be contacted for authentication.',
  },
  '0x80090318': {
    name: 'SEC_E_INCOMPLETE_MESSAGE',
    meaning: 'The supplied message is incomplete.',
  },
  '0x80090320': {
    name: 'SEC_E_INCOMPLETE_CREDENTIALS',
    meaning: 'The credentials supplied were not complete and could not be verified.',
  },
  '0x80090321': {
    name: 'SEC_E_BUFFER_TOO_SMALL',
    meaning: 'The buffers supplied to a function was too small.',
  },
  '0x80090322': {
    name: 'SEC_E_WRONG_PRINCIPAL',
    meaning: 'The target principal name is incorrect.',
  },
  '0x80090325': {
    name: 'SEC_E_UNTRUSTED_ROOT',
    meaning: 'The certificate chain was issued by an authority that is not trusted (TLS alert 48).',
  },
  '0x80090326': {
    name: 'SEC_E_ILLEGAL_MESSAGE',
    meaning: 'The message received was unexpected or badly formatted (TLS alerts 10, 40, 50).',
  },
  '0x80090327': {
    name: 'SEC_E_CERT_UNKNOWN',
    meaning: 'An unknown error occurred while processing the certificate (TLS alerts 42, 43, 46).',
  },
  '0x80090328': {
    name: 'SEC_E_CERT_EXPIRED',
    meaning: 'The received certificate has expired (TLS alert 45).',
  },
  '0x80090329': {
    name: 'SEC_E_ENCRYPT_FAILURE',
    meaning: 'The specified data could not be encrypted.',
  },
  '0x80090330': {
    name: 'SEC_E_DECRYPT_FAILURE',
    meaning: 'The specified data could not be decrypted (TLS alert 51).',
  },
  '0x80090331': {
    name: 'SEC_E_ALGORITHM_MISMATCH',
    meaning:
      'The client and server cannot communicate, because they do not possess a common algorithm (TLS alert 71).',
  },
  '0x80090349': {
    name: 'SEC_E_CERT_WRONG_USAGE',
    meaning: 'The certificate is not valid for the requested usage.',
  },
  '0x80090350': {
    name: 'SEC_E_DOWNGRADE_DETECTED',
    meaning:
      'The system cannot contact a domain controller to service the authentication request (downgrade detected).',
  },
  '0x80090367': {
    name: 'SEC_E_APPLICATION_PROTOCOL_MISMATCH',
    meaning: 'No common application protocol exists between the client and the server (ALPN).',
  },
  // CERT_E_* / TRUST_E_* / CRYPT_E_*: chain building and policy (CAPI2 Result).
  '0x800b0100': {
    name: 'TRUST_E_NOSIGNATURE',
    meaning: 'No signature was present in the subject.',
  },
  '0x800b0101': {
    name: 'CERT_E_EXPIRED',
    meaning: 'A required certificate is not within its validity period.',
  },
  '0x800b0102': {
    name: 'CERT_E_VALIDITYPERIODNESTING',
    meaning: 'The validity periods of the certification chain do not nest correctly.',
  },
  '0x800b0103': {
    name: 'CERT_E_ROLE',
    meaning:
      'A certificate that can only be used as an end-entity is being used as a CA or vice versa.',
  },
  '0x800b0104': {
    name: 'CERT_E_PATHLENCONST',
    meaning: 'A path length constraint in the certification chain has been violated.',
  },
  '0x800b0105': {
    name: 'CERT_E_CRITICAL',
    meaning: 'A certificate contains an unknown extension that is marked critical.',
  },
  '0x800b0106': {
    name: 'CERT_E_PURPOSE',
    meaning: 'A certificate is being used for a purpose other than the ones specified by its CA.',
  },
  '0x800b0107': {
    name: 'CERT_E_ISSUERCHAINING',
    meaning: 'A parent of a given certificate did not issue that child certificate.',
  },
  '0x800b0108': {
    name: 'CERT_E_MALFORMED',
    meaning: 'A certificate is missing or has an empty value for an important field.',
  },
  '0x800b0109': {
    name: 'CERT_E_UNTRUSTEDROOT',
    meaning:
      'A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.',
  },
  '0x800b010a': {
    name: 'CERT_E_CHAINING',
    meaning: 'A certificate chain could not be built to a trusted root authority.',
  },
  '0x800b010b': { name: 'TRUST_E_FAIL', meaning: 'Generic trust failure.' },
  '0x800b010c': {
    name: 'CERT_E_REVOKED',
    meaning: 'A certificate was explicitly revoked by its issuer.',
  },
  '0x800b010d': {
    name: 'CERT_E_UNTRUSTEDTESTROOT',
    meaning: 'The certification path terminates with the test root which is not trusted.',
  },
  '0x800b010e': {
    name: 'CERT_E_REVOCATION_FAILURE',
    meaning: 'The revocation process could not continue: the certificate(s) could not be checked.',
  },
  '0x800b010f': {
    name: 'CERT_E_CN_NO_MATCH',
    meaning: "The certificate's CN name does not match the passed value.",
  },
  '0x800b0110': {
    name: 'CERT_E_WRONG_USAGE',
    meaning:
      'The certificate is not valid for the requested usage (e.g. Server Authentication is not among its purposes).',
  },
  '0x800b0111': {
    name: 'TRUST_E_EXPLICIT_DISTRUST',
    meaning: 'The certificate was explicitly marked as untrusted by the user.',
  },
  '0x800b0112': {
    name: 'CERT_E_UNTRUSTEDCA',
    meaning:
      'A certification chain processed correctly, but one of the CA certificates is not trusted by the policy provider.',
  },
  '0x800b0113': { name: 'CERT_E_INVALID_POLICY', meaning: 'The certificate has invalid policy.' },
  '0x800b0114': {
    name: 'CERT_E_INVALID_NAME',
    meaning:
      'The certificate has an invalid name (not in the permitted list, or explicitly excluded).',
  },
  '0x80092004': { name: 'CRYPT_E_NOT_FOUND', meaning: 'Cannot find object or property.' },
  '0x80092010': { name: 'CRYPT_E_REVOKED', meaning: 'The certificate is revoked (TLS alert 44).' },
  '0x80092012': {
    name: 'CRYPT_E_NO_REVOCATION_CHECK',
    meaning: 'The revocation function was unable to check revocation for the certificate.',
  },
  '0x80092013': {
    name: 'CRYPT_E_REVOCATION_OFFLINE',
    meaning:
      'The revocation function was unable to check revocation because the revocation server was offline.',
  },
  '0x80096004': {
    name: 'TRUST_E_CERT_SIGNATURE',
    meaning: 'The signature of the certificate cannot be verified.',
  },
  '0x80096019': {
    name: 'TRUST_E_BASIC_CONSTRAINTS',
    meaning: "A certificate's basic constraint extension has not been observed.",
  },
};

/**
 * Normalises an error code as events write it (`0x8009030d`, `0x8009030D`, `8009030D` in CAPI2
 * Result, `-2146762480` in some tools) to `0x` + 8 lower-case hex digits; null if it is none.
 */
export function normalizeHresult(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const t = raw.trim();
  let n: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^[0-9a-f]{8}$/i.test(t)) n = parseInt(t, 16);
  else if (/^-\d{1,10}$/.test(t)) n = Number(t) >>> 0;
  else if (/^\d{1,10}$/.test(t) && Number(t) <= 0xffffffff) n = Number(t);
  else return null;
  if (!Number.isFinite(n) || n === 0) return n === 0 ? '0x00000000' : null;
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

export function hresultInfo(code: string | null): CodeInfo | null {
  return code !== null ? (HRESULTS[code] ?? null) : null;
}

/** TLS alert descriptions (IANA TLS Alerts registry); `_RESERVED` ones are no longer sent by TLS 1.3. */
export const TLS_ALERTS: Readonly<Record<number, CodeInfo>> = {
  0: {
    name: 'close_notify',
    meaning: 'The sender will not send any more messages on this connection.',
  },
  10: { name: 'unexpected_message', meaning: 'An inappropriate message was received.' },
  20: {
    name: 'bad_record_mac',
    meaning: 'A record could not be deprotected (MAC / AEAD failure).',
  },
  21: {
    name: 'decryption_failed_RESERVED',
    meaning: 'Decryption failed (SSL 3.0 / TLS 1.0 only).',
  },
  22: { name: 'record_overflow', meaning: 'A record was longer than allowed.' },
  30: {
    name: 'decompression_failure_RESERVED',
    meaning: 'Decompression failed (TLS 1.2 and older).',
  },
  40: {
    name: 'handshake_failure',
    meaning:
      'No acceptable set of security parameters (protocol, cipher suite, group, signature algorithm) could be negotiated.',
  },
  41: { name: 'no_certificate_RESERVED', meaning: 'No certificate (SSL 3.0 only).' },
  42: {
    name: 'bad_certificate',
    meaning: 'A certificate was corrupt or its signature did not verify.',
  },
  43: { name: 'unsupported_certificate', meaning: 'A certificate was of an unsupported type.' },
  44: { name: 'certificate_revoked', meaning: 'A certificate was revoked by its signer.' },
  45: {
    name: 'certificate_expired',
    meaning: 'A certificate has expired or is not currently valid.',
  },
  46: {
    name: 'certificate_unknown',
    meaning:
      'Some other issue arose in processing the certificate (often an untrusted or mismatched certificate).',
  },
  47: {
    name: 'illegal_parameter',
    meaning: 'A field in the handshake was incorrect or inconsistent.',
  },
  48: { name: 'unknown_ca', meaning: 'The certificate chain did not end in a trusted CA.' },
  49: {
    name: 'access_denied',
    meaning: 'A valid certificate or PSK was received but access control denied the handshake.',
  },
  50: { name: 'decode_error', meaning: 'A message could not be decoded.' },
  51: {
    name: 'decrypt_error',
    meaning: 'A handshake cryptographic operation failed (signature or Finished verification).',
  },
  52: { name: 'too_many_cids_requested', meaning: 'Too many connection IDs requested (DTLS 1.3).' },
  60: { name: 'export_restriction_RESERVED', meaning: 'Export restriction (TLS 1.0 only).' },
  70: {
    name: 'protocol_version',
    meaning:
      'The protocol version the peer offered is recognised but not supported (a version disabled on one side).',
  },
  71: {
    name: 'insufficient_security',
    meaning:
      'The server requires parameters more secure than those the client supports (cipher suites).',
  },
  80: {
    name: 'internal_error',
    meaning: 'An internal error unrelated to the peer made the handshake impossible.',
  },
  86: {
    name: 'inappropriate_fallback',
    meaning: 'A fallback to a lower version was refused (TLS_FALLBACK_SCSV).',
  },
  90: {
    name: 'user_canceled',
    meaning: 'The handshake was cancelled for a reason unrelated to a protocol failure.',
  },
  100: { name: 'no_renegotiation_RESERVED', meaning: 'Renegotiation refused (TLS 1.2 and older).' },
  109: { name: 'missing_extension', meaning: 'A mandatory extension was missing.' },
  110: {
    name: 'unsupported_extension',
    meaning: 'An extension was sent that the peer did not offer or does not allow here.',
  },
  111: {
    name: 'certificate_unobtainable_RESERVED',
    meaning: 'A certificate could not be obtained from a URL (RFC 6066).',
  },
  112: {
    name: 'unrecognized_name',
    meaning: 'No server is known by the name the client sent in SNI.',
  },
  113: {
    name: 'bad_certificate_status_response',
    meaning: 'An invalid or unacceptable OCSP response was provided.',
  },
  114: {
    name: 'bad_certificate_hash_value_RESERVED',
    meaning: 'A certificate hash did not match (RFC 6066).',
  },
  115: { name: 'unknown_psk_identity', meaning: 'No acceptable PSK identity was offered.' },
  116: {
    name: 'certificate_required',
    meaning: 'A client certificate is required but none was provided.',
  },
  120: {
    name: 'no_application_protocol',
    meaning: 'No application protocol offered by the client (ALPN) is supported by the server.',
  },
  121: {
    name: 'ech_required',
    meaning: 'The client requires Encrypted Client Hello and the server did not accept it.',
  },
};

export function alertInfo(alert: number | null): CodeInfo | null {
  return alert !== null ? (TLS_ALERTS[alert] ?? null) : null;
}

/** Schannel event ids (System log, provider Schannel) of current builds. */
export const SCHANNEL_EVENTS: Readonly<Record<number, string>> = {
  36864: 'The Schannel security package has loaded successfully.',
  36865: 'A fatal error occurred while opening the system cryptographic module.',
  36866: 'The Schannel security package has failed to load.',
  36867: 'Creating a TLS credential.',
  36868: "The TLS credential's private key has the following properties.",
  36869:
    "The TLS credential's certificate does not have a private key information property attached to it.",
  36870: 'A fatal error occurred when attempting to access the TLS credential private key.',
  36871: 'A fatal error occurred while creating a TLS credential.',
  36872:
    "The TLS specified certificate's chain could not be retrieved (older builds: no suitable default server credential).",
  36873: 'No supported cipher suites were found when initiating a TLS connection.',
  36874:
    'A TLS connection request was received from a remote client, but none of the cipher suites supported by the client are supported by the server.',
  36875:
    'The remote server has requested TLS client authentication, but no suitable client certificate could be found.',
  36876: 'The certificate received from the remote server has not validated correctly.',
  36877: 'The certificate received from the remote client application has not validated correctly.',
  36878:
    'The certificate received from the remote client application is not suitable for direct mapping.',
  36879: 'The certificate received from the remote client application was not successfully mapped.',
  36880: 'A TLS handshake completed successfully.',
  36881: 'The certificate received from the remote server has either expired or is not yet valid.',
  36882:
    'The certificate received from the remote server was issued by an untrusted certificate authority.',
  36883: 'The certificate received from the remote server has been revoked.',
  36884: 'The certificate received from the remote server does not contain the expected name.',
  36885:
    'The list of trusted certificate authorities this server sends for client authentication is too long.',
  36886: 'No suitable default server credential exists on this system.',
  36887: 'A fatal alert was received from the remote endpoint.',
  36888: 'A fatal alert was generated and sent to the remote endpoint.',
};

/** Schannel internal error states with a known meaning (most are undocumented). */
export const SCHANNEL_ERROR_STATES: Readonly<Record<number, string>> = {
  10013:
    'No protocol or cipher suite can be used for the credential: every allowed protocol or suite is disabled by policy (SCHANNEL Protocols, cipher-suite order, FIPS mode) or missing on this build.',
};

/** CAPI2 Operational event ids a chain error is read from. */
export const CAPI2_EVENTS: Readonly<Record<number, string>> = {
  11: 'Build Chain (CertGetCertificateChain)',
  30: 'Verify Chain Policy (CertVerifyCertificateChainPolicy)',
  40: 'Verify Revocation',
  41: 'Verify Revocation',
  53: 'Retrieve Object from Network',
  90: 'X509 Objects',
};
