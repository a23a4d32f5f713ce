/**
 * `certutil -store my`, `certutil -v -store my` (artifact `cert.certutil`, collected as
 * `certificates/certutil-v-store-my.txt`), `certutil -verifystore my <thumbprint>` and
 * `certutil -repairstore my <thumbprint>`: certutil's view of the store, the only place that shows
 * whether the private key really opens ("Encryption test passed" / "Signature test passed") or is
 * gone ("Missing stored keyset").
 *
 * Shape (English, Windows Server 2012 R2 … 2025; the real samples beside this file):
 *
 *   My "Personal"                                   store name + display name
 *   ================ Certificate 0 ================  one block per certificate
 *   Archived!                                       optional
 *   Serial Number: 472cb6148184a9894f6d4d2587b1b165
 *   Issuer: CN=…                                    -v: "Issuer:" then the name on indented lines
 *    NotBefore: 11/3/2024 3:30 PM                   LOCAL time, in the host's short date format
 *    NotAfter: 11/3/2029 3:40 PM                    (en-US M/d/yyyy h:mm tt, de dd.MM.yyyy HH:mm, zh yyyy/M/d H:mm)
 *   Subject: CN=…
 *   Non-root Certificate | Root Certificate: Subject matches Issuer
 *   Template: …
 *   Cert Hash(sha1): 779a97b1…                      older builds / -v: hex pairs with spaces
 *     Key Container = 46f11b40…_7989b711-…          CAPI unique name or CNG key name
 *     Simple container name: te-User-…              / "Unique container name: …" (-v)
 *     Provider = Microsoft RSA SChannel Cryptographic Provider
 *   Missing stored keyset | Encryption test passed | Signature test passed | Private key is NOT exportable
 *   No key provider information                     no key linked at all
 *   CertUtil: -store command completed successfully.   or "… command FAILED: 0x80090016 (…)"
 *
 * With -v certutil also prints the decoded certificate ("Signature Algorithm:" + "Algorithm
 * ObjectId: 1.2.840.113549.1.1.11 sha256RSA", "Public Key Length: 2048 bits", the extensions with
 * "Enhanced Key Usage" lines ending in "(1.3.6.1.5.5.7.3.1)" and "DNS Name=…" SAN lines) and the
 * CERT_KEY_PROV_INFO property with the same "Key Container =" / "Provider =" lines plus
 * "ProviderType = 1" and "KeySpec = 2 -- AT_SIGNATURE" (CAPI) / "KeySpec = 0" (CNG), and the other
 * properties as `CERT_…_PROP_ID(n):` blocks, among them CERT_ENHKEY_USAGE_PROP_ID(9): the purposes
 * restricted in the certificate's Properties dialog, printed like the EKU extension. certutil
 * prints only the properties a certificate has: in a -v block an absent EKU property is absent
 * (`propertiesListed`); without -v nothing is known of them. The empty property ("Disable all
 * purposes") was not seen in a real output: it is read as the header with no purpose line.
 *
 * Localization: labels are translated; NotBefore/NotAfter stay English (real zh-CN sample). Known
 * labels: zh-CN 序列号 / 颁发者 / 使用者 / 证书哈希(sha1) / 密钥容器 / 提供程序 / "证书 N" (from a real
 * `certutil -scinfo`); de-DE and fr-FR labels and the zh-CN/de/fr key-test sentences are from
 * Microsoft's published terminology, NOT verified against real output (synthetic samples only).
 * Unknown lines are skipped silently inside a block (the -v dump has hundreds); the key state is
 * derived only from lines we recognise, so an unknown locale yields `keyState: 'unknown'`, never a
 * false "missing".
 *
 * `certutil -dump <file>.cer` prints the same decoded certificate as -v, without the store header
 * and the "Certificate N" line: a certificate starts at "X509 Certificate:" (store: null).
 *
 * -verifystore adds "Certificate is valid" or chain errors such as "… 0x800b0109 (-2146762487
 * CERT_E_UNTRUSTEDROOT)" per certificate (`verifyResult`, `verifyError`; synthetic sample only).
 *
 * Issues: `empty-input`, `no-certificates` (text with no certificate block), `ambiguous-date`
 * (a day/month order neither the output's other dates nor the bundle decide; the raw text and
 * both readings are kept), `date-order-from-file` (info: decided by another date of the output), `command-failed` (CertUtil: … FAILED),
 * `invalid-value` (a hash that is not 40 hex digits).
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import { SNIFF, issue, type ParseIssue, type TextInput, type TextParser } from '../shared/parse.js';
import { dayMonthOrder, readFileDates, readLocalDate, type LocalDate } from './local-date.js';
import { isPromptLine, sniffLines, unquote } from './text-cleanup.js';

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
  keyState: CertutilKeyState;
  /** -verifystore: "Certificate is valid" → valid; a CERT_E_ / 0x800B01xx chain error → error. */
  verifyResult: 'valid' | 'error' | null;
  verifyError: string | null;
  /** -v only. */
  signatureAlgorithm: string | null;
  publicKeyLength: number | null;
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

type Field =
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

/**
 * Localized certutil labels, each with where it was seen. `real`: a real console output quoted in
 * public material (named: repository and issue); `fixture`: a non-English output quoted as a test
 * fixture by public code that parses certutil (plausible, not verified against a Windows
 * console); `unverified`: Microsoft's published terminology for the string, never seen in an
 * output. Searched for real es-ES, ja-JP and zh-TW certutil outputs in public issues, pages and
 * code (Dec 2026): none found, so those entries stay `unverified` / `fixture`. A label's NBSP / narrow NBSP
 * (French typography puts one before ":") is read as a space.
 */
export const CERTUTIL_LABELS: readonly {
  field: Field;
  locale: string;
  label: string;
  source: string;
}[] = [
  {
    field: 'serial',
    locale: 'en',
    label: 'Serial Number',
    source: 'real: certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt',
  },
  {
    field: 'issuer',
    locale: 'en',
    label: 'Issuer',
    source: 'real: certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt',
  },
  {
    field: 'subject',
    locale: 'en',
    label: 'Subject',
    source: 'real: certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt',
  },
  {
    field: 'notbefore',
    locale: 'en',
    label: 'NotBefore',
    source:
      'real: all samples (kept in English by zh-CN too: certutil-store.sample.zh-cn-scinfo-fragment.txt)',
  },
  { field: 'notafter', locale: 'en', label: 'NotAfter', source: 'real: all samples' },
  {
    field: 'container',
    locale: 'en',
    label: 'Key Container',
    source: 'real: certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt',
  },
  {
    field: 'unique',
    locale: 'en',
    label: 'Unique container name',
    source: 'real: certutil-store.sample.en-v-store-my-ncipher-ksp-selfsigned.txt',
  },
  {
    field: 'simple',
    locale: 'en',
    label: 'Simple container name',
    source: 'real: certutil-store.sample.en-store-my-not-exportable-key-tests.txt',
  },
  {
    field: 'provider',
    locale: 'en',
    label: 'Provider',
    source: 'real: certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt',
  },
  {
    field: 'template',
    locale: 'en',
    label: 'Template',
    source: 'real: certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt',
  },
  {
    field: 'keyspec',
    locale: 'en',
    label: 'KeySpec',
    source: 'real: certutil-store.sample.en-repairstore-hsm-signature-test-dmy-dates.txt',
  },
  {
    field: 'providertype',
    locale: 'en',
    label: 'ProviderType',
    source: 'real: certutil-store.sample.en-v-store-my-capi-at-signature-rst-indented.txt',
  },
  {
    field: 'providertype',
    locale: 'zh-CN',
    label: '提供程序类型',
    source: 'real: certutil-store.sample.zh-cn-scinfo-fragment.txt',
  },
  {
    field: 'pubkeylen',
    locale: 'en',
    label: 'Public Key Length',
    source: 'real: certutil-store.sample.en-v-store-my-ncipher-ksp-selfsigned.txt',
  },
  {
    field: 'serial',
    locale: 'zh-CN',
    label: '序列号',
    source: 'real: certutil-store.sample.zh-cn-scinfo-fragment.txt (TheMaxMur/RS-Key issue #79)',
  },
  {
    field: 'issuer',
    locale: 'zh-CN',
    label: '颁发者',
    source: 'real: certutil-store.sample.zh-cn-scinfo-fragment.txt',
  },
  {
    field: 'subject',
    locale: 'zh-CN',
    label: '使用者',
    source: 'real: certutil-store.sample.zh-cn-scinfo-fragment.txt',
  },
  {
    field: 'container',
    locale: 'zh-CN',
    label: '密钥容器',
    source: 'real: certutil-store.sample.zh-cn-scinfo-fragment.txt',
  },
  {
    field: 'provider',
    locale: 'zh-CN',
    label: '提供程序',
    source: 'real: certutil-store.sample.zh-cn-scinfo-fragment.txt',
  },
  { field: 'unique', locale: 'zh-CN', label: '唯一容器名称', source: 'unverified' },
  { field: 'simple', locale: 'zh-CN', label: '简单容器名称', source: 'unverified' },
  { field: 'template', locale: 'zh-CN', label: '模板', source: 'unverified' },
  { field: 'pubkeylen', locale: 'zh-CN', label: '公钥长度', source: 'unverified' },
  {
    field: 'serial',
    locale: 'de-DE',
    label: 'Seriennummer',
    source:
      'real: lithnet/access-manager issue #112 (certutil -v, de-DE); fixture: public code index file id 70911888679 (certutil -store, de)',
  },
  {
    field: 'issuer',
    locale: 'de-DE',
    label: 'Aussteller',
    source: 'real: lithnet/access-manager issue #112; fixture: 70911888679, 57801239862',
  },
  {
    field: 'subject',
    locale: 'de-DE',
    label: 'Antragsteller',
    source: 'real: lithnet/access-manager issue #112; fixture: 70911888679, 57801239862',
  },
  {
    field: 'notbefore',
    locale: 'de-DE',
    label: 'Nicht vor',
    source: 'real: lithnet/access-manager issue #112; fixture: 70911888679',
  },
  {
    field: 'notafter',
    locale: 'de-DE',
    label: 'Nicht nach',
    source: 'real: lithnet/access-manager issue #112; fixture: 70911888679',
  },
  { field: 'template', locale: 'de-DE', label: 'Vorlage', source: 'fixture: 70911888679' },
  {
    field: 'container',
    locale: 'de-DE',
    label: 'Schlüsselcontainer',
    source: 'fixture: 70911888679',
  },
  {
    field: 'unique',
    locale: 'de-DE',
    label: 'Eindeutiger Containername',
    source: 'fixture: 70911888679',
  },
  { field: 'provider', locale: 'de-DE', label: 'Anbieter', source: 'fixture: 70911888679' },
  { field: 'simple', locale: 'de-DE', label: 'Einfacher Containername', source: 'unverified' },
  {
    field: 'pubkeylen',
    locale: 'de-DE',
    label: 'Länge des öffentlichen Schlüssels',
    source: 'real: lithnet/access-manager issue #112 (certutil -v, de-DE)',
  },
  {
    field: 'serial',
    locale: 'fr-FR',
    label: 'Numéro de série',
    source: 'real: saltstack/salt issue #55024 (certutil -store, fr-FR); fixture: 70911888679',
  },
  {
    field: 'issuer',
    locale: 'fr-FR',
    label: 'Émetteur',
    source: 'real: saltstack/salt issue #55024; fixture: 70911888679',
  },
  {
    field: 'subject',
    locale: 'fr-FR',
    label: 'Objet',
    source: 'real: saltstack/salt issue #55024; fixture: 70911888679',
  },
  {
    field: 'container',
    locale: 'fr-FR',
    label: 'Conteneur de clé',
    source: 'fixture: 70911888679',
  },
  { field: 'container', locale: 'fr-FR', label: 'Conteneur de clés', source: 'unverified' },
  { field: 'provider', locale: 'fr-FR', label: 'Fournisseur', source: 'fixture: 70911888679' },
  { field: 'unique', locale: 'fr-FR', label: 'Nom de conteneur unique', source: 'unverified' },
  { field: 'simple', locale: 'fr-FR', label: 'Nom de conteneur simple', source: 'unverified' },
  { field: 'template', locale: 'fr-FR', label: 'Modèle', source: 'unverified' },
  {
    field: 'pubkeylen',
    locale: 'fr-FR',
    label: 'Longueur de la clé publique',
    source: 'unverified',
  },
  {
    field: 'issuer',
    locale: 'ja-JP',
    label: '発行者',
    source: 'fixture: public code index file id 57801239862 (certutil -store, ja)',
  },
  { field: 'subject', locale: 'ja-JP', label: 'サブジェクト', source: 'fixture: 57801239862' },
  { field: 'serial', locale: 'ja-JP', label: 'シリアル番号', source: 'unverified' },
  { field: 'container', locale: 'ja-JP', label: 'キー コンテナー', source: 'unverified' },
  { field: 'provider', locale: 'ja-JP', label: 'プロバイダー', source: 'unverified' },
  { field: 'serial', locale: 'es-ES', label: 'Número de serie', source: 'unverified' },
  { field: 'issuer', locale: 'es-ES', label: 'Emisor', source: 'unverified' },
  { field: 'subject', locale: 'es-ES', label: 'Sujeto', source: 'unverified' },
  { field: 'container', locale: 'es-ES', label: 'Contenedor de claves', source: 'unverified' },
  { field: 'provider', locale: 'es-ES', label: 'Proveedor', source: 'unverified' },
  { field: 'template', locale: 'es-ES', label: 'Plantilla', source: 'unverified' },
  { field: 'serial', locale: 'zh-TW', label: '序號', source: 'unverified' },
  { field: 'issuer', locale: 'zh-TW', label: '簽發者', source: 'unverified' },
  { field: 'subject', locale: 'zh-TW', label: '主體', source: 'unverified' },
  { field: 'container', locale: 'zh-TW', label: '金鑰容器', source: 'unverified' },
  { field: 'provider', locale: 'zh-TW', label: '提供者', source: 'unverified' },
  // Issue 17 search (Dec 2026): a CHANGELOG quotes zh-TW `certutil -dump` output's hash label.
  { field: 'hash', locale: 'zh-TW', label: '憑證雜湊(sha1)', source: 'quoted: 56701122513' },
];

const LABEL_INDEX = new Map(CERTUTIL_LABELS.map((l) => [labelNorm(l.label), l.field]));

/** Label comparison form: lower case, NBSPs and runs of blanks as one space, no trailing dots. */
function labelNorm(label: string): string {
  return label
    .replace(/[\s\u00a0\u202f\u3000]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The field a label names; any label ending in `(sha1)` is the certificate hash (en, de, fr `Hach. cert. (sha1)`, ja, zh). */
function fieldOf(label: string): Field | undefined {
  const n = labelNorm(label);
  if (/\(sha1\)$/.test(n) && !/^cert_/.test(n)) return 'hash';
  return LABEL_INDEX.get(n);
}

/**
 * Key and status sentences. English, real (the en-* samples beside this file): "Missing stored
 * keyset", "Encryption / Signature test passed", "… test skipped", "Private key is NOT exportable",
 * "Archived!", "Root Certificate:", "Non-root Certificate"; English, unverified (documented, not in
 * a sample): "No key provider information", "… test failed". Every zh-CN,
 * de-DE and fr-FR sentence below is `unverified` (Microsoft's terminology; no real output showing
 * it was found in public pages, issues or code, Dec 2026): a line that matches nothing leaves the
 * key state `unknown`, never a false "missing".
 */
/** `==== Certificate N ====` in any language (Zertifikat, Certificat, 証明書, 证书, 憑證, Certificado …). */
const BLOCK = /^={3,}\s*[^\s=\d][^=]{0,40}?\s*(\d+)\s*={3,}$/;
const MISSING =
  /^(missing stored keyset|缺少存储的密钥集|fehlender gespeicherter schlüsselsatz|jeu de clés stocké manquant)[.。]?$/i;
const NO_PROVIDER =
  /^(no key provider information|没有密钥提供程序信息|keine schlüsselanbieterinformationen|aucune information de fournisseur de clé)[.。]?$/i;
const ENC_PASSED =
  /^(encryption test passed|加密测试通过|verschlüsselungstest wurde bestanden|verschlüsselungstest wurde durchgeführt|test de chiffrement réussi)[.。]?$/i;
const SIG_PASSED =
  /^(signature test passed|签名测试通过|signaturtest wurde bestanden|test de signature réussi)[.。]?$/i;
const ENC_FAILED =
  /^(encryption test failed|加密测试失败|verschlüsselungstest fehlgeschlagen|échec du test de chiffrement)/i;
const SIG_FAILED =
  /^(signature test failed|签名测试失败|signaturtest fehlgeschlagen|échec du test de signature)/i;
const TEST_SKIPPED = /\btest skipped$/i;
const NOT_EXPORTABLE =
  /^(private key is not exportable|私钥不可导出|privater schlüssel kann nicht exportiert werden|der private schlüssel ist nicht exportierbar|la clé privée n.est pas exportable)/i;
const ARCHIVED = /^(archived!|已存档!|archiviert!|archivé !?)$/i;
const ROOT = /^(root certificate|根证书|stammzertifikat|certificat racine)\s*[:：]/i;
const NON_ROOT =
  /^(non-root certificate|非根证书|kein stammzertifikat|certificat non racine|il ne s.agit pas d.un certificat racine)$/i;
const STATUS = /^certutil:\s*-(\w+)[\s-]+(.*)$/i;
const HRESULT = /\b0x8[0-9a-f]{7}\b/i;
const STORE_HEADER = /^(\S+)\s+"([^"]+)"$/;

/**
 * Host-local date text → `YYYY-MM-DDTHH:MM` (src/parsers/local-date.ts): unambiguous forms are
 * read; a slashed date both orders could mean is read in `culture`'s order when given, else it is
 * `ambiguous` (never guessed; AM/PM decides nothing). A whole file is read with `readFileDates`.
 */
export function certutilLocalDate(text: string, culture?: string): LocalDate {
  return readLocalDate(text, dayMonthOrder(culture));
}

function newCert(index: number | null, evidence: EvidenceRef): CertutilCertificate {
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
    keyState: 'unknown',
    verifyResult: null,
    verifyError: null,
    signatureAlgorithm: null,
    publicKeyLength: null,
    eku: null,
    sanDns: [],
    ekuProperty: null,
    propertiesListed: false,
    extensionsListed: false,
    providerType: null,
    evidence,
  };
}

function keyState(c: CertutilCertificate): CertutilKeyState {
  if (c.encryptionTest === 'failed' || c.signatureTest === 'failed') return 'test-failed';
  if (c.missingStoredKeyset) return 'missing-keyset';
  if (c.keyError !== null) return 'test-failed';
  if (c.encryptionTest === 'passed' || c.signatureTest === 'passed') return 'usable';
  if (c.noKeyProviderInfo) return 'no-key';
  if (c.keyContainer !== null || c.provider !== null) return 'present-untested';
  return 'unknown';
}

/** `Label: value` or `Label = value` (certutil uses both), label without leading spaces. */
function labelValue(line: string): { label: string; value: string; indent: number } | null {
  const m = /^(\s*)([^:=：]+?)\s*(?:[:：]|\s=)\s?(.*)$/.exec(line);
  if (!m) return null;
  return { indent: m[1]!.length, label: m[2]!.trim(), value: m[3]!.trim() };
}

/** Splits a line that merged several: before `CertUtil: -verb` and before a `==== … N ====` banner. */
function splitMerged(line: string): string[] {
  if (line.length > 4096) return [line];
  const cuts: number[] = [];
  const re = /\S(?=CertUtil:\s*-\w)|[^=\s]\s*(?=={6,}\s*\S[^=]{0,40}?\d+\s*={6,})/g;
  for (let m = re.exec(line); m; m = re.exec(line)) cuts.push(m.index + m[0].length);
  if (cuts.length === 0) return [line];
  const out: string[] = [];
  let from = 0;
  for (const c of cuts) {
    out.push(line.slice(from, c));
    from = c;
  }
  out.push(line.slice(from));
  return out;
}

export function parseCertutil(input: TextInput): {
  value: CertutilValue;
  issues: ParseIssue<CertutilIssueCode>[];
} {
  const issues: ParseIssue<CertutilIssueCode>[] = [];
  const value: CertutilValue = {
    store: null,
    storeDisplayName: null,
    verb: null,
    completed: null,
    error: null,
    certificates: [],
  };
  if (input.text.trim() === '') {
    issues.push(issue('empty-input', 'the certutil output is empty', { line: 1 }, 'error'));
    return { value, issues };
  }
  let cur: CertutilCertificate | null = null;
  let curStart = 0;
  let lastLine = 0;
  /** A label whose value continues on the following indented lines (-v Issuer:/Subject:). */
  let pending: { field: 'issuer' | 'subject'; parts: string[]; indent: number } | null = null;
  /**
   * Lines not read (no silent drops, issue 17): one info issue each, except in a -v dump whose
   * hundreds of decoded-certificate lines are summed up in one issue listing their numbers.
   */
  const unread: { n: number; why: string }[] = [];
  const notRead = (n: number, why: string): void => {
    unread.push({ n, why });
  };
  /** -v sub-sections. */
  let section: 'sigalg' | 'pubkey' | 'eku' | 'ekuprop' | 'san' | 'sha1prop' | null = null;

  const finish = (): void => {
    if (!cur) return;
    flushPending();
    cur.keyState = keyState(cur);
    cur.evidence = lineEvidence(
      input,
      curStart,
      lastLine,
      cur.thumbprint ? `certutil ${cur.thumbprint}` : undefined,
    );
    value.certificates.push(cur);
    cur = null;
  };
  const flushPending = (): void => {
    if (pending && cur && pending.parts.length > 0) cur[pending.field] = pending.parts.join(', ');
    pending = null;
  };
  /** NotBefore / NotAfter as printed: read together at the end, since one date can decide another's order. */
  const dates: { c: CertutilCertificate; which: 'Before' | 'After'; text: string; line: number }[] =
    [];
  const setDate = (
    c: CertutilCertificate,
    which: 'Before' | 'After',
    text: string,
    line: number,
  ): void => {
    if (which === 'Before') c.notBeforeText = text;
    else c.notAfterText = text;
    dates.push({ c, which, text, line });
  };
  const readDates = (): void => {
    const read = readFileDates(
      dates.map((d) => d.text),
      { culture: input.hostCulture, shortDatePattern: input.hostShortDatePattern },
    );
    dates.forEach(({ c, which, text, line }, i) => {
      const d = read[i]!;
      const field = which === 'Before' ? 'notBefore' : 'notAfter';
      c[`${field}Local`] = d.local;
      if (d.decidedBy !== undefined)
        issues.push(
          issue(
            'date-order-from-file',
            `"${text}" read ${d.local} in the day/month order of "${dates[d.decidedBy]!.text}" (line ${dates[d.decidedBy]!.line}), a date of the same output that only one order can mean`,
            { line },
            'info',
          ),
        );
      if (d.local !== null) return;
      c.unknownFields = [...new Set([...(c.unknownFields ?? []), field])];
      if (d.ambiguous) {
        if (d.readings) c[`${field}Readings`] = d.readings;
        issues.push(
          issue(
            'ambiguous-date',
            `cannot tell the day/month order of "${text}" (no date of this output has a day above 12, and the bundle does not state the host's date format); ${field} is unknown`,
            { line },
          ),
        );
      } else
        issues.push(
          issue(
            'invalid-value',
            `${field} "${text}" is not a date certutil prints; ${field} is unknown`,
            {
              line,
            },
          ),
        );
    });
  };

  // Lines a copy merged (`Encryption test passedCertUtil: -repairstore command completed…`) are
  // split before a status line and before a block banner; each part keeps its line number.
  let split: { n: number; line: string }[] = [];
  input.lines.forEach((rawLine, i) => {
    const line = unquote(rawLine.replace(/\u00a0/g, ' '));
    for (const part of splitMerged(line)) split.push({ n: i + 1, line: part });
  });
  // A copy that turned every line break into a paragraph (no two text lines adjacent): a lone
  // blank line is that artefact, a run of them is the original blank line.
  const blank = (k: number): boolean => split[k] !== undefined && split[k]!.line.trim() === '';
  const textLines = split.filter((_, k) => !blank(k)).length;
  const doubled = textLines >= 4 && split.every((_, k) => blank(k) || k === 0 || blank(k - 1));
  if (doubled) split = split.filter((_, k) => !blank(k) || blank(k - 1) || blank(k + 1));
  // `certutil -dump cert.cer` and fragments print one certificate without a banner.
  const banners = split.some(({ line }) => BLOCK.test(line.trim()));
  split.forEach(({ n, line }) => {
    const t = line.trim();
    if (t === '') {
      // A blank line ends a multi-line Issuer/Subject, unless it came before the first part
      // (a copy that doubled every line break).
      if (!pending || pending.parts.length > 0) flushPending();
      if (section !== 'sha1prop') section = null;
      return;
    }
    if (isPromptLine(line) || /^certutil(\.exe)?\s+-/i.test(t)) {
      const verb =
        /\s-(?:f\s+-|v\s+-|user\s+-|enterprise\s+-)*(store|repairstore|verifystore|viewstore|scinfo|dump)\b/i.exec(
          t,
        );
      if (verb) value.verb = verb[1]!.toLowerCase();
      return;
    }
    const block = BLOCK.exec(t);
    if (block) {
      finish();
      cur = newCert(Number(block[1]), { artifactId: input.artifactId, path: input.path });
      curStart = n;
      lastLine = n;
      section = null;
      return;
    }
    const status = STATUS.exec(t);
    if (status) {
      finish();
      value.verb ??= status[1]!.toLowerCase();
      if (/failed|失败|fehler|échec/i.test(status[2]!)) {
        value.completed = false;
        value.error = status[2]!;
        issues.push(issue('command-failed', `certutil reported: ${t}`, { line: n }));
      } else value.completed = true;
      return;
    }
    if (!cur && /^X509 Certificate\s*:$/i.test(t)) {
      // `certutil -dump file.cer` (or a -v block pasted without its header): no store, no
      // "Certificate N" line; the decoded certificate starts here.
      cur = newCert(null, { artifactId: input.artifactId, path: input.path });
      curStart = n;
      lastLine = n;
      section = null;
      value.verb ??= 'dump';
      return;
    }
    if (!cur && !banners) {
      const lv = labelValue(line);
      const f = lv ? fieldOf(lv.label) : undefined;
      if (f === 'serial' || f === 'hash' || f === 'issuer' || f === 'subject') {
        cur = newCert(null, { artifactId: input.artifactId, path: input.path });
        curStart = n;
        lastLine = n;
        section = null;
      }
    }
    if (!cur) {
      const h = STORE_HEADER.exec(t);
      if (h && value.store === null) {
        value.store = h[1]!;
        value.storeDisplayName = h[2]!;
      } else if (value.store === null && /^(my|ca|root|webhosting|authroot|trust)$/i.test(t)) {
        // `certutil -store -v my <serial>` prints the bare store name (real sample).
        value.store = t;
      } else notRead(n, 'outside any certificate block');
      return;
    }
    const c: CertutilCertificate = cur;
    lastLine = n;
    const indent = /^\s*/.exec(line)![0].length;
    if (pending) {
      if (indent > pending.indent && !/hash\(|哈希\(/i.test(t)) {
        pending.parts.push(t);
        return;
      }
      flushPending();
    }
    if (section === 'sha1prop') {
      const hex = t.replace(/\s+/g, '').toLowerCase();
      if (/^[0-9a-f]{40}$/.test(hex) && c.thumbprint === null) c.thumbprint = hex;
      section = null;
    }
    // Whole-line statements.
    if (MISSING.test(t)) c.missingStoredKeyset = true;
    else if (NO_PROVIDER.test(t)) c.noKeyProviderInfo = true;
    else if (ENC_PASSED.test(t)) c.encryptionTest = 'passed';
    else if (SIG_PASSED.test(t)) c.signatureTest = 'passed';
    else if (ENC_FAILED.test(t)) c.encryptionTest = 'failed';
    else if (SIG_FAILED.test(t)) c.signatureTest = 'failed';
    else if (TEST_SKIPPED.test(t)) c.encryptionTest ??= 'skipped';
    else if (NOT_EXPORTABLE.test(t)) c.exportable = false;
    else if (ARCHIVED.test(t)) c.archived = true;
    else if (ROOT.test(t)) c.isRoot = true;
    else if (NON_ROOT.test(t)) c.isRoot = false;
    else if (/^CERT_SHA1_HASH_PROP_ID\(3\)\s*:?\s*$/i.test(t)) {
      c.propertiesListed = true;
      section = 'sha1prop';
    } else if (/^CERT_ENHKEY_USAGE_PROP_ID\(9\)\s*:?\s*$/i.test(t)) {
      // The purposes restricted in the certificate's properties (what "Enable all purposes for
      // this certificate" removes): the same "Name (OID)" lines as the extension (real sample
      // certutil-store.sample.en-v-store-root-enhkey-usage-property.txt).
      c.propertiesListed = true;
      c.ekuProperty = [];
      section = 'ekuprop';
    } else if (/^(CERT_[A-Z0-9_]+_PROP_ID|Unknown Property)\(\d+\)/i.test(t)) {
      c.propertiesListed = true;
      section = null;
    } else if (
      /^(certificate is valid|证书有效|das zertifikat ist gültig|le certificat est valide)[.。]?$/i.test(
        t,
      )
    )
      c.verifyResult ??= 'valid';
    else if (/\b0x800b01[0-9a-f]{2}\b|\bCERT_E_[A-Z_]+/i.test(t)) {
      c.verifyResult = 'error';
      c.verifyError ??= t;
    } else if (
      HRESULT.test(t) &&
      c.keyError === null &&
      /keyset|key|密钥|schlüssel|clé|NTE_/i.test(t)
    )
      c.keyError = t;
    else {
      // -v sections
      if (/^signature algorithm\s*:?$/i.test(t) || /^签名算法\s*[:：]?$/.test(t)) {
        section = 'sigalg';
        return;
      }
      if (/^public key algorithm\s*:?$/i.test(t) || /^公钥算法\s*[:：]?$/.test(t)) {
        section = 'pubkey';
        return;
      }
      if (/^Certificate Extensions\s*:\s*\d+$/i.test(t)) {
        c.extensionsListed = true;
        section = null;
        return;
      }
      if (/^2\.5\.29\.37\s*:/.test(t)) {
        section = 'eku';
        c.eku = [];
        return;
      }
      if (/^2\.5\.29\.17\s*:/.test(t)) {
        section = 'san';
        return;
      }
      if (/^\d+(\.\d+)+\s*:\s*flags/i.test(t)) {
        section = null;
        return;
      }
      if (section === 'sigalg') {
        const m = /ObjectId\s*[:：]\s*(\d+(?:\.\d+)+)\s*(\S+)?/i.exec(t);
        if (m) {
          c.signatureAlgorithm = m[2] ?? m[1]!;
          section = null;
          return;
        }
      }
      if (section === 'eku') {
        const m = /\((\d+(?:\.\d+)+)\)\s*$/.exec(t);
        if (m) {
          c.eku!.push(m[1]!);
          return;
        }
      }
      if (section === 'ekuprop') {
        // "Enhanced Key Usage" title, then one "Name (OID)" line per purpose; nothing else.
        const m = /\((\d+(?:\.\d+)+)\)\s*$/.exec(t);
        if (m) c.ekuProperty!.push(m[1]!);
        return;
      }
      if (section === 'san') {
        const m = /^(?:DNS Name|DNS 名称|DNS-Name|Nom DNS)\s*=\s*(.+)$/i.exec(t);
        if (m) {
          c.sanDns.push(m[1]!.trim());
          return;
        }
      }
      const lv = labelValue(line);
      if (!lv) {
        notRead(n, 'in a certificate block');
        return;
      }
      const field = fieldOf(lv.label);
      if (!field) {
        notRead(n, `label "${lv.label}"`);
        return;
      }
      const v = lv.value;
      switch (field) {
        case 'serial':
          if (c.serialNumber === null && v !== '')
            c.serialNumber = v.replace(/\s+/g, '').toLowerCase();
          break;
        case 'issuer':
        case 'subject':
          if (v !== '') c[field] = v;
          else pending = { field, parts: [], indent: lv.indent };
          break;
        case 'notbefore':
          setDate(c, 'Before', v, n);
          break;
        case 'notafter':
          setDate(c, 'After', v, n);
          break;
        case 'hash': {
          const hex = v.replace(/\s+/g, '').toLowerCase();
          if (/^[0-9a-f]{40}$/.test(hex)) c.thumbprint = hex;
          else
            issues.push(
              issue('invalid-value', `certificate hash "${v}" is not 40 hex digits`, { line: n }),
            );
          break;
        }
        case 'container':
          c.keyContainer ??= v.replace(/\s*\[[^\]]*\]\s*$/, '');
          break;
        case 'unique':
          c.uniqueContainerName ??= v;
          break;
        case 'simple':
          c.simpleContainerName ??= v;
          break;
        case 'provider':
          c.provider ??= v;
          break;
        case 'template':
          c.template ??= v;
          break;
        case 'keyspec':
          c.keySpec ??= v;
          break;
        case 'providertype': {
          const n = /^(\d+)\b/.exec(v);
          if (n) c.providerType ??= Number(n[1]);
          break;
        }
        case 'pubkeylen': {
          const bits = /(\d+)/.exec(v);
          if (bits) c.publicKeyLength = Number(bits[1]);
          break;
        }
      }
    }
  });
  finish();
  const verbose = /CERT_KEY_PROV_INFO_PROP_ID|CERT_SHA1_HASH_PROP_ID|Signature Algorithm:/i.test(
    input.text,
  );
  readDates();
  if (verbose && unread.length > 0)
    issues.push(
      issue(
        'unrecognized-line',
        `${unread.length} line(s) of the verbose dump not read (lines ${unread
          .slice(0, 40)
          .map((u) => u.n)
          .join(', ')}${unread.length > 40 ? ', …' : ''})`,
        { line: unread[0]!.n },
        'info',
      ),
    );
  else
    for (const u of unread)
      issues.push(issue('unrecognized-line', `line not read (${u.why})`, { line: u.n }, 'info'));
  if (value.certificates.length === 0) {
    issues.push(
      issue('no-certificates', 'no certificate block in the certutil output', { line: 1 }),
    );
  }
  return { value, issues };
}

export const certutilParser: TextParser<CertutilValue, 'cert.certutil'> = {
  artifactId: 'cert.certutil',
  describe: 'certutil -store / -v -store / -verifystore / -repairstore output',
  input: 'text',
  fileName: /certutil/i,
  sniff(head: string): number {
    const lines = sniffLines(head);
    if (lines.some((l) => BLOCK.test(l) || /^CertUtil:\s*-\w*store/i.test(l))) return SNIFF.sure;
    // `certutil -dump file.cer`: its `X509 Certificate:` title and a serial number.
    if (
      lines.some((l) => /^X509 Certificate\s*:$/i.test(l)) &&
      lines.some((l) => /^Serial Number\s*:/i.test(l))
    )
      return SNIFF.likely + 0.1;
    // Fragments (`certutil -dump`, a pasted block without its banner): the `(sha1)` hash line and
    // certificate labels in any locale of the table.
    let hash = 0;
    let labels = 0;
    for (const l of lines) {
      const lv = labelValue(l);
      const f = lv ? fieldOf(lv.label) : undefined;
      if (f === 'hash') hash++;
      else if (
        f === 'serial' ||
        f === 'issuer' ||
        f === 'subject' ||
        f === 'notafter' ||
        f === 'container'
      )
        labels++;
    }
    if (hash > 0) return labels > 0 ? SNIFF.likely + 0.1 : SNIFF.fragment + 0.1;
    return labels >= 3 ? SNIFF.fragment : 0;
  },
  parse: parseCertutil,
};
