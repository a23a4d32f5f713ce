/**
 * Inventory table of the events area: one row per event group (Schannel and CAPI2), the decoded
 * error / alert, how often and when. Marked rows are the groups a finding points at.
 */
import type { Lang } from '../engine/rule.js';
import type { EventGroupEntity } from '../facts/model.js';
import { defineInventory, type Inventory } from './inventories.js';

const WORDS = {
  alert: { en: 'alert', 'zh-CN': '警报' },
  critical: { en: 'critical', 'zh-CN': '严重' },
  error: { en: 'error', 'zh-CN': '错误' },
  warning: { en: 'warning', 'zh-CN': '警告' },
  information: { en: 'information', 'zh-CN': '信息' },
  verbose: { en: 'verbose', 'zh-CN': '详细' },
  server: { en: 'server', 'zh-CN': '服务器' },
  client: { en: 'client', 'zh-CN': '客户端' },
} satisfies Record<string, Record<Lang, string>>;

const word = (w: string | null, lang: Lang): string | null =>
  w === null ? null : ((WORDS as Record<string, Record<Lang, string>>)[w]?.[lang] ?? w);

const decoded = (g: EventGroupEntity, lang: Lang = 'en'): string | null => {
  if (g.alert !== null)
    return `${WORDS.alert[lang]} ${g.alert}${g.alertName ? ` ${g.alertName}` : ''}`;
  if (g.errorCode !== null) return `${g.errorCode}${g.errorName ? ` ${g.errorName}` : ''}`;
  return g.protocol;
};

export const EVENT_INVENTORIES: Inventory[] = [
  defineInventory<EventGroupEntity>({
    id: 'event-groups',
    scope: 'eventGroup',
    title: { en: 'Schannel and CAPI2 events', 'zh-CN': 'Schannel 和 CAPI2 事件' },
    rows: (f) => f.eventGroups,
    columns: [
      { header: { en: 'Event', 'zh-CN': '事件' }, cell: (g) => `${g.provider} ${g.eventId}` },
      { header: { en: 'Level', 'zh-CN': '级别' }, cell: (g, l = 'en') => word(g.levelName, l) },
      { header: { en: 'Error / alert', 'zh-CN': '错误 / 警报' }, cell: decoded },
      { header: { en: 'State', 'zh-CN': '状态' }, cell: (g) => g.errorState },
      {
        header: { en: 'Role', 'zh-CN': '角色' },
        cell: (g, l = 'en') => word(g.role, l) ?? g.roleRaw,
      },
      { header: { en: 'Certificate', 'zh-CN': '证书' }, cell: (g) => g.subjectName },
      { header: { en: 'Count', 'zh-CN': '次数' }, cell: (g) => g.count },
      { header: { en: 'First', 'zh-CN': '首次' }, cell: (g) => g.firstSeen },
      { header: { en: 'Last', 'zh-CN': '最近' }, cell: (g) => g.lastSeen },
    ],
  }),
];
