/**
 * The report's inventory tables, declared as data: which entities, which columns. Each area adds
 * its table here (certificates, listeners, sites, protocol matrix, handshakes, events); the
 * template renders them all the same way and marks the rows that findings point at.
 */
import type { Lang, Localized } from '../engine/rule.js';
import type { EntityBase, Facts, Scope } from '../facts/model.js';
import { CERTIFICATE_INVENTORIES } from './inventories-certificates.js';
import { EVENT_INVENTORIES } from './inventories-events.js';
import { HTTPSYS_INVENTORIES } from './inventories-httpsys.js';
import { NETWORK_IIS_INVENTORIES } from './inventories-network-iis.js';
import { PROTOCOL_INVENTORIES } from './inventories-protocols.js';

export type Cell = string | number | boolean | null | undefined | readonly string[];

export interface Inventory<T extends EntityBase = EntityBase> {
  id: string;
  /** The rule scope of the rows, so findings can be marked in place. */
  scope: Scope;
  title: Localized;
  rows: (facts: Facts) => readonly T[];
  /** `lang` lets a cell word what it marks (`⚠ missing …`) in the report's language. */
  columns: { header: Localized; cell: (row: T, lang?: Lang) => Cell }[];
  /** Entities of other scopes a row also stands for: their findings are marked on the row too. */
  related?: (row: T) => readonly { scope: Scope; key: string }[];
}

/** Keeps each inventory's row type while storing them in one list. */
export function defineInventory<T extends EntityBase>(inv: Inventory<T>): Inventory {
  return inv as unknown as Inventory;
}

export const INVENTORIES: Inventory[] = [
  defineInventory({
    id: 'bindings',
    scope: 'binding',
    title: { en: 'HTTP.sys SSL bindings', 'zh-CN': 'HTTP.sys SSL 绑定' },
    rows: (f) => f.bindings,
    columns: [
      { header: { en: 'Type', 'zh-CN': '类型' }, cell: (b) => b.type },
      { header: { en: 'Endpoint', 'zh-CN': '端点' }, cell: (b) => b.endpoint },
      {
        header: { en: 'Certificate hash', 'zh-CN': '证书哈希' },
        cell: (b) => b.certificateHash ?? b.certificateHashRaw ?? null,
      },
      { header: { en: 'Store', 'zh-CN': '存储' }, cell: (b) => b.certificateStoreName },
      { header: { en: 'Application ID', 'zh-CN': '应用程序 ID' }, cell: (b) => b.applicationId },
      { header: { en: 'Flags', 'zh-CN': '标志' }, cell: (b) => b.flags },
      {
        header: { en: 'Sources', 'zh-CN': '来源' },
        cell: (b, lang = 'en') =>
          b.sources.map((x) => (x === 'registry' && lang === 'zh-CN' ? '注册表' : x)),
      },
    ],
  }),
  ...CERTIFICATE_INVENTORIES,
  ...NETWORK_IIS_INVENTORIES,
  ...EVENT_INVENTORIES,
  ...PROTOCOL_INVENTORIES,
  ...HTTPSYS_INVENTORIES,
];
