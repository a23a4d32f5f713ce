/**
 * Inventory tables of HTTP.sys URLs (issue 16): every reserved or registered URL prefix with the
 * program behind it and the SSL entries that serve it, and the service-wide settings of
 * `netsh http show setting` (shown only: no setting is known to break HTTPS).
 */
import type { Lang } from '../engine/rule.js';
import type { HostEntity, HttpsysUrlEntity } from '../facts/model.js';
import { defineInventory, type Inventory } from './inventories.js';

const WORDS = {
  yes: { en: 'yes', 'zh-CN': '是' },
  no: { en: 'no', 'zh-CN': '否' },
  iis: { en: 'IIS', 'zh-CN': 'IIS' },
  other: { en: 'another program', 'zh-CN': '其他程序' },
  unknown: { en: 'unknown', 'zh-CN': '未知' },
  missing: { en: '⚠ none on this port', 'zh-CN': '⚠ 该端口上没有' },
} satisfies Record<string, Record<Lang, string>>;

const yesNo = (v: boolean | null, lang: Lang): string | null =>
  v === null ? null : (v ? WORDS.yes : WORDS.no)[lang];

export const HTTPSYS_INVENTORIES: Inventory[] = [
  defineInventory<HttpsysUrlEntity>({
    id: 'httpsys-urls',
    scope: 'httpsysUrl',
    title: {
      en: 'HTTP.sys URLs (reserved and registered)',
      'zh-CN': 'HTTP.sys URL（保留与注册）',
    },
    rows: (f) => f.httpsysUrls ?? [],
    columns: [
      { header: { en: 'URL', 'zh-CN': 'URL' }, cell: (u) => u.url },
      {
        header: { en: 'Reserved', 'zh-CN': '已保留' },
        cell: (u, l = 'en') => yesNo(u.reserved, l),
      },
      { header: { en: 'Reserved for', 'zh-CN': '保留给' }, cell: (u) => u.reservedFor },
      {
        header: { en: 'Registered', 'zh-CN': '已注册' },
        cell: (u, l = 'en') => yesNo(u.registered, l),
      },
      {
        header: { en: 'Registered by', 'zh-CN': '注册者' },
        cell: (u, l = 'en') => u.ownerName ?? (u.registered ? WORDS[u.owner][l] : null),
      },
      {
        header: { en: 'HTTP.sys SSL entries', 'zh-CN': 'HTTP.sys SSL 条目' },
        cell: (u, l = 'en') =>
          u.scheme !== 'https' || !u.sslcertKnown
            ? u.sslBindings
            : u.sslBindings.length > 0
              ? u.sslBindings
              : WORDS.missing[l],
      },
    ],
  }),
  defineInventory<HostEntity>({
    id: 'httpsys-settings',
    scope: 'host',
    title: { en: 'HTTP.sys service settings', 'zh-CN': 'HTTP.sys 服务设置' },
    rows: (f) => (f.host.httpSettings && f.host.httpSettings.length > 0 ? [f.host] : []),
    columns: [
      {
        header: {
          en: 'Settings (netsh http show setting)',
          'zh-CN': '设置（netsh http show setting）',
        },
        cell: (h) => (h.httpSettings ?? []).map((s) => `${s.name} = ${s.value}`),
      },
    ],
  }),
];
