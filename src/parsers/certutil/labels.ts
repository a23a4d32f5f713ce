/**
 * certutil's words in every language we know: the field labels (each with where it was seen),
 * the `==== Certificate N ====` banner, the key and status sentences, and the line shapes
 * (`Label: value`, lines a copy merged).
 */
import type { Field } from './model.js';

/**
 * Localized certutil labels, each with where it was seen. `real`: a real console output quoted in
 * public material (named: repository and issue); `fixture`: a non-English output quoted as a test
 * fixture by public code that parses certutil (plausible, not verified against a Windows
 * console); `unverified`: Microsoft's published terminology for the string, never seen in an
 * output; `quoted`: a label a public script or note matches on a localized Windows (findstr),
 * not an output. Searched again for real es-ES, ja-JP and zh-TW outputs (issue 17, Dec 2026):
 * zh-TW two real outputs (certutil-store.sample.zh-tw-*), es-ES one real but console-overwritten
 * `-store -v` fragment (certutil-store.sample.es-es-*, no certificate block survives), ja-JP two
 * real `-addstore` outputs (certutil-store.sample.ja-jp-*: store header and status line, no
 * certificate block, so no label) besides a test fixture and a batch script's findstr strings. A label's NBSP / narrow NBSP
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
  // A ja-JP batch script renewing an IIS certificate (public code index file id 5241236439)
  // runs `certutil -store -v my <cn> | findstr /c:"Cert ハッシュ(sha1)"` and `findstr /c:"この日以前: "`,
  // echoing the latter as NotAfter: the hash label half-translated as zh-TW's real one is.
  {
    field: 'hash',
    locale: 'ja-JP',
    label: 'Cert ハッシュ(sha1)',
    source: 'quoted: 5241236439 (findstr of a ja-JP batch script)',
  },
  {
    field: 'notafter',
    locale: 'ja-JP',
    label: 'この日以前',
    source: 'quoted: 5241236439 (findstr of a ja-JP batch script, echoed as NotAfter)',
  },
  { field: 'serial', locale: 'es-ES', label: 'Número de serie', source: 'unverified' },
  { field: 'issuer', locale: 'es-ES', label: 'Emisor', source: 'unverified' },
  { field: 'subject', locale: 'es-ES', label: 'Sujeto', source: 'unverified' },
  { field: 'container', locale: 'es-ES', label: 'Contenedor de claves', source: 'unverified' },
  {
    field: 'provider',
    locale: 'es-ES',
    label: 'Proveedor',
    source: 'real: certutil-store.sample.es-es-store-v-console-overwritten-fragment.txt',
  },
  {
    field: 'unique',
    locale: 'es-ES',
    label: 'Nombre de contenedor exclusivo',
    source: 'real: certutil-store.sample.es-es-store-v-console-overwritten-fragment.txt',
  },
  {
    field: 'providertype',
    locale: 'es-ES',
    label: 'Tipo de proveedor',
    source: 'real: certutil-store.sample.es-es-store-v-console-overwritten-fragment.txt',
  },
  {
    field: 'keyspec',
    locale: 'es-ES',
    label: 'Especificación de clave',
    source: 'real: certutil-store.sample.es-es-store-v-console-overwritten-fragment.txt',
  },
  { field: 'template', locale: 'es-ES', label: 'Plantilla', source: 'unverified' },
  {
    field: 'serial',
    locale: 'zh-TW',
    label: '序號',
    source: 'real: certutil-store.sample.zh-tw-dump-pfx-nested-oemc1.txt',
  },
  {
    field: 'issuer',
    locale: 'zh-TW',
    label: '簽發者',
    source: 'real: certutil-store.sample.zh-tw-dump-pfx-nested-oemc1.txt',
  },
  {
    field: 'subject',
    locale: 'zh-TW',
    label: '主體',
    source: 'real: certutil-store.sample.zh-tw-dump-pfx-nested-oemc1.txt',
  },
  {
    field: 'hash',
    locale: 'zh-TW',
    label: 'Cert 雜湊(sha1)',
    source: 'real: certutil-store.sample.zh-tw-dump-pfx-nested-oemc1.txt',
  },
  { field: 'container', locale: 'zh-TW', label: '金鑰容器', source: 'unverified' },
  {
    field: 'provider',
    locale: 'zh-TW',
    label: '提供者',
    source: 'real: certutil-store.sample.zh-tw-dump-pfx-nested-oemc1.txt',
  },
  // Issue 17 search (Dec 2026): a CHANGELOG quotes zh-TW `certutil -dump` output's hash label.
  { field: 'hash', locale: 'zh-TW', label: '憑證雜湊(sha1)', source: 'quoted: 56701122513' },
];

export const LABEL_INDEX = new Map(CERTUTIL_LABELS.map((l) => [labelNorm(l.label), l.field]));

/** Label comparison form: lower case, NBSPs and runs of blanks as one space, no trailing dots. */
export function labelNorm(label: string): string {
  return label
    .replace(/[\s\u00a0\u202f\u3000]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The field a label names; any label ending in `(sha1)` is the certificate hash (en, de, fr `Hach. cert. (sha1)`, ja, zh). */
export function fieldOf(label: string): Field | undefined {
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
/**
 * The nesting banners of `certutil -dump` on a PFX / PKCS #7 (`==== Begin Nesting Level 1 ====`,
 * real: Microsoft KB 216831; zh-TW `開始巢狀層級` / `停止巢狀層級`, real:
 * certutil-store.sample.zh-tw-dump-pfx-nested-oemc1.txt): inside a certificate, not a new one.
 */
export const NESTING =
  /^[=-]{3,}\s*((begin|end)\s+nesting\s+level|(開始|停止)巢狀層級)\s*\d+\s*[=-]{3,}$/i;
/** `==== Certificate N ====` in any language (Zertifikat, Certificat, 証明書, 证书, 憑證, Certificado …). */
export const BLOCK = /^={3,}\s*[^\s=\d][^=]{0,40}?\s*(\d+)\s*={3,}$/;
export const MISSING =
  /^(missing stored keyset|缺少存储的密钥集|fehlender gespeicherter schlüsselsatz|jeu de clés stocké manquant)[.。]?$/i;
export const NO_PROVIDER =
  /^(no key provider information|没有密钥提供程序信息|keine schlüsselanbieterinformationen|aucune information de fournisseur de clé)[.。]?$/i;
export const ENC_PASSED =
  /^(encryption test passed|加密测试通过|prueba de cifrado correcta|verschlüsselungstest wurde bestanden|verschlüsselungstest wurde durchgeführt|test de chiffrement réussi)[.。]?$/i;
export const SIG_PASSED =
  /^(signature test passed|签名测试通过|簽章測試通過|signaturtest wurde bestanden|test de signature réussi)[.。]?$/i;
export const ENC_FAILED =
  /^(encryption test failed|加密测试失败|verschlüsselungstest fehlgeschlagen|échec du test de chiffrement)/i;
export const SIG_FAILED =
  /^(signature test failed|签名测试失败|signaturtest fehlgeschlagen|échec du test de signature)/i;
export const TEST_SKIPPED = /\btest skipped$/i;
export const NOT_EXPORTABLE =
  /^(private key is not exportable|私钥不可导出|privater schlüssel kann nicht exportiert werden|der private schlüssel ist nicht exportierbar|la clé privée n.est pas exportable)/i;
export const ARCHIVED = /^(archived!|已存档!|archiviert!|archivé !?)$/i;
export const ROOT = /^(root certificate|根证书|stammzertifikat|certificat racine)\s*[:：]/i;
export const NON_ROOT =
  /^(non-root certificate|非根证书|不是根憑證|kein stammzertifikat|certificat non racine|il ne s.agit pas d.un certificat racine)$/i;
/** `CertContext[0][1]:` — one chain element of `certutil -verify` (0 = the leaf). */
export const VERIFY_ELEMENT = /^CertContext\[\d+\]\[(\d+)\]\s*:/i;
export const STATUS = /^certutil:\s*-(\w+)[\s-]+(.*)$/i;
export const HRESULT = /\b0x8[0-9a-f]{7}\b/i;
export const STORE_HEADER = /^(\S+)\s+"([^"]+)"$/;

/** `Label: value` or `Label = value` (certutil uses both), label without leading spaces. */
export function labelValue(line: string): { label: string; value: string; indent: number } | null {
  const m = /^(\s*)([^:=：]+?)\s*(?:[:：]|\s=)\s?(.*)$/.exec(line);
  if (!m) return null;
  return { indent: m[1]!.length, label: m[2]!.trim(), value: m[3]!.trim() };
}

/** Splits a line that merged several: before `CertUtil: -verb` and before a `==== … N ====` banner. */
export function splitMerged(line: string): string[] {
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
