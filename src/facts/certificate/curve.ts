/**
 * The named curve of an EC certificate key, in the names Schannel's curve list uses
 * (`Get-TlsEccCurve`, `Enable-TlsEccCurve -Name`, the ECC Curve Order policy): `NistP256`,
 * `NistP384`, `NistP521`, … (Microsoft Learn, "TLS Elliptic Curves in Windows 10 1607 and
 * later"). Read from the SubjectPublicKeyInfo parameters OID (X.509 bytes, a capture) or from
 * certutil's "Algorithm Parameters:"; the cert-file parser names some curves itself (`nistP384`).
 */

/** Curve OID → Schannel / CNG curve name. */
const BY_OID: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'NistP256',
  '1.3.132.0.34': 'NistP384',
  '1.3.132.0.35': 'NistP521',
  '1.2.840.10045.3.1.1': 'NistP192',
  '1.3.132.0.33': 'NistP224',
  '1.3.132.0.10': 'secP256k1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
};

/** A curve OID or a parser's name (`nistP384`) as Schannel names it; the OID itself when unknown. */
export function schannelCurveName(oidOrName: string | null | undefined): string | null {
  if (!oidOrName) return null;
  const byOid = BY_OID[oidOrName];
  if (byOid) return byOid;
  const byName = Object.values(BY_OID).find((n) => n.toLowerCase() === oidOrName.toLowerCase());
  return byName ?? oidOrName;
}

/** The key algorithm a certutil "Public Key Algorithm" OID names, as the other sources spell it. */
export function keyAlgorithmOfOid(oid: string | null | undefined): string | null {
  if (oid === '1.2.840.10045.2.1') return 'ECC';
  if (oid === '1.2.840.113549.1.1.1' || oid === '1.2.840.113549.1.1.10') return 'RSA';
  if (oid === '1.2.840.10040.4.1') return 'DSA';
  return null;
}

/** Is `curve` in `list`? Schannel compares curve names case-insensitively (`nistP521` / `NistP521`). */
export function curveListed(curve: string, list: readonly string[]): boolean {
  return list.some((c) => c.toLowerCase() === curve.toLowerCase());
}
