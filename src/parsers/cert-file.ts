/**
 * Public certificate files: `certificates/<store>/<thumbprint>.cer` as the collector writes them
 * (`Export-Certificate -Type CERT`, DER), and what customers attach by hand: PEM
 * (`-----BEGIN CERTIFICATE-----`, one or more blocks, LF or CRLF, UTF-8 or UTF-16 with BOM, the
 * output of `certutil -encode`) or bare base64 without header lines.
 *
 * The X.509 structure is walked with the bounds-checked DER reader in der.ts (pure TypeScript);
 * node:crypto hashes the DER for the thumbprint (SHA-1 — what Windows calls the thumbprint and
 * HTTP.sys stores as the certificate hash) and SHA-256. Fields extracted: serial, subject and
 * issuer (printed in the Windows order, most specific RDN first: `CN=www.contoso.com, O=Contoso, C=US`),
 * validity (ISO UTC), signature algorithm (OID, Windows name like `sha256RSA`, hash), public key
 * (algorithm, size in bits, curve), extensions: EKU OIDs (null when the extension is absent =
 * any purpose), SAN dNSName / iPAddress, key usage, basic constraints, SKI, AKI keyIdentifier.
 *
 * Issues: `empty-input`, `limit-exceeded` (file over 1 MiB), `not-a-certificate` (no DER, PEM or
 * base64 certificate found), `invalid-value` (a DER structure error; the certificate is skipped),
 * `thumbprint-mismatch` (the file name's thumbprint is not the SHA-1 of its content),
 * `unsupported-variant` (an extension that could not be decoded; the rest is kept), `invalid-value`
 * also for a SAN dNSName with a NUL / control character (null-prefix attack; kept escaped).
 */
import { createHash } from 'node:crypto';
import type { EvidenceRef } from '../shared/evidence.js';
import {
  privateKeyBlocks,
  privateKeyIssues,
  type PrivateKeyIssueCode,
} from '../artifacts/private-keys.js';
import {
  ParseError,
  issue,
  type BinaryInput,
  type BinaryParser,
  type ParseIssue,
} from '../shared/parse.js';
import {
  DerError,
  TAG,
  children,
  content,
  expectTag,
  hex,
  integerHex,
  oid,
  raw,
  readNode,
  smallInteger,
  string,
  time,
  type DerNode,
} from './der.js';
import { asText } from './cert-file.sniff.js';
import { certFileRecognizer } from './sniffs.js';

export type CertFileIssueCode =
  | 'empty-input'
  | 'limit-exceeded'
  | 'not-a-certificate'
  | 'invalid-value'
  | 'thumbprint-mismatch'
  | 'unsupported-variant'
  | PrivateKeyIssueCode;

export interface X509Summary {
  /** SHA-1 of the DER, lower-case hex: the Windows thumbprint. */
  thumbprint: string;
  sha256: string;
  serialNumber: string;
  version: number;
  /** Windows order, e.g. `CN=www.contoso.com, O=Contoso Ltd, C=US`. */
  subject: string;
  subjectCommonName: string | null;
  issuer: string;
  issuerCommonName: string | null;
  /** DER of the Name, hex: exact issuer/subject matching for chain building. */
  subjectNameDer: string;
  issuerNameDer: string;
  notBefore: string;
  notAfter: string;
  signatureAlgorithmOid: string;
  /** Windows name: sha256RSA, sha1RSA, sha256ECDSA, RSASSA-PSS, … (the OID when unknown). */
  signatureAlgorithm: string;
  /** sha1, sha256, md5, …; null when unknown. */
  signatureHash: string | null;
  keyAlgorithmOid: string;
  /** RSA, ECC, DSA, Ed25519, Ed448 (the OID when unknown). */
  keyAlgorithm: string;
  keySize: number | null;
  curve: string | null;
  /** EKU OIDs; null when the certificate has no EKU extension (any purpose). */
  eku: string[] | null;
  sanDns: string[];
  sanIp: string[];
  /** digitalSignature, keyEncipherment, …; null when the extension is absent. */
  keyUsage: string[] | null;
  /** null when basicConstraints is absent. */
  isCa: boolean | null;
  pathLength: number | null;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  /** CRL distribution point URIs (2.5.29.31), as written; absent when the decoder did not set them. */
  crlUrls?: string[];
  /** Authority Information Access (1.3.6.1.5.5.7.1.1): OCSP responder and CA issuer URIs. */
  ocspUrls?: string[];
  caIssuerUrls?: string[];
  /** Subject and issuer Names are byte-identical. */
  selfIssued: boolean;
  /** The DER, base64 (facts verify chain signatures with it). */
  derBase64: string;
  evidence: EvidenceRef;
}

export interface CertFileValue {
  /** Store folder from the path (`certificates/<store>/…`), e.g. `My`, `CA`, `Root`. */
  store: string | null;
  /** Thumbprint from the file name, lower-case, when the name is one. */
  fileThumbprint: string | null;
  encoding: 'der' | 'pem' | 'base64' | null;
  certificates: X509Summary[];
}

const MAX_BYTES = 1024 * 1024;

const SIG_ALGS: Record<string, [string, string | null]> = {
  '1.2.840.113549.1.1.2': ['md2RSA', 'md2'],
  '1.2.840.113549.1.1.4': ['md5RSA', 'md5'],
  '1.2.840.113549.1.1.5': ['sha1RSA', 'sha1'],
  '1.2.840.113549.1.1.11': ['sha256RSA', 'sha256'],
  '1.2.840.113549.1.1.12': ['sha384RSA', 'sha384'],
  '1.2.840.113549.1.1.13': ['sha512RSA', 'sha512'],
  '1.2.840.113549.1.1.14': ['sha224RSA', 'sha224'],
  '1.2.840.113549.1.1.10': ['RSASSA-PSS', null],
  '1.2.840.10045.4.1': ['sha1ECDSA', 'sha1'],
  '1.2.840.10045.4.3.2': ['sha256ECDSA', 'sha256'],
  '1.2.840.10045.4.3.3': ['sha384ECDSA', 'sha384'],
  '1.2.840.10045.4.3.4': ['sha512ECDSA', 'sha512'],
  '1.2.840.10040.4.3': ['sha1DSA', 'sha1'],
  '2.16.840.1.101.3.4.3.2': ['sha256DSA', 'sha256'],
  '1.3.101.112': ['Ed25519', null],
  '1.3.101.113': ['Ed448', null],
};
const HASH_OIDS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const KEY_ALGS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA',
  '1.2.840.10045.2.1': 'ECC',
  '1.2.840.10040.4.1': 'DSA',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};
const CURVES: Record<string, [string, number]> = {
  '1.2.840.10045.3.1.7': ['nistP256', 256],
  '1.3.132.0.34': ['nistP384', 384],
  '1.3.132.0.35': ['nistP521', 521],
  '1.3.132.0.10': ['secP256k1', 256],
  '1.3.36.3.3.2.8.1.1.7': ['brainpoolP256r1', 256],
  '1.3.36.3.3.2.8.1.1.11': ['brainpoolP384r1', 384],
};
const NAME_ATTRS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.17': 'PostalCode',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'E',
};
const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

function quoteRdnValue(v: string): string {
  return /[,=+<>#;"\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function readName(node: DerNode): { text: string; cn: string | null } {
  const rdns: string[] = [];
  let cn: string | null = null;
  for (const set of children(expectTag(node, TAG.SEQUENCE, 'Name'))) {
    const parts: string[] = [];
    for (const atv of children(expectTag(set, TAG.SET, 'RDN'))) {
      const [type, value] = children(expectTag(atv, TAG.SEQUENCE, 'AttributeTypeAndValue'));
      const id = oid(expectTag(type, TAG.OID, 'attribute type'));
      if (!value) throw new DerError('attribute value is missing', atv.offset);
      const text = string(value);
      const label = NAME_ATTRS[id] ?? `OID.${id}`;
      if (label === 'CN') cn = text;
      parts.push(`${label}=${quoteRdnValue(text)}`);
    }
    rdns.push(parts.join(' + '));
  }
  return { text: rdns.reverse().join(', '), cn };
}

function rsaBits(spkiBits: Uint8Array): number | null {
  // BIT STRING content: unused-bits byte, then RSAPublicKey ::= SEQUENCE { modulus, exponent }
  const seq = readNode(spkiBits, 1);
  const [modulus] = children(expectTag(seq, TAG.SEQUENCE, 'RSAPublicKey'));
  let m = content(expectTag(modulus, TAG.INTEGER, 'modulus'));
  while (m.length > 1 && m[0] === 0) m = m.subarray(1);
  if (m.length === 0) return null;
  return (m.length - 1) * 8 + (32 - Math.clz32(m[0]!));
}

function readExtensions(node: DerNode, out: X509Summary, problems: string[]): void {
  for (const ext of children(expectTag(node, TAG.SEQUENCE, 'Extensions'))) {
    const parts = children(expectTag(ext, TAG.SEQUENCE, 'Extension'));
    const id = oid(expectTag(parts[0], TAG.OID, 'extnID'));
    const valueNode = parts[parts.length - 1];
    const value = content(expectTag(valueNode, TAG.OCTET_STRING, 'extnValue'));
    try {
      const inner = readNode(value, 0);
      switch (id) {
        case '2.5.29.37': // extKeyUsage
          out.eku = children(inner).map((n) => oid(expectTag(n, TAG.OID, 'KeyPurposeId')));
          break;
        case '2.5.29.17': // subjectAltName
          for (const gn of children(inner)) {
            if (gn.tag === 0x82) {
              const name = new TextDecoder('ascii').decode(content(gn));
              // A NUL or control character in a dNSName is the classic null-prefix attack: keep the
              // name visibly escaped (it then matches no host name) and say so.
              if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
                problems.push(`SAN dNSName with a control character: ${JSON.stringify(name)}`);
                out.sanDns.push(JSON.stringify(name).slice(1, -1));
              } else out.sanDns.push(name);
            } else if (gn.tag === 0x87) out.sanIp.push(ipText(content(gn)));
          }
          break;
        case '2.5.29.15': {
          // keyUsage BIT STRING
          const b = content(expectTag(inner, TAG.BIT_STRING, 'KeyUsage'));
          const names: string[] = [];
          for (let bit = 0; bit < KEY_USAGE_BITS.length; bit++) {
            const byte = b[1 + (bit >> 3)];
            if (byte !== undefined && byte & (0x80 >> (bit & 7))) names.push(KEY_USAGE_BITS[bit]!);
          }
          out.keyUsage = names;
          break;
        }
        case '2.5.29.19': {
          const bc = children(expectTag(inner, TAG.SEQUENCE, 'BasicConstraints'));
          out.isCa = false;
          out.pathLength = null;
          for (const n of bc) {
            if (n.tag === TAG.BOOLEAN) out.isCa = content(n)[0] !== 0;
            else if (n.tag === TAG.INTEGER) out.pathLength = smallInteger(n);
          }
          break;
        }
        case '2.5.29.14':
          out.subjectKeyId = hex(
            content(expectTag(inner, TAG.OCTET_STRING, 'SubjectKeyIdentifier')),
          );
          break;
        case '2.5.29.35':
          for (const n of children(expectTag(inner, TAG.SEQUENCE, 'AuthorityKeyIdentifier'))) {
            if (n.tag === 0x80) out.authorityKeyId = hex(content(n));
          }
          break;
        case '2.5.29.31': // cRLDistributionPoints: the URIs of each fullName
          for (const dp of children(expectTag(inner, TAG.SEQUENCE, 'CRLDistributionPoints')))
            out.crlUrls!.push(...uris(dp, 0));
          break;
        case '1.3.6.1.5.5.7.1.1': // authorityInfoAccess
          for (const ad of children(expectTag(inner, TAG.SEQUENCE, 'AuthorityInfoAccess'))) {
            const [method, location] = children(expectTag(ad, TAG.SEQUENCE, 'AccessDescription'));
            const m = oid(expectTag(method, TAG.OID, 'accessMethod'));
            const u = location?.tag === 0x86 ? [uriText(location)] : [];
            if (m === '1.3.6.1.5.5.7.48.1') out.ocspUrls!.push(...u);
            else if (m === '1.3.6.1.5.5.7.48.2') out.caIssuerUrls!.push(...u);
          }
          break;
      }
    } catch (e) {
      if (!(e instanceof DerError)) throw e;
      problems.push(`extension ${id}: ${e.message}`);
    }
  }
}

/** A GeneralName uniformResourceIdentifier ([6] IA5String), control characters escaped. */
function uriText(n: DerNode): string {
  const t = new TextDecoder('ascii').decode(content(n));
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(t) ? JSON.stringify(t).slice(1, -1) : t;
}

/** The URIs ([6]) anywhere under a constructed node (DistributionPoint → [0] → [0] GeneralNames), depth-bounded. */
function uris(n: DerNode, depth: number): string[] {
  if (n.tag === 0x86) return [uriText(n)];
  if ((n.tag & 0x20) === 0 || depth > 4) return [];
  return children(n).flatMap((c) => uris(c, depth + 1));
}

function ipText(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  if (b.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
    return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
  }
  return hex(b);
}

/** Decodes one DER certificate. Throws DerError on a structural error. */
export function decodeCertificate(
  der: Uint8Array,
  evidence: EvidenceRef,
  problems: string[] = [],
): X509Summary {
  const certNode = readNode(der, 0);
  const [tbs, sigAlg] = children(expectTag(certNode, TAG.SEQUENCE, 'Certificate'));
  const tbsParts = children(expectTag(tbs, TAG.SEQUENCE, 'TBSCertificate'));
  let i = 0;
  let version = 1;
  if (tbsParts[0]?.tag === 0xa0) {
    version =
      smallInteger(
        expectTag(readNode(der, tbsParts[0].start, tbsParts[0].end), TAG.INTEGER, 'version'),
      ) + 1;
    i = 1;
  }
  const serial = expectTag(tbsParts[i], TAG.INTEGER, 'serialNumber');
  const issuerNode = tbsParts[i + 2]!;
  const validity = children(expectTag(tbsParts[i + 3], TAG.SEQUENCE, 'Validity'));
  const subjectNode = tbsParts[i + 4]!;
  const spki = children(expectTag(tbsParts[i + 5], TAG.SEQUENCE, 'SubjectPublicKeyInfo'));
  const sigAlgParts = children(expectTag(sigAlg, TAG.SEQUENCE, 'signatureAlgorithm'));
  const sigOid = oid(expectTag(sigAlgParts[0], TAG.OID, 'signature algorithm'));
  const [sigName, sigHash0] = SIG_ALGS[sigOid] ?? [sigOid, null];
  let sigHash = sigHash0;
  if (sigOid === '1.2.840.113549.1.1.10') {
    // RSASSA-PSS: hashAlgorithm [0] in the parameters; absent means SHA-1.
    sigHash = 'sha1';
    const params = sigAlgParts[1];
    if (params?.tag === TAG.SEQUENCE) {
      const h = children(params).find((n) => n.tag === 0xa0);
      if (h) {
        const alg = children(readNode(der, h.start, h.end))[0];
        if (alg) sigHash = HASH_OIDS[oid(expectTag(alg, TAG.OID, 'hash'))] ?? null;
      }
    }
  }
  const keyAlgParts = children(expectTag(spki[0], TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const keyOid = oid(expectTag(keyAlgParts[0], TAG.OID, 'key algorithm'));
  const keyBits = content(expectTag(spki[1], TAG.BIT_STRING, 'subjectPublicKey'));
  let keySize: number | null = null;
  let curve: string | null = null;
  const keyAlgorithm = KEY_ALGS[keyOid] ?? keyOid;
  if (keyAlgorithm === 'RSA') keySize = rsaBits(keyBits);
  else if (keyAlgorithm === 'ECC' && keyAlgParts[1]?.tag === TAG.OID) {
    const c = oid(keyAlgParts[1]);
    curve = CURVES[c]?.[0] ?? c;
    keySize = CURVES[c]?.[1] ?? null;
  } else if (keyAlgorithm === 'Ed25519') keySize = 256;
  else if (keyAlgorithm === 'Ed448') keySize = 456;

  const subject = readName(subjectNode);
  const issuer = readName(issuerNode);
  const bytes = raw(certNode);
  const out: X509Summary = {
    thumbprint: createHash('sha1').update(bytes).digest('hex'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    serialNumber: integerHex(serial),
    version,
    subject: subject.text,
    subjectCommonName: subject.cn,
    issuer: issuer.text,
    issuerCommonName: issuer.cn,
    subjectNameDer: hex(raw(subjectNode)),
    issuerNameDer: hex(raw(issuerNode)),
    notBefore: time(validity[0]!),
    notAfter: time(validity[1]!),
    signatureAlgorithmOid: sigOid,
    signatureAlgorithm: sigName,
    signatureHash: sigHash,
    keyAlgorithmOid: keyOid,
    keyAlgorithm,
    keySize,
    curve,
    eku: null,
    sanDns: [],
    sanIp: [],
    keyUsage: null,
    isCa: null,
    pathLength: null,
    subjectKeyId: null,
    authorityKeyId: null,
    crlUrls: [],
    ocspUrls: [],
    caIssuerUrls: [],
    selfIssued: hex(raw(subjectNode)) === hex(raw(issuerNode)),
    derBase64: Buffer.from(bytes).toString('base64'),
    evidence,
  };
  const extWrapper = tbsParts.slice(i + 6).find((n) => n.tag === 0xa3);
  if (extWrapper) readExtensions(readNode(der, extWrapper.start, extWrapper.end), out, problems);
  return out;
}

function collect(input: BinaryInput): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const chunk of input.chunks()) {
    total += chunk.length;
    if (total > MAX_BYTES) return null;
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

const STORE_FROM_PATH = /(?:^|\/)certificates\/([^/]+)\/[^/]+$/i;
const THUMB_FROM_NAME = /(?:^|\/)([0-9a-f]{40})\.(?:cer|crt|der|pem)$/i;

export function parseCertFile(input: BinaryInput): {
  value: CertFileValue;
  issues: ParseIssue<CertFileIssueCode>[];
} {
  const issues: ParseIssue<CertFileIssueCode>[] = [];
  const value: CertFileValue = {
    store: STORE_FROM_PATH.exec(input.path)?.[1] ?? null,
    fileThumbprint: THUMB_FROM_NAME.exec(input.path)?.[1]?.toLowerCase() ?? null,
    encoding: null,
    certificates: [],
  };
  const bytes = collect(input);
  if (bytes === null) {
    throw new ParseError('limit-exceeded', `certificate file is larger than ${MAX_BYTES} bytes`);
  }
  if (bytes.length === 0) {
    issues.push(issue('empty-input', 'the certificate file is empty', { offset: 0 }, 'error'));
    return { value, issues };
  }
  const ders: { der: Uint8Array; offset: number; lines?: { start: number; end: number } }[] = [];
  if (bytes[0] === TAG.SEQUENCE) {
    value.encoding = 'der';
    ders.push({ der: bytes, offset: 0 });
  } else {
    const text = asText(bytes);
    const lines = text.split(/\r\n|\n|\r/);
    // A key saved with the certificate (openssl's cert+key .pem) is never read: only its place.
    const keys = privateKeyBlocks(lines);
    issues.push(...privateKeyIssues(keys));
    // certutil -encode of a .pfx writes a CERTIFICATE wrapper around the PFX: never decoded.
    const inKey = (n: number): boolean => keys.some((k) => n + 1 >= k.start && n + 1 <= k.end);
    const pem = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----/;
    if (pem.test(text)) {
      value.encoding = 'pem';
      let start = -1;
      for (let n = 0; n < lines.length; n++) {
        if (inKey(n)) {
          start = -1;
          continue;
        }
        const l = lines[n]!.replace(/^\s*(?:>\s?)*/, '');
        if (pem.test(l)) start = n;
        else if (/-----END (?:X509 |TRUSTED )?CERTIFICATE-----/.test(l) && start >= 0) {
          const b64 = lines
            .slice(start + 1, n)
            .map((x) => x.replace(/^\s*(?:>\s?)*/, '').trim())
            .join('');
          ders.push({
            der: Buffer.from(b64, 'base64'),
            offset: 0,
            lines: { start: start + 1, end: n + 1 },
          });
          start = -1;
        }
      }
    } else {
      const compact = text.replace(/\s+/g, '');
      if (keys.length === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length > 100) {
        value.encoding = 'base64';
        ders.push({
          der: Buffer.from(compact, 'base64'),
          offset: 0,
          lines: { start: 1, end: lines.length },
        });
      }
    }
  }
  if (ders.length === 0) {
    issues.push(
      issue(
        'not-a-certificate',
        'no DER, PEM or base64 certificate in this file',
        { offset: 0 },
        'error',
      ),
    );
    return { value, issues };
  }
  for (const d of ders) {
    const evidence: EvidenceRef = {
      artifactId: input.artifactId,
      path: input.path,
      offset: d.offset,
    };
    if (d.lines) evidence.lines = d.lines;
    const problems: string[] = [];
    try {
      const cert = decodeCertificate(d.der, evidence, problems);
      evidence.excerpt = `${cert.subject} — thumbprint ${cert.thumbprint.toUpperCase()} — ${cert.notBefore} … ${cert.notAfter}`;
      for (const p of problems) {
        const code = p.startsWith('SAN dNSName') ? 'invalid-value' : 'unsupported-variant';
        issues.push(issue(code, p, { offset: d.offset }));
      }
      value.certificates.push(cert);
    } catch (e) {
      if (!(e instanceof DerError)) throw e;
      const where = d.lines ? { line: d.lines.start } : { offset: d.offset + e.offset };
      issues.push(
        issue('invalid-value', `not a valid X.509 certificate: ${e.message}`, where, 'error'),
      );
    }
  }
  const first = value.certificates[0];
  if (
    value.fileThumbprint &&
    first &&
    value.certificates.length === 1 &&
    first.thumbprint !== value.fileThumbprint
  ) {
    issues.push(
      issue(
        'thumbprint-mismatch',
        `the file is named for thumbprint ${value.fileThumbprint} but its certificate's SHA-1 is ${first.thumbprint}`,
        { offset: 0 },
      ),
    );
  }
  return { value, issues };
}

export const certFileParser: BinaryParser<CertFileValue, 'cert.files'> = {
  ...certFileRecognizer,
  describe:
    'public certificate files (.cer DER, PEM or base64) exported from the certificate stores',
  parse: parseCertFile,
};
