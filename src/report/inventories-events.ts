/**
 * Inventory table of the events area: one row per event group (Schannel and CAPI2), the decoded
 * error / alert, how often and when. Marked rows are the groups a finding points at.
 */
import type { EventGroupEntity } from '../facts/model.js';
import { defineInventory, type Inventory } from './inventories.js';

const decoded = (g: EventGroupEntity): string | null => {
  if (g.alert !== null) return `alert ${g.alert}${g.alertName ? ` ${g.alertName}` : ''}`;
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
      { header: { en: 'Level', 'zh-CN': '级别' }, cell: (g) => g.levelName },
      { header: { en: 'Error / alert', 'zh-CN': '错误 / 警报' }, cell: decoded },
      { header: { en: 'State', 'zh-CN': '状态' }, cell: (g) => g.errorState },
      { header: { en: 'Role', 'zh-CN': '角色' }, cell: (g) => g.role ?? g.roleRaw },
      { header: { en: 'Certificate', 'zh-CN': '证书' }, cell: (g) => g.subjectName },
      { header: { en: 'Count', 'zh-CN': '次数' }, cell: (g) => g.count },
      { header: { en: 'First', 'zh-CN': '首次' }, cell: (g) => g.firstSeen },
      { header: { en: 'Last', 'zh-CN': '最近' }, cell: (g) => g.lastSeen },
    ],
  }),
];
