/**
 * Inventory table of the certificates area: one row per server certificate (LocalMachine\My,
 * WebHosting and stores bindings name): where it is bound, validity at collection time, private
 * key state, chain and purposes. Rows that findings point at are marked by the template.
 */
import type { Lang } from '../engine/rule.js';
import type {
  CertificateChainStatus,
  CertificateEntity,
  CertificatePrivateKeyState,
} from '../facts/model.js';
import type { Inventory } from './inventories.js';

/** Same as inventories.ts defineInventory, kept local so this module does not import inventories.ts at run time (a cycle). */
const defineInventory = <T extends CertificateEntity>(inv: Inventory<T>): Inventory =>
  inv as unknown as Inventory;

/** EKU names as Windows shows them in English and Chinese (certlm.msc). */
const EKU_NAMES: Record<string, Record<Lang, string>> = {
  '1.3.6.1.5.5.7.3.1': { en: 'Server Authentication', 'zh-CN': '服务器身份验证' },
  '1.3.6.1.5.5.7.3.2': { en: 'Client Authentication', 'zh-CN': '客户端身份验证' },
  '1.3.6.1.5.5.7.3.3': { en: 'Code Signing', 'zh-CN': '代码签名' },
  '1.3.6.1.5.5.7.3.4': { en: 'Secure Email', 'zh-CN': '安全电子邮件' },
  '2.5.29.37.0': { en: 'Any Purpose', 'zh-CN': '任何用途' },
};

type Words = Record<Lang, string>;

const KEY_STATE: Record<CertificatePrivateKeyState, Words> = {
  usable: { en: 'usable', 'zh-CN': '可用' },
  none: { en: 'none', 'zh-CN': '无' },
  missing: { en: 'missing', 'zh-CN': '缺失' },
  inaccessible: { en: 'inaccessible', 'zh-CN': '无法访问' },
  'present-untested': { en: 'present, untested', 'zh-CN': '存在，未测试' },
  unknown: { en: 'unknown', 'zh-CN': '未知' },
};

const ACL_ACCESS: Record<'read' | 'none' | 'denied', Words> = {
  read: { en: 'read', 'zh-CN': '可读' },
  none: { en: 'none', 'zh-CN': '无权限' },
  denied: { en: 'denied', 'zh-CN': '被拒绝' },
};

const CHAIN: Record<CertificateChainStatus, Words> = {
  trusted: { en: 'trusted', 'zh-CN': '受信任' },
  'untrusted-root': { en: 'untrusted root', 'zh-CN': '根证书不受信任' },
  incomplete: { en: 'incomplete', 'zh-CN': '不完整' },
  'root-not-collected': { en: 'root not collected', 'zh-CN': '未收集根证书' },
  unknown: { en: 'unknown', 'zh-CN': '未知' },
};

const W = {
  noSubject: { en: '(no subject)', 'zh-CN': '（无主题）' },
  expired: { en: 'expired', 'zh-CN': '已过期' },
  notYetValid: { en: 'not yet valid', 'zh-CN': '尚未生效' },
  daysLeft: { en: '{n} days left', 'zh-CN': '剩余 {n} 天' },
  sanUnknown: { en: '(SAN unknown)', 'zh-CN': '（SAN 未知）' },
  // The facts' words for "in no store" (see primaryStore in facts/certificate.ts).
  capture: { en: 'seen only on the wire', 'zh-CN': '仅见于网络捕获' },
  unknown: { en: 'store unknown', 'zh-CN': '存储未知' },
  missing: { en: 'missing', 'zh-CN': '缺少' },
  anyPurpose: { en: 'any purpose (no EKU extension)', 'zh-CN': '任意用途（无 EKU 扩展）' },
  empty: { en: '(empty)', 'zh-CN': '（空）' },
} satisfies Record<string, Words>;

export function certificateName(c: CertificateEntity, lang: Lang = 'en'): string {
  const name = c.subjectCommonName ?? c.subject ?? W.noSubject[lang];
  if (c.store === 'capture' || c.store === 'unknown')
    return `${name} — ${c.thumbprintUpper} (${W[c.store][lang]})`;
  return `${name} — ${c.store}\\${c.thumbprintUpper}`;
}

export function validityCell(c: CertificateEntity, lang: Lang = 'en'): string {
  const span = `${c.notBefore ?? '?'} → ${c.notAfter ?? '?'}`;
  if (!c.validityKnown) return span;
  if (c.expired) return `⚠ ${W.expired[lang]}: ${span}`;
  if (c.notYetValid) return `⚠ ${W.notYetValid[lang]}: ${span}`;
  // Valid by both readings of an ambiguous date: how long is unknown, so no count is shown.
  if (c.daysUntilExpiry === null) return span;
  const left = W.daysLeft[lang].replace('{n}', String(c.daysUntilExpiry));
  if (c.expiresSoon) return `⚠ ${left}: ${span}`;
  return `${span} (${left})`;
}

export function keyCell(c: CertificateEntity, lang: Lang = 'en'): string {
  const warn = c.privateKeyMissing || c.privateKeyInaccessible || c.keyAclMissingSystem ? '⚠ ' : '';
  const parts = [`${warn}${KEY_STATE[c.privateKeyState]?.[lang] ?? c.privateKeyState}`];
  if (c.keyProvider) parts.push(c.keyProvider);
  if (c.keyAclSystemAccess)
    parts.push(`SYSTEM: ${ACL_ACCESS[c.keyAclSystemAccess]?.[lang] ?? c.keyAclSystemAccess}`);
  return parts.join(' · ');
}

export function chainCell(c: CertificateEntity, lang: Lang = 'en'): string {
  const warn = c.chainStatus === 'trusted' ? '' : '⚠ ';
  const path = c.chain.map((n) => n.subject.replace(/,.*$/, '')).join(' → ');
  const status = CHAIN[c.chainStatus]?.[lang] ?? c.chainStatus;
  return `${warn}${status}${path ? `: ${path}` : ''}${c.missingIssuer ? ` → ${W.missing[lang]} ${c.missingIssuer}` : ''}`;
}

export function ekuCell(c: CertificateEntity, lang: Lang = 'en'): string {
  if (c.ekuPresent === false) return W.anyPurpose[lang];
  const list = c.eku.map((o) => EKU_NAMES[o]?.[lang] ?? o).join(', ');
  return c.missingServerAuthEku ? `⚠ ${list || W.empty[lang]}` : list;
}

export const CERTIFICATE_INVENTORIES: Inventory[] = [
  defineInventory<CertificateEntity>({
    id: 'certificates',
    scope: 'certificate',
    title: { en: 'Server certificates', 'zh-CN': '服务器证书' },
    // CA / Root certificates are entities too (inspect shows them); the table keeps the
    // certificates clients get and those of the server stores (the ones a chain was built for).
    rows: (f) => f.certificates.filter((c) => c.inUse || c.chainStopReason !== null),
    columns: [
      { header: { en: 'Certificate', 'zh-CN': '证书' }, cell: certificateName },
      {
        header: { en: 'Bound by', 'zh-CN': '绑定位置' },
        cell: (c) => [...c.boundBy, ...c.boundByIis],
      },
      {
        header: { en: 'Names (SAN)', 'zh-CN': '名称 (SAN)' },
        cell: (c, lang = 'en') => (c.sanKnown === false ? [W.sanUnknown[lang]] : c.sanDns),
      },
      { header: { en: 'Valid (at collection)', 'zh-CN': '有效期（收集时）' }, cell: validityCell },
      { header: { en: 'Private key', 'zh-CN': '私钥' }, cell: keyCell },
      { header: { en: 'Chain', 'zh-CN': '证书链' }, cell: chainCell },
      { header: { en: 'Purposes (EKU)', 'zh-CN': '用途 (EKU)' }, cell: ekuCell },
      {
        header: { en: 'Key / signature', 'zh-CN': '密钥 / 签名' },
        cell: (c) =>
          `${c.weakKey ? '⚠ ' : ''}${c.keyAlgorithm ?? '?'} ${c.keySize ?? '?'} · ${c.sha1Signature ? '⚠ ' : ''}${c.signatureAlgorithm ?? '?'}`,
      },
    ],
  }),
];
