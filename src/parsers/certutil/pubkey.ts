/**
 * The "Public Key Algorithm" section of certutil -v / -dump: an EC key's curve. certutil prints
 * "Algorithm ObjectId: 1.2.840.10045.2.1 ECC", then "Algorithm Parameters:" with the DER of the
 * curve OID as hex ("06 08 2a 86 48 ce 3d 03  01 07") and, on newer builds, its decoded line
 * ("1.2.840.10045.3.1.7 ECDSA_P256 (x962P256v1)"); RSA prints "05 00".
 */
import { oidFromHex } from '../der.js';
import type { CertutilCertificate } from './model.js';

const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Reads one trimmed line of the section into `c`; false when the line ends the section. */
export function readPublicKeyLine(c: CertutilCertificate, t: string): boolean {
  const alg = /ObjectId\s*[:：]\s*(\d+(?:\.\d+)+)/i.exec(t);
  if (alg) {
    c.publicKeyAlgorithmOid = alg[1]!;
    return true;
  }
  if (/^Algorithm Parameters\s*[:：]?/i.test(t) || /^算法参数\s*[:：]?/.test(t)) return true;
  const decoded = /^(\d+(?:\.\d+){3,})\b/.exec(t);
  if (decoded) {
    if (c.publicKeyAlgorithmOid === EC_PUBLIC_KEY) c.publicKeyCurveOid = decoded[1]!;
    return true;
  }
  if (/^(?:[0-9a-f]{2}\s+)*[0-9a-f]{2}$/i.test(t)) {
    if (c.publicKeyAlgorithmOid === EC_PUBLIC_KEY) c.publicKeyCurveOid ??= oidFromHex(t);
    return true;
  }
  return false;
}
