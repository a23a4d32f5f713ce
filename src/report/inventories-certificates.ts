/**
 * Inventory table of the certificates area: one row per server certificate (LocalMachine\My,
 * WebHosting and stores bindings name): where it is bound, validity at collection time, private
 * key state, chain and purposes. Rows that findings point at are marked by the template.
 */
import type { CertificateEntity } from '../facts/model.js';
import type { Inventory } from './inventories.js';

/** Same as inventories.ts defineInventory, kept local so this module does not import inventories.ts at run time (a cycle). */
const defineInventory = <T extends CertificateEntity>(inv: Inventory<T>): Inventory =>
  inv as unknown as Inventory;

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'Secure Email',
  '2.5.29.37.0': 'Any Purpose',
};

export function certificateName(c: CertificateEntity): string {
  const name = c.subjectCommonName ?? c.subject ?? '(no subject)';
  return `${name} — ${c.store}\\${c.thumbprintUpper}`;
}

export function validityCell(c: CertificateEntity): string {
  const span = `${c.notBefore ?? '?'} → ${c.notAfter ?? '?'}`;
  if (!c.validityKnown) return span;
  if (c.expired) return `⚠ expired: ${span}`;
  if (c.notYetValid) return `⚠ not yet valid: ${span}`;
  if (c.expiresSoon) return `⚠ ${c.daysUntilExpiry} day(s) left: ${span}`;
  return `${span} (${c.daysUntilExpiry} days left)`;
}

export function keyCell(c: CertificateEntity): string {
  const warn = c.privateKeyMissing || c.privateKeyInaccessible || c.keyAclMissingSystem ? '⚠ ' : '';
  const parts = [`${warn}${c.privateKeyState}`];
  if (c.keyProvider) parts.push(c.keyProvider);
  if (c.keyAclSystemAccess) parts.push(`SYSTEM: ${c.keyAclSystemAccess}`);
  return parts.join(' · ');
}

export function chainCell(c: CertificateEntity): string {
  const warn = c.chainStatus === 'trusted' ? '' : '⚠ ';
  const path = c.chain.map((n) => n.subject.replace(/,.*$/, '')).join(' → ');
  return `${warn}${c.chainStatus}${path ? `: ${path}` : ''}${c.missingIssuer ? ` → missing ${c.missingIssuer}` : ''}`;
}

export function ekuCell(c: CertificateEntity): string {
  if (c.ekuPresent === false) return 'any purpose (no EKU extension)';
  const list = c.eku.map((o) => EKU_NAMES[o] ?? o).join(', ');
  return c.missingServerAuthEku ? `⚠ ${list || '(empty)'}` : list;
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
        cell: (c) => (c.sanKnown === false ? ['(SAN unknown)'] : c.sanDns),
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
