/**
 * How old an event group is at collection time: the one place that decides whether an event is
 * current (rules must not rate a failure that stopped years ago like one happening now).
 *
 * A failure that still exists is logged again on every attempt (Schannel, HttpEvent and CAPI2
 * write one event per failed handshake or chain build), so a group whose LAST event is more than
 * RECENT_EVENT_DAYS before the collection shows a problem that stopped: the System log keeps
 * older events until it wraps, and a log exported years later still holds them. Pasted event text
 * carries local times without a zone (`timesLocal`): hours of error do not matter at this scale.
 */
import type { EventGroupEntity } from './model.js';

/** Days without a repeat after which an event group no longer counts as current. */
export const RECENT_EVENT_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

function timeOf(iso: string | null): number | null {
  if (iso === null) return null;
  // Local times without a zone are read as UTC (see above).
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(t) ? null : t;
}

/**
 * Whole days from `lastSeen` to `collectedAt` (0 when the event is at or after the collection
 * time, e.g. a clock difference); null when either time is unknown or unreadable.
 */
export function eventAgeDays(lastSeen: string | null, collectedAt: string | null): number | null {
  const last = timeOf(lastSeen);
  const at = timeOf(collectedAt);
  if (last === null || at === null) return null;
  return Math.max(0, Math.floor((at - last) / DAY_MS));
}

/** True: stopped (older than RECENT_EVENT_DAYS); false: current; null: cannot tell. */
export function isStaleEvent(lastSeen: string | null, collectedAt: string | null): boolean | null {
  const age = eventAgeDays(lastSeen, collectedAt);
  return age === null ? null : age > RECENT_EVENT_DAYS;
}

/** Sets `ageDays` and `stale` of every group from the collection time. */
export function linkEventAge(groups: EventGroupEntity[], collectedAt: string | null): void {
  for (const g of groups) {
    g.ageDays = eventAgeDays(g.lastSeen, collectedAt);
    g.stale = isStaleEvent(g.lastSeen, collectedAt);
  }
}
