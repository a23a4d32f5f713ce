/** `certificate`: server certificates, their key, chain and sources. */
import type { EntityBase } from './base.js';
import type { BindingType, CertificateClientAuth } from './binding.js';
import type { HostClock } from './host.js';

export type CertificatePrivateKeyState =
  /** A key test passed or the collector opened the key. */
  | 'usable'
  /** No private key linked (HasPrivateKey False, "No key provider information"). */
  | 'none'
  /** A key is linked but its container / file is gone ("Missing stored keyset", file absent). */
  | 'missing'
  /** The key exists but could not be used (key test failed, access error, keyset missing while the file exists). */
  | 'inaccessible'
  /** A key is linked; no source tested it. */
  | 'present-untested'
  | 'unknown';

/** `root-not-collected`: leaf and intermediates found, the root is in no collected store. */
export type CertificateChainStatus =
  'trusted' | 'untrusted-root' | 'incomplete' | 'root-not-collected' | 'unknown';

/**
 * One certificate of LocalMachine\My / WebHosting (or a store a binding names), merged from
 * store.json, the .cer file, certutil and icacls. Built by src/facts/certificate.ts.
 */
/** Where a certificate was seen: one entry per source record. */
export interface CertificateSource {
  kind: 'x509' | 'store.json' | 'powershell' | 'certutil' | 'capture';
  /** Canonical store the source puts it in; null when the source does not say (-dump, capture, loose .cer). */
  store: string | null;
  path: string;
  lines?: { start: number; end: number };
  frames?: number[];
}

/** What one reading of a NotAfter date means at the reference time. */
export type ExpiryReading = 'expired' | 'expires-soon' | 'valid' | 'unknown';

export interface CertificateEntity extends EntityBase {
  /** The store it is judged in: a server store (My, WebHosting, a binding's) first, else the first it was found in. */
  store: string;
  /** Every store any source puts it in (empty: seen only on the wire or in a loose file). */
  stores: string[];
  /** Every record it was merged from, X.509 bytes first. */
  sources: CertificateSource[];
  /** Field → the source it was taken from (`x509 certificates/My/….cer`, `certutil a.txt lines 3-17`). */
  fieldSources: Record<string, string>;
  /** Sources disagreeing on a field; the X.509 bytes (then store.json, PowerShell, certutil) win. */
  conflicts: { field: string; kept: string; keptFrom: string; other: string; otherFrom: string }[];
  /** `utc` (X.509, store.json, capture) or `server-local` (certutil / PowerShell text: host local time, judged with a ±14 h margin). */
  validityTimeBasis: 'utc' | 'server-local' | null;
  /** Store name as certutil takes it (`my`, `WebHosting`); empty for a certificate in no store (only on the wire, a loose file): its store commands drop out. */
  storeCli: string;
  /** Lower-case hex. */
  thumbprint: string;
  thumbprintUpper: string;
  subject: string | null;
  subjectCommonName: string | null;
  issuer: string | null;
  serialNumber: string | null;
  friendlyName: string | null;
  sanDns: string[];
  sanIp: string[];
  notBefore: string | null;
  notAfter: string | null;
  /** The collection time validity is judged at (ISO); null when the bundle has none. */
  referenceTime: string | null;
  /** NotAfter as printed when no collection time judges it (loose files without --as-of): the not-evaluated reason names it (judge13 M1). */
  notAfterUnjudged?: string | null;
  validityKnown: boolean;
  expired: boolean | null;
  notYetValid: boolean | null;
  daysUntilExpiry: number | null;
  expiresSoon: boolean | null;
  /**
   * NotAfter printed as a host-local date whose day/month order is unknown (`7/12/2026`,
   * judge6 T2): each reading and what it means at the reference time; null otherwise.
   */
  notAfterReadings?: {
    monthFirst: string;
    dayFirst: string;
    monthFirstState: ExpiryReading;
    dayFirstState: ExpiryReading;
  } | null;
  /** Every reading of an ambiguous NotAfter is a problem (expired, or expiring within 30 days), but they disagree which. */
  expiryProblemEitherReading?: boolean;
  keyAlgorithm: string | null;
  keySize: number | null;
  // --- EC key curve against Schannel's curve list (issue 16; src/facts/certificate/curve.ts) ---
  /** The key is an elliptic-curve (ECDSA) key; null when the key algorithm is unknown. */
  keyIsEc: boolean | null;
  /** Named curve of an EC key as Schannel names it (`NistP384`; the OID when unnamed); null for other keys or unknown. */
  keyCurve: string | null;
  /** The curve is in the curve list in force; null when the key is not EC, its curve or the list is unknown. */
  keyCurveEnabled: boolean | null;
  /** The curve list in force (ECC Curve Order policy, else Get-TlsEccCurve); null when neither was collected. */
  eccCurvesInForce: string[] | null;
  eccCurvesSource: 'group-policy' | 'get-tlsecccurve' | null;
  // --- end curve ---
  /** RSA < 2048, DSA, ECC < 256. */
  weakKey: boolean | null;
  signatureAlgorithm: string | null;
  signatureHash: string | null;
  /** SHA-1 (or MD5) signature on a certificate that is not self-signed. */
  sha1Signature: boolean | null;
  /** EKU extension present; false = any purpose. */
  ekuPresent: boolean | null;
  eku: string[];
  /** Server Authentication allowed by the extension, the EKU property and the chain's CAs (see below). */
  serverAuthEku: boolean | null;
  /**
   * Not valid for Server Authentication (0x800B0110 CERT_E_WRONG_USAGE): its EKU extension, its
   * EKU property or a CA of its chain lacks it. null when the extension or the property is unknown.
   */
  missingServerAuthEku: boolean | null;
  // --- keys (issues 15, 20 #4): EKU property, issuing CAs, key provider and KeySpec ---
  /**
   * CERT_ENHKEY_USAGE_PROP_ID(9), the purposes set in the certificate's Properties dialog ("Enable
   * only the following purposes" / "Disable all purposes"; "Enable all purposes" removes it):
   * `present` (ekuProperty), `absent`, `unknown` (only certutil -v shows the properties).
   */
  ekuPropertyState: 'absent' | 'present' | 'unknown';
  /** The property's purposes (OIDs); empty with `present` = all purposes disabled. */
  ekuProperty: string[];
  /** The EKU extension allows Server Authentication (no extension = every purpose); null unknown. */
  serverAuthByExtension: boolean | null;
  /** The EKU property allows it (absent = no restriction); null unknown. */
  serverAuthByProperty: boolean | null;
  /** Every CA of the built chain allows it; false when one does not; null when the chain is not built or a CA's EKU is unknown. */
  serverAuthByIssuers: boolean | null;
  /** The chain's CAs that do not allow it: `subject (THUMBPRINT): EKU …`. */
  issuersWithoutServerAuth: string[];
  /** Where Server Authentication is missing (`verifystore`: certutil -verifystore's validated purposes lack it). */
  serverAuthMissingIn: ('extension' | 'property' | 'issuer' | 'verifystore')[];
  /**
   * certutil -verifystore "Verified Application Policies" (OIDs): what the server's chain engine
   * validated the certificate for; null when not collected. A list without Server Authentication
   * decides `missingServerAuthEku` even when the extension and the property are unknown (judge6 M14).
   */
  verifiedAppPolicies?: string[] | null;
  /** KeySpec of the key (1 AT_KEYEXCHANGE, 2 AT_SIGNATURE, 0 none: CNG); null unknown. */
  keySpec: number | null;
  /** Provider type (0 CNG key storage provider, 1 PROV_RSA_FULL, 12 PROV_RSA_SCHANNEL, 24 PROV_RSA_AES). */
  keyProviderType: number | null;
  /** A CryptoAPI (CSP) key; false: CNG (KSP); null unknown. */
  keyIsCapi: boolean | null;
  /** `tpm`, `smart-card`, `hello` (Windows Hello, per user), `software` (Microsoft software providers), `other` (third party, e.g. an HSM). */
  keyProviderKind: 'software' | 'tpm' | 'smart-card' | 'hello' | 'other' | null;
  /** A CAPI key stored as AT_SIGNATURE: Schannel opens server keys as AT_KEYEXCHANGE only. */
  keySignatureOnly: boolean | null;
  /** keySpec was read from certutil's key test ("Signature test passed" alone = AT_SIGNATURE), not from a KeySpec line (judge7 M5). */
  keySpecFromKeyTest?: boolean;
  // --- end keys ---
  keyUsage: string[] | null;
  isCa: boolean | null;
  selfSigned: boolean | null;
  hasPublicFile: boolean;
  /** Bundle path of the .cer. */
  publicFile: string | null;
  /** store.json HasPrivateKey as collected. */
  hasPrivateKey: boolean | null;
  privateKeyState: CertificatePrivateKeyState;
  privateKeyMissing: boolean;
  privateKeyInaccessible: boolean;
  /** What each source said about the key, human-readable. */
  privateKeyEvidence: string[];
  /**
   * `certutil -repairstore` was run for this certificate and failed with a code that says the key
   * could not be linked (`0x80090016 (-2146893802 NTE_BAD_KEYSET): Keyset does not exist`): a fix
   * must not offer it again. null when no such failure is in the evidence.
   */
  privateKeyRepairFailed: string | null;
  keyProvider: string | null;
  keyContainer: string | null;
  keyUniqueName: string | null;
  keyFilePath: string | null;
  keyFolder: string | null;
  keyAclCollected: boolean;
  /** The icacls path judged: the key file when listed, else its folder. */
  keyAclPath: string | null;
  /**
   * True when keyAclPath is the key file itself, false when only its folder was listed (the
   * folder's default entries are "this folder only", so they say nothing of the file), null
   * when no ACL was judged.
   */
  keyAclOfKeyFile: boolean | null;
  keyAclSystemAccess: 'read' | 'none' | 'denied' | null;
  keyAclMissingSystem: boolean | null;
  keyAclEntries: string[];
  chainStatus: CertificateChainStatus;
  /** Leaf first. */
  chain: { subject: string; thumbprint: string; store: string }[];
  chainStopReason: string | null;
  chainRootSubject: string | null;
  chainRootThumbprint: string | null;
  /** Store the (untrusted) root was found in. */
  chainRootStore: string | null;
  /** Bundle path of the root's .cer. */
  chainRootFile: string | null;
  missingIssuer: string | null;
  /**
   * The missing issuer's name is installed with another key (src/facts/certificate-chain.ts): the
   * certificate the engineer believes is the intermediate, to be joined by the right one.
   */
  chainIssuerKeyMismatch?: {
    child: string;
    authorityKeyId: string;
    subject: string;
    thumbprintUpper: string;
    subjectKeyId: string;
    store: string;
    signatureChecked: boolean;
  } | null;
  untrustedRoot: boolean | null;
  chainIncomplete: boolean | null;
  /** HTTP.sys endpoints using it. */
  boundBy: string[];
  /** The same as netsh parameters (`ipport=0.0.0.0:443`, `hostnameport=www.contoso.com:443`), for fixes. */
  bindingParams: string[];
  /** For renewal fixes: each HTTP.sys binding using it with its own store and AppId (its owner: IIS, ADFS, WinRM, …). */
  boundBindings: {
    type: BindingType;
    endpoint: string;
    storeName: string;
    applicationId: string;
  }[];
  /**
   * Bound only by IP entries of ports that also have hostname:port entries with other
   * certificates: those entries (`www.contoso.com:443`), whose SNI clients never get this one
   * (src/facts/unused-endpoint.ts markSniSpared; judge14 M3).
   */
  sniSpared?: string[];
  /** IIS https bindings using it (`Default Web Site: https *:443:www.contoso.com`). */
  boundByIis: string[];
  isBound: boolean;
  /** Bound only by entries of other programs (WMSvc on 8172), never by IIS (src/facts/binding-owner.ts). */
  boundOnlyByOtherOwners?: boolean;
  /** The certificate template certutil names (`CVI-CodeSigning, CVI Code Signing`), and whether its name says it is not a server template (src/facts/certificate-template.ts). */
  template?: string | null;
  templateNotServer?: boolean | null;
  /** Not a TLS server certificate: its EKU lacks Server Authentication, or (EKU unknown) its template says so; false when the EKU has it (judge15 S1). */
  notServerCertificate?: boolean | null;
  /** CAPI2 chain errors logged for this certificate (`CERT_E_UNTRUSTEDROOT`, …), by thumbprint or name; set by src/facts/event-group.ts. */
  capi2ChainErrors?: string[];
  /** Endpoints binding it for which HTTP.sys logged HttpEvent 15021 (src/facts/httpevent.ts). */
  sslConfigErrorEndpoints?: string[];
  /** Host names clients use for it (SNI bindings, IIS host headers), lower case. */
  boundNames: string[];
  mismatchedNames: string[];
  /** Of boundBindings, those an uncovered name reaches (src/facts/certificate/link.ts scopeMismatch): what a name fix changes. */
  mismatchBindings: CertificateEntity['boundBindings'];
  /** The other bindings (`ipport=0.0.0.0:443`): they serve covered names and stay as they are. */
  mismatchKeptBindings: string[];
  /** Of mismatchBindings, the SNI entries: they serve only an uncovered name, so re-pointing them is safe. */
  mismatchSniBindings: CertificateEntity['boundBindings'];
  /** Of mismatchBindings, the IP / CCS entries: they serve every name of the port, the covered ones too (judge13 S2). */
  mismatchPortBindings: CertificateEntity['boundBindings'];
  /** SNI entries to add instead (`shop.fabrikam.com:443`, AppId and store of the port's entry), leaving the port's certificate alone. */
  mismatchSniAdd: { endpoint: string; applicationId: string; storeName: string }[];
  /** Of boundByIis, the IIS bindings an uncovered name reaches. */
  mismatchIis: string[];
  /**
   * Installed certificates (My / WebHosting, valid, key usable, chain trusted, Server
   * Authentication) that cover every uncovered name, best first, at most three
   * (src/facts/certificate/alternatives.ts, after the template marks; judge14 M5). `coversServed`: also every name this one
   * serves today, so it can replace it on the port's entry; `notCovered` lists those it cannot.
   */
  coveringCertificates: {
    thumbprint: string;
    subject: string | null;
    store: string;
    notAfter: string | null;
    coversServed: boolean;
    notCovered: string[];
  }[];
  /** The only one of them, when it sits in the store the SNI entries to change or add name: the fix fills NEWHASH with it (several: the engineer chooses). */
  coveringNewHash: string | null;
  /** The only one that also covers every name served today, in the store of the port's entries: the fix fills ALLHASH with it. */
  coveringAllHash: string | null;
  /** Host names of IIS SNI bindings without their hostnameport entry that HTTP.sys serves this certificate for (it is the fallback entry's); checked like `boundNames`. */
  fallbackNames: string[];
  nameMismatch: boolean | null;
  /**
   * Every name it does not cover reaches it only as HTTP.sys's fallback for an SNI binding without
   * its hostname:port entry: the missing entry is the cause, this certificate is not to be replaced.
   */
  nameMismatchOnlyFallback?: boolean;
  /** The SAN dNSName list is known (X.509 bytes, a capture, store.json, certutil -v); the CN is never used instead. */
  sanKnown: boolean;
  /** `mismatch` / `match`, `san-unknown` (names to check but no SAN evidence), `no-names` (no binding host name or SNI). */
  nameCheck: 'match' | 'mismatch' | 'san-unknown' | 'no-names';
  /** A server sent it in a Certificate message of a capture. */
  servedOnWire: boolean;
  /** SNI host names of the ClientHellos it answered, lower case. */
  wireServerNames: string[];
  /** Bound (HTTP.sys / IIS) or served on the wire: a certificate clients actually get. */
  inUse: boolean;
  /** Chain building limits hit (candidates not tried), as counted issues. */
  chainIssues: { code: 'chain-candidates-capped'; count: number; message: string }[];
  /** Hours from NotBefore to the collection time (negative: not yet valid); set by src/facts/host-clock.ts. */
  hoursSinceNotBefore?: number | null;
  /** The host's clock (the same object as `host.clock`), for the clock rules' evidence. */
  hostClock?: HostClock | null;
  /** Trust stores and client authentication (src/facts/client-auth.ts). */
  clientAuth?: CertificateClientAuth;
  // --- chain paths and renewals (issue 12 wire chains, issue 20 #5 / #9) ---
  /** A server sent it as a chain certificate (after the leaf) in a Certificate message. */
  sentInWireChain: boolean;
  /** Every Certificate message that served it held it alone, without any issuer (null: not on the wire). */
  wireSentAlone?: boolean | null;
  /** Certificates of its chain known only from the wire (in none of the collected stores). */
  chainViaWire: { subject: string; thumbprint: string }[];
  /**
   * The path the chain-path facts judge: `served` (the chain a capture shows the server sending),
   * `built` (from the stores), `files` (CA certificates the customer sent as loose files, linked
   * to it by name, key id and signature; what the CA store holds stays unknown: judge15 S4), null
   * (none known). A `files` path leaves `chainPathChecked` null: it can show a problem, never
   * that the chain is fine.
   */
  chainPathSource: 'served' | 'built' | 'files' | null;
  /** The path judged is known (else the chain-path rules cannot decide). */
  chainPathChecked: boolean | null;
  /** The first CA certificate of that path that is expired / not yet valid, or a cross certificate whose self-signed twin is in Root while the cross one's own chain ends at a root outside Root. */
  chainBadCa: ChainCaRef | null;
  chainBadCaProblem: 'expired' | 'not-yet-valid' | 'cross-signed' | null;
  /** A time-valid certificate in a collected store with the bad one's subject (and key id): what the chain can use instead. */
  chainBadCaAlternative: ChainCaRef | null;
  chainBadCaHasAlternative: boolean | null;
  /** The first CA certificate of that path, below the root, signed with SHA-1 / MD5 / MD2 (browsers reject it; a root's own signature does not matter: judge15 S3). */
  chainSha1Ca?: ChainCaRef | null;
  /** A newer time-valid certificate with its key, same store, subject (and SANs when known), while this older one is bound. */
  renewedBy: ChainCaRef | null;
  /** Bound while a newer renewal sits beside it (null: subject or validity unknown). */
  renewalNotBound: boolean | null;
  /** How many such renewals the bundle shows (renewedBy names one only when there is exactly one). */
  renewalCandidateCount?: number;
  /** Self-signed and in use: the one CA-issued certificate of its store that could serve the same names, trusted and with its key (src/facts/self-signed.ts). */
  selfSignedReplacement?: ChainCaRef | null;
  /** How many such certificates the bundle shows (0, 1 or more: the fix names one only when there is exactly one). */
  selfSignedCandidateCount?: number;
}

/** A certificate named by another one's facts (chain path, renewal), for evidence and fixes. */
export interface ChainCaRef {
  thumbprint: string;
  thumbprintUpper: string;
  subject: string | null;
  issuer: string | null;
  notBefore: string | null;
  notAfter: string | null;
  /** A collected store it is in (null: seen only on the wire or in a loose file). */
  store: string | null;
  /** It is in LocalMachine\CA (Intermediate Certification Authorities). */
  inCa: boolean;
  selfSigned: boolean | null;
  /** SAN dNSNames, when known. */
  sanDns: string[] | null;
  /** Serial number, signature algorithm and the loose file it came from, when known. */
  serialNumber?: string | null;
  signatureAlgorithm?: string | null;
  file?: string | null;
}
