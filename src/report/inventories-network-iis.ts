/**
 * Inventory tables of the network / IIS area: the joined view (client endpoint → HTTP.sys entry →
 * certificate → IIS site → listening process, one row per IIS https binding plus one per HTTP.sys
 * entry no IIS binding uses), the listening sockets on https ports, and the IIS sites. Problems the
 * facts already know are marked in the cells (`⚠ …`); the template adds the findings column.
 */
import type { Lang, Localized } from '../engine/rule.js';
import type {
  BindingEntity,
  EntityBase,
  Facts,
  Scope,
  IisBindingEntity,
  ListenerEntity,
  SiteEntity,
} from '../facts/model.js';
import type { Cell, Inventory } from './inventories.js';

const WARN = '⚠ ';

/** The words the joined table marks problems with, per report language. */
const MSG = {
  emptyHash: { en: 'empty certificate hash', 'zh-CN': '证书哈希为空' },
  expired: { en: 'expired', 'zh-CN': '已过期' },
  until: { en: 'until', 'zh-CN': '有效期至' },
  notInStore: { en: 'not in the certificate store', 'zh-CN': '不在证书存储中' },
  inStore: { en: 'in store', 'zh-CN': '位于存储' },
  notCollected: { en: 'not collected', 'zh-CN': '未收集' },
  storeNotCollected: {
    en: 'store not collected, not evaluated: run',
    'zh-CN': '该存储未收集，未评估：请运行',
  },
  nobody: { en: 'nobody', 'zh-CN': '无人侦听' },
  fallback: { en: '(0.0.0.0 fallback)', 'zh-CN': '（回退到 0.0.0.0）' },
  needs: { en: 'needs', 'zh-CN': '需要' },
  sniNoHost: { en: 'SNI without host name', 'zh-CN': 'SNI 未设置主机名' },
  missing: { en: 'missing', 'zh-CN': '缺少' },
  fallsBack: { en: 'falls back to', 'zh-CN': '回退到' },
  zeroAppId: { en: 'zero AppId', 'zh-CN': 'AppId 全为零' },
  notListened: { en: 'not in IP listen list', 'zh-CN': '不在 IP 侦听列表中' },
  stateUnknown: { en: 'state unknown', 'zh-CN': '状态未知' },
  duplicates: { en: 'duplicates', 'zh-CN': '重复于' },
  iisNotCollected: { en: 'IIS not collected', 'zh-CN': '未收集 IIS 配置' },
  noIisBinding: {
    en: 'no IIS binding (another app, or stale)',
    'zh-CN': '无 IIS 绑定（其他应用或残留条目）',
  },
} satisfies Record<string, Localized>;

/** One row of the joined table. `key` is the iisBinding key (or the HTTP.sys binding key). */
export interface JoinedRow extends EntityBase {
  endpoint: string;
  httpSys: string;
  certificate: string;
  site: string;
  listener: string;
  /** The HTTP.sys binding, listeners and site this row joins: their findings are marked here too. */
  related: { scope: Scope; key: string }[];
}

const addressCovers = (listen: string, address: string): boolean =>
  listen === address ||
  address === '*' ||
  listen === '0.0.0.0' ||
  listen === '::' ||
  (address === '0.0.0.0' && !listen.includes(':')) ||
  (address === '::' && listen.includes(':'));

function certificateCell(b: BindingEntity | undefined, hash: string | null, lang: Lang): string {
  if (!b) return hash ?? '—';
  if (b.certificateHash === null) return `${WARN}${MSG.emptyHash[lang]}`;
  const c = b.certificate;
  const subject = c && typeof c['subject'] === 'string' ? c['subject'] : null;
  const notAfter = c && typeof c['notAfter'] === 'string' ? c['notAfter'].slice(0, 10) : null;
  const expired = c?.['expired'] === true;
  const lookup = b.certificateLookup;
  const parts = [b.certificateHash];
  if (subject) parts.push(subject);
  if (notAfter) parts.push(`${expired ? WARN + MSG.expired[lang] : MSG.until[lang]} ${notAfter}`);
  if (lookup === 'not-found') parts.push(`${WARN}${MSG.notInStore[lang]}`);
  if (lookup === 'other-store')
    parts.push(`${WARN}${MSG.inStore[lang]} ${b.certificateFoundInStore ?? '?'}`);
  if (lookup === 'store-not-collected')
    parts.push(
      `${MSG.storeNotCollected[lang]} certutil -store ${b.suggestedStoreName} ${b.certificateHash}`,
    );
  return parts.join(' · ');
}

function listenersOn(port: number | null, address: string, facts: Facts): ListenerEntity[] {
  if (port === null) return [];
  return facts.listeners.filter(
    (l) => l.protocol === 'TCP' && l.port === port && addressCovers(l.localAddress, address),
  );
}

function listenerCell(port: number | null, address: string, facts: Facts, lang: Lang): string {
  if (port === null) return '—';
  const on = listenersOn(port, address, facts);
  if (on.length === 0)
    return facts.listeners.length === 0 ? MSG.notCollected[lang] : `${WARN}${MSG.nobody[lang]}`;
  return on.map((l) => `${l.blocksHttps ? WARN : ''}${l.endpoint} ${l.ownerLabel}`).join('; ');
}

function iisRow(b: IisBindingEntity, facts: Facts, lang: Lang): JoinedRow {
  const entry = facts.bindings.find((x) => x.key === b.httpSysBindingKey);
  let httpSys: string;
  if (b.httpSysEndpoint) {
    httpSys = `${b.lookup} ${b.httpSysEndpoint}${b.httpSysMatch === 'wildcard' ? ` ${MSG.fallback[lang]}` : ''}`;
  } else if (b.httpSysMatch === 'unknown') {
    httpSys = `${MSG.notCollected[lang]} (${MSG.needs[lang]} ${b.lookup} ${b.expectedEndpoint})`;
  } else if (b.sniWithoutHost) {
    httpSys = `${WARN}${MSG.sniNoHost[lang]}`;
  } else {
    httpSys = `${WARN}${MSG.missing[lang]} ${b.lookup} ${b.expectedEndpoint}${b.fallbackEndpoint ? ` → ${MSG.fallsBack[lang]} ${b.fallbackEndpoint}` : ''}`;
  }
  if (entry?.applicationIdIsZero) httpSys += ` ${WARN}${MSG.zeroAppId[lang]}`;
  if (b.addressNotListened) httpSys += ` ${WARN}${b.address} ${MSG.notListened[lang]}`;
  const state = b.siteState ?? MSG.stateUnknown[lang];
  return {
    key: b.key,
    evidence: b.evidence,
    endpoint: `${b.address}:${b.port ?? '?'}${b.host ? ` (${b.host})` : ''}${b.sni ? ' SNI' : ''}${b.centralCertStore ? ' CCS' : ''}`,
    httpSys,
    certificate: certificateCell(entry, b.configuredCertificateHash, lang),
    site: `${b.siteName} (id ${b.siteId ?? '?'}, ${b.siteState === 'Stopped' ? WARN : ''}${state})${b.duplicateOf ? ` ${WARN}${MSG.duplicates[lang]} ${b.duplicateOf}` : ''}`,
    listener: listenerCell(b.port, b.wildcard ? '*' : b.address, facts, lang),
    related: [
      ...(entry ? [{ scope: 'binding' as const, key: entry.key }] : []),
      ...facts.sites
        .filter((s) => s.httpsBindings.includes(b.key))
        .map((s) => ({ scope: 'site' as const, key: s.key })),
      ...listenersOn(b.port, b.wildcard ? '*' : b.address, facts).map((l) => ({
        scope: 'listener' as const,
        key: l.key,
      })),
    ],
  };
}

/** HTTP.sys entries no IIS https binding resolves to: stale, or used by another HTTP.sys app. */
function orphanRow(b: BindingEntity, facts: Facts, lang: Lang): JoinedRow {
  return {
    key: b.key,
    evidence: b.evidence,
    endpoint: b.endpoint,
    httpSys: `${b.type} ${b.endpoint}${b.applicationIdIsZero ? ` ${WARN}${MSG.zeroAppId[lang]}` : ''}`,
    certificate: certificateCell(b, b.certificateHash, lang),
    site: facts.sites.length === 0 ? MSG.iisNotCollected[lang] : MSG.noIisBinding[lang],
    listener: listenerCell(b.port, b.type === 'ipport' && b.address ? b.address : '*', facts, lang),
    related: [
      { scope: 'binding', key: b.key },
      ...listenersOn(b.port, b.type === 'ipport' && b.address ? b.address : '*', facts).map(
        (l) => ({ scope: 'listener' as const, key: l.key }),
      ),
    ],
  };
}

export function joinedRows(facts: Facts, lang: Lang = 'en'): JoinedRow[] {
  const used = new Set(facts.iisBindings.map((b) => b.httpSysBindingKey));
  return [
    ...facts.iisBindings.map((b) => iisRow(b, facts, lang)),
    ...facts.bindings.filter((b) => !used.has(b.key)).map((b) => orphanRow(b, facts, lang)),
  ];
}

/** A joined row with its text in every report language (rows are built before the language is known). */
type JoinedRowLocalized = JoinedRow & { text: Record<Lang, JoinedRow> };

function joinedRowsLocalized(facts: Facts): JoinedRowLocalized[] {
  const en = joinedRows(facts, 'en');
  const zh = joinedRows(facts, 'zh-CN');
  return en.map((r, i) => ({ ...r, text: { en: r, 'zh-CN': zh[i]! } }));
}

const YES_NO: Record<string, Record<Lang, string>> = {
  true: { en: 'yes', 'zh-CN': '是' },
  false: { en: 'no', 'zh-CN': '否' },
};

const col = <T>(en: string, zh: string, cell: (row: T, lang?: Lang) => Cell) => ({
  header: { en, 'zh-CN': zh } as Localized,
  cell,
});

/** Same cast as inventories.ts defineInventory (kept local: no runtime import cycle). */
const inventory = <T extends EntityBase>(inv: Inventory<T>): Inventory =>
  inv as unknown as Inventory;

export const NETWORK_IIS_INVENTORIES: Inventory[] = [
  inventory<JoinedRowLocalized>({
    id: 'https-endpoints',
    scope: 'iisBinding',
    title: {
      en: 'HTTPS endpoints: IIS binding → HTTP.sys entry → certificate → listener',
      'zh-CN': 'HTTPS 端点：IIS 绑定 → HTTP.sys 条目 → 证书 → 侦听进程',
    },
    rows: joinedRowsLocalized,
    related: (r) => r.related,
    columns: [
      col<JoinedRowLocalized>('Endpoint', '端点', (r) => r.endpoint),
      col<JoinedRowLocalized>(
        'HTTP.sys entry',
        'HTTP.sys 条目',
        (r, l) => r.text[l ?? 'en'].httpSys,
      ),
      col<JoinedRowLocalized>('Certificate', '证书', (r, l) => r.text[l ?? 'en'].certificate),
      col<JoinedRowLocalized>('IIS site', 'IIS 站点', (r, l) => r.text[l ?? 'en'].site),
      col<JoinedRowLocalized>(
        'Listening process',
        '侦听进程',
        (r, l) => r.text[l ?? 'en'].listener,
      ),
    ],
  }),
  inventory<ListenerEntity>({
    id: 'listeners',
    scope: 'listener',
    title: { en: 'Listening sockets', 'zh-CN': '侦听的套接字' },
    rows: (f) => f.listeners,
    columns: [
      col('Protocol', '协议', (l) => l.protocol),
      col('Endpoint', '端点', (l) => l.endpoint),
      col('PID', 'PID', (l) => l.pid),
      col('Process', '进程', (l) => l.processName),
      col('Services', '服务', (l) => l.services),
      col('HTTPS bindings on this port', '该端口上的 HTTPS 绑定', (l) => l.httpsBindings),
      col('Sources', '来源', (l) => l.sources),
    ],
  }),
  inventory<SiteEntity>({
    id: 'sites',
    scope: 'site',
    title: { en: 'IIS sites', 'zh-CN': 'IIS 站点' },
    rows: (f) => f.sites,
    columns: [
      col('Site', '站点', (s) => s.name),
      col('ID', 'ID', (s) => s.id),
      col('State', '状态', (s) => s.state),
      col('Auto start', '自动启动', (s, l) =>
        s.serverAutoStart === null ? null : YES_NO[String(s.serverAutoStart)]![l ?? 'en'],
      ),
      col('Bindings', '绑定', (s) => s.bindings),
    ],
  }),
];
