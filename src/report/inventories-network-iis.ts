/**
 * Inventory tables of the network / IIS area: the joined view (client endpoint → HTTP.sys entry →
 * certificate → IIS site → listening process, one row per IIS https binding plus one per HTTP.sys
 * entry no IIS binding uses), the listening sockets on https ports, and the IIS sites. Problems the
 * facts already know are marked in the cells (`⚠ …`); the template adds the findings column.
 */
import type { Localized } from '../engine/rule.js';
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

function certificateCell(b: BindingEntity | undefined, hash: string | null): string {
  if (!b) return hash ?? '—';
  if (b.certificateHash === null) return `${WARN}empty certificate hash`;
  const c = b.certificate;
  const subject = c && typeof c['subject'] === 'string' ? c['subject'] : null;
  const notAfter = c && typeof c['notAfter'] === 'string' ? c['notAfter'].slice(0, 10) : null;
  const expired = c?.['expired'] === true;
  const lookup = b.certificateLookup;
  const parts = [b.certificateHash];
  if (subject) parts.push(subject);
  if (notAfter) parts.push(`${expired ? WARN + 'expired ' : 'until '}${notAfter}`);
  if (lookup === 'not-found') parts.push(`${WARN}not in the certificate store`);
  if (lookup === 'other-store') parts.push(`${WARN}in store ${b.certificateFoundInStore ?? '?'}`);
  return parts.join(' · ');
}

function listenersOn(port: number | null, address: string, facts: Facts): ListenerEntity[] {
  if (port === null) return [];
  return facts.listeners.filter(
    (l) => l.protocol === 'TCP' && l.port === port && addressCovers(l.localAddress, address),
  );
}

function listenerCell(port: number | null, address: string, facts: Facts): string {
  if (port === null) return '—';
  const on = listenersOn(port, address, facts);
  if (on.length === 0) return facts.listeners.length === 0 ? 'not collected' : `${WARN}nobody`;
  return on.map((l) => `${l.blocksHttps ? WARN : ''}${l.endpoint} ${l.ownerLabel}`).join('; ');
}

function iisRow(b: IisBindingEntity, facts: Facts): JoinedRow {
  const entry = facts.bindings.find((x) => x.key === b.httpSysBindingKey);
  let httpSys: string;
  if (b.httpSysEndpoint) {
    httpSys = `${b.lookup} ${b.httpSysEndpoint}${b.httpSysMatch === 'wildcard' ? ' (0.0.0.0 fallback)' : ''}`;
  } else if (b.httpSysMatch === 'unknown') {
    httpSys = `not collected (needs ${b.lookup} ${b.expectedEndpoint})`;
  } else if (b.sniWithoutHost) {
    httpSys = `${WARN}SNI without host name`;
  } else {
    httpSys = `${WARN}missing ${b.lookup} ${b.expectedEndpoint}${b.fallbackEndpoint ? ` → falls back to ${b.fallbackEndpoint}` : ''}`;
  }
  if (entry?.applicationIdIsZero) httpSys += ` ${WARN}zero AppId`;
  if (b.addressNotListened) httpSys += ` ${WARN}${b.address} not in IP listen list`;
  const state = b.siteState ?? 'state unknown';
  return {
    key: b.key,
    evidence: b.evidence,
    endpoint: `${b.address}:${b.port ?? '?'}${b.host ? ` (${b.host})` : ''}${b.sni ? ' SNI' : ''}${b.centralCertStore ? ' CCS' : ''}`,
    httpSys,
    certificate: certificateCell(entry, b.configuredCertificateHash),
    site: `${b.siteName} (id ${b.siteId ?? '?'}, ${b.siteState === 'Stopped' ? WARN : ''}${state})${b.duplicateOf ? ` ${WARN}duplicates ${b.duplicateOf}` : ''}`,
    listener: listenerCell(b.port, b.wildcard ? '*' : b.address, facts),
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
function orphanRow(b: BindingEntity, facts: Facts): JoinedRow {
  return {
    key: b.key,
    evidence: b.evidence,
    endpoint: b.endpoint,
    httpSys: `${b.type} ${b.endpoint}${b.applicationIdIsZero ? ` ${WARN}zero AppId` : ''}`,
    certificate: certificateCell(b, b.certificateHash),
    site: facts.sites.length === 0 ? 'IIS not collected' : 'no IIS binding (another app, or stale)',
    listener: listenerCell(b.port, b.type === 'ipport' && b.address ? b.address : '*', facts),
    related: [
      { scope: 'binding', key: b.key },
      ...listenersOn(b.port, b.type === 'ipport' && b.address ? b.address : '*', facts).map(
        (l) => ({ scope: 'listener' as const, key: l.key }),
      ),
    ],
  };
}

export function joinedRows(facts: Facts): JoinedRow[] {
  const used = new Set(facts.iisBindings.map((b) => b.httpSysBindingKey));
  return [
    ...facts.iisBindings.map((b) => iisRow(b, facts)),
    ...facts.bindings.filter((b) => !used.has(b.key)).map((b) => orphanRow(b, facts)),
  ];
}

const col = <T>(en: string, zh: string, cell: (row: T) => Cell) => ({
  header: { en, 'zh-CN': zh } as Localized,
  cell,
});

/** Same cast as inventories.ts defineInventory (kept local: no runtime import cycle). */
const inventory = <T extends EntityBase>(inv: Inventory<T>): Inventory =>
  inv as unknown as Inventory;

export const NETWORK_IIS_INVENTORIES: Inventory[] = [
  inventory<JoinedRow>({
    id: 'https-endpoints',
    scope: 'iisBinding',
    title: {
      en: 'HTTPS endpoints: IIS binding → HTTP.sys entry → certificate → listener',
      'zh-CN': 'HTTPS 端点：IIS 绑定 → HTTP.sys 条目 → 证书 → 侦听进程',
    },
    rows: joinedRows,
    related: (r) => r.related,
    columns: [
      col('Endpoint', '端点', (r) => r.endpoint),
      col('HTTP.sys entry', 'HTTP.sys 条目', (r) => r.httpSys),
      col('Certificate', '证书', (r) => r.certificate),
      col('IIS site', 'IIS 站点', (r) => r.site),
      col('Listening process', '侦听进程', (r) => r.listener),
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
      col('Auto start', '自动启动', (s) => s.serverAutoStart),
      col('Bindings', '绑定', (s) => s.bindings),
    ],
  }),
];
