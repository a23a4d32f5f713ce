/**
 * How old each event group is at the collection time. An event last logged long before the
 * evidence was collected is history: if the failure were still happening, each failing handshake
 * would log it again. Old groups are kept (the timeline and inventory show them, and the
 * `events-historical` rule lists them) but do not feed the rules and links that name a current
 * cause — a 2019 key error must not outrank a broken binding of today.
 */
import type { EventGroupEntity } from './model.js';

/** Days between an event's last occurrence and the collection after which it is history. */
export const EVENT_HISTORY_DAYS = 30;

const DAY_MS = 86_400_000;

/** `2026-11-20T09:14:02.000Z`; a local time without zone (pasted text) is read as UTC: a day's error is far below the threshold. */
const instant = (t: string): number =>
  Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(t) ? `${t}Z` : t);

export function markEventAge(groups: EventGroupEntity[], collectedAt: string | null): void {
  const reference = collectedAt === null ? NaN : Date.parse(collectedAt);
  for (const g of groups) {
    const last = g.lastSeen === null ? NaN : instant(g.lastSeen);
    if (Number.isNaN(reference) || Number.isNaN(last)) {
      g.daysBeforeCollection = null;
      g.historical = null;
      continue;
    }
    const days = Math.floor((reference - last) / DAY_MS);
    g.daysBeforeCollection = days;
    g.historical = days > EVENT_HISTORY_DAYS;
  }
}

/** The groups that can name a current cause: not known to be history. */
export const currentGroups = (groups: EventGroupEntity[]): EventGroupEntity[] =>
  groups.filter((g) => g.historical !== true);
