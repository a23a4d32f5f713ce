/**
 * The hash of a signature algorithm as certutil prints it (`sha1RSA`, `sha256ECDSA`, or the bare
 * OID when it has no name), so certutil -v / -dump text decides certificate-sha1-signature like
 * the X.509 bytes do (judge13 M2). Null for what it does not name (RSASSA-PSS: the hash is in its
 * parameters).
 */
const BY_OID: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2',
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.3.14.3.2.29': 'sha1',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10040.4.3': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

export function certutilSignatureHash(algorithm: string | null | undefined): string | null {
  if (!algorithm) return null;
  const named = /^(md2|md5|sha1|sha256|sha384|sha512)(RSA|ECDSA|DSA)$/i.exec(algorithm.trim());
  return named ? named[1]!.toLowerCase() : (BY_OID[algorithm.trim()] ?? null);
}
